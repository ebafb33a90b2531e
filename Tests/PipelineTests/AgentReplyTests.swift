import Config
import Foundation
import GRDB
import Pipeline
import Store
import Testing
import Threading

/// Agents answer by mail: who may speak for the company, what is relayed, and the commands.
@Suite("agent replies")
struct AgentReplyTests {
    static let ann = AgentDefinition(name: "Ann Agent", address: "ann@desk.example", categories: ["technical"])
    static let bob = AgentDefinition(name: "Bob Agent", address: "bob@desk.example", categories: ["technical"])
    static let teams = [TeamDefinition(name: "Tech", categories: ["technical"], queue: "tech@desk.example")]
    static let question =
        "My smart hub goes offline every night around 2am and the app cannot reach it. How do I fix this?"

    /// A gateway with two agents and the shipped templates; one customer thread, assigned to Ann.
    func threadForAnn(anyAgentMayAnswer: Bool = false) throws -> (TestGateway, Store, Int64) {
        var g = try TestGateway()
        g.routing = Configuration.Routing(agents: [Self.ann, Self.bob], teams: Self.teams, rules: [])
        g.templates = repositoryRoot + "/templates"
        g.anyAgentMayAnswer = anyAgentMayAnswer
        try g.deliver(
            mail(
                from: "Carol Customer <carol@example.com>", subject: "Hub goes offline every night",
                id: "q1@example.com", body: Self.question))
        let store = try g.store()
        try g.pipeline(store).runOnce()
        let thread = try #require(try store.threads(ThreadFilter(), limit: 0).first)
        _ = try store.correctThread(
            thread.id, ThreadCorrection(assignee: .some(Self.ann.address)), actor: "test", at: Date())
        return (g, store, thread.id)
    }

    /// Ann's agent-reply address for `thread`.
    func annsAddress(_ store: Store, _ thread: Int64) throws -> String {
        try addressing(store).agentReplyAddress("support@desk.example", threadID: thread, agent: Self.ann.address)
    }

    func addressing(_ store: Store) throws -> ThreadAddressing {
        ThreadAddressing(secret: ReplySecret(try store.tokenSecret()), domain: "desk.example")
    }

    /// An agent's reply as a mail client writes it: the answer on top, the notification quoted below.
    func reply(
        from: String, to: String, body: String, subject: String = "Re: [#1] New request",
        id: String = UUID().uuidString + "@mail.desk.example", headers: [String] = []
    ) -> String {
        mail(
            from: from, to: to, subject: subject, id: id,
            body: body + """


                On Mon, 16 Nov 2026 at 10:00, Lumo Support <support@desk.example> wrote:
                > \(Pipeline.replyMarker)
                > Hello Ann Agent, a thread has been assigned to you.
                > \(Self.question)
                """, headers: headers)
    }

    func outbox(_ store: Store) throws -> [OutboxEntry] { try store.outbox(state: nil, limit: 0) }

    func replies(_ store: Store) throws -> [OutboxEntry] { try outbox(store).filter { $0.kind == "reply" } }

