import Foundation
import Testing

/// Agents answer by mail through real servers: customer → Postfix → Dovecot → maildesk (IMAP) → notification to
/// the agent's mailbox → the agent's reply through Postfix to the agent-reply address → maildesk → the customer.
@Suite("agent replies through Postfix and Dovecot", .serialized)
struct AgentReplyMailPathTests {
    static let question = "My smart lock loses its Wi-Fi every night at 2am and the app says offline. What can I do?"

    /// Dovecot (IMAP + LMTP), Postfix in front of it, and a gateway polling support@ over IMAP and sending
    /// through Postfix; agent@ (Ann) takes the threads, bob@ (Bob) is an agent who takes none.
    final class MailPath {
        let dovecot: DovecotServer
        let postfix: PostfixServer
        let gateway: IMAPGateway

        init(anyAgentMayAnswer: Bool = false) throws {
            dovecot = try DovecotServer.start()
            postfix = try PostfixServer(deliveringTo: dovecot)
            gateway = try IMAPGateway(server: dovecot, afterImport: "seen")
            let root = gateway.root
            try """
            [store]
            path = "var/imap.sqlite"

            [smtp]
            url = "smtp://127.0.0.1:\(postfix.port)"
            from = "support@example.test"
            from_name = "Lumo Support"
            starttls = "never"

            [outbound]
            company_name = "Lumo"

            [agents]
            any_agent_may_answer = \(anyAgentMayAnswer)

            [classification]
            training_data = "\(CLI.repository.appendingPathComponent("config/training").path)"
            """.write(to: root.appendingPathComponent("config/maildesk.toml"), atomically: true, encoding: .utf8)
            try """
            [[agent]]
            name = "Ann Agent"
            address = "agent@example.test"

            [[agent]]
            name = "Bob Agent"
            address = "bob@example.test"
            available = false
            """.write(to: root.appendingPathComponent("config/agents.toml"), atomically: true, encoding: .utf8)
            try FileManager.default.copyItem(
                at: CLI.repository.appendingPathComponent("templates"),
                to: root.appendingPathComponent("templates"))
        }

        /// One pass of the gateway; it must succeed.
        @discardableResult
        func run() throws -> String {
            let result = try gateway.run(["run", "--once"])
            #expect(result.status == 0, "\(result.stderr)")
            return result.stdout
        }

        func send(_ text: String, from: String, to: [String]) throws {
            try postfix.send(Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8), from: from, to: to)
        }

        /// Waits until `user`'s INBOX holds `count` messages (Postfix delivers asynchronously), then returns them.
        func inbox(_ user: String, count: Int) throws -> [Data] {
            let deadline = Date().addingTimeInterval(120)
            while true {
                let mail = try dovecot.inbox(of: user)
                if mail.count >= count { return mail }
                if Date() > deadline {
                    throw PostfixServer.Failure(
                        description: "\(user) has \(mail.count) of \(count) messages; Postfix log:\n"
                            + postfix.log.split(separator: "\n").suffix(15).joined(separator: "\n"))
                }
                usleep(50_000)
            }
        }

