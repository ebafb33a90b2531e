import Foundation
import Testing

/// Care mail through real servers: a Spring Festival greeting sent once at 09:00 local time through Postfix to
/// the customer's Dovecot mailbox; unsubscribing by mail; a bounce suppressing the next greeting.
@Suite("care mail through Postfix and Dovecot", .serialized)
struct CareMailPathTests {
    typealias MailPath = AgentReplyMailPathTests.MailPath

    @Test func aGreetingOnceAtNineThenUnsubscribeByMailAndABounceSuppressesTheNext() throws {
        let path = try MailPath()
        let root = path.gateway.root
        try FileManager.default.copyItem(
            at: CLI.repository.appendingPathComponent("config/campaigns"),
            to: root.appendingPathComponent("config/campaigns"))
        try """
        email,name,birthday,timezone,language
        customer@example.test,Carol Customer,1990-02-10,Asia/Shanghai,en
        bob@example.test,Bob Buyer,1985-02-10,Europe/Berlin,en
        """.write(to: root.appendingPathComponent("customers.csv"), atomically: true, encoding: .utf8)
        let imported = try path.gateway.run(["customers", "import", "customers.csv"])
        #expect(imported.status == 0, "\(imported.stderr)")
        func run(_ now: String) throws -> String {
            let result = try path.gateway.run(["run", "--once", "--now", now])
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout
        }
        _ = try run("2027-02-01T00:00:00Z")  // the campaigns are seen for the first time

        // 09:00 in Shanghai on Spring Festival (2027-02-06) is 01:00 UTC: Carol's greeting, once.
        _ = try run("2027-02-06T00:30:00Z")
        #expect(try path.dovecot.inbox(of: "customer@example.test").isEmpty)
        _ = try run("2027-02-06T01:05:00Z")
        let carol = try path.inbox("customer@example.test", count: 1)
        let greeting = try AgentReplyMailPathTests.decode(try #require(carol.first))
        #expect((greeting["subject"] as? String)?.isEmpty == false)
        _ = try run("2027-02-06T01:10:00Z")
        #expect(try path.dovecot.inbox(of: "customer@example.test").count == 1)

        // Carol unsubscribes with the List-Unsubscribe address; the confirmation comes once, through Postfix.
        // (Dovecot keeps the Maildir file with LF line ends; folded header lines are unfolded first)
        let raw = String(decoding: try #require(carol.first), as: UTF8.self)
            .replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n ", with: " ")
        let unsubscribeLine = try #require(
            raw.components(separatedBy: "\n").first { $0.hasPrefix("List-Unsubscribe: <mailto:") })
        let mailto = String(
            unsubscribeLine.dropFirst("List-Unsubscribe: <mailto:".count).prefix { $0 != "?" && $0 != ">" })
        #expect(mailto.hasPrefix("support+u"))
        try path.send(
            """
            From: Carol Customer <customer@example.test>
            To: \(mailto)
            Subject: unsubscribe
            Message-ID: <unsub-1@example.test>
            Date: \(AgentReplyMailPathTests.rfc5322Now())

            unsubscribe
            """, from: "customer@example.test", to: [mailto])
        try path.delivered(toSupport: 1)
        _ = try run("2027-02-06T02:00:00Z")
        _ = try run("2027-02-06T02:05:00Z")
        #expect(try path.inbox("customer@example.test", count: 2).count == 2)
        let shown = try path.gateway.run(["customers", "show", "customer@example.test"])
        #expect(shown.stdout.lowercased().contains("opted out"), "\(shown.stdout)")
        let threads = try path.gateway.json(["threads", "list", "--all"]) as? [[String: Any]] ?? []
        #expect(threads.isEmpty)  // an unsubscribe is no support request

        // Bob's greeting (09:00 in Berlin, 08:00 UTC) goes out; his server bounces it for good.
        _ = try run("2027-02-06T08:05:00Z")
        let bob = try path.inbox("bob@example.test", count: 1)
        let bobGreeting = try AgentReplyMailPathTests.decode(try #require(bob.first))
        let greetingID = try #require(bobGreeting["message_id"] as? String)
        try path.send(
            """
            From: Mail Delivery System <MAILER-DAEMON@mx.example.test>
            To: support@example.test
            Subject: Undelivered Mail Returned to Sender
            Message-ID: <dsn-bob@mx.example.test>
            Date: \(AgentReplyMailPathTests.rfc5322Now())
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="r"

            --r
            Content-Type: text/plain

            Your message could not be delivered.
            --r
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.example.test

            Final-Recipient: rfc822; bob@example.test
            Action: failed
            Status: 5.1.1
            --r
            Content-Type: text/rfc822-headers

            To: bob@example.test
            Message-ID: \(greetingID)
            --r--
            """, from: "", to: ["support@example.test"])
        try path.delivered(toSupport: 2)
        _ = try run("2027-02-06T09:00:00Z")
        let bobShown = try path.gateway.run(["customers", "show", "bob@example.test"])
        #expect(bobShown.stdout.lowercased().contains("undeliverable"), "\(bobShown.stdout)")
        // His birthday (10 February, 09:00 Berlin): skipped, the address bounced; nothing more reaches him.
        _ = try run("2027-02-10T08:05:00Z")
        #expect(try path.dovecot.inbox(of: "bob@example.test").count == 1)
        let report = try path.gateway.run(["campaign", "report", "birthday"])
        #expect(report.stdout.contains("undeliverable"), "\(report.stdout)")
        // Suppressions are listed, and a bounce can be lifted.
        let suppressed = try path.gateway.run(["customers", "list", "--suppressed"]).stdout
        #expect(suppressed.contains("bob@example.test") && suppressed.contains("[undeliverable]"), "\(suppressed)")
        #expect(suppressed.contains("customer@example.test") && suppressed.contains("[opted out"), "\(suppressed)")
        #expect(try path.gateway.run(["customers", "set", "bob@example.test", "deliverable=true"]).status == 0)
        #expect(!(try path.gateway.run(["customers", "list", "--suppressed"]).stdout.contains("bob@example.test")))
        let after = try path.gateway.json(["threads", "list", "--all"]) as? [[String: Any]] ?? []
        #expect(after.filter { $0["kind"] as? String != "system" }.isEmpty)
    }
}
