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
    /// Stored times are whole seconds, cut down: what was stamped in the second `to` falls in may have happened
    /// before it, so that second is in (a report up to "now" includes the mail of this second).
    var toText: String { Self.end(to) }

    /// An exclusive end as stored text, its second included (see `toText`).
    static func end(_ date: Date) -> String {
        Timestamp.string(Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.up)))
    }
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
