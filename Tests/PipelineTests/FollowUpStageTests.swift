import Config
import Foundation
import GRDB
import Pipeline
import Store
import Synchronization
import Testing
import Threading

/// The follow-up stage on a real store with a manual clock: SLA reminders and escalations, waiting on the customer,
/// satisfaction surveys answered by mail.
@Suite("follow-up stage")
struct FollowUpStageTests {
    static let ann = AgentDefinition(name: "Ann Agent", address: "ann@desk.example", supervisor: "sue@desk.example")
    static let sue = AgentDefinition(name: "Sue Supervisor", address: "sue@desk.example", available: false)
    /// Shanghai office hours (lunch break), weekdays.
    static let hours = BusinessHoursDefinition(
        name: "shanghai", timezone: "Asia/Shanghai", days: [1, 2, 3, 4, 5],
        hours: [ClockInterval(start: 9 * 60, end: 12 * 60), ClockInterval(start: 13 * 60, end: 18 * 60)],
        holidays: [.occasion(id: "qingming", extraDays: 0)])
    static let levels = ServiceLevels(
        policies: [SLAPolicy(name: "all", firstResponse: 120, nextResponse: 240, resolution: 2400)], calendars: [hours],
        escalation: EscalationSettings(remindAtPercent: 80, escalateTo: .supervisor, raisePriority: true),
        pending: PendingSettings(remindAfterDays: 3, closeAfterDays: 4),
        csat: SurveySettings(enabled: true, lowScore: 2, onLowScore: .reopen))

    static func at(_ text: String) -> Date {
        let f = ISO8601DateFormatter()
        return f.date(from: text)!
    }

    /// A gateway whose one agent, Ann, gets every thread; the customer's first mail arrives at `start`.
    func thread(
        start: String, body: String = "My smart lock will not connect to the Wi-Fi. Please help.",
        levels: ServiceLevels = levels
    ) throws -> (TestGateway, Store, Int64) {
        var g = try TestGateway()
        g.routing = Configuration.Routing(agents: [Self.ann, Self.sue])
        g.templates = repositoryRoot + "/templates"
        g.serviceLevels = levels
        g.now = Self.at(start)
        try g.deliver(
            mail(from: "Carol Customer <carol@example.com>", subject: "Lock offline", id: "q1@example.com", body: body))
        let store = try g.store()
        try g.pipeline(store).runOnce()
        let thread = try #require(try store.threads(ThreadFilter(), limit: 0).first)
        #expect(thread.assignee == Self.ann.address)
        return (g, store, thread.id)
    }

    /// Runs a whole pass at `time`.
    @discardableResult
    func pass(_ g: inout TestGateway, _ store: Store, at time: String) throws -> RunSummary {
        g.now = Self.at(time)
        return try g.pipeline(store).runOnce()
    }

    func outbox(_ store: Store, template: String) throws -> [OutboxEntry] {
        try store.outbox(state: nil, limit: 0).filter { $0.template?.hasSuffix("/" + template) == true }
    }