    func text(_ store: Store, _ entry: OutboxEntry) throws -> String {
        String(decoding: try #require(try store.outboxMessage(entry.id)).bytes, as: UTF8.self)
    }

    @Test func theOwnersAnswerIsRelayedWithOnlyTheNewTextAndTheThreadWaitsOnTheCustomer() throws {
        let (g, store, thread) = try threadForAnn()
        let to = try annsAddress(store, thread)
        try g.deliver(
            reply(
                from: "Ann Agent <ann@desk.example>", to: to,
                body: "Hi Carol,\n\nplease update the hub to firmware 3.2; the nightly drop is fixed there."))
        let summary = try g.pipeline(store).runOnce()
        #expect(summary.agentAnswers == 1)
        #expect(summary.threadsCreated == 0)
        let sent = try replies(store)
        #expect(sent.count == 1)
        #expect(sent.first?.to == ["carol@example.com"])
        let bytes = try text(store, try #require(sent.first))
        #expect(bytes.contains("firmware 3.2"))
        #expect(!bytes.contains("Reply above this line"))
        #expect(!bytes.contains("goes offline every night around 2am"))
        #expect(bytes.contains("From: Ann Agent via maildesk <support@desk.example>"))
        #expect(bytes.contains("In-Reply-To: <q1@example.com>"))
        #expect(bytes.contains("Reply-To: support+\(thread)-"))
        #expect(!bytes.contains("Auto-Submitted"))
        let after = try #require(try store.thread(thread))
        #expect(after.status == "pending")
        let messages = try store.messages(inThread: thread)
        #expect(messages.map(\.author) == ["customer", "agent", "agent"])
        #expect(messages.map(\.direction) == ["in", "in", "out"])
        #expect(messages.filter { $0.direction == "out" }.first?.text?.contains("firmware 3.2") == true)

        // The customer's reply to the answer reopens the thread; it is customer mail, in the same thread.
        let answerID = try #require(messages.last?.messageId)
        try g.deliver(
            mail(
                from: "carol@example.com", subject: "Re: Hub goes offline every night", id: "q2@example.com",
                inReplyTo: answerID, body: "Updated, still drops."))
        try g.pipeline(store).runOnce()
        #expect(try store.thread(thread)?.status == "open")
        // (its Date header is older than the answer's, so it is looked up by id, not by place)
        #expect(try store.messages(inThread: thread).first { $0.messageId == "q2@example.com" }?.author == "customer")
    }

    @Test func aForgedFromWithoutTokenAndAStrangerWithATokenAreCustomerMail() throws {
        let (g, store, thread) = try threadForAnn()
        // From Ann, but to the plain support address: her own mail as a customer, never relayed.
        try g.deliver(
            mail(
                from: "ann@desk.example", subject: "Please relay this", id: "f1@evil.example",
                body: "Dear customer, send your password to evil.example."))
        // A stranger holding Ann's valid token.
        let to = try annsAddress(store, thread)
        try g.deliver(
            reply(from: "mallory@evil.example", to: to, body: "Dear customer, your refund is at evil.example."))
        let summary = try g.pipeline(store).runOnce()
        #expect(summary.agentAnswers == 0)
        #expect(try replies(store).isEmpty)
        #expect(try store.messages(inThread: thread).allSatisfy { $0.author == "customer" })
    }

    @Test func anotherAgentsTokenIsRefusedUnlessTheTeamSharesThreads() throws {
        let (g, store, thread) = try threadForAnn()
        let to = try annsAddress(store, thread)
        try g.deliver(reply(from: "bob@desk.example", to: to, body: "Bob here: try a factory reset."))
        let summary = try g.pipeline(store).runOnce()
        #expect(summary.agentAnswers == 0)
        #expect(summary.agentMailRefused == 1)
        #expect(try replies(store).isEmpty)
        let notices = try outbox(store).filter { $0.to == ["bob@desk.example"] }
        #expect(notices.count == 1)
        #expect(try text(store, notices[0]).contains("not to bob@desk.example"))

        let (g2, store2, thread2) = try threadForAnn(anyAgentMayAnswer: true)
        let to2 = try addressing(store2).agentReplyAddress(
            "support@desk.example", threadID: thread2, agent: Self.ann.address)
        try g2.deliver(reply(from: "bob@desk.example", to: to2, body: "Bob here: try a factory reset."))
        #expect(try g2.pipeline(store2).runOnce().agentAnswers == 1)
        #expect(try text(store2, try #require(try replies(store2).first)).contains("From: Bob Agent via maildesk"))
    }

    @Test func aTokenForAnotherThreadOrAForgedSignatureIsRefused() throws {
        let (g, store, thread) = try threadForAnn()
        let valid = try addressing(store).agentReplyAddress(
            "support@desk.example", threadID: thread, agent: Self.ann.address)
        // Thread A's signature on thread B's number.
        let forged = valid.replacingOccurrences(of: "+a\(thread)-", with: "+a\(thread + 1)-")
        try g.deliver(reply(from: "ann@desk.example", to: forged, body: "Answer for another thread."))
        let summary = try g.pipeline(store).runOnce()
        #expect(summary.agentAnswers == 0)
        #expect(summary.agentMailRefused == 1)
        #expect(try replies(store).isEmpty)
        // A customer token is not an agent token.
        let customerAddress = try addressing(store).replyAddress("support@desk.example", threadID: thread)
        try g.deliver(reply(from: "ann@desk.example", to: customerAddress, body: "Via the customer address."))
        #expect(try g.pipeline(store).runOnce().agentAnswers == 0)
        #expect(try replies(store).isEmpty)
    }

    @Test func aNoteStaysInternalAndCommandsApplyWithEvents() throws {
        let (g, store, thread) = try threadForAnn()
        let to = try annsAddress(store, thread)
        try g.deliver(
            reply(from: "ann@desk.example", to: to, body: "#note\nCustomer called; it is the router, not the hub."))
        try g.pipeline(store).runOnce()
        #expect(try replies(store).isEmpty)
        let note = try #require(try store.messages(inThread: thread).last)
        #expect(note.internal && note.author == "agent")
        #expect(try store.events(entity: "thread", id: thread).contains { $0.action == "note" })

        try g.deliver(
            reply(
                from: "ann@desk.example", to: to,
                body: "#priority urgent\n#category billing\n#tag router\n\nWe will refund the hub."))
        try g.pipeline(store).runOnce()
        let after = try #require(try store.thread(thread))
        #expect(after.priority == "urgent")
        #expect(after.category == "billing")
        #expect(after.status == "pending")
        let commands = try store.events(entity: "thread", id: thread).filter { $0.action == "command" }
        #expect(commands.map(\.detail) == ["#priority urgent", "#category billing", "#tag router"])
        #expect(commands.allSatisfy { $0.actor == "agent ann@desk.example" })
        let sent = try text(store, try #require(try replies(store).first))
        #expect(sent.contains("We will refund the hub."))
        #expect(!sent.contains("#priority"))

        // Commands alone: the thread closes, nothing is sent.
        try g.deliver(reply(from: "ann@desk.example", to: to, body: "#close"))
        try g.pipeline(store).runOnce()
        #expect(try store.thread(thread)?.status == "resolved")
        #expect(try replies(store).count == 1)
    }

    @Test func anUnknownCommandIsNotRelayedAndTheAgentIsTold() throws {
        let (g, store, thread) = try threadForAnn()
        let to = try annsAddress(store, thread)
        try g.deliver(reply(from: "ann@desk.example", to: to, body: "#priority asap\n#close\n#assign nobody\n\nDone."))
        let summary = try g.pipeline(store).runOnce()
        #expect(summary.agentAnswers == 0)
        #expect(try replies(store).isEmpty)
        #expect(try store.thread(thread)?.status == "open")
        let notices = try outbox(store).filter { entry in
            entry.to == ["ann@desk.example"] && entry.template?.hasSuffix("agent_notice") == true
        }
        let notice = try #require(notices.first)
        let body = try text(store, notice)
        #expect(body.contains("asap"))
        #expect(body.contains("nobody"))
    }

    func notices(_ store: Store, to agent: String = "ann@desk.example") throws -> [OutboxEntry] {
        try outbox(store).filter { $0.to == [agent] && $0.template?.hasSuffix("agent_notice") == true }
    }

    /// An out-of-office answering the notification's Reply-To is kept, never relayed, never told (the notice
    /// would be answered by the same robot), and the thread does not count as answered.
    @Test func anAgentsAutoReplyIsKeptButNeitherRelayedNorAnswered() throws {
        let (g, store, thread) = try threadForAnn()
        let to = try annsAddress(store, thread)
        try g.deliver(
            reply(
                from: "Ann Agent <ann@desk.example>", to: to,
                body: "I am out of the office until 2 December. Urgent: call my mobile +1 555 0100.",
                subject: "Automatic reply: [#1] New request", headers: ["Auto-Submitted: auto-replied"]))
        let summary = try g.pipeline(store).runOnce()
        #expect(summary.agentAnswers == 0)
        #expect(summary.threadsCreated == 0)
        #expect(try replies(store).isEmpty)
        #expect(try notices(store).isEmpty)
        let after = try #require(try store.thread(thread))
        #expect(after.status == "open")
        #expect(after.firstResponseAt == nil)
        let kept = try DatabaseQueue(path: g.configuration.gateway.store.path).read { db in
            try String.fetchOne(db, sql: "SELECT detail FROM event WHERE action = 'agent mail refused'")
        }
        #expect(kept?.contains("automatic mail") == true, "\(kept ?? "no event")")
    }

    /// A note written the way mail clients mangle it, or below the text, still never leaves.
    @Test(arguments: [
        "*#note*\nInternal: this customer is on our fraud list, do not refund.",
        "# note\nInternal: this customer is on our fraud list, do not refund.",
        "\u{200B}#note\nInternal: this customer is on our fraud list, do not refund.",
        "Internal: this customer is on our fraud list, do not refund.\n\n#备注"
    ])
    func aNoteHoweverWrittenStaysInternal(body: String) throws {
        let (g, store, thread) = try threadForAnn()
        let to = try annsAddress(store, thread)
        try g.deliver(reply(from: "ann@desk.example", to: to, body: body))
        try g.pipeline(store).runOnce()
        #expect(try replies(store).isEmpty)
        let note = try #require(try store.messages(inThread: thread).last)
        #expect(note.internal && note.author == "agent")
    }

    /// Outlook's "attach original message" puts the notification, with the agent's reply address, in the answer:
    /// the attached message stays behind; a file that carries the address stops the relay.
    @Test func theAttachedNotificationNeverReachesTheCustomer() throws {
        let (g, store, thread) = try threadForAnn()
        let to = try annsAddress(store, thread)
        func answer(attachment: [String]) -> String {
            ([
                "From: Ann Agent <ann@desk.example>", "To: \(to)", "Subject: Re: thread",
                "Message-ID: <\(UUID().uuidString)@desk.example>", "Date: Mon, 16 Nov 2026 11:00:00 +0000",
                "MIME-Version: 1.0", "Content-Type: multipart/mixed; boundary=\"b\"", "", "--b",
                "Content-Type: text/plain; charset=utf-8", "", "Hi Carol, please update to firmware 3.2.", "--b"
            ] + attachment + [
                "", "From: Lumo Support <support@desk.example>", "Reply-To: \(to)", "Subject: [#1] New request", "",
                "Hello Ann Agent, a thread has been assigned to you.", "--b--", ""
            ]).joined(separator: "\n")
        }
        try g.deliver(answer(attachment: ["Content-Type: message/rfc822"]))
        #expect(try g.pipeline(store).runOnce().agentAnswers == 1)
        let sent = try text(store, try #require(try replies(store).first))
        #expect(sent.contains("firmware 3.2"))
        #expect(!sent.lowercased().contains(to.lowercased()))
        #expect(!sent.contains("message/rfc822"))

        try g.deliver(
            answer(attachment: ["Content-Type: text/plain; name=notification.txt", "Content-Disposition: attachment"]))
        #expect(try g.pipeline(store).runOnce().agentAnswers == 0)
        #expect(try replies(store).count == 1)
        #expect(try text(store, try #require(try notices(store).last)).contains("reply address"))
    }

    /// An answer that cannot be written (a customer address the composer refuses) is refused and told; the
    /// stage goes on with everyone else's mail.
    @Test func anUnwritableAnswerIsRefusedAndTheStageGoesOn() throws {
        let (g, store, thread) = try TestGateway.withThread(
            agents: [Self.ann],
            mail(from: "José <josé@example.com>", subject: "Router", id: "j1@example.com", body: Self.question))
        let to = try annsAddress(store, thread)
        try g.deliver(reply(from: "ann@desk.example", to: to, body: "Hi José, update to firmware 3.2."))
        try g.deliver(mail(from: "dave@example.com", subject: "Invoice", id: "d1@example.com", body: "Where is it?"))
        let summary = try g.pipeline(store).runOnce()
        #expect(summary.agentAnswers == 0)
        #expect(summary.threadsCreated == 1)
        #expect(try replies(store).isEmpty)
        #expect(try text(store, try #require(try notices(store).last)).contains("cannot be written"))
    }

    /// `threads reply` is written here, not received: no server vouches for it and none has to.
    @Test func aCommandLineAnswerNeedsNoAuthenticationResults() throws {
        var (g, store, thread) = try threadForAnn()
        g.configure = { $0.agents.requireAuthentication = true }
        let summary = try g.pipeline(store).submitAgentMail(
            thread: thread, agent: Self.ann.address, text: "Please update to firmware 3.2.", note: false)
        #expect(summary.agentAnswers == 1)
        // Mail with no Authentication-Results is still refused.
        let to = try annsAddress(store, thread)
        try g.deliver(reply(from: "ann@desk.example", to: to, body: "Also reboot it."))
        #expect(try g.pipeline(store).runOnce().agentAnswers == 0)
        #expect(try replies(store).count == 1)
    }

    /// `require_authentication` reads Authentication-Results as receiving servers write them: OpenDKIM's
    /// comments, Gmail's `header.i` and DMARC; a forged header below the receiving server's does not count.
    @Test(arguments: [
        ("mx.desk.example; dkim=pass (2048-bit key; unprotected) header.d=desk.example header.s=mail", true),
        (
            "mx.google.com; dkim=pass header.i=@desk.example header.s=g1; dmarc=pass (p=NONE) header.from=desk.example",
            true
        ),
        ("mx.desk.example; spf=pass (sender SPF authorized) smtp.mailfrom=ann@desk.example", true),
        ("mx.desk.example; dkim=fail (bad signature) header.d=desk.example", false),
        ("mx.desk.example; none\nAuthentication-Results: mx.desk.example; dkim=pass header.d=desk.example", false)
    ])
    func requiredAuthenticationReadsRealResults(results: String, relayed: Bool) throws {
        var (g, store, thread) = try threadForAnn()
        g.configure = { $0.agents.requireAuthentication = true }
        let to = try annsAddress(store, thread)
        try g.deliver(
            reply(
                from: "Ann Agent <ann@desk.example>", to: to, body: "Please update to firmware 3.2.",
                headers: ["Authentication-Results: " + results]))
        #expect(try g.pipeline(store).runOnce().agentAnswers == (relayed ? 1 : 0))
    }

    /// Forgetting the customer erases them from the agents' side too: the agent's mail quoting them, the answer
    /// relayed to them, the notifications about them; the agent stays the author.
    @Test func forgettingTheCustomerErasesThemFromAgentMailAndAnswers() throws {
        let (g, store, thread) = try threadForAnn()
        let to = try annsAddress(store, thread)
        try g.deliver(reply(from: "Ann Agent <ann@desk.example>", to: to, body: "Hi Carol, update to firmware 3.2."))
        #expect(try g.pipeline(store).runOnce().agentAnswers == 1)
        #expect(try store.forgetCustomer("carol@example.com", actor: "test", at: g.now) != nil)
        let db = try DatabaseQueue(path: g.configuration.gateway.store.path)
        let leaks = try db.read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT (SELECT count(*) FROM message m JOIN raw_message r ON r.sha256 = m.sha256
                            WHERE m.thread_id = ? AND (instr(lower(r.bytes), 'carol') OR instr(lower(m.text), 'carol')
                                OR instr(lower(m.to_json), 'carol')))
                         + (SELECT count(*) FROM outbox o JOIN outbox_body b ON b.outbox_id = o.id
                            WHERE o.thread_id = ? AND instr(lower(b.bytes), 'carol'))
                    """, arguments: [thread, thread])
        }
        #expect(leaks == 0)
        let authors = try store.messages(inThread: thread).map(\.author)
        #expect(authors.contains("agent"))
    }

    /// An agent who writes to support as a customer (an internal helpdesk) replies to the answer they got as
    /// any customer does: customer mail of their thread, never refused as a misdirected agent reply.
    @Test func anAgentAsACustomerRepliesToTheAnswerLikeAnyCustomer() throws {
        let (g, store, thread) = try TestGateway.withThread(
            agents: [Self.ann, Self.bob],
            mail(
                from: "Bob Agent <bob@desk.example>", subject: "My laptop VPN is broken", id: "b1@desk.example",
                body: "The VPN client fails to connect since this morning."))
        _ = try store.correctThread(
            thread, ThreadCorrection(assignee: .some(Self.ann.address)), actor: "test", at: g.now)
        let to = try annsAddress(store, thread)
        try g.deliver(reply(from: "ann@desk.example", to: to, body: "Hi Bob, reinstall the VPN profile."))
        #expect(try g.pipeline(store).runOnce().agentAnswers == 1)
        let answer = try #require(try replies(store).first)
        #expect(answer.to == ["bob@desk.example"])
        try g.deliver(
            mail(
                from: "Bob Agent <bob@desk.example>",
                to: try addressing(store).replyAddress("support@desk.example", threadID: thread),
                subject: "Re: My laptop VPN is broken", id: "b2@desk.example",
                inReplyTo: answer.messageId.trimmingCharacters(in: ["<", ">"]),
                body: "Still failing after the reinstall."))
        let summary = try g.pipeline(store).runOnce()
        #expect(summary.agentMailRefused == 0)
        #expect(try notices(store, to: "bob@desk.example").isEmpty)
        #expect(try store.messages(inThread: thread).contains { $0.text?.contains("Still failing") == true })
        #expect(try store.thread(thread)?.status == "open")
    }

    @Test func anHTMLAnswerKeepsItsFormattingWithoutTheQuote() throws {
        let (g, store, thread) = try threadForAnn()
        let to = try annsAddress(store, thread)
        let html = """
            <div dir="ltr">Hi Carol,<br><b>update to firmware 3.2</b>.</div><br>\
            <div class="gmail_quote"><div class="gmail_attr">On Mon, Lumo wrote:</div>\
            <blockquote class="gmail_quote">\(Pipeline.replyMarker)<br>\(Self.question)</blockquote></div>
            """
        let raw = [
            "From: Ann Agent <ann@desk.example>", "To: \(to)", "Subject: Re: thread", "Message-ID: <h1@desk.example>",
            "Date: Mon, 16 Nov 2026 11:00:00 +0000", "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"b\"", "", "--b", "Content-Type: text/plain; charset=utf-8",
            "",
            "Hi Carol,", "update to firmware 3.2.", "", "On Mon, Lumo wrote:", "> \(Pipeline.replyMarker)",
            "> \(Self.question)",
            "--b", "Content-Type: text/html; charset=utf-8", "", html, "--b--", ""
        ].joined(separator: "\n")
        try g.deliver(raw)
        #expect(try g.pipeline(store).runOnce().agentAnswers == 1)
        let sent = try text(store, try #require(try replies(store).first))
        #expect(sent.contains("multipart/alternative"))
        #expect(sent.contains("<b>update to firmware 3.2</b>"))
        #expect(!sent.contains("gmail_quote"))
        #expect(!sent.contains("2am"))
    }
}
