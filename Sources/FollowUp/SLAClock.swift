import Config
import Foundation

/// What happened on a thread that service levels count: the customer wrote, an agent answered, the status changed.
public struct ThreadHistory: Sendable {
    public enum Event: Sendable, Equatable {
        case customerMessage
        case agentAnswer
        case status(String)

        /// On the same second a message comes before an answer, and both before a status change (an answer
        /// with `#close` is an answer first; a customer's reply is read before it reopens the thread).
        var order: Int {
            switch self {
            case .customerMessage: 0
            case .agentAnswer: 1
            case .status: 2
            }
        }
    }

    /// When the thread began (its first customer message).
    public var start: Date
    public var events: [(at: Date, event: Event)]
    /// The thread's status now, applied last if the history ends elsewhere (a thread older than the status log).
    public var status: String
    /// When `status` was last set, for that correction.
    public var statusAt: Date

    public init(start: Date, events: [(at: Date, event: Event)], status: String, statusAt: Date) {
        self.start = start
        self.events = events
        self.status = status
        self.statusAt = statusAt
    }
}

/// One SLA target of a thread as it stands after its history: running (with when it breaches and when its owner
/// is reminded), paused while the thread waits on the customer, or stopped as met, breached or cancelled.
public struct SLATimer: Sendable, Equatable {
    public enum State: String, Sendable, Equatable {
        case running, paused, met, breached
        /// The thread was settled before the target's event (resolved without an answer) and in time.
        case cancelled
    }

    public var metric: SLAMetric
    /// 1 for the first timer of its metric on the thread, then 2, 3, … (each customer message waiting for an answer,
    /// each reopening).
    public var cycle: Int
    public var target: TimeInterval
    public var startedAt: Date
    public var state: State
    /// Business seconds used: until now-running-since for a running timer, in all for a stopped one.
    public var elapsed: TimeInterval
    /// Running: since when the clock counts again (the start, or the end of the last pause).
    public var runningSince: Date?
    /// Running: when it breaches (may be past).
    public var dueAt: Date?
    /// Running: when the owner is reminded (nil without reminders).
    public var remindAt: Date?
    public var pausedAt: Date?
    public var stoppedAt: Date?
    /// When the target was passed, if that is known from the history (a breached stop, a pause after the due time).
    public var breachedAt: Date?
}

/// The SLA timers of one thread, computed from its history alone: the same history always gives the same timers,
/// so the store can recompute them after any change, a crash, or a new configuration.
public enum SLAClock {
    /// The timers `policy` gives a thread with `history`, counted in `calendar`; a reminder is due when
    /// `remindAtPercent` of a target's business time has passed (0: none).
    public static func timers(
        _ history: ThreadHistory, policy: SLAPolicy, calendar: BusinessCalendar,
        remindAtPercent: Int
    ) -> [SLATimer] {
        var clock = Clock(policy: policy, calendar: calendar, remindAtPercent: remindAtPercent)
        clock.begin(at: history.start)
        let ordered = history.events.enumerated().sorted {
            ($0.element.at, $0.element.event.order, $0.offset) < ($1.element.at, $1.element.event.order, $1.offset)
        }
        for (_, item) in ordered {
            switch item.event {
            case .customerMessage: clock.customerWrote(at: max(item.at, history.start))
            case .agentAnswer: clock.agentAnswered(at: max(item.at, history.start))
            case .status(let status): clock.statusChanged(to: status, at: max(item.at, history.start))
            }
        }
        if clock.status != history.status {
            clock.statusChanged(to: history.status, at: max(history.statusAt, clock.lastEvent))
        }
        return clock.timers
    }

    private struct Clock {
        let policy: SLAPolicy
        let calendar: BusinessCalendar
        let remindAtPercent: Int
        var timers: [SLATimer] = []
        var status = "open"
        var answered = false
        var lastEvent = Date.distantPast

        init(policy: SLAPolicy, calendar: BusinessCalendar, remindAtPercent: Int) {
            self.policy = policy
            self.calendar = calendar
            self.remindAtPercent = remindAtPercent
        }

        var settled: Bool { status == "resolved" || status == "closed" }

        mutating func begin(at instant: Date) {
            lastEvent = instant
            start(.firstResponse, at: instant)
            start(.resolution, at: instant)
        }

