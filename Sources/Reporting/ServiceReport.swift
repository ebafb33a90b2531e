import Foundation
import Store

/// What `maildesk report` tells a team lead: volume, how fast the team answered and resolved, what waits now,
/// and what customers said. Each section is one store query (`Store+Report*.swift`) and one function that
/// lays it out (`ServiceReport+Sections.swift`); the JSON output is this value as it is.
///
/// SLA attainment and CSAT plug in the same way once the store keeps SLA timers and survey answers: an
/// optional field here filled by one query in `make`, and one section function in `sections`.
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
    public var backlog: BacklogFigures
    public var feedback: FeedbackFigures
    public var complaintTopics: ComplaintTopics

    /// Reads every section from the store. `teams` maps each category to its team (from `config/agents.toml`);
    /// `elapsed` measures every duration (wall-clock hours until business time replaces it).
    public static func make(_ store: Store, period: ReportPeriod, now: Date, teams: [String: String] = [:],
                            elapsed: ElapsedTime = .wallClock) throws -> ServiceReport {
        let scope = ReportScope(from: period.from, to: period.to, teams: teams, elapsed: elapsed)
        return ServiceReport(
            period: Period(from: Timestamp.string(period.from), to: Timestamp.string(period.to),
                           timeZone: period.timeZone.identifier, firstDay: period.day(period.from),
                           lastDay: period.day(period.to.addingTimeInterval(-1)), previousFrom: Timestamp.string(period.previous.from),
                           now: Timestamp.string(now), hours: elapsed.name),
            volumes: try store.reportVolumes(scope, weeks: period.weeks),
            times: try store.reportTimes(scope),
            backlog: try store.reportBacklog(scope, now: now),
            feedback: try store.reportFeedback(scope),
            complaintTopics: try ComplaintTopics.analyse(store, period: period))
    }
}
