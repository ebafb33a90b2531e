import Foundation
@testable import Reporting
import Store
import Testing

@Suite("report formats: text, CSV, JSON, HTML")
struct ReportFormatTests {
    let report: ServiceReport

    init() throws {
        let fixture = try ReportFixture()
        let period = ReportPeriod(
            from: ReportFixture.from, to: ReportFixture.to, timeZone: TimeZone(identifier: "UTC")!)
        report = try ServiceReport.make(
            fixture.store, period: period, now: ReportFixture.now, teams: ReportFixture.teams)
    }

    /// RFC 4180 records (quoted fields may hold commas, quotes and line breaks).
    static func records(_ csv: String) -> [[String]] {
        var records: [[String]] = [], fields: [String] = [], field = "", quoted = false
        var chars = Array(csv).makeIterator()
        var pending: Character? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = chars.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(field); field = ""
            } else if c == "\r\n" || c == "\n" {
                fields.append(field); records.append(fields); fields = []; field = ""
            } else {
                field.append(c)
            }
        }
        if !field.isEmpty || !fields.isEmpty { fields.append(field); records.append(fields) }
        return records
    }

    @Test func csvIsOneFigurePerLineWithMachineValues() throws {
        let records = Self.records(CSVReport.render(report))
        #expect(records.first == ["section", "table", "row", "column", "value"])
        #expect(records.allSatisfy { $0.count == 5 })
        func value(_ section: String, _ table: String, _ row: String, _ column: String) -> String? {
            records.first { $0[0] == section && $0[1] == table && $0[2] == row && $0[3] == column }?[4]
        }
        #expect(value("volume", "weekly", "2026-W47", "customer_messages") == "9")
        #expect(value("volume", "category", "", "threads") == "1")  // unclassified: an empty key
        #expect(value("times", "overall", "", "first_response_median") == "1.5")
        #expect(value("times", "overall", "", "resolution_p90") == "52.8")
        #expect(value("agents", "agents", "bob@desk.example", "first_response_p90") == "5.45")
        #expect(value("agents", "agents", "bob@desk.example", "waiting") == "2")
        #expect(value("backlog", "backlog", "1", "p90_age") == "232")
        #expect(value("feedback", "types", "complaint", "average_rating") == "1.5")
        #expect(value("feedback", "ratings", "5", "threads") == "1")
        #expect(value("topics", "topics", "退款", "trend") == "new")
        #expect(value("topics", "topics", "物流", "share") == "1")
        // A subject a spreadsheet would run as a formula arrives as text, its quotes intact.
        #expect(value("backlog", "oldest", "#6", "subject") == "'" + ReportFixture.formulaSubject)
        #expect(value("backlog", "oldest", "#8", "subject") == ReportFixture.hostileSubject)
    }

    @Test func csvFieldsCarryNoTerminalControls() {
        #expect(CSVReport.field("a\u{1B}]0;owned\u{07}b") == "a\u{FFFD}]0;owned\u{FFFD}b")
        #expect(CSVReport.field("-3.5") == "-3.5")  // a number is not a formula
        #expect(CSVReport.field("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVReport.field("say \"hi\", then\nbye") == "\"say \"\"hi\"\", then\nbye\"")
    }

    @Test func jsonHasEverySectionWithSnakeCaseKeys() throws {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let object = try #require(try JSONSerialization.jsonObject(with: encoder.encode(report)) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "period", "volumes", "times", "service_levels", "backlog", "satisfaction", "feedback",
                "complaint_topics"
            ])
        let period = try #require(object["period"] as? [String: Any])
        #expect(period["from"] as? String == "2026-11-16T00:00:00Z")
        #expect(period["hours"] as? String == "wall-clock hours")
        let weeks = try #require((object["volumes"] as? [String: Any])?["weeks"] as? [[String: Any]])
        #expect(weeks.first?["customer_messages"] as? Int == 9)
        let durations = try #require((object["times"] as? [String: Any])?["durations"] as? [[String: Any]])
        let overall = try #require(
            durations.first { $0["measure"] as? String == "first_response" && $0["dimension"] as? String == "all" })
        #expect(overall["median_hours"] as? Double == 1.5)
        #expect(overall.keys.contains("key") && overall["key"] is NSNull)
        let topics = try #require((object["complaint_topics"] as? [String: Any])?["terms"] as? [[String: Any]])
        #expect(topics.count == 3)
        #expect(topics.allSatisfy { $0["previous_share"] is Double })
        let satisfaction = try #require((object["satisfaction"] as? [String: Any])?["overall"] as? [String: Any])
        #expect(satisfaction["response_rate"] as? Double == 0.8)
        let targets = try #require((object["service_levels"] as? [String: Any])?["attainment"] as? [[String: Any]])
        #expect(targets.first?["metric"] as? String == "all" && targets.first?["attainment"] as? Double == 0.6)
    }

    @Test func textAlignsColumnsAndFiltersTerminalControls() throws {
        let text = TextReport.render(report) { $0.replacingOccurrences(of: "<script>", with: "[filtered]") }
        #expect(text.contains("Response and resolution times"))
        #expect(text.contains("[filtered]alert(1)"))
        let lines = text.split(separator: "\n").map(String.init)
        // The agents table: header, rule and rows end where the widest cell does.
        let header = try #require(lines.firstIndex { $0.hasPrefix("  Agent ") })
        #expect(lines[header + 2].hasPrefix("  ann@desk.example"))
        #expect(lines[header + 2].contains("1.5 h"))
        #expect(lines.contains { $0.contains("5.5 h") && $0.hasPrefix("  bob@desk.example") })  // 5.45 h, one decimal
    }

    @Test func htmlEscapesCustomersWords() throws {
        let html = HTMLReport.render(report)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(
            html.contains(
                "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; &quot;quoted&quot; &amp; &#39;single&#39;"
            ))
        #expect(html.contains("default-src 'none'"))
        #expect(html.contains("<title>maildesk report 2026-11-16 – 2026-11-22</title>"))
        for id in ["summary", "volume", "times", "agents", "backlog", "feedback", "topics"] {
            #expect(html.contains("<section id=\"\(id)\""))
        }
        #expect(html.contains("class=\"chart-columns chart-volume-weekly\""))
        #expect(html.contains("class=\"chart-columns chart-times-distribution\""))
        #expect(html.contains("class=\"chart-bars chart-feedback-types\""))
    }

    @Test func aHostileTermInAChartIsEscapedToo() throws {
        var hostile = report
        hostile.complaintTopics.terms[0].term = "</text><script>alert('svg')</script>"
        let html = HTMLReport.render(hostile)
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;/text&gt;&lt;script&gt;alert(&#39;svg&#39;)&lt;/script&gt;"))
    }
}
