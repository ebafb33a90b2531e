import Foundation
import Store

/// The period a report covers, `[from, to)`, and the time zone its days and weeks are read in.
public struct ReportPeriod: Sendable, Equatable {
    public var from: Date
    public var to: Date
    public var timeZone: TimeZone

    public init(from: Date, to: Date, timeZone: TimeZone) {
        self.from = from
        self.to = to
        self.timeZone = timeZone
    }

    /// The period of equal length just before this one (for trends).
    public var previous: ReportPeriod {
        ReportPeriod(from: from.addingTimeInterval(-to.timeIntervalSince(from)), to: from, timeZone: timeZone)
    }

    /// `--from` and `--to` as written: a day (`2026-11-16`: from its start; as `--to`, to its end, so
    /// `--from 2026-11-16 --to 2026-11-22` is the whole week) or an ISO 8601 time with a zone. Absent `--to` is
    /// `now`; absent `--from` is seven days before `--to`. Errors say which value is wrong and how to write it.
    public static func parse(from: String?, to: String?, now: Date, timeZone: TimeZone) -> Result<
        ReportPeriod, PeriodError
    > {
        // Whole seconds, as the store keeps time: the mail of the current second is in.
        var end = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.up))
        if let to {
            guard let moment = moment(to, endOfDay: true, timeZone) else { return .failure(.unreadable("--to", to)) }
            end = moment
        }
        var start = end.addingTimeInterval(-7 * 86_400)
        if let from {
            guard let moment = moment(from, endOfDay: false, timeZone) else {
                return .failure(.unreadable("--from", from))
            }
            start = moment
        }
        guard start < end else { return .failure(.empty(from: start, to: end)) }
        // A week is a row of the weekly table and a few SQL arguments: twenty years is 1,044 of them.
        guard end.timeIntervalSince(start) <= longest else { return .failure(.tooLong(from: start, to: end)) }
        return .success(ReportPeriod(from: start, to: end, timeZone: timeZone))
    }

    /// The longest period a report covers: twenty years.
    static let longest: TimeInterval = 20 * 366 * 86_400

    private static func moment(_ text: String, endOfDay: Bool, _ timeZone: TimeZone) -> Date? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        if text.count == 10, parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            parts[0].count == 4, parts[1].count == 2, parts[2].count == 2
        {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = timeZone
            guard let day = calendar.date(from: DateComponents(year: y, month: m, day: d)),
                calendar.dateComponents([.year, .month, .day], from: day) == DateComponents(year: y, month: m, day: d)
            else { return nil }  // 2026-13-01 and 2026-02-30 would roll over into another day
            return endOfDay ? calendar.date(byAdding: .day, value: 1, to: day) : day
        }
        for options: ISO8601DateFormatter.Options in [
            [.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds]
        ] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }

    /// The ISO weeks (Monday to Sunday in the period's time zone) the period touches, the first and last cut to
    /// the period.
    public var weeks: [ReportWeek] {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = timeZone
        var weeks: [ReportWeek] = []
        var start = from
        while start < to {
            let components = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: start)
            let monday = calendar.date(from: components) ?? start
            let next = calendar.date(byAdding: .weekOfYear, value: 1, to: monday) ?? to
            let label = String(format: "%04d-W%02d", components.yearForWeekOfYear ?? 0, components.weekOfYear ?? 0)
            // A week that did not move on (a calendar that cannot compute) ends the list rather than loop.
            guard next > start else { break }
            weeks.append(ReportWeek(label: label, start: start, end: min(next, to)))
            start = next
        }
        return weeks
    }

    /// The day `date` falls on in the period's zone: `2026-11-16`.
    func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }
}

public enum PeriodError: Error, CustomStringConvertible, Equatable {
    case unreadable(String, String)
    case empty(from: Date, to: Date)
    case tooLong(from: Date, to: Date)

    public var description: String {
        switch self {
        case .unreadable(let option, let value):
            return
                "\(option) '\(value)' is not a day or a time; write a day (2026-11-16) or an ISO 8601 time with a zone (2026-11-16T09:00:00+08:00)"
        case .empty(let from, let to):
            return
                "the period is empty: --from (\(Timestamp.string(from))) must come before --to (\(Timestamp.string(to)))"
        case .tooLong(let from, let to):
            return
                "the period from \(Timestamp.string(from)) to \(Timestamp.string(to)) is longer than twenty years; give a later --from"
        }
    }
}
