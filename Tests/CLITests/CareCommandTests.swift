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
}