        mutating func customerWrote(at t: Date) {
            lastEvent = max(lastEvent, t)
            // A new question after the first answer waits for its own answer.
            if answered && !isActive(.nextResponse) && !isActive(.firstResponse) { start(.nextResponse, at: t) }
        }

        mutating func agentAnswered(at t: Date) {
            lastEvent = max(lastEvent, t)
            answered = true
            stop(.firstResponse, at: t, reached: true)
            stop(.nextResponse, at: t, reached: true)
        }

        mutating func statusChanged(to new: String, at t: Date) {
            lastEvent = max(lastEvent, t)
            let old = status
            guard new != old else { return }
            status = new
            switch new {
            case "resolved", "closed":
                stop(.firstResponse, at: t, reached: false)
                stop(.nextResponse, at: t, reached: false)
                stop(.resolution, at: t, reached: true)
            case "pending":
                for i in timers.indices where timers[i].state == .running { pause(i, at: t) }
            default:
                if old == "resolved" || old == "closed" { start(.resolution, at: t) }
                for i in timers.indices where timers[i].state == .paused { resume(i, at: t) }
            }
        }

        func isActive(_ metric: SLAMetric) -> Bool {
            timers.contains { $0.metric == metric && ($0.state == .running || $0.state == .paused) }
        }

        /// Starts a timer of `metric` if the policy has a target for it; paused when the thread waits or is settled.
        mutating func start(_ metric: SLAMetric, at t: Date) {
            guard let minutes = policy.target(metric) else { return }
            let cycle = (timers.filter { $0.metric == metric }.map(\.cycle).max() ?? 0) + 1
            var timer = SLATimer(
                metric: metric, cycle: cycle, target: TimeInterval(minutes * 60), startedAt: t,
                state: .paused, elapsed: 0, pausedAt: t)
            if status == "pending" || settled {
                timers.append(timer)
                return
            }
            timer.state = .running
            timer.pausedAt = nil
            timers.append(timer)
            schedule(timers.count - 1, from: t)
        }

        /// Due and reminder instants of a timer that runs again from `t`.
        mutating func schedule(_ i: Int, from t: Date) {
            var timer = timers[i]
            timer.runningSince = t
            if let breached = timer.breachedAt {
                timer.dueAt = breached
            } else {
                timer.dueAt = calendar.adding(timer.target - timer.elapsed, to: t)
            }
            if remindAtPercent > 0 {
                let threshold = timer.target * Double(remindAtPercent) / 100
                timer.remindAt = timer.elapsed >= threshold ? t : calendar.adding(threshold - timer.elapsed, to: t)
            }
            timers[i] = timer
        }

        mutating func pause(_ i: Int, at t: Date) {
            var timer = timers[i]
            timer.elapsed += calendar.businessSeconds(from: timer.runningSince ?? t, to: t)
            if timer.breachedAt == nil, let due = timer.dueAt, due < t { timer.breachedAt = due }
            timer.state = .paused
            timer.pausedAt = t
            timer.runningSince = nil
            timer.dueAt = nil
            timer.remindAt = nil
            timers[i] = timer
        }

        mutating func resume(_ i: Int, at t: Date) {
            timers[i].state = .running
            timers[i].pausedAt = nil
            schedule(i, from: t)
        }

        /// Stops the active timer of `metric` at `t`: met or breached when its event happened (`reached`), else
        /// cancelled unless it had already breached.
        mutating func stop(_ metric: SLAMetric, at t: Date, reached: Bool) {
            guard
                let i = timers.firstIndex(where: {
                    $0.metric == metric && ($0.state == .running || $0.state == .paused)
                })
            else { return }
            var timer = timers[i]
            if timer.state == .running {
                timer.elapsed += calendar.businessSeconds(from: timer.runningSince ?? t, to: t)
                if timer.breachedAt == nil, let due = timer.dueAt, due < t { timer.breachedAt = due }
            }
            timer.state = timer.breachedAt != nil ? .breached : reached ? .met : .cancelled
            timer.stoppedAt = t
            timer.runningSince = nil
            timer.dueAt = nil
            timer.remindAt = nil
            timer.pausedAt = nil
            timers[i] = timer
        }
    }
}
