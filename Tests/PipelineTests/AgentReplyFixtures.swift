import Config
import Foundation
import GRDB
import Pipeline
import Store
import Testing
import Threading

/// What the agent-reply suites share: two agents, a team, one customer thread assigned to Ann, replies as mail
/// clients write them, and what the outbox holds.
protocol AgentReplyFixtures {}

extension AgentReplyFixtures {
    static var ann: AgentDefinition {
        AgentDefinition(name: "Ann Agent", address: "ann@desk.example", categories: ["technical"])
    }
    static var bob: AgentDefinition {
        AgentDefinition(name: "Bob Agent", address: "bob@desk.example", categories: ["technical"])
    }
    static var teams: [TeamDefinition] {
        [TeamDefinition(name: "Tech", categories: ["technical"], queue: "tech@desk.example")]
    }
    static var question: String {
        "My smart hub goes offline every night around 2am and the app cannot reach it. How do I fix this?"
    }

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

    func notices(_ store: Store, to agent: String = "ann@desk.example") throws -> [OutboxEntry] {
        try outbox(store).filter { $0.to == [agent] && $0.template?.hasSuffix("agent_notice") == true }
    }

}
