import Config
import Foundation
import GRDB
import Pipeline
import Store
import Testing
import Threading

/// Agents' mail as it really comes: robots answering notifications, notes mangled by clients, attached
/// originals, unwritable answers, real Authentication-Results, a forgotten customer, an agent who is a customer.
@Suite("agent mail, odd and hostile")
struct HostileAgentMailTests: AgentReplyFixtures {
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
}
