import Config
import Foundation
import FollowUp
import Testing

/// SLA timers computed from a thread's history, with the clock in hand.
@Suite("SLA timers")
struct SLAClockTests {
    static let policy = SLAPolicy(name: "normal", firstResponse: 60, nextResponse: 120, resolution: 480)
    static let utc = aroundTheClock("UTC")
    static let t0 = at("2027-03-01T09:00:00Z")

    func minutes(_ n: Double) -> Date { Self.t0.addingTimeInterval(n * 60) }

    func timers(
        _ events: [(Double, ThreadHistory.Event)], status: String, calendar: BusinessCalendar = utc,
        policy: SLAPolicy = policy, percent: Int = 80
    ) -> [SLATimer] {
        let history = ThreadHistory(
            start: Self.t0, events: events.map { (at: minutes($0.0), event: $0.1) },
            status: status, statusAt: minutes(events.last?.0 ?? 0))
        return SLAClock.timers(history, policy: policy, calendar: calendar, remindAtPercent: percent)
    }

    func timer(_ list: [SLATimer], _ metric: SLAMetric, _ cycle: Int = 1) throws -> SLATimer {
        try #require(list.first { $0.metric == metric && $0.cycle == cycle })
    }

    @Test func aNewThreadRunsItsFirstResponseAndResolutionTimers() throws {
        let list = timers([], status: "open")
        let first = try timer(list, .firstResponse)
        #expect(first.state == .running)
        #expect(first.dueAt == minutes(60))
        #expect(first.remindAt == minutes(48))
        #expect(try timer(list, .resolution).dueAt == minutes(480))
        #expect(!list.contains { $0.metric == .nextResponse })
    }

    @Test func anAnswerMeetsTheFirstResponseAndWaitingOnTheCustomerPausesTheResolution() throws {
        // Answered after 30 minutes (the thread waits on the customer); the customer writes 90 minutes later.
        let list = timers(
            [(30, .agentAnswer), (30, .status("pending")), (120, .customerMessage), (120, .status("open"))],
            status: "open")
        let first = try timer(list, .firstResponse)
        #expect(first.state == .met)
        #expect(first.elapsed == 30 * 60)
        #expect(first.stoppedAt == minutes(30))
        let resolution = try timer(list, .resolution)
        #expect(resolution.state == .running)
        #expect(resolution.elapsed == 30 * 60)  // the wait did not count
        #expect(resolution.dueAt == minutes(120 + 450))
        let next = try timer(list, .nextResponse)
        #expect(next.state == .running)
        #expect(next.startedAt == minutes(120))
        #expect(next.dueAt == minutes(240))
    }

    @Test func whilePendingNothingIsDueAndNothingReminds() throws {
        let list = timers([(30, .agentAnswer), (30, .status("pending"))], status: "pending")
        let resolution = try timer(list, .resolution)
        #expect(resolution.state == .paused)
        #expect(resolution.dueAt == nil)
        #expect(resolution.remindAt == nil)
        #expect(resolution.pausedAt == minutes(30))
    }

    @Test func aLateAnswerIsABreachAtTheDueTime() throws {
        let list = timers([(150, .agentAnswer)], status: "open")
        let first = try timer(list, .firstResponse)
        #expect(first.state == .breached)
        #expect(first.breachedAt == minutes(60))
        #expect(first.elapsed == 150 * 60)
    }

    @Test func resolvingWithoutAnAnswerCancelsInTimeOrBreachesLate() throws {
        let early = timers([(20, .status("resolved"))], status: "resolved")
        #expect(try timer(early, .firstResponse).state == .cancelled)
        #expect(try timer(early, .resolution).state == .met)
        let late = timers([(90, .status("resolved"))], status: "resolved")
        #expect(try timer(late, .firstResponse).state == .breached)
    }

    @Test func aReopenedThreadGetsANewResolutionCycle() throws {
        let list = timers(
            [(30, .agentAnswer), (40, .status("resolved")), (600, .customerMessage), (600, .status("open"))],
            status: "open")
        #expect(try timer(list, .resolution, 1).state == .met)
        let second = try timer(list, .resolution, 2)
        #expect(second.state == .running)
        #expect(second.startedAt == minutes(600))
        #expect(second.dueAt == minutes(1080))
        #expect(try timer(list, .nextResponse).dueAt == minutes(720))
    }

    @Test func aBreachBeforeAPauseStaysABreachAfterIt() throws {
        let list = timers([(100, .status("pending")), (200, .status("open"))], status: "open")
        let first = try timer(list, .firstResponse)
        #expect(first.state == .running)
        #expect(first.breachedAt == minutes(60))
        #expect(first.dueAt == minutes(60))
    }

    @Test func timersCountInBusinessHours() throws {
        // A Friday 17:00 mail in Shanghai: an 8-hour resolution target falls on Monday 17:00 (one hour on Friday, the lunch break skipped).
        let policy = SLAPolicy(name: "biz", firstResponse: 120, resolution: 480)
        let start = at("2027-03-05T17:00:00+08:00")
        let history = ThreadHistory(start: start, events: [], status: "open", statusAt: start)
        let list = SLAClock.timers(history, policy: policy, calendar: shanghai, remindAtPercent: 50)
        #expect(try timer(list, .firstResponse).dueAt == at("2027-03-08T10:00:00+08:00"))
        #expect(try timer(list, .firstResponse).remindAt == at("2027-03-05T18:00:00+08:00"))
        #expect(try timer(list, .resolution).dueAt == at("2027-03-08T17:00:00+08:00"))
    }

    @Test func theStatusNowWinsOverAnOlderHistory() throws {
        // A thread from before the status log: pending now, no recorded change.
        let history = ThreadHistory(start: Self.t0, events: [], status: "pending", statusAt: minutes(10))
        let list = SLAClock.timers(history, policy: Self.policy, calendar: Self.utc, remindAtPercent: 80)
        #expect(try timer(list, .resolution).state == .paused)
        #expect(try timer(list, .resolution).elapsed == 600)
    }

    @Test func aPolicyWithoutATargetHasNoTimerForIt() {
        let list = timers([], status: "open", policy: SLAPolicy(name: "r", resolution: 60), percent: 0)
        #expect(list.map(\.metric) == [.resolution])
        #expect(list.first?.remindAt == nil)
    }
}
