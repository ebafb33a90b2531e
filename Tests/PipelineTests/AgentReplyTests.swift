import Config
import Foundation
import GRDB
import Pipeline
import Store
import Testing
import Threading

/// Agents answer by mail: who may speak for the company, what is relayed, and the commands.
@Suite("agent replies")
struct AgentReplyTests: AgentReplyFixtures {
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