    func text(_ store: Store, _ entry: OutboxEntry) throws -> String {
        String(decoding: try #require(try store.outboxMessage(entry.id)).bytes, as: UTF8.self)
    }

    func surveyAddress(_ store: Store, _ thread: Int64) throws -> String {
        SurveyToken(threadID: thread, secret: ReplySecret(try store.tokenSecret())).address("support@desk.example")
    }

    @Test func aBreachSendsExactlyOneReminderAndOneEscalation() throws {
        // Monday 1 March 2027, 09:00 in Shanghai: first response due in 2 business hours, at 11:00.
        var (g, store, thread) = try thread(start: "2027-03-01T09:00:00+08:00")
        #expect(
            try store.timers(thread: thread).first { $0.metric == "first_response" }?.dueAt == "2027-03-01T03:00:00Z")
        try pass(&g, store, at: "2027-03-01T10:30:00+08:00")
        #expect(try outbox(store, template: "agent_sla_reminder").isEmpty)
        let reminded = try pass(&g, store, at: "2027-03-01T10:37:00+08:00")  // 80 % is 10:36
        #expect(reminded.slaReminders == 1)
        try pass(&g, store, at: "2027-03-01T10:50:00+08:00")
        let reminders = try outbox(store, template: "agent_sla_reminder")
        #expect(reminders.count == 1)
        #expect(reminders.first?.to == [Self.ann.address])
        #expect(try text(store, reminders[0]).contains("2027-03-01 11:00 (Asia/Shanghai)"))
        #expect(try store.threads(ThreadFilter(), limit: 0).isEmpty == false)
        var dueSoon = ThreadFilter()
        dueSoon.slaDue = (Self.at("2027-03-01T10:50:00+08:00"), Self.at("2027-03-01T11:50:00+08:00"))
        #expect(try store.threads(dueSoon, limit: 0).map(\.id) == [thread])

        let priorityBefore = try #require(try store.thread(thread)?.priority)
        let escalated = try pass(&g, store, at: "2027-03-01T11:01:00+08:00")
        #expect(escalated.slaEscalations == 1)
        for time in ["2027-03-01T11:02:00+08:00", "2027-03-01T14:00:00+08:00", "2027-03-02T09:30:00+08:00"] {
            try pass(&g, store, at: time)
        }
        let escalations = try outbox(store, template: "agent_sla_escalation")
        #expect(escalations.count == 1)
        #expect(escalations.first?.to == [Self.sue.address])
        #expect(try outbox(store, template: "agent_sla_reminder").count == 1)
        // The breach raised the priority one step, once.
        let order = ["low", "normal", "high", "urgent"]
        let raised = order[min(order.firstIndex(of: priorityBefore)! + 1, 3)]
        #expect(try store.thread(thread)?.priority == raised)
        var breached = ThreadFilter()
        breached.slaBreachedBy = Self.at("2027-03-01T11:01:00+08:00")
        #expect(try store.threads(breached, limit: 0).map(\.id) == [thread])
        breached.slaBreachedBy = Self.at("2027-03-01T10:59:00+08:00")
        #expect(try store.threads(breached, limit: 0).isEmpty)

        // The late answer stops the timer as breached; nothing more is sent for it.
        g.now = Self.at("2027-03-02T10:00:00+08:00")
        _ = try g.pipeline(store).submitAgentMail(
            thread: thread, agent: Self.ann.address, text: "Please reset the lock.", note: false)
        try pass(&g, store, at: "2027-03-02T10:01:00+08:00")
        let first = try #require(try store.timers(thread: thread).first { $0.metric == "first_response" })
        #expect(first.state == "breached")
        #expect(first.breachedAt == "2027-03-01T03:00:00Z")
        #expect(try outbox(store, template: "agent_sla_escalation").count == 1)
    }

    @Test func weekendsAndHolidaysDoNotCount() throws {
        // Friday 17:30: half an hour on Friday, then Monday 09:00–10:30.
        var (g, store, thread) = try thread(start: "2027-03-05T17:30:00+08:00")
        #expect(
            try store.timers(thread: thread).first { $0.metric == "first_response" }?.dueAt == "2027-03-08T02:30:00Z")
        try pass(&g, store, at: "2027-03-06T12:00:00+08:00")
        try pass(&g, store, at: "2027-03-07T20:00:00+08:00")
        #expect(try outbox(store, template: "agent_sla_escalation").isEmpty)
        try pass(&g, store, at: "2027-03-08T10:31:00+08:00")
        #expect(try outbox(store, template: "agent_sla_escalation").count == 1)

