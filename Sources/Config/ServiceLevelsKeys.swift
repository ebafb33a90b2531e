// The keys of `config/sla.toml`: its sections [escalation], [pending] and [csat] (each key with the built-in
// default the shipped file shows), and its [[business_hours]] and [[policy]] tables.

extension EscalationSettings {
    enum Keys {
        static let remindAtPercent = ConfigKey<Int>(
            "remind_at_percent", in: 0...99, default: 80,
            doc: "The owner is reminded once this percentage of a target's business time has passed (0: never).")
        static let escalateTo = ConfigKey<String>(
            "escalate_to", oneOf: Target.allCases.map(\.rawValue), default: "supervisor",
            doc: "Who is told at a breach: the owner's supervisor, else the team queue; or the queue.")
        static let raisePriority = ConfigKey<Bool>(
            "raise_priority", default: true, doc: "A breach raises the thread's priority one step.")

        static let all: [any DeclaredKey] = [remindAtPercent, escalateTo, raisePriority]
    }
}

extension PendingSettings {
    enum Keys {
        static let remindAfterDays = ConfigKey<Int>(
            "remind_after_days", in: 0...365, default: 3,
            doc: "Business days waiting on the customer before one reminder (0: no reminder).")
        static let closeAfterDays = ConfigKey<Int>(
            "close_after_days", in: 0...365, default: 4,
            doc: "Business days after the reminder before the thread is resolved (0: never automatically).")

        static let all: [any DeclaredKey] = [remindAfterDays, closeAfterDays]
    }
}

extension SurveySettings {
    enum Keys {
        static let enabled = ConfigKey<Bool>(
            "enabled", default: true, doc: "One satisfaction survey per resolved thread.")
        static let lowScore = ConfigKey<Int>(
            "low_score", in: 1...4, default: 2, doc: "Scores at or below this are low.")
        static let onLowScore = ConfigKey<String>(
            "on_low_score", oneOf: LowScoreAction.allCases.map(\.rawValue), default: "reopen",
            doc: "What a low score does: the thread opens again, or the supervisor is told.")
        static let delayMinutes = ConfigKey<Int>(
            "delay_minutes", in: 0...43_200, default: 0, doc: "Minutes after resolution before the survey goes.")

        static let all: [any DeclaredKey] = [enabled, lowScore, onLowScore, delayMinutes]
    }
}

extension BusinessHoursDefinition {
    enum Keys {
        static let name = ConfigKey<String>(
            "name", default: nil, doc: "The calendar's name: lowercase letters, digits, '-' and '_'; unique.")
        static let timezone = ConfigKey<String>(
            "timezone", default: nil, doc: "The IANA zone the hours are in, e.g. Asia/Shanghai.")
        static let days = ConfigKey<[String]>(
            "days", default: ["mon", "tue", "wed", "thu", "fri"], doc: "The working days: mon … sun.")
        /// The demo's calendar has a lunch break.
        static let hours = ConfigKey<[String]>(
            "hours", default: ["09:00-18:00"], shipped: ["09:00-12:00", "13:00-18:00"],
            doc: "Local spans of a working day, HH:MM-HH:MM (24:00 ends at midnight).")
        /// The demo keeps the Chinese public holidays.
        static let holidays = ConfigKey<[String]>(
            "holidays", default: [],
            shipped: [
                "new_year", "spring_festival+6", "qingming", "dragon_boat", "mid_autumn", "2027-05-01..2027-05-05",
                "2027-10-01..2027-10-07"
            ],
            doc: "Days off: an occasion id (+N: and the N days after it), a date, or a range of dates.")
        static let workingDays = ConfigKey<[String]>(
            "working_days", default: [], doc: "Weekend days that are worked (调休), as dates YYYY-MM-DD.")
        /// The demo's teams, from the shipped agents file.
        static let teams = ConfigKey<[String]>(
            "teams", default: [], shipped: ["Technical", "Customer care"],
            doc: "The [[team]]s whose threads count in this calendar; the first calendar counts for the rest.")

        static let all: [any DeclaredKey] = [name, timezone, days, hours, holidays, workingDays, teams]
    }
}

extension SLAPolicy {
    /// A policy's conditions hold when absent, and a target left out is not measured: none has a default.
    enum Keys {
        static let name = ConfigKey<String>(
            "name", default: nil, doc: "The policy's name, unique: events and reports cite it.")
        static let priority = ConfigKey<[String]>(
            "priority", default: nil, doc: "The thread priorities it applies to; absent: any.")
        static let category = ConfigKey<[String]>(
            "category", default: nil, doc: "The categories it applies to; absent: any.")
        static let customerTag = ConfigKey<[String]>(
            "customer_tag", default: nil, doc: "Customer tags, one of which the customer has; absent: any.")
        static let mailbox = ConfigKey<[String]>(
            "mailbox", default: nil, doc: "The mailboxes it applies to; absent: any.")
        static let businessHours = ConfigKey<String>(
            "business_hours", default: nil, doc: "The [[business_hours]] counted; absent: the team's calendar.")
        static let firstResponse = ConfigKey<String>(
            "first_response", default: nil, doc: "Business time until an agent's first answer, e.g. \"4h\".")
        static let nextResponse = ConfigKey<String>(
            "next_response", default: nil, doc: "Business time until the answer to each later customer message.")
        static let resolution = ConfigKey<String>(
            "resolution", default: nil, doc: "Business time until resolved (waiting on the customer pauses it).")

        static let all: [any DeclaredKey] = [
            name, priority, category, customerTag, mailbox, businessHours, firstResponse, nextResponse, resolution
        ]
        /// The targets, in the order they are read.
        static let targets = [firstResponse, nextResponse, resolution]
    }
}
