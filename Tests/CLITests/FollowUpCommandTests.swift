import Foundation
import Testing

/// Follow-up through the built binary with the file: transport: SLA reminders and escalation at --now, the
/// breached and due lists, a dry run, a survey after `threads set --status resolved`, and a low score by mail.
@Suite("follow-up commands")
struct FollowUpCommandTests {
    static let config = """
        [smtp]
        url = "file:outbox"
        from = "support@desk.example"
        from_name = "Desk"
        [outbound]
        templates = "templates"
        [assignment]
        agents = "config/agents.toml"
        [followup]
        sla = "config/sla.toml"

        """

    static let agents = """
        [[agent]]
        name = "Ann Agent"
        address = "ann@desk.example"
        supervisor = "sue@desk.example"

        [[agent]]
        name = "Sue Supervisor"
        address = "sue@desk.example"
        available = false

        """

    static let sla = """
        [escalation]
        remind_at_percent = 80
        [pending]
        remind_after_days = 3
        close_after_days = 4
        [csat]
        low_score = 2
        on_low_score = "reopen"

        [[business_hours]]
        name = "shanghai"
        timezone = "Asia/Shanghai"
        days = ["mon", "tue", "wed", "thu", "fri"]
        hours = ["09:00-12:00", "13:00-18:00"]
        holidays = ["spring_festival+6"]

        [[policy]]
        name = "all"
        first_response = "2h"
        resolution = "40h"

        """

    func folder() throws -> GatewayFolder {
        let folder = try GatewayFolder(config: Self.config)
        try Self.agents.write(
            to: folder.root.appendingPathComponent("config/agents.toml"), atomically: true, encoding: .utf8)
        try Self.sla.write(to: folder.root.appendingPathComponent("config/sla.toml"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(
            at: CLI.repository.appendingPathComponent("templates"),
            to: folder.root.appendingPathComponent("templates"))
        return folder
    }

    func deliver(_ folder: GatewayFolder, _ lines: [String], name: String) throws {
        try Data(lines.joined(separator: "\r\n").utf8).write(to: folder.maildir.appendingPathComponent("new/\(name)"))
    }

    /// The sent mail in the file outbox, oldest first.
    func sent(_ folder: GatewayFolder) throws -> [String] {
        let dir = folder.root.appendingPathComponent("outbox")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter {
            $0.hasSuffix(".eml")
        }
        return try names.sorted().map { try String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8) }
    }

    func header(_ name: String, in mail: String) -> String? {
        mail.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix(name.lowercased() + ": ") }
            .map { String($0.dropFirst(name.count + 2)) }
    }

    @Test func remindersEscalationSurveyAndALowScoreThroughTheCommandLine() throws {
        let folder = try folder()
        try deliver(
            folder,
            [
                "From: Carol <carol@example.com>", "To: support@desk.example", "Subject: Lock offline",
                "Date: Mon, 01 Mar 2027 09:00:00 +0800", "Message-ID: <q1@example.com>", "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=utf-8", "", "My lock will not connect to the Wi-Fi.", ""
            ],
            name: "1.M1P1.test")
        // Monday 09:00 in Shanghai: the first response is due at 11:00 (03:00 UTC).
        let first = try folder.run(["run", "--once", "--now", "2027-03-01T01:00:00Z"])
        #expect(first.status == 0, "\(first.stderr)")
        let due = try folder.run(["threads", "list", "--due-within", "2h", "--now", "2027-03-01T01:30:00Z"])
        #expect(due.stdout.contains("#1 ") && due.stdout.contains("[SLA due 2027-03-01T03:00:00Z]"), "\(due.stdout)")
        #expect(
            try folder.run(["threads", "list", "--breached", "--now", "2027-03-01T01:30:00Z"]).stdout
                == "no threads match\n")
        #expect(try folder.run(["threads", "list", "--due-within", "soon"]).status == 64)