        // Qingming (Monday 5 April 2027) is a holiday: a Friday-evening mail is due on Tuesday.
        let (_, store2, thread2) = try self.thread(start: "2027-04-02T18:30:00+08:00")
        #expect(
            try store2.timers(thread: thread2).first { $0.metric == "first_response" }?.dueAt == "2027-04-06T03:00:00Z")
    }

    @Test func waitingOnTheCustomerRemindsOnceThenClosesAndAskForARating() throws {
        var (g, store, thread) = try thread(start: "2027-03-01T09:00:00+08:00")
        g.now = Self.at("2027-03-01T10:00:00+08:00")
        _ = try g.pipeline(store).submitAgentMail(
            thread: thread, agent: Self.ann.address,
            text: "Please hold the reset button for 10 seconds and tell us.", note: false)
        #expect(try store.thread(thread)?.status == "pending")
        try pass(&g, store, at: "2027-03-03T10:00:00+08:00")
        #expect(try outbox(store, template: "reminder_pending").isEmpty)
        // Three business days after Monday 10:00: Thursday 10:00.
        let reminded = try pass(&g, store, at: "2027-03-04T10:01:00+08:00")
        #expect(reminded.pendingReminders == 1)
        try pass(&g, store, at: "2027-03-05T10:01:00+08:00")
        let reminders = try outbox(store, template: "reminder_pending")
        #expect(reminders.map(\.to) == [["carol@example.com"]])
        #expect(try text(store, reminders[0]).contains("Reply-To: support+\(thread)-"))
        #expect(try store.thread(thread)?.status == "pending")
        // Four business days after the reminder (Thursday 10:01): Wednesday 10 March 10:01.
        try pass(&g, store, at: "2027-03-10T10:00:00+08:00")
        #expect(try store.thread(thread)?.status == "pending")
        let closed = try pass(&g, store, at: "2027-03-10T10:02:00+08:00")
        #expect(closed.autoClosed == 1)
        #expect(try store.thread(thread)?.status == "resolved")
        let closing = try outbox(store, template: "auto_closed")
        #expect(closing.count == 1)
        let closingText = try text(store, closing[0])
        #expect(closingText.contains("Reply-To: support+s\(thread)-"))
        // The closing mail is the survey: no second one.
        try pass(&g, store, at: "2027-03-10T11:00:00+08:00")
        #expect(try outbox(store, template: "csat_request").isEmpty)
        #expect(try store.survey(thread: thread)?.template == "en/auto_closed")

        // The customer answers the closing mail with a low score, above the quoted mail and a signature.
        try g.deliver(
            mail(
                from: "carol@example.com", to: try surveyAddress(store, thread), subject: "Re: Lock offline",
                id: "a1@example.com", inReplyTo: closing[0].messageId,
                body: """
                    1 - nobody told me the reset erases my codes

                    --
                    Carol

                    On Wed, 10 Mar 2027, Lumo Support <support@desk.example> wrote:
                    > How satisfied were you with our help? Reply with one number:
                    > 5 very satisfied
                    """))
        let answered = try pass(&g, store, at: "2027-03-10T12:00:00+08:00")
        #expect(answered.surveyAnswers == 1)
        let survey = try #require(try store.survey(thread: thread))
        #expect(survey.score == 1)
        #expect(survey.comment == "nobody told me the reset erases my codes")
        #expect(survey.lowAction == "reopened")
        #expect(try store.thread(thread)?.status == "open")
        #expect(try outbox(store, template: "agent_csat_low").map(\.to) == [[Self.ann.address]])
        // Its next-response timer runs: the customer's unhappy words wait for an answer.
        #expect(try store.timers(thread: thread).contains { $0.metric == "next_response" && $0.state == "running" })
    }

    @Test func aCustomerReplyWhileWaitingReopensAndStopsTheWait() throws {
        var (g, store, thread) = try thread(start: "2027-03-01T09:00:00+08:00")
        g.now = Self.at("2027-03-01T10:00:00+08:00")
        _ = try g.pipeline(store).submitAgentMail(
            thread: thread, agent: Self.ann.address, text: "Which model is it?", note: false)
        let answer = try #require(try store.messages(inThread: thread).last { $0.direction == "out" })
        try g.deliver(
            mail(
                from: "carol@example.com", subject: "Re: Lock offline", id: "r1@example.com",
                inReplyTo: answer.messageId, body: "It is the L2 model."))
        try pass(&g, store, at: "2027-03-02T09:00:00+08:00")
        #expect(try store.thread(thread)?.status == "open")
        try pass(&g, store, at: "2027-03-20T09:00:00+08:00")
        #expect(try outbox(store, template: "reminder_pending").isEmpty)
        #expect(try outbox(store, template: "auto_closed").isEmpty)
        #expect(try store.thread(thread)?.status == "open")
        // The wait paused the resolution clock: one business hour (09:00–10:00) before it, then from Tuesday on.
        let resolution = try #require(try store.timers(thread: thread).first { $0.metric == "resolution" })
        #expect(resolution.state == "running")
    }

    @Test func surveyAnswersInChineseAndEnglishKeepTheThreadResolved() throws {
        for (body, score, comment) in [
            (
                "满意，谢谢！\n\n发自我的iPhone\n\n------------------ 原始邮件 ------------------\n发件人: \"Lumo\" <support@desk.example>\n主题: 请为我们的服务打分\n\n请直接回复 1 到 5 的数字",
                4, "满意，谢谢！"
            ),
            (
                "5 - great, thanks\n\n-- \nCarol Customer\n\nOn Mon, 1 Mar 2027 at 10:00, Lumo Support <support@desk.example> wrote:\n> How satisfied are you? 1 very dissatisfied",
                5, "great, thanks"
            )
        ] {
            var (g, store, thread) = try thread(start: "2027-03-01T09:00:00+08:00")
            g.now = Self.at("2027-03-01T10:00:00+08:00")
            _ = try store.correctThread(thread, ThreadCorrection(status: .resolved), actor: "agent:ann", at: g.now)
            let sent = try pass(&g, store, at: "2027-03-01T10:01:00+08:00")
            #expect(sent.surveysSent == 1)
            try pass(&g, store, at: "2027-03-01T10:02:00+08:00")
            let surveys = try outbox(store, template: "csat_request")
            #expect(surveys.count == 1)
            // Answered by replying (In-Reply-To the survey) from the customer's own address.
            try g.deliver(
                mail(
                    from: "carol@example.com", subject: "Re: How did we do?", id: UUID().uuidString + "@example.com",
                    inReplyTo: surveys[0].messageId, body: body))
            let answered = try pass(&g, store, at: "2027-03-01T12:00:00+08:00")
            #expect(answered.surveyAnswers == 1)
            #expect(answered.threadsUpdated == 0)
            let survey = try #require(try store.survey(thread: thread))
            #expect(survey.score == score)
            #expect(survey.comment == comment)
            #expect(survey.agent == Self.ann.address)
            #expect(survey.lowAction == nil)
            #expect(try store.thread(thread)?.status == "resolved")
            #expect(try outbox(store, template: "agent_csat_low").isEmpty)
        }
    }

    @Test func aReplyToTheSurveyWithoutAScoreIsCustomerMailAndReopens() throws {
        var (g, store, thread) = try thread(start: "2027-03-01T09:00:00+08:00")
        _ = try store.correctThread(
            thread, ThreadCorrection(status: .resolved), actor: "agent:ann", at: Self.at("2027-03-01T10:00:00+08:00"))
        try pass(&g, store, at: "2027-03-01T10:01:00+08:00")
        let survey = try #require(try outbox(store, template: "csat_request").first)
        try g.deliver(
            mail(
                from: "carol@example.com", to: try surveyAddress(store, thread), subject: "Re: How did we do?",
                id: "n1@example.com", inReplyTo: survey.messageId,
                body: "Actually the lock went offline again this morning, can someone call me?"))
        let summary = try pass(&g, store, at: "2027-03-01T11:00:00+08:00")
        #expect(summary.surveyAnswers == 0)
        #expect(try store.thread(thread)?.status == "open")
        #expect(try store.survey(thread: thread)?.score == nil)
    }

    @Test func noSurveyForOptedOutCustomersOrWhenOff() throws {
        var (g, store, thread) = try thread(start: "2027-03-01T09:00:00+08:00")
        _ = try store.updateCustomer("carol@example.com", [.surveyOptOut(true)], actor: "test", at: Date())
        _ = try store.correctThread(
            thread, ThreadCorrection(status: .resolved), actor: "agent:ann", at: Self.at("2027-03-01T10:00:00+08:00"))
        try pass(&g, store, at: "2027-03-01T10:01:00+08:00")
        #expect(try outbox(store, template: "csat_request").isEmpty)
        #expect(try store.survey(thread: thread)?.reason == "the customer opted out of surveys")

        var off = Self.levels
        off.csat.enabled = false
        var (g2, store2, thread2) = try self.thread(start: "2027-03-01T09:00:00+08:00", levels: off)
        _ = try store2.correctThread(
            thread2, ThreadCorrection(status: .resolved), actor: "agent:ann", at: Self.at("2027-03-01T10:00:00+08:00"))
        try pass(&g2, store2, at: "2027-03-01T10:01:00+08:00")
        #expect(try store2.survey(thread: thread2)?.state == "skipped")
        #expect(try outbox(store2, template: "csat_request").isEmpty)
    }

    @Test func robotsGetNoTimersRemindersOrSurveys() throws {
        var g = try TestGateway()
        g.routing = Configuration.Routing(agents: [Self.ann])
        g.templates = repositoryRoot + "/templates"
        g.serviceLevels = Self.levels
        g.now = Self.at("2027-03-01T09:00:00+08:00")
        try g.deliver(
            mail(
                from: "news@shop.example", subject: "Our spring sale", id: "b1@shop.example",
                body: "Big discounts!", headers: ["List-Id: <news.shop.example>", "Precedence: bulk"]))
        let store = try g.store()
        try g.pipeline(store).runOnce()
        let bulk = try #require(try store.threads(ThreadFilter(kind: "bulk"), limit: 0).first)
        _ = try store.correctThread(bulk.id, ThreadCorrection(status: .resolved), actor: "test", at: g.now)
        try pass(&g, store, at: "2027-03-08T09:00:00+08:00")
        #expect(try store.timers(thread: bulk.id).isEmpty)
        #expect(try store.survey(thread: bulk.id)?.state == "skipped")
        #expect(try store.outbox(state: nil, limit: 0).filter { $0.kind == "survey" || $0.kind == "followup" }.isEmpty)
    }

    @Test func twoProcessesAtOnceSendEachFollowUpMailOnce() throws {
        let (g, store, _) = try thread(start: "2027-03-01T09:00:00+08:00")
        g.now = Self.at("2027-03-01T11:30:00+08:00")
        let other = try g.store()
        let a = try g.pipeline(store), b = try g.pipeline(other)
        let escalations = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            var s = RunSummary()
            try? (i == 0 ? a : b).followUp(into: &s)
            escalations.withLock { $0 += s.slaEscalations }
        }
        #expect(escalations.withLock { $0 } == 1)
        #expect(try outbox(store, template: "agent_sla_escalation").count == 1)
    }
}
