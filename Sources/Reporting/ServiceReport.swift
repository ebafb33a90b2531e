import Foundation
import Store

/// What `maildesk report` tells a team lead: volume, how fast the team answered and resolved, what waits now,
/// and what customers said. Each section is one store query (`Store+Report*.swift`) and one function that
/// lays it out (`ServiceReport+Sections.swift`); the JSON output is this value as it is.
public struct ServiceReport: Codable, Sendable {
    public struct Period: Codable, Sendable, Equatable {
        public var from: String
        public var to: String
        public var timeZone: String
        /// The first and last day the period touches, in its time zone (`2026-11-16`, `2026-11-22`).
        public var firstDay: String
        public var lastDay: String
        public var previousFrom: String
        /// The moment the backlog is read at (the injected clock).
        public var now: String
        /// What durations are measured in (`ElapsedTime.name`).
        public var hours: String
    }

    public var period: Period
    public var volumes: VolumeFigures
    public var times: TimeFigures
    public var serviceLevels: SLAFigures
    public var backlog: BacklogFigures
    public var satisfaction: SatisfactionFigures
    public var feedback: FeedbackFigures
    public var complaintTopics: ComplaintTopics

    /// Reads every section from the store. `teams` maps each category to its team (from `config/agents.toml`);
    /// `elapsed` measures every duration (`maildesk report` passes business hours when `config/sla.toml` has them).
    public static func make(
        _ store: Store, period: ReportPeriod, now: Date, teams: [String: String] = [:],
        elapsed: ElapsedTime = .wallClock
    ) throws -> ServiceReport {
        let scope = ReportScope(from: period.from, to: period.to, teams: teams, elapsed: elapsed)
        return ServiceReport(
            period: Period(
                from: Timestamp.string(period.from), to: Timestamp.string(period.to),
                timeZone: period.timeZone.identifier, firstDay: period.day(period.from),
                lastDay: period.day(period.to.addingTimeInterval(-1)),
                previousFrom: Timestamp.string(period.previous.from),
                now: Timestamp.string(now), hours: elapsed.name),
            volumes: try store.reportVolumes(scope, weeks: period.weeks),
            times: try store.reportTimes(scope),
            serviceLevels: try store.reportServiceLevels(scope, now: now),
            backlog: try store.reportBacklog(scope, now: now),
            satisfaction: try store.reportSatisfaction(scope),
            feedback: try store.reportFeedback(scope),
            complaintTopics: try ComplaintTopics.analyse(store, period: period))
    }
}
