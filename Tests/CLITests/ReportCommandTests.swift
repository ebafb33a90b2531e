import Foundation
import Testing

/// `maildesk report` as a user runs it: mail ingested by `run --once`, then each output format.
@Suite("maildesk report")
struct ReportCommandTests {
    static let hostile = "<script>alert(1)</script> 退款太慢"

    func folder() throws -> GatewayFolder {
        let folder = try GatewayFolder()
        let mails = [
            ("c1@example.com", "Where is my invoice?", "Please send the invoice for order 1001."),
            ("c2@example.com", Self.hostile, "退款太慢了，物流也太慢，非常不满意。"),
            ("c3@example.com", "=cmd|' /C calc'!A0", "Password reset does not arrive.")
        ]
        for (n, mail) in mails.enumerated() {
            let text = """
                From: <\(mail.0)>\r
                To: support@desk.example\r
                Subject: =?UTF-8?B?\(Data(mail.1.utf8).base64EncodedString())?=\r
                Date: Wed, 18 Nov 2026 09:0\(n):00 +0800\r
                Message-ID: <report-\(n)@example.com>\r
                MIME-Version: 1.0\r
                Content-Type: text/plain; charset=utf-8\r
                Content-Transfer-Encoding: base64\r
                \r
                \(Data(mail.2.utf8).base64EncodedString())\r

                """
            try Data(text.utf8).write(to: folder.maildir.appendingPathComponent("new/\(1_000 + n).M1P1.test"))
        }
        // The pipeline stamps threads and received mail with the real clock, so the report reads the last
        // seven days before now.
        let run = try folder.run(["run", "--once"])
        #expect(run.status == 0, "\(run.stderr)")
        return folder
    }

    @Test func withBusinessHoursDurationsAreInBusinessTime() throws {
        let folder = try folder()
        try """
        [[business_hours]]
        name = "shanghai"
        timezone = "Asia/Shanghai"
        days = ["mon", "tue", "wed", "thu", "fri"]
        hours = ["09:00-18:00"]

        [[policy]]
        name = "normal"
        first_response = "4h"
        resolution = "27h"
        """.write(to: folder.root.appendingPathComponent("config/sla.toml"), atomically: true, encoding: .utf8)
        let wall = try #require(try folder.json(["report", "--now", "2030-01-01T00:00:00Z"]) as? [String: Any])
        #expect((wall["period"] as? [String: Any])?["hours"] as? String == "business hours (shanghai)")
        // The three threads wait since the ingest: at most 9 business hours a day, so far less than on the clock.
        let ages = try #require(((wall["backlog"] as? [String: Any])?["ages"] as? [[String: Any]]))
        let oldest = try #require(ages.first { $0["dimension"] as? String == "all" }?["max_hours"] as? Double)
        let days = try #require(
            Calendar(identifier: .gregorian).dateComponents(
                [.day], from: Date(),
                to: ISO8601DateFormatter().date(from: "2030-01-01T00:00:00Z")!
            ).day)
        #expect(
            oldest > Double(days) * 9 * 5 / 7 * 0.9 && oldest < Double(days) * 9 * 5 / 7 * 1.1,
            "\(oldest) for \(days) days")
        let text = try folder.run(["report", "--now", "2030-01-01T00:00:00Z"])
        #expect(
            text.status == 0 && text.stdout.contains("Service levels") && text.stdout.contains("Customer satisfaction"))
    }

    @Test func everyFormatReportsTheIngestedWeek() throws {
        let folder = try folder()

        let json = try folder.run(["report", "--timezone", "Asia/Shanghai", "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(
            Set(report.keys) == [
                "period", "volumes", "times", "service_levels", "backlog", "satisfaction", "feedback",
                "complaint_topics"
            ])
        let period = try #require(report["period"] as? [String: Any])
        #expect(period["time_zone"] as? String == "Asia/Shanghai")
        #expect((period["first_day"] as? String)?.count == 10 && period["hours"] as? String == "wall-clock hours")
        let volumes = try #require(report["volumes"] as? [String: Any])
        #expect(volumes["threads"] as? Int == 3)
        let weeks = try #require(volumes["weeks"] as? [[String: Any]])
        #expect(weeks.count == 2 || weeks.count == 1)  // seven days touch one or two ISO weeks
        #expect(weeks.reduce(0) { $0 + ($1["customer_messages"] as? Int ?? 0) } == 3)
        #expect((report["backlog"] as? [String: Any])?["open"] as? Int == 3)

        let csv = try folder.run(["report", "--csv"])
        #expect(csv.status == 0)
        let lines = csv.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.first == "section,table,row,column,value")
        #expect(lines.contains("summary,summary,Threads opened,value,3"))
        // The formula-like subject is text for a spreadsheet.
        #expect(lines.contains { $0.contains(",\"'=cmd|' /C calc'!A0\"") || $0.contains(",'=cmd|' /C calc'!A0") })

        let text = try folder.run(["report"])
        #expect(text.status == 0)
        #expect(text.stdout.contains("Summary") && text.stdout.contains("Waiting longest"))

        let page = folder.root.appendingPathComponent("out/report.html")
        try FileManager.default.createDirectory(at: page.deletingLastPathComponent(), withIntermediateDirectories: true)
        let html = try folder.run(["report", "--html", page.path])
        #expect(html.status == 0, "\(html.stderr)")
        #expect(html.stdout.contains("wrote"))
        let written = try String(contentsOf: page, encoding: .utf8)
        #expect(written.hasPrefix("<!DOCTYPE html>"))
        #expect(!written.contains("<script>"))
        #expect(written.contains("&lt;script&gt;alert(1)&lt;/script&gt; 退款太慢"))
    }

    @Test func badOptionsAreRefusedWithTheFix() throws {
        let folder = try GatewayFolder()
        let day = try folder.run(["report", "--from", "2026-13-01", "--to", "2027-01-01"])
        #expect(day.status == 64)
        #expect(day.stderr.contains("--from '2026-13-01' is not a day or a time; write a day (2026-11-16)"))
        let both = try folder.run(["report", "--json", "--csv"])
        #expect(both.status == 64)
        #expect(both.stderr.contains("--json, --csv and --html exclude each other"))
        let zone = try folder.run(["report", "--timezone", "Mars/Olympus"])
        #expect(zone.status == 64 && zone.stderr.contains("not an IANA time zone"))
        let nowhere = try folder.run(["report", "--html", "/nonexistent-dir/r.html", "--now", "2026-11-20T00:00:00Z"])
        #expect(nowhere.status == 73 && nowhere.stderr.contains("cannot write '/nonexistent-dir/r.html'"))
    }
}
