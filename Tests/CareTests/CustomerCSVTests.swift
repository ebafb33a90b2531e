import Care
import Testing

@Suite("customer CSV")
struct CustomerCSVTests {
    @Test func readsKnownColumnsKeepsOthersAndReportsBadRowsWithTheirLine() throws {
        let text = """
            Email,Name,Birthday,Timezone,Language,Tags,opt_out,member_since
            Ann@Example.com,Ann Lee,1992-02-29,America/New_York,en,"vip, newsletter",no,2019
            li@example.cn,李雷,lunar:08-15,Asia/Shanghai,zh,,,
            bad-address,Nobody,,,,,,
            "multi@example.com","Line one
            line two",04-31,,,,,
            tz@example.com,,,Asia/Shangai,,,,
            ann@example.com,Again,,,,,,

            last@example.com,,,UTC,zh_TW,,yes,
            """
        let parsed = try CustomerCSV.parse(text)
        #expect(parsed.rows.map(\.address) == ["ann@example.com", "li@example.cn", "last@example.com"])
        let ann = parsed.rows[0]
        #expect(ann.name == "Ann Lee")
        #expect(ann.birthday?.description == "1992-02-29")
        #expect(ann.timezone == "America/New_York")
        #expect(ann.tags == ["vip", "newsletter"])
        #expect(ann.optOut == false)
        #expect(ann.attributes == ["member_since": "2019"])
        #expect(ann.line == 2)
        #expect(parsed.rows[1].birthday?.calendar == .lunar)
        #expect(parsed.rows[2].language == "zh-TW")
        #expect(parsed.rows[2].optOut == true)
        #expect(parsed.rows[2].line == 10)
        #expect(parsed.problems.map(\.line) == [4, 5, 7, 8])
        #expect(parsed.problems[0].reason.contains("not an email address"))
        #expect(parsed.problems[1].reason.contains("day 31"))
        #expect(parsed.problems[2].reason.contains("did you mean 'Asia/Shanghai'"))
        #expect(parsed.problems[3].reason.contains("already on line 2"))
    }

    @Test func aFileWithoutAnEmailColumnIsRefused() {
        #expect(throws: CustomerCSV.FileError.self) { try CustomerCSV.parse("name,birthday\nAnn,01-01\n") }
    }

    @Test(arguments: [
        ("Europe/Berlin", true), ("Asia/Kolkata", true), ("Australia/Sydney", true), ("europe/berlin", false),
        ("Mars/Olympus", false), ("UTC", true), ("EST", false), ("GMT+8", false)
    ])
    func timeZonesAreValidated(zone: String, valid: Bool) {
        if case .success = CustomerFields.timezone(zone) { #expect(valid) } else { #expect(!valid) }
    }

    @Test func recordsQuoteWhatNeedsIt() {
        #expect(CustomerCSV.record(["a", "b,c", "say \"hi\"", "x\ny"]) == "a,\"b,c\",\"say \"\"hi\"\"\",\"x\ny\"")
    }
}

@Suite("unsubscribe words")
struct UnsubscribeWordsTests {
    @Test(arguments: [
        ("unsubscribe", true), ("Unsubscribe.", true), ("退订", true), ("取消订阅！", true), ("取消訂閱", true),
        ("TD", true), ("td\n", true), ("please do not unsubscribe me, I love these", false),
        ("我想退订单", false), ("", false)
    ])
    func onlyARequestAloneCounts(text: String, expected: Bool) {
        #expect(UnsubscribeWords.isRequest(text) == expected)
    }
}
