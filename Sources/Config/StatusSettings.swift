/// `[status]` in `config/maildesk.toml`: when `maildesk status` and `/healthz` call the gateway unwell.
///
/// Critical (exit 2): a mailbox whose last successful poll is older than `poll_stale_intervals` of its intervals
/// (at least 10 minutes) or that has failed for `failing_critical_minutes`; an unsent outbox row older than
/// `unsent_critical_minutes`; outbox rows that failed for good in the last `failed_window_hours`; a daemon
/// recorded as running whose heartbeat is older than `heartbeat_critical_minutes` or whose process is gone.
/// Warning (exit 1): a failing mailbox, or one never polled; an unsent row older than `unsent_warning_minutes`;
/// quarantined mail; SLA timers past due; a classifier model older than `model_warning_days`.
public struct StatusSettings: Sendable, Equatable {
    public var pollStaleIntervals: Int
    public var failingCriticalMinutes: Int
    public var unsentWarningMinutes: Int
    public var unsentCriticalMinutes: Int
    public var failedWindowHours: Int
    /// nil: 3 × `[run] interval`, at least 10 minutes.
    public var heartbeatCriticalMinutes: Int?
    /// 0: the model's age is never a warning.
    public var modelWarningDays: Int

    public init(
        pollStaleIntervals: Int = 5, failingCriticalMinutes: Int = 30, unsentWarningMinutes: Int = 15,
        unsentCriticalMinutes: Int = 60, failedWindowHours: Int = 24, heartbeatCriticalMinutes: Int? = nil,
        modelWarningDays: Int = 90
    ) {
        self.pollStaleIntervals = pollStaleIntervals
        self.failingCriticalMinutes = failingCriticalMinutes
        self.unsentWarningMinutes = unsentWarningMinutes
        self.unsentCriticalMinutes = unsentCriticalMinutes
        self.failedWindowHours = failedWindowHours
        self.heartbeatCriticalMinutes = heartbeatCriticalMinutes
        self.modelWarningDays = modelWarningDays
    }

    /// Seconds after which a running daemon's heartbeat is stale, for a loop that passes every `interval` seconds.
    public func heartbeatCriticalSeconds(runInterval interval: Int) -> Int {
        heartbeatCriticalMinutes.map { $0 * 60 } ?? max(3 * interval, 600)
    }

    enum Keys {
        /// A week, in minutes: the longest any minute threshold may be.
        private static let week = 7 * 24 * 60

        static let pollStaleIntervals = ConfigKey<Int>(
            "poll_stale_intervals", in: 2...1000, default: 5,
            doc: "A mailbox not polled for this many of its intervals (at least 10 minutes) is critical.")
        static let failingCriticalMinutes = ConfigKey<Int>(
            "failing_critical_minutes", in: 1...week, default: 30,
            doc: "A mailbox failing for this many minutes is critical.")
        static let unsentWarningMinutes = ConfigKey<Int>(
            "unsent_warning_minutes", in: 1...week, default: 15,
            doc: "An outbox row unsent for this many minutes is a warning.")
        static let unsentCriticalMinutes = ConfigKey<Int>(
            "unsent_critical_minutes", in: 1...week, default: 60,
            doc: "An outbox row unsent for this many minutes is critical.")
        static let failedWindowHours = ConfigKey<Int>(
            "failed_window_hours", in: 1...24 * 365, default: 24,
            doc: "Outbox rows that failed for good within this many hours are critical.")
        /// Absent: 3 × `[run] interval`, at least 10 minutes.
        static let heartbeatCriticalMinutes = ConfigKey<Int>(
            "heartbeat_critical_minutes", in: 1...week, default: nil,
            doc: "A running daemon whose heartbeat is older than this many minutes is critical.")
        static let modelWarningDays = ConfigKey<Int>(
            "model_warning_days", in: 0...3650, default: 90,
            doc: "A classifier model older than this many days is a warning (0: never).")

        static let all: [any DeclaredKey] = [
            pollStaleIntervals, failingCriticalMinutes, unsentWarningMinutes, unsentCriticalMinutes,
            failedWindowHours, heartbeatCriticalMinutes, modelWarningDays
        ]
    }

    static func read(_ table: TableReader, into settings: inout StatusSettings) {
        settings.pollStaleIntervals = table.integer(Keys.pollStaleIntervals) ?? settings.pollStaleIntervals
        settings.failingCriticalMinutes = table.integer(Keys.failingCriticalMinutes) ?? settings.failingCriticalMinutes
        settings.unsentWarningMinutes = table.integer(Keys.unsentWarningMinutes) ?? settings.unsentWarningMinutes
        settings.unsentCriticalMinutes = table.integer(Keys.unsentCriticalMinutes) ?? settings.unsentCriticalMinutes
        settings.failedWindowHours = table.integer(Keys.failedWindowHours) ?? settings.failedWindowHours
        settings.heartbeatCriticalMinutes =
            table.integer(Keys.heartbeatCriticalMinutes) ?? settings.heartbeatCriticalMinutes
        settings.modelWarningDays = table.integer(Keys.modelWarningDays) ?? settings.modelWarningDays
        if settings.unsentWarningMinutes >= settings.unsentCriticalMinutes {
            table.fail(
                table.has(Keys.unsentWarningMinutes) ? Keys.unsentWarningMinutes : Keys.unsentCriticalMinutes,
                "'unsent_warning_minutes' (\(settings.unsentWarningMinutes)) must be less than "
                    + "'unsent_critical_minutes' (\(settings.unsentCriticalMinutes)): an unsent message warns first, then is critical"
            )
        }
    }
}
