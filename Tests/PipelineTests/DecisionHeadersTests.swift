import Config
import Foundation
import GRDB
import Pipeline
import Store
import Testing

/// The classify stage decides with header fields the parse stage recorded (priority, Date, maildesk's marker),
/// not by parsing the raw header again; only rules that name header fields, and messages parsed before the fields
/// were recorded, make it read the raw header.
@Suite("decision headers")
struct DecisionHeadersTests {
    static let urgent = mail(
        subject: "Question about my hub", id: "p1@x", body: "How do I pair the hub with the app?",
        headers: ["X-Priority: 1 (Highest)", "Received: from mx.example.com by desk.example", "X-Mailer: Outlook 16"])

    func decisionHeaders(_ g: TestGateway) throws -> String? {
        try DatabaseQueue(path: g.configuration.gateway.store.path).read {
            try String.fetchOne($0, sql: "SELECT decision_headers FROM message")
        }
    }

    @Test func theParseStageRecordsTheFieldsAndTheClassifyStageDecidesWithThem() throws {
        let g = try TestGateway()
        try g.deliver(Self.urgent)
        let store = try g.store()
        _ = try g.pipeline(store).runOnce()
        let recorded = try #require(try decisionHeaders(g))
        #expect(recorded.contains("\"x-priority\"") && recorded.contains("\"date\""), "\(recorded)")
        #expect(!recorded.contains("received") && !recorded.contains("x-mailer"), "\(recorded)")
        // X-Priority 1 raised the priority (one step) without the raw header being read.
        let thread = try #require(try store.threads(status: nil, limit: 0).first)
        let details = try store.events(entity: "thread", id: thread.id).compactMap(\.detail)
        #expect(details.contains { $0.contains("header X-Priority: 1") }, "\(details)")
        let without = try store.threadsToClassify(limit: 10, textLimit: 100, rawHeader: false)
        #expect(without.isEmpty)  // decided already
    }

    @Test func aWaitingThreadComesWithItsFieldsAndNoRawBytesUnlessAsked() throws {
        let g = try TestGateway()
        try g.deliver(Self.urgent)
        let store = try g.store()
        let pipeline = try g.pipeline(store)
        _ = try pipeline.runOnce()
        // Undecided again, as a thread waiting for the classify stage.
        try DatabaseQueue(path: g.configuration.gateway.store.path).write {
            try $0.execute(sql: "UPDATE thread SET classified_at = NULL")
        }
        let light = try #require(try store.threadsToClassify(limit: 10, textLimit: 100, rawHeader: false).first)
        #expect(light.rawStart.isEmpty)
        #expect(light.decisionHeaders?.contains { $0.name == "x-priority" && $0.value.hasPrefix("1") } == true)
        let full = try #require(try store.threadsToClassify(limit: 10, textLimit: 100, rawHeader: true).first)
        #expect(String(decoding: full.rawStart, as: UTF8.self).contains("X-Mailer: Outlook 16"))
        // A message parsed before the fields were recorded comes with its raw header.
        try DatabaseQueue(path: g.configuration.gateway.store.path).write {
            try $0.execute(sql: "UPDATE message SET decision_headers = NULL")
        }
        let old = try #require(try store.threadsToClassify(limit: 10, textLimit: 100, rawHeader: false).first)
        #expect(old.decisionHeaders == nil && !old.rawStart.isEmpty)
    }

    /// A rule on a header field the parse stage does not record still sees it.
    @Test func aRuleOnAnyHeaderFieldStillMatches() throws {
        var g = try TestGateway()
        var rule = RuleDefinition(name: "Outlook users")
        rule.headers = ["x-mailer": ["outlook"]]
        rule.setCategory = "technical"
        g.routing = Configuration.Routing(agents: [], teams: [], rules: [rule])
        try g.deliver(Self.urgent)
        let store = try g.store()
        _ = try g.pipeline(store).runOnce()
        let thread = try #require(try store.threads(status: nil, limit: 0).first)
        #expect(thread.category == "technical")
        #expect(thread.decidedBy?.contains("Outlook users") == true, "\(thread.decidedBy ?? "-")")
    }
}
