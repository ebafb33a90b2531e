import Foundation
import Occasions

/// The values `config/sla.toml` writes as text: business durations, clock intervals, holiday entries.
extension ServiceLevelsReader {
    struct Problem: Error { var message: String }

    /// `"4h"`, `"30m"`, `"1h30m"`, `"1h 30m"`: business minutes (at least 1).
    static func duration(_ text: String) -> Result<Int, Problem> {
        let shape = "must be business time such as \"4h\", \"30m\" or \"1h30m\""
        var minutes = 0
        var number = ""
        var units = 0
        for c in text.lowercased() where c != " " {
            if c.isASCII, c.isNumber { number.append(c); continue }
            guard let value = Int(number), number.count <= 6 else {
                return .failure(Problem(message: "\(shape), got \"\(text)\""))
            }
            switch c {
            case "h": minutes += value * 60
            case "m": minutes += value
            case "d":
                return .failure(
                    Problem(
                        message: "\(shape), got \"\(text)\" — targets count business hours, not days: "
                            + "write \"27h\" for three 9-hour business days"))
            default: return .failure(Problem(message: "\(shape), got \"\(text)\""))
            }
            number = ""
            units += 1
        }
        guard number.isEmpty, units > 0 else { return .failure(Problem(message: "\(shape), got \"\(text)\"")) }
        guard minutes > 0 else {
            return .failure(Problem(message: "must be longer than 0 (remove the key for no target)"))
        }
        return .success(minutes)
    }

    /// `"09:00-18:00"`; `24:00` ends at midnight.
    static func clockInterval(_ text: String) -> ClockInterval? {
        let parts = text.split(separator: "-").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let start = clock(parts[0]), let end = clock(parts[1]), start < end, start < 1440 else {
            return nil
        }
        return ClockInterval(start: start, end: end)
    }

    private static func clock(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]),
            (0...24).contains(h), (0...59).contains(m), h < 24 || m == 0
        else { return nil }
        return h * 60 + m
    }

    static func clockText(_ interval: ClockInterval) -> String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return
            "\(two(interval.start / 60)):\(two(interval.start % 60))-\(two(interval.end / 60)):\(two(interval.end % 60))"
    }

    /// `"spring_festival"`, `"spring_festival+6"`, `"2027-10-01"`, `"2027-10-01..2027-10-07"`.
    static func holiday(_ text: String, catalogue: HolidayCatalogue) -> Result<HolidayEntry, Problem> {
        if let range = text.range(of: "..") {
            guard let from = CalendarDay(String(text[..<range.lowerBound])),
                let to = CalendarDay(String(text[range.upperBound...]))
            else { return .failure(Problem(message: "'\(text)' is not a range of dates YYYY-MM-DD..YYYY-MM-DD")) }
            guard from <= to, to.daysSince(from) <= 366 else {
                return .failure(Problem(message: "'\(text)': the range must run forward and span at most a year"))
            }
            return .success(.dates(from, to))
        }
        if let day = CalendarDay(text) { return .success(.dates(day, day)) }
        var id = text
        var extra = 0
        if let plus = text.firstIndex(of: "+") {
            id = String(text[..<plus])
            guard let n = Int(text[text.index(after: plus)...]), (0...30).contains(n) else {
                return .failure(
                    Problem(
                        message:
                            "'\(text)': write the days off after the holiday as +N (0 to 30), e.g. \"spring_festival+6\""
                    ))
            }
            extra = n
        }
        guard catalogue.named(id) != nil else {
            let ids = catalogue.ids
            return .failure(
                Problem(
                    message: "unknown holiday '\(id)'" + suggestion(id, ids)
                        + " (a holiday id from `maildesk holidays --year Y`, optionally +N days after it, or a date YYYY-MM-DD)"
                ))
        }
        return .success(.occasion(id: id, extraDays: extra))
    }
}