        /// Waits until Postfix has handed everything to Dovecot (support's INBOX has `count` messages).
        func delivered(toSupport count: Int) throws { _ = try inbox(DovecotServer.supportUser, count: count) }
    }

    static func customerMail(
        id: String, subject: String = "Lock offline every night", body: String = question,
        inReplyTo: String? = nil
    ) -> String {
        """
        From: Carol Customer <customer@example.test>
        To: support@example.test
        Subject: \(subject)
        Date: \(Self.rfc5322Now())
        Message-ID: <\(id)>
        \(inReplyTo.map { "In-Reply-To: \($0)\nReferences: \($0)\n" } ?? "")MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8

        \(body)

        """
    }

    /// An agent's answer as a mail client writes it: their text, a quote of the notification, and a file.
    static func agentAnswer(
        from: String, to: String, subject: String, inReplyTo: String, text: String,
        quoted: String, attachment: Bool = true
    ) -> String {
        let quote = quoted.split(separator: "\n", omittingEmptySubsequences: false).map { "> " + $0 }.joined(
            separator: "\n")
        var parts = """
            From: \(from)
            To: \(to)
            Subject: Re: \(subject)
            Date: \(Self.rfc5322Now())
            Message-ID: <\(UUID().uuidString)@example.test>
            In-Reply-To: \(inReplyTo)
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="b1"

            --b1
            Content-Type: text/plain; charset=utf-8

            \(text)

            On Sat, 5 Dec 2026, Lumo Support <support@example.test> wrote:
            \(quote)

            """
        if attachment {
            parts += """
                --b1
                Content-Type: application/pdf; name="reset-guide.pdf"
                Content-Disposition: attachment; filename="reset-guide.pdf"
                Content-Transfer-Encoding: base64

                JVBERi0xLjQKJcfsj6IKMSAwIG9iago8PC9UeXBlL0NhdGFsb2c+PgplbmRvYmoKdHJhaWxlcgo8PC9Sb290IDEgMCBSPj4KJSVFT0YK

                """
        }
        return parts + "--b1--\n"
    }

    static func rfc5322Now() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, d MMM yyyy HH:mm:ss +0000"
        return formatter.string(from: Date())
    }

    /// A delivered message read by Python's `email` package (an independent parser).
    static func decode(_ message: Data) throws -> [String: Any] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("mail-\(UUID().uuidString).eml")
        try message.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let program = """
            import email, email.policy, json, sys
            m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)
            plain = m.get_body(('plain',))
            files = [{'name': p.get_filename(), 'type': p.get_content_type(), 'size': len(p.get_payload(decode=True))}
                     for p in m.iter_attachments()]
            print(json.dumps({'subject': str(m['Subject']), 'from': str(m['From']), 'to': str(m['To']),
                'reply_to': str(m['Reply-To'] or ''), 'message_id': str(m['Message-ID']),
                'in_reply_to': str(m['In-Reply-To'] or ''), 'references': str(m['References'] or ''),
                'auto_submitted': str(m['Auto-Submitted'] or ''), 'marker': str(m['X-Maildesk'] or ''),
                'text': plain.get_content() if plain else '', 'files': files,
                'defects': [str(d) for d in m.defects]}))
            """
        let output = try SMTPTestServer.run("/usr/bin/python3", ["-c", program, file.path])
        return try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any] ?? [:]
    }

    /// The customer's question through Postfix; returns the notification Ann received (decoded) and its text.
    func askAndNotify(_ path: MailPath) throws -> [String: Any] {
        try path.send(
            Self.customerMail(id: "q1@example.test"), from: "customer@example.test", to: ["support@example.test"])
        try path.delivered(toSupport: 1)
        try path.run()
        let customer = try path.inbox("customer@example.test", count: 1)
        #expect(customer.count == 1)  // the acknowledgement
        let notification = try Self.decode(try #require(try path.inbox("agent@example.test", count: 1).first))
        #expect((notification["reply_to"] as? String)?.hasPrefix("support+a1-") == true)
        return notification
    }

    @Test func anAgentRunsAThreadFromTheMailClient() throws {
        let path = try MailPath()
        let notification = try askAndNotify(path)
        let replyTo = try #require(notification["reply_to"] as? String)
        let quoted = try #require(notification["text"] as? String)

        // Ann answers from her mail client, with a file; Postfix delivers it to support+a1-…@ (support's INBOX).
        try path.send(
            Self.agentAnswer(
                from: "Ann Agent <agent@example.test>", to: replyTo,
                subject: notification["subject"] as? String ?? "",
                inReplyTo: notification["message_id"] as? String ?? "",
                text: "Hi Carol,\n\nplease install firmware 3.2: it fixes the nightly drop. The guide is attached.",
                quoted: quoted),
            from: "agent@example.test", to: [replyTo])
        try path.delivered(toSupport: 2)
        let pass = try path.run()
        #expect(pass.contains("agent answers 1"), "\(pass)")

        let customer = try path.inbox("customer@example.test", count: 2)
        #expect(customer.count == 2)
        let answer = try Self.decode(try #require(customer.last))
        let text = try #require(answer["text"] as? String)
        #expect(text.contains("install firmware 3.2"))
        #expect(!text.contains("Reply above this line"))
        #expect(!text.contains("2am"))  // the quoted customer message in the notification
        #expect(!text.contains("Ticket:"))  // the notification's own text
        #expect(answer["from"] as? String == "Ann Agent via Lumo <support@example.test>")
        #expect((answer["reply_to"] as? String)?.hasPrefix("support+1-") == true)
        #expect(answer["in_reply_to"] as? String == "<q1@example.test>")
        #expect((answer["subject"] as? String)?.contains("[#1-") == true)
        #expect(answer["auto_submitted"] as? String == "")
        let files = try #require(answer["files"] as? [[String: Any]])
        #expect(files.count == 1)
        #expect(files.first?["name"] as? String == "reset-guide.pdf")
        #expect(files.first?["size"] as? Int == 78)
        #expect((answer["defects"] as? [String])?.isEmpty == true)
        let shown = try path.gateway.json(["threads", "show", "1"]) as? [String: Any] ?? [:]
        let thread = shown["thread"] as? [String: Any] ?? [:]
        #expect(thread["status"] as? String == "pending")
        #expect(thread["first_response_at"] is String)
        let messages = shown["messages"] as? [[String: Any]] ?? []
        // The question, Ann's mail (kept as it came), and the answer as the customer got it.
        #expect(messages.map { $0["author"] as? String } == ["customer", "agent", "agent"])
        #expect(messages.map { $0["direction"] as? String } == ["in", "in", "out"])

        // A note never leaves; a command closes; the customer gets nothing more.
        try path.send(
            Self.agentAnswer(
                from: "agent@example.test", to: replyTo, subject: "note", inReplyTo: "<x@y>",
                text: "#note\nCarol's router drops 2.4 GHz at night; check the channel.",
                quoted: quoted, attachment: false),
            from: "agent@example.test", to: [replyTo])
        try path.delivered(toSupport: 3)
        try path.run()
        try path.send(
            Self.agentAnswer(
                from: "agent@example.test", to: replyTo, subject: "close", inReplyTo: "<x@y>",
                text: "#priority high\n#tag wifi\n#close", quoted: quoted, attachment: false),
            from: "agent@example.test", to: [replyTo])
        try path.delivered(toSupport: 4)
        try path.run()
        let closedShown = try path.gateway.json(["threads", "show", "1"]) as? [String: Any] ?? [:]
        let closed = closedShown["thread"] as? [String: Any] ?? [:]
        #expect(closed["status"] as? String == "resolved")
        #expect(closed["priority"] as? String == "high")
        #expect(closed["tags"] as? [String] == ["wifi"])
        let note = (closedShown["messages"] as? [[String: Any]] ?? []).first { ($0["internal"] as? Bool) == true }
        #expect((note?["text"] as? String)?.contains("2.4 GHz") == true)
        #expect(try path.dovecot.inbox(of: "customer@example.test").count == 2)

        // The customer writes again: same thread, open again, acknowledged or not, never lost.
        let answerID = try #require(answer["message_id"] as? String)
        try path.send(
            Self.customerMail(
                id: "q2@example.test", subject: "Re: Lock offline every night",
                body: "Installed 3.2, it still drops.", inReplyTo: answerID),
            from: "customer@example.test", to: ["support@example.test"])
        try path.delivered(toSupport: 5)
        try path.run()
        let reopened = try path.gateway.json(["threads", "show", "1"]) as? [String: Any] ?? [:]
        #expect((reopened["thread"] as? [String: Any])?["status"] as? String == "open")
        let threads = try path.gateway.json(["threads", "list"]) as? [[String: Any]] ?? []
        #expect(threads.count == 1)
    }

    @Test func forgedAndStolenAndBorrowedTokensAreNeverRelayed() throws {
        let path = try MailPath()
        let notification = try askAndNotify(path)
        let replyTo = try #require(notification["reply_to"] as? String)
        let quoted = try #require(notification["text"] as? String)
        let customerAddress = "support+1-" + replyTo.dropFirst("support+a1-".count)  // same signature, customer form

        // 1. A forged From: Ann's address, no token (to the plain support address).
        try path.send(
            Self.agentAnswer(
                from: "Ann Agent <agent@example.test>", to: "support@example.test",
                subject: "forged", inReplyTo: "<q1@example.test>",
                text: "Dear customer, please send your password to evil.example.", quoted: quoted,
                attachment: false),
            from: "agent@example.test", to: ["support@example.test"])
        // 2. A stranger with Ann's valid token.
        try path.send(
            Self.agentAnswer(
                from: "Mallory <mallory@evil.example>", to: replyTo, subject: "stolen",
                inReplyTo: "<q1@example.test>", text: "Your refund waits at evil.example.",
                quoted: quoted, attachment: false),
            from: "mallory@evil.example", to: [replyTo])
        // 3. Bob with Ann's token (teams do not share threads here).
        try path.send(
            Self.agentAnswer(
                from: "Bob Agent <bob@example.test>", to: replyTo, subject: "borrowed",
                inReplyTo: "<q1@example.test>", text: "Bob here: do a factory reset.",
                quoted: quoted, attachment: false),
            from: "bob@example.test", to: [replyTo])
        // 4. Ann with a token of another thread (thread 2's number on thread 1's signature).
        let otherThread = replyTo.replacingOccurrences(of: "support+a1-", with: "support+a2-")
        try path.send(
            Self.agentAnswer(
                from: "agent@example.test", to: otherThread, subject: "other thread",
                inReplyTo: "<q1@example.test>", text: "Answer meant for thread 1.",
                quoted: quoted, attachment: false),
            from: "agent@example.test", to: [otherThread])
        // 5. Ann through the customer's reply address (a customer token is not an agent token).
        try path.send(
            Self.agentAnswer(
                from: "agent@example.test", to: customerAddress, subject: "customer token",
                inReplyTo: "<q1@example.test>", text: "Via the customer's address.",
                quoted: quoted, attachment: false),
            from: "agent@example.test", to: [customerAddress])
        try path.delivered(toSupport: 6)
        let pass = try path.run()
        #expect(!pass.contains("agent answers"), "\(pass)")

        // The customer received only the acknowledgement of their question (and of nothing the others sent:
        // a forged or stolen mail is customer mail of its sender, never an answer to Carol).
        let carol = try path.dovecot.inbox(of: "customer@example.test")
        #expect(carol.count == 1)
        #expect(try carol.allSatisfy { !((try Self.decode($0)["text"] as? String) ?? "").contains("evil.example") })
        // Bob is told once why nothing was relayed; Mallory is never told anything by the agent path.
        let bob = try path.inbox("bob@example.test", count: 1)
        let notice = try Self.decode(try #require(bob.last))
        #expect((notice["subject"] as? String)?.hasPrefix("Not relayed") == true)
        #expect((notice["text"] as? String)?.contains("bob@example.test") == true)
    }
}
