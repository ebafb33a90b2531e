import Foundation
import Testing

@Suite("holidays, customers and campaign commands")
struct CareCommandTests {
    @Test func holidaysListsTheYearWithIdsNamesAndKinds() throws {
        let result = try CLI.run(["holidays", "--year", "2027"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("2027-02-06  spring_festival"))
        #expect(result.stdout.contains("lunar"))
        #expect(result.stdout.contains("Spring Festival / 春节 / 春節"))

        let json = try CLI.run(["holidays", "--year", "2027", "--json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let qingming = try #require(list.first { $0["id"] as? String == "qingming" })
        #expect(qingming["kind"] as? String == "solar_term")
        #expect(qingming["date"] as? String == "2027-04-05")
        #expect((qingming["name"] as? [String: String])?["zh-Hant"] == "清明節")
        #expect(list.contains { $0["id"] as? String == "christmas" && $0["kind"] as? String == "fixed" })
        #expect(list.contains { $0["id"] as? String == "thanksgiving" && $0["kind"] as? String == "rule" })

        let bad = try CLI.run(["holidays", "--year", "1800"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("1901-2100"))
    }

    static let customersCSV = """
        email,name,birthday,timezone,language,tags,opt_out,member_since
        Ann@Example.com,Ann Lee,1992-02-29,America/New_York,en,vip;newsletter,no,2019
        li@example.cn,李雷,lunar:08-15,Asia/Shanghai,zh,,,2021
        not-an-address,Nobody,,,,,,
        tz@example.com,Tom,,Europe/Berlln,,,,

        """

    @Test func importReportsBadRowsDryRunWritesNothingAndReimportChangesNothing() throws {
        let folder = try GatewayFolder()
        let file = folder.root.appendingPathComponent("customers.csv")
        try Self.customersCSV.write(to: file, atomically: true, encoding: .utf8)

        let dry = try folder.run(["customers", "import", "customers.csv", "--dry-run"])
        #expect(dry.status == 65)
        #expect(dry.stdout.contains("dry run: would create 2, would update 0, unchanged 0, bad rows 2"), "\(dry.stdout)")
        #expect(dry.stderr.contains("customers.csv:4: 'not-an-address' is not an email address"))
        #expect(dry.stderr.contains("customers.csv:5: unknown time zone 'Europe/Berlln' — did you mean 'Europe/Berlin'?"))
        #expect(try folder.run(["customers", "show", "ann@example.com"]).status == 65)

        let first = try folder.run(["customers", "import", "customers.csv"])
        #expect(first.status == 65)
        #expect(first.stdout.contains("created 2, updated 0, unchanged 0, bad rows 2"), "\(first.stdout)")
        let again = try folder.run(["customers", "import", "customers.csv"])
        #expect(again.stdout.contains("created 0, updated 0, unchanged 2, bad rows 2"), "\(again.stdout)")

        let ann = try #require(try folder.json(["customers", "show", "ANN@example.com"]) as? [String: Any])
        #expect(ann["birthday"] as? String == "1992-02-29")
        #expect(ann["timezone"] as? String == "America/New_York")
        #expect(ann["tags"] as? [String] == ["vip", "newsletter"])
        #expect((ann["attributes"] as? [String: String])?["member_since"] == "2019")

        let set = try folder.run(["customers", "set", "ann@example.com", "timezone=Europe/Berlin", "opt_out=yes"])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("timezone Europe/Berlin"))
        #expect(set.stdout.contains("opted out"))
        let badSet = try folder.run(["customers", "set", "ann@example.com", "birthday=13-01"])
        #expect(badSet.status == 64)
        #expect(badSet.stderr.contains("month 13"))

        // The opt-out and the changed zone survive a re-import of the old file: only what the file adds changes.
        let third = try folder.run(["customers", "import", "customers.csv"])
        #expect(third.stdout.contains("updated 1"), "\(third.stdout)")
        let export = try folder.run(["customers", "export"])
        #expect(export.status == 0)
        let lines = export.stdout.split(separator: "\n")
        #expect(lines.first == "email,name,birthday,timezone,language,tags,opt_out,member_since")
        #expect(lines.contains("ann@example.com,Ann Lee,1992-02-29,America/New_York,en,vip;newsletter,true,2019"))
        #expect(lines.contains("li@example.cn,李雷,lunar:08-15,Asia/Shanghai,zh,,false,2021"))

        // The export imports back without a change.
        try export.stdout.write(to: folder.root.appendingPathComponent("export.csv"), atomically: true, encoding: .utf8)
        let round = try folder.run(["customers", "import", "export.csv"])
        #expect(round.status == 0, "\(round.stderr)")
        #expect(round.stdout.contains("created 0, updated 0, unchanged 2"), "\(round.stdout)")

        let forget = try folder.run(["customers", "forget", "li@example.cn"])
        #expect(forget.status == 0, "\(forget.stderr)")
        #expect(try folder.run(["customers", "show", "li@example.cn"]).status == 65)
        #expect(!(try folder.run(["customers", "export"]).stdout.contains("李雷")))
    }

    @Test func aFileThatIsNotACustomerListIsRefusedWithTheFix() throws {
        let folder = try GatewayFolder()
        try "name,birthday\nAnn,01-01\n".write(to: folder.root.appendingPathComponent("x.csv"), atomically: true, encoding: .utf8)
        let result = try folder.run(["customers", "import", "x.csv"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("no 'email' column"))
        let missing = try folder.run(["customers", "import", "nope.csv"])
        #expect(missing.status == 66)
    }
}
