import Foundation
import TestSupport
import Testing

/// Acknowledgements and notifications end to end: `maildesk run --once` against a real SMTP server on loopback.
@Suite("outbound mail over SMTP", .serialized)
struct OutboundMailTests {
    /// A gateway whose [smtp] points at `server`, with the shipped templates and one agent.
    func gateway(_ server: SMTPTestServer, smtp extra: String = "starttls = \"never\"\n", outbound: String = "") throws
        -> GatewayFolder
    {
        let config = """
            [smtp]
            url = "smtp://127.0.0.1:\(server.port)"
            from = "support@desk.example"
            from_name = "Lumo 客服"
            \(extra)
            [outbound]
            company_name = "Lumo"
            \(outbound)
            [classification]
            training_data = "\(CLI.repository.appendingPathComponent("config/training").path)"
            """
        let folder = try GatewayFolder(config: config)
        try folder.addTemplatesAndAgent()
        return folder
    }

    func deliver(_ folder: GatewayFolder, _ text: String, name: String = UUID().uuidString) throws {
        let bytes = Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        try bytes.write(to: folder.maildir.appendingPathComponent("new/\(name)"))
    }

    static func customerMail(
        from: String = "=?UTF-8?B?546L5bCP5piO?= <ming@example.cn>",
        subject: String = "=?UTF-8?B?5pm66IO96Zeo6ZSB5peg5rOV6L+e5o6lIFdpLUZp?=",
        id: String = "q1@example.cn", extra: String = "",
        body: String = "门锁一直连不上家里的 Wi-Fi，试了很多次，请帮忙看看怎么处理。"
    ) -> String {
        """
        From: \(from)
        To: support@desk.example
        Subject: \(subject)
        Date: Sat, 21 Nov 2026 09:30:00 +0800
        Message-ID: <\(id)>
        MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: 8bit
        \(extra)
        \(body)

        """
    }

    /// `count` questions from as many customers (`<prefix><n>@example.com`), each a new thread.
    func deliverQuestions(_ folder: GatewayFolder, count: Int, prefix: String) throws {
        for i in 1...count {
            try deliver(
                folder,
                Self.customerMail(
                    from: "\(prefix)\(i)@example.com", subject: "Question \(i)", id: "\(prefix)\(i)@x",
                    body: "Question number \(i) about the L7 lock."), name: String(format: "m%03d", i))
        }
    }

    func outbox(_ folder: GatewayFolder, state: String? = nil) throws -> [[String: Any]] {
        try folder.json(["outbox", "list", "--limit", "0"] + (state.map { ["--state", $0] } ?? [])) as? [[String: Any]]
            ?? []
    }

