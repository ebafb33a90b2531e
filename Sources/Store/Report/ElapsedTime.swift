import Foundation
import GRDB

/// How long something took, in hours: the one place a report measures time.
///
/// Reports use it for every duration (first response, resolution, a waiting thread's age). Today it counts
/// wall-clock hours; a business-time calculator (business hours per team, holidays, DST) replaces it by passing
/// another `ElapsedTime` with the same shape: the SQL calls it as `elapsed_hours(start, end, team)`, so every
/// median and p90 follows without a change to a query.
public struct ElapsedTime: Sendable {
    /// What the hours mean, for the report's header ("wall-clock hours").
    public var name: String
    /// Hours from `start` to `end` for a thread of `team` (nil: no team owns the thread's category).
    public var hours: @Sendable (_ start: Date, _ end: Date, _ team: String?) -> Double

    public init(name: String, hours: @escaping @Sendable (_ start: Date, _ end: Date, _ team: String?) -> Double) {
        self.name = name
        self.hours = hours
    }

    /// Hours on the clock, never negative (a clock set back must not give a negative wait).
    public static let wallClock = ElapsedTime(name: "wall-clock hours") { start, end, _ in
        max(0, end.timeIntervalSince(start)) / 3600
    }

    /// `elapsed_hours(start, end, team)` for SQL: NULL when a timestamp is missing or not in the stored form.
    var sqlFunction: DatabaseFunction {
        let hours = self.hours
        return DatabaseFunction("elapsed_hours", argumentCount: 3, pure: true) { values in
            guard let start = String.fromDatabaseValue(values[0]).flatMap(Timestamp.date),
                let end = String.fromDatabaseValue(values[1]).flatMap(Timestamp.date)
            else { return nil }
            return hours(start, end, String.fromDatabaseValue(values[2]))
        }
    }
}
