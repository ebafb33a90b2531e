import Occasions

/// `config/sla.toml`: what maildesk promises and how it keeps it — service-level targets in business time, the
/// business hours they count in, reminders and escalation before and at a breach, threads waiting on the customer,
/// and satisfaction surveys.
public struct ServiceLevels: Sendable, Equatable {
    /// Checked in file order; the first whose conditions all hold applies to a thread.
    public var policies: [SLAPolicy]
    /// Business hours; the first is the default for teams no other one names.
    public var calendars: [BusinessHoursDefinition]
    public var escalation: EscalationSettings
    public var pending: PendingSettings
    public var csat: SurveySettings
    /// The file it came from, for messages.
    public var file: String
    /// The holidays business hours name (`holidays = ["spring_festival+6"]`): built-in, custom and overridden.
    public var holidays: HolidayCatalogue = .builtIn

    public init(
        policies: [SLAPolicy] = [], calendars: [BusinessHoursDefinition] = [BusinessHoursDefinition.always],
        escalation: EscalationSettings = EscalationSettings(), pending: PendingSettings = PendingSettings(),
        csat: SurveySettings = SurveySettings(), file: String = FollowUpSettings.defaultSLAFile
    ) {
        self.policies = policies
        self.calendars = calendars.isEmpty ? [BusinessHoursDefinition.always] : calendars
        self.escalation = escalation
        self.pending = pending
        self.csat = csat
        self.file = file
    }

    /// The first policy whose conditions all hold for a thread with these facts; nil when none does.
    public func policy(priority: String?, category: String?, customerTags: [String], mailbox: String) -> SLAPolicy? {
        policies.first {
            $0.matches(priority: priority, category: category, customerTags: customerTags, mailbox: mailbox)
        }
    }

    /// The business hours a thread counts in: its policy's, else its team's, else the first calendar.
    public func calendar(for policy: SLAPolicy?, team: String?) -> BusinessHoursDefinition {
        if let name = policy?.businessHours, let found = calendars.first(where: { $0.name == name }) { return found }
        if let team, let found = calendars.first(where: { $0.teams.contains(team) }) { return found }
        return calendars[0]
    }
}

/// One `[[policy]]`: which threads it covers and its targets, in business minutes (nil: no such target).
public struct SLAPolicy: Sendable, Equatable {
    public var name: String
    /// Conditions; an empty list always holds, a list holds when any of its items does.
    public var priorities: [String]
    public var categories: [String]
    public var customerTags: [String]
    public var mailboxes: [String]
    /// The `[[business_hours]]` this policy counts in (nil: the thread's team's).
    public var businessHours: String?
    /// Until the first answer of an agent.
    public var firstResponse: Int?
    /// Until the agent's answer to each later customer message.
    public var nextResponse: Int?
    /// Until the thread is resolved.
    public var resolution: Int?

    public init(
        name: String, priorities: [String] = [], categories: [String] = [], customerTags: [String] = [],
        mailboxes: [String] = [], businessHours: String? = nil, firstResponse: Int? = nil,
        nextResponse: Int? = nil, resolution: Int? = nil
    ) {
        self.name = name
        self.priorities = priorities
        self.categories = categories
        self.customerTags = customerTags
        self.mailboxes = mailboxes
        self.businessHours = businessHours
        self.firstResponse = firstResponse
        self.nextResponse = nextResponse
        self.resolution = resolution
    }

    func matches(priority: String?, category: String?, customerTags tags: [String], mailbox: String) -> Bool {
        (priorities.isEmpty || priority.map(priorities.contains) == true)
            && (categories.isEmpty || category.map(categories.contains) == true)
            && (customerTags.isEmpty || tags.contains(where: customerTags.contains))
            && (mailboxes.isEmpty || mailboxes.contains(mailbox))
    }

    /// The target of `metric` in business minutes, nil when the policy sets none.
    public func target(_ metric: SLAMetric) -> Int? {
        switch metric {
        case .firstResponse: firstResponse
        case .nextResponse: nextResponse
        case .resolution: resolution
        }
    }
}

/// What an SLA target measures.
public enum SLAMetric: String, Sendable, Equatable, CaseIterable, Codable {
    case firstResponse = "first_response"
    case nextResponse = "next_response"
    case resolution
}

/// One `[[business_hours]]`: the working week of a team in its zone, and the days off.
public struct BusinessHoursDefinition: Sendable, Equatable {
    public var name: String
    /// An IANA zone: the hours are local time there, daylight saving followed.
    public var timezone: String
    /// ISO weekdays worked, 1 = Monday ... 7 = Sunday.
    public var days: [Int]
    /// Working intervals of each working day, minutes after local midnight (end exclusive, at most 1440), sorted.
    public var hours: [ClockInterval]
    public var holidays: [HolidayEntry]
    /// Days worked although they are not in `days` (调休: a weekend day worked for a longer holiday).
    public var workingDays: [CalendarDay]
    /// The teams (agents.toml `[[team]]` names) working these hours.
    public var teams: [String]

