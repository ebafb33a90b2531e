import Foundation

/// What a report covers: a period `[from, to)`, how durations are measured, and which team owns each category.
public struct ReportScope: Sendable {
    public var from: Date
    public var to: Date
    /// Category → team name (`config/agents.toml`'s `[[team]] categories`); a thread's team is its category's.
    public var teams: [String: String]
    public var elapsed: ElapsedTime

    public init(from: Date, to: Date, teams: [String: String] = [:], elapsed: ElapsedTime = .wallClock) {
        self.from = from
        self.to = to
        self.teams = teams
        self.elapsed = elapsed
    }

    var fromText: String { Timestamp.string(from) }
    var toText: String { Timestamp.string(to) }
}

/// One bucket of the weekly volume: an ISO week, cut to the period at its ends.
public struct ReportWeek: Sendable, Equatable {
    /// `2026-W47`.
    public var label: String
    public var start: Date
    public var end: Date

    public init(label: String, start: Date, end: Date) {
        self.label = label
        self.start = start
        self.end = end
    }
}