        // A dry run shows the reminder and writes nothing.
        let before = try sent(folder).count
        let dry = try folder.run(["followup", "run", "--now", "2027-03-01T02:40:00Z", "--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("dry run, would queue: SLA reminders 1"), "\(dry.stdout)")
        #expect(dry.stdout.contains("agent_sla_reminder  to ann@desk.example"))
        #expect(try sent(folder).count == before)

        for time in ["2027-03-01T02:40:00Z", "2027-03-01T02:50:00Z"] {
            let run = try folder.run(["followup", "run", "--now", time])
            #expect(run.status == 0, "\(run.stderr)")
        }
        for time in ["2027-03-01T03:01:00Z", "2027-03-01T03:30:00Z"] {
            #expect(try folder.run(["run", "--once", "--now", time]).status == 0)
        }
        let mails = try sent(folder)
        let reminders = mails.filter {
            header("X-Maildesk", in: $0) == "followup" && header("To", in: $0)?.contains("ann@") == true
        }
        let escalations = mails.filter {
            header("X-Maildesk", in: $0) == "followup" && header("To", in: $0)?.contains("sue@") == true
        }
        #expect(reminders.count == 1)
        #expect(escalations.count == 1)
        #expect(escalations.first?.contains("ESCALATION") == true)
        let breached = try folder.run(["threads", "list", "--breached", "--now", "2027-03-01T03:30:00Z"])
        #expect(breached.stdout.contains("[SLA breached 2027-03-01T03:00:00Z]"), "\(breached.stdout)")

        // Resolved from the command line: one survey goes out, its Reply-To the thread's survey address.
        let set = try folder.run(["threads", "set", "1", "--status", "resolved", "--now", "2027-03-01T04:00:00Z"])
        #expect(set.status == 0, "\(set.stderr)")
        for time in ["2027-03-01T04:01:00Z", "2027-03-01T04:02:00Z"] {
            #expect(try folder.run(["run", "--once", "--now", time]).status == 0)
        }
        let surveys = try sent(folder).filter { header("X-Maildesk", in: $0) == "survey" }
        #expect(surveys.count == 1)
        let survey = try #require(surveys.first)
        let replyTo = try #require(header("Reply-To", in: survey))
        #expect(replyTo.hasPrefix("support+s1-"))
        let surveyID = try #require(header("Message-ID", in: survey))

        // The customer answers with a low score under the quoted survey: the thread opens again for Ann.
        try deliver(
            folder,
            [
                "From: Carol <carol@example.com>", "To: \(replyTo)", "Subject: Re: How did we do?",
                "Date: Mon, 01 Mar 2027 13:00:00 +0800", "Message-ID: <a1@example.com>",
                "In-Reply-To: \(surveyID)", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "",
                "2 - it took too long", "", "On Mon, 1 Mar 2027, Desk <support@desk.example> wrote:",
                "> How satisfied are you with our help?", "> 5  very satisfied", ""
            ],
            name: "2.M2P1.test")
        let answered = try folder.run(["run", "--once", "--now", "2027-03-01T05:00:00Z", "--json"])
        #expect(answered.status == 0, "\(answered.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(answered.stdout.utf8)) as? [String: Any] ?? [:]
        #expect(summary["survey_answers"] as? Int == 1)
        let shown = try folder.json(["threads", "show", "1"]) as? [String: Any] ?? [:]
        #expect((shown["thread"] as? [String: Any])?["status"] as? String == "open")
        let answer = shown["survey"] as? [String: Any] ?? [:]
        #expect(answer["score"] as? Int == 2)
        #expect(answer["comment"] as? String == "it took too long")
        #expect(answer["low_action"] as? String == "reopened")
        let timers = shown["sla"] as? [[String: Any]] ?? []
        #expect(timers.contains { $0["metric"] as? String == "first_response" && $0["state"] as? String == "breached" })
        let human = try folder.run(["threads", "show", "1"])
        #expect(human.stdout.contains("Survey: sent, score 2/5"))
        #expect(try sent(folder).filter { $0.contains("Low satisfaction (2/5)") }.count == 1)
    }

    @Test func followUpWithoutAnSLAFileSaysHowToTurnItOn() throws {
        let folder = try GatewayFolder()
        let run = try folder.run(["followup", "run"])
        #expect(run.status == 78)
        #expect(run.stderr.contains("set [followup] sla"))
        let badNow = try folder.run(["followup", "run", "--now", "tomorrow"])
        #expect(badNow.status == 64)
    }
}