    public init(
        name: String, timezone: String, days: [Int], hours: [ClockInterval], holidays: [HolidayEntry] = [],
        workingDays: [CalendarDay] = [], teams: [String] = []
    ) {
        self.name = name
        self.timezone = timezone
        self.days = days
        self.hours = hours
        self.holidays = holidays
        self.workingDays = workingDays
        self.teams = teams
    }

    /// Around the clock, every day: what targets count in without a `[[business_hours]]`.
    public static let always = BusinessHoursDefinition(
        name: "always", timezone: "UTC", days: Array(1...7),
        hours: [ClockInterval(start: 0, end: 1440)])
}

/// A span of a day in minutes after midnight, `start` included, `end` excluded.
public struct ClockInterval: Sendable, Equatable, Comparable {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    public static func < (a: ClockInterval, b: ClockInterval) -> Bool { (a.start, a.end) < (b.start, b.end) }
}

/// A day off in `holidays`: a holiday of the care calendar (with the days after it that are off too), or dates.
public enum HolidayEntry: Sendable, Equatable {
    /// `spring_festival+6`: the occasion's day each year and the 6 days after it.
    case occasion(id: String, extraDays: Int)
    /// `2027-10-01` or `2027-10-01..2027-10-07` (inclusive).
    case dates(CalendarDay, CalendarDay)
}

/// `[escalation]`: reminders before a breach and what happens at it.
public struct EscalationSettings: Sendable, Equatable {
    public enum Target: String, Sendable, Equatable, CaseIterable {
        /// The owner's supervisor (agents.toml), else the thread's team queue.
        case supervisor
        /// The thread's team queue.
        case queue
    }

    /// The owner is reminded once this percentage of a target's business time has passed (0: no reminders).
    public var remindAtPercent: Int
    public var escalateTo: Target
    /// A breach raises the thread's priority one step (low → normal → high → urgent).
    public var raisePriority: Bool

    public init(remindAtPercent: Int = 80, escalateTo: Target = .supervisor, raisePriority: Bool = true) {
        self.remindAtPercent = remindAtPercent
        self.escalateTo = escalateTo
        self.raisePriority = raisePriority
    }
}

/// `[pending]`: a thread waiting on the customer.
public struct PendingSettings: Sendable, Equatable {
    /// Business days without a customer reply before one reminder to the customer (0: no reminder).
    public var remindAfterDays: Int
    /// Business days after the reminder (or after the wait began, without reminders) before the thread is resolved
    /// with a closing mail (0: never closed automatically).
    public var closeAfterDays: Int

    public init(remindAfterDays: Int = 3, closeAfterDays: Int = 4) {
        self.remindAfterDays = remindAfterDays
        self.closeAfterDays = closeAfterDays
    }
}

/// `[csat]`: one satisfaction survey per resolved thread, answered by mail.
public struct SurveySettings: Sendable, Equatable {
    public enum LowScoreAction: String, Sendable, Equatable, CaseIterable {
        /// The thread opens again, with its owner, who is told why.
        case reopen
        /// The owner's supervisor (else the team queue) is told; the thread stays resolved.
        case notify
    }

    public var enabled: Bool
    /// Scores at or below this are low (1...4).
    public var lowScore: Int
    public var onLowScore: LowScoreAction
    /// Minutes after the thread is resolved before the survey goes (a thread reopened meanwhile gets none yet).
    public var delayMinutes: Int

    public init(enabled: Bool = true, lowScore: Int = 2, onLowScore: LowScoreAction = .reopen, delayMinutes: Int = 0) {
        self.enabled = enabled
        self.lowScore = lowScore
        self.onLowScore = onLowScore
        self.delayMinutes = delayMinutes
    }
}

/// `[followup]` in `config/maildesk.toml`: where the service levels are.
public struct FollowUpSettings: Sendable, Equatable {
    /// The SLA file, as written; nil: none (no timers, reminders or surveys).
    public var slaFile: String?

    public static let defaultSLAFile = "config/sla.toml"

    public init(slaFile: String? = FollowUpSettings.defaultSLAFile) {
        self.slaFile = slaFile
    }

    enum Keys {
        static let sla = ConfigKey<String>(
            "sla", default: "config/sla.toml",
            doc: "Service levels, reminders, escalation, auto-close and surveys (\"\" for none).")

        static let all: [any DeclaredKey] = [sla]
    }

    static func read(_ table: TableReader, into settings: inout FollowUpSettings) {
        guard let path = table.string(Keys.sla) else { return }
        if path.isEmpty {
            settings.slaFile = nil
        } else if let problem = FieldChecks.path(Keys.sla.name, path) {
            table.fail(Keys.sla, problem)
        } else {
            settings.slaFile = path
        }
    }
}