    @Test func theAcknowledgementAndTheNotificationArriveReadableByAnotherParser() throws {
        let server = try SMTPTestServer()
        let folder = try gateway(server)
        // Only the generic acknowledgement, which has an HTML version, in Chinese.
        for name in ["ack_need_technical", "ack_need_billing"] {
            try FileManager.default.removeItem(at: folder.root.appendingPathComponent("templates/zh/\(name).txt"))
        }
        // The receiving server vouched for the sender: the acknowledgement may repeat their name and subject.
        try deliver(
            folder, Self.customerMail(extra: "Authentication-Results: mx.desk.example; dkim=pass header.d=example.cn"))
        let run = try folder.run(["run", "--once"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("mail queued 2, sent 2"))
        let mail = try server.captured()
        #expect(mail.count == 2)
        let ack = try #require(mail.first { $0.recipients == ["ming@example.cn"] })
        #expect(ack.from == "support@desk.example")
        let a = try server.decodeWithPython(ack.file)
        let subject = try #require(a["subject"] as? String)
        #expect(subject.hasPrefix("回复：智能门锁无法连接 Wi-Fi [#1-"))
        #expect(a["to_name"] as? String == "王小明")
        #expect(a["from"] as? String == "Lumo 客服 <support@desk.example>")
        #expect(a["in_reply_to"] as? String == "<q1@example.cn>")
        #expect(a["references"] as? String == "<q1@example.cn>")
        #expect(a["auto_submitted"] as? String == "auto-replied")
        #expect(a["suppress"] as? String == "All")
        #expect((a["message_id"] as? String)?.hasPrefix("<maildesk.1-") == true)
        #expect((a["text"] as? String)?.contains("王小明，您好！") == true)
        #expect((a["html"] as? String)?.contains("<strong>[#1-") == true)  // zh/ack_need.html: the alternative
        #expect((a["defects"] as? [String])?.isEmpty == true)

        let note = try #require(mail.first { $0.recipients == ["tom@desk.example"] })
        let n = try server.decodeWithPython(note.file)
        // The agent's Reply-To binds the thread and the agent (`a`), unlike the customer's `support+1-…`.
        #expect((n["reply_to"] as? String)?.hasPrefix("support+a1-") == true)
        #expect((n["reply_to"] as? String)?.hasSuffix("@desk.example") == true)
        #expect(n["auto_submitted"] as? String == "auto-generated")
        #expect((n["text"] as? String)?.contains("门锁一直连不上家里的 Wi-Fi") == true)

        // A follow-up from the customer is not acknowledged again; nothing is sent twice.
        try deliver(
            folder,
            Self.customerMail(subject: "Re: 智能门锁无法连接 Wi-Fi", id: "q2@example.cn", extra: "In-Reply-To: <q1@example.cn>")
        )
        #expect(try folder.run(["run", "--once"]).status == 0)
        #expect(try server.captured().count == 2)
        let show = try folder.run(["outbox", "show", "1"])
        #expect(show.stdout.hasPrefix("outbox #"))
        #expect(show.stdout.contains("Auto-Submitted: auto-replied"))
    }

    @Test func aTemporaryRefusalIsRetriedAndAPermanentOneFails() throws {
        let server = try SMTPTestServer()
        let folder = try gateway(server, outbound: "notify_agents = false")
        try server.control([
            "data": ["451 4.3.0 Mailbox busy, try later"], "rcpt": ["gone@example.com": "550 5.1.1 No such user here"]
        ])
        try deliver(folder, Self.customerMail())
        try deliver(
            folder,
            Self.customerMail(
                from: "Gone <gone@example.com>", subject: "Hub offline", id: "g1@example.com",
                body: "My hub is offline, what should I do?"))
        let first = try folder.run(["run", "--once"])
        #expect(first.status == 75)  // something went wrong: try again later
        #expect(first.stderr.contains("will retry at"))
        #expect(first.stderr.contains("451"))
        #expect(first.stderr.contains("failed"))
        #expect(first.stderr.contains("550 5.1.1 No such user here"))
        let failed = try outbox(folder, state: "failed")
        #expect(failed.count == 1)
        #expect((failed.first?["last_error"] as? String)?.contains("550") == true)
        let queued = try outbox(folder, state: "queued")
        #expect(queued.count == 1)
        #expect(queued.first?["attempts"] as? Int == 1)
        #expect(queued.first?["next_attempt"] is String)

        // Not due yet: a rerun sends nothing; `outbox retry` makes it due now.
        _ = try folder.run(["run", "--once"])
        #expect(try server.captured().isEmpty)
        let id = "\(queued.first!["id"] as! Int)"
        #expect(try folder.run(["outbox", "retry", id]).status == 0)
        #expect(try folder.run(["run", "--once"]).status == 0)
        #expect(try server.captured().count == 1)
        #expect(try outbox(folder, state: "sent").count == 1)
        // A sent message cannot be retried.
        #expect(try folder.run(["outbox", "retry", id]).status == 65)
    }

    @Test func aServerThatIsDownKeepsTheMailQueuedUntilItIsBack() throws {
        let server = try SMTPTestServer()
        let port = server.port
        server.stop()
        let folder = try gateway(server)
        try deliver(folder, Self.customerMail())
        let down = try folder.run(["run", "--once"])
        #expect(down.status == 75)
        #expect(down.stderr.contains("Couldn't connect") || down.stderr.contains("connect"))
        let queued = try outbox(folder, state: "queued")
        #expect(queued.count == 2)
        let back = try SMTPTestServer(port: port)
        for entry in queued { _ = try folder.run(["outbox", "retry", "\(entry["id"] as! Int)"]) }
        #expect(try folder.run(["run", "--once"]).status == 0)
        #expect(try back.captured().count == 2)
        #expect(try outbox(folder, state: "sent").count == 2)
    }

    @Test func starttlsIsRequiredByDefaultAndVerifiedWithTheCAFile() throws {
        let plain = try SMTPTestServer()
        let refused = try gateway(plain, smtp: "")  // starttls = "required" (the default) against a server without it
        try deliver(refused, Self.customerMail())
        let result = try refused.run(["run", "--once"])
        #expect(result.status == 75)
        #expect(try plain.captured().isEmpty)

        let secure = try SMTPTestServer(tls: true, auth: "desk:s3cret")
        let folder = try gateway(
            secure,
            smtp: """
                tls_ca_file = "\(secure.caFile.path)"
                user = "desk"
                password_env = "MAILDESK_TEST_SMTP_PASSWORD"
                """)
        try deliver(folder, Self.customerMail())
        let missing = try folder.run(["run", "--once"])
        #expect(missing.stderr.contains("set the environment variable MAILDESK_TEST_SMTP_PASSWORD"))
        #expect(try secure.captured().isEmpty)
        let sent = try CLI.run(
            ["run", "--once"], in: folder.root, environment: ["MAILDESK_TEST_SMTP_PASSWORD": "s3cret"])
        // With the password the run succeeds; what the failed run deferred is due again only after `outbox retry`.
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(!sent.stderr.contains("MAILDESK_TEST_SMTP_PASSWORD"), "\(sent.stderr)")
        for entry in try outbox(folder, state: "queued") {
            _ = try folder.run(["outbox", "retry", "\(entry["id"] as! Int)"])
        }
        let again = try CLI.run(
            ["run", "--once"], in: folder.root, environment: ["MAILDESK_TEST_SMTP_PASSWORD": "s3cret"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try secure.captured().count == 2)
        #expect(!again.stderr.contains("s3cret") && !missing.stderr.contains("s3cret"))
    }

    @Test func robotsListsBouncesAndOurselvesGetNoAcknowledgement() throws {
        let server = try SMTPTestServer()
        let folder = try gateway(server, outbound: "notify_agents = false")
        try deliver(
            folder,
            Self.customerMail(
                from: "Ann <ann@example.com>", subject: "Out of office", id: "r1@x",
                extra: "Auto-Submitted: auto-replied", body: "I am away until Monday."))
        try deliver(
            folder,
            Self.customerMail(
                from: "MAILER-DAEMON@mail.example.net", subject: "Undelivered Mail Returned to Sender", id: "r2@x",
                body: "This is the mail system at host mail.example.net."))
        try deliver(
            folder,
            Self.customerMail(
                from: "news@shop.example", subject: "Big sale", id: "r3@x",
                extra: "List-Id: <news.shop.example>\nPrecedence: bulk", body: "Urgent offer!"))
        try deliver(
            folder,
            Self.customerMail(
                from: "support@desk.example", subject: "Loop?", id: "r4@x", body: "Our own address writing."))
        try deliver(
            folder,
            Self.customerMail(
                from: "noreply@bank.example", subject: "Your statement", id: "r5@x", body: "Your statement is ready."))
        try deliver(
            folder,
            Self.customerMail(
                from: "other-desk@help.example", subject: "Re: your ticket", id: "r6@x",
                extra: "X-Maildesk: acknowledgement", body: "Thank you, we received your message."))
        try deliver(
            folder,
            Self.customerMail(
                from: "bob@example.com", subject: "Lock question", id: "h1@x",
                body: "Which colours does the lock come in?"))
        #expect(try folder.run(["run", "--once"]).status == 0)
        let sent = try server.captured()
        #expect(sent.map(\.recipients) == [["bob@example.com"]])
        // The robots are filed apart: the out-of-office has no thread, the bounce a system one, the list mail a
        // bulk one; the others are people's threads whose acknowledgement was skipped, with the reason.
        let threads = try folder.json(["threads", "list", "--limit", "0"]) as? [[String: Any]] ?? []
        #expect(threads.count == 4)
        let all = try folder.json(["threads", "list", "--all", "--limit", "0"]) as? [[String: Any]] ?? []
        #expect(all.filter { ["system", "bulk"].contains($0["kind"] as? String) }.count == 2)
        #expect(all.count == 6)
        let history = try all.compactMap { $0["id"] as? Int }
            .map { try folder.run(["threads", "show", "\($0)", "--history"]).stdout }.joined()
        for reason in [
            "is maildesk's own address", "is a robot address", "carries maildesk's marker header",
            "kind system from mailbox support (bounce", "kind bulk from mailbox support (bulk: Precedence: bulk"
        ] {
            #expect(history.contains(reason), "\(reason)")
        }
    }

    @Test func oneSenderGetsAtMostThreeAutomatedRepliesADay() throws {
        let server = try SMTPTestServer()
        let folder = try gateway(server, outbound: "notify_agents = false")
        for i in 1...5 {
            try deliver(
                folder,
                Self.customerMail(
                    from: "loopy@robot.example", subject: "Question \(i) about lock model L\(i)", id: "l\(i)@x",
                    body: "Question number \(i): does the L\(i) lock support fingerprints?"), name: "m\(i)")
        }
        #expect(try folder.run(["run", "--once"]).status == 0)
        #expect(try server.captured().count == 3)
        let history = try folder.run(["threads", "show", "5", "--history"]).stdout
        #expect(history.contains("already had 3 automated replies in 24 hours"))
    }

    @Test func headerInjectionFromAHostileMailAddsNoHeader() throws {
        let server = try SMTPTestServer()
        let folder = try gateway(server, outbound: "notify_agents = false")
        // The display name and subject decode to text with CR LF and a Bcc line.
        try deliver(
            folder,
            Self.customerMail(
                from: "=?UTF-8?Q?Eve=0D=0ABcc:_victim@example.com?= <eve@example.com>",
                subject: "=?UTF-8?Q?Hi=0D=0ABcc:_victim2@example.com=0D=0A=0D=0Abody?=",
                id: "e1@x", body: "Where is my order?"))
        #expect(try folder.run(["run", "--once"]).status == 0)
        let mail = try server.captured()
        #expect(mail.count == 1)
        #expect(mail.first?.recipients == ["eve@example.com"])
        let decoded = try server.decodeWithPython(try #require(mail.first).file)
        let keys = decoded["keys"] as? [String] ?? []
        #expect(!keys.contains("bcc"))
        #expect(keys.filter { $0 == "subject" }.count == 1)
        #expect((decoded["defects"] as? [String])?.isEmpty == true)
    }

    /// `[smtp] connections = 3`: three connections share the outbox, each message goes out exactly once.
    @Test func parallelConnectionsShareTheOutboxAndSendEachMessageOnce() throws {
        let server = try SMTPTestServer()
        try server.control(["data_delay": 0.01])
        let folder = try gateway(server, smtp: "starttls = \"never\"\nconnections = 3\n")
        try deliverQuestions(folder, count: 30, prefix: "p")
        let summary = try folder.json(["run", "--once", "--json"]) as? [String: Any] ?? [:]
        #expect(summary["mail_sent"] as? Int == 60, "\(summary)")
        let entries = try outbox(folder)
        #expect(entries.count == 60 && entries.allSatisfy { $0["state"] as? String == "sent" })
        let captured = try server.captured()
        let ids = captured.compactMap { mail in
            String(decoding: mail.bytes, as: UTF8.self).components(separatedBy: "\r\n")
                .first { $0.hasPrefix("Message-ID: <") }
        }
        #expect(captured.count == 60 && Set(ids).count == 60, "\(captured.count) captured, \(Set(ids).count) distinct")
        let peers = Set(try server.peers())
        #expect(peers.count == 3, "\(peers)")
    }

    /// 40 new threads give 80 messages to send to a slow server over the default two connections; `run --once` is
    /// killed with SIGKILL at a random moment 12 times, then runs to the end. Every message is sent; at most the
    /// message in flight on each connection at a kill is sent twice.
    @Test func killedWhileSendingNothingIsLostAndAtMostOneDuplicatePerConnectionPerKill() throws {
        let server = try SMTPTestServer()
        try server.control(["data_delay": 0.03])
        let folder = try gateway(server)
        try deliverQuestions(folder, count: 40, prefix: "k")
        let kills = 12
        let store = folder.root.appendingPathComponent("var/test.sqlite")
        for round in 0..<kills {
            // Killed in the middle of sending: once this run has one more message sent (even rounds), or while
            // a message is leased, between MAIL FROM and the commit of the server's answer (odd rounds).
            let sent = "SELECT count(*) FROM outbox WHERE state = 'sent'"
            let before = StoreProbe.count(store, sent)
            let process = try folder.start(["run", "--once"])
            StoreProbe.wait(for: process) {
                round % 2 == 0
                    ? StoreProbe.count(store, sent) > before
                    : StoreProbe.count(
                        store, "SELECT count(*) FROM outbox WHERE sending_pid = \(process.processIdentifier)") > 0
            }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            ChildProcess.wait(for: process)
        }
        for _ in 0..<3 {
            let entries = try outbox(folder)
            if entries.count == 80 && entries.allSatisfy({ $0["state"] as? String == "sent" }) { break }
            _ = try folder.run(["run", "--once"])
        }
        let entries = try outbox(folder)
        #expect(entries.count == 80)
        #expect(entries.allSatisfy { $0["state"] as? String == "sent" })
        let ids = Set(entries.compactMap { $0["message_id"] as? String })
        var seen: [String: Int] = [:]
        for mail in try server.captured() {
            let text = String(decoding: mail.bytes, as: UTF8.self)
            guard let line = text.components(separatedBy: "\r\n").first(where: { $0.hasPrefix("Message-ID: <") }) else {
                Issue.record("a captured message without Message-ID")
                continue
            }
            seen[String(line.dropFirst(13).dropLast()), default: 0] += 1
        }
        #expect(Set(seen.keys) == ids)
        let duplicates = seen.values.reduce(0) { $0 + $1 - 1 }
        #expect(duplicates <= kills * 2, "\(duplicates) duplicates for \(kills) kills on two connections")
    }
}
