import Config
import Foundation
import Pipeline
import Store
import Testing

/// History taken in by `maildesk import` on a real store with a manual clock: its SLA targets pass without a
/// reminder or an escalation, and the customer's next live mail starts the clock from that mail.
@Suite("history import")
struct HistoryImportTests {
    typealias Stage = FollowUpStageTests

    /// One customer mail imported as history at Monday 1 March 2027, 09:00 Shanghai, with every follow-up on.
    func imported(settled: Bool = false) throws -> (TestGateway, Store, Int64) {
        var g = try TestGateway()
        g.routing = Configuration.Routing(agents: [Stage.ann, Stage.sue])
        g.templates = repositoryRoot + "/templates"
        g.serviceLevels = Stage.levels
        g.now = Stage.at("2027-03-01T09:00:00+08:00")
        try g.deliver(mail(from: "Carol Customer <carol@example.com>", subject: "Lock offline", id: "q1@example.com"))
        let store = try g.store()
        let run = try store.beginImport(ImportRun(mailbox: "support", since: nil, settled: settled), at: g.now)
        let pipeline = try g.pipeline(store, importing: run)
        let summary = try pipeline.importHistory(g.configuration.mailboxes[0])
        #expect(summary.errors.isEmpty, "\(summary.errors)")
        #expect(try store.importRun(mailbox: "support")?.finishedAt != nil)
        let thread = try #require(try store.threads(ThreadFilter(), limit: 0).first)
        // Open history waits in the agent's queue (without a notification); settled history needs nobody.
        #expect(thread.assignee == (settled ? nil : Stage.ann.address))
        return (g, store, thread.id)
    }

    @Test func historyIsNeverAcknowledgedNotifiedRemindedOrEscalated() throws {
        var (g, store, thread) = try imported()
        // Past the reminder (10:36) and the breach (11:00) of the first response, and days later.
        for time in ["2027-03-01T10:37:00+08:00", "2027-03-01T11:30:00+08:00", "2027-03-08T11:30:00+08:00"] {
            let summary = try Stage().pass(&g, store, at: time)
            #expect(summary.slaReminders == 0 && summary.slaEscalations == 0)
        }
        #expect(try store.timers(thread: thread).isEmpty)
        #expect(try store.outbox(state: nil, limit: 0).isEmpty)
    }

    @Test func theNextLiveMailStartsTheClockFromItself() throws {
        var (g, store, thread) = try imported()
        g.now = Stage.at("2027-03-02T09:00:00+08:00")  // Tuesday
        try g.deliver(
            mail(
                from: "Carol Customer <carol@example.com>", subject: "Re: Lock offline", id: "q2@example.com",
                inReplyTo: "q1@example.com", references: ["q1@example.com"]))
        try Stage().pass(&g, store, at: "2027-03-02T09:00:00+08:00")
        let first = try #require(try store.timers(thread: thread).first { $0.metric == "first_response" })
        #expect(first.dueAt == "2027-03-02T03:00:00Z")  // 2 business hours after the live mail, not after the history
        let reminded = try Stage().pass(&g, store, at: "2027-03-02T10:37:00+08:00")
        #expect(reminded.slaReminders == 1)
        // The history's acknowledgement stays skipped: the reply is not a new thread.
        #expect(try Stage().outbox(store, template: "ack_need").isEmpty)
    }

    @Test func settledHistoryIsResolvedAndGetsNoSurvey() throws {
        var (g, store, thread) = try imported(settled: true)
        #expect(try store.threads(ThreadFilter(), limit: 0).first?.status == "resolved")
        try Stage().pass(&g, store, at: "2027-03-08T11:30:00+08:00")
        #expect(try store.outbox(state: nil, limit: 0).isEmpty)
        #expect(try store.timers(thread: thread).isEmpty)
    }
}
