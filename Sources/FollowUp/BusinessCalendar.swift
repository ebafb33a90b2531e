import Config
import Foundation
import Occasions

/// Business time: the working hours of one `[[business_hours]]` in its zone, less its holidays.
///
/// Every answer is an instant (`Date`); days and hours are local to the calendar's IANA zone, so a 09:00–18:00 day
/// is 9 hours long on a daylight-saving change too, and an around-the-clock day is 23 or 25. Pure: the holidays'
/// dates come from the care calendar (`Occasions`), nothing else is read.
public final class BusinessCalendar: @unchecked Sendable {
    public let name: String
    public let timeZone: TimeZone
    private let days: Set<Int>
    private let hours: [ClockInterval]
    private let holidayEntries: [HolidayEntry]
    private let catalogue: HolidayCatalogue
    private let extraWorkingDays: Set<Int>
    private let calendar: Calendar
    /// Days off per Gregorian year (day numbers), filled on first use. Guarded by `lock`.
    private var holidayYears: [Int: Set<Int>] = [:]
    private let lock = NSLock()

    /// How far `adding` and `nextOpen` look ahead before they give up (a calendar with hardly a working day).
    static let horizonDays = 800

    /// `holidays` dates the holidays the definition names (`ServiceLevels.holidays`: custom ones and overrides).
    public init(_ definition: BusinessHoursDefinition, holidays: HolidayCatalogue = .builtIn) {
        catalogue = holidays
        name = definition.name
        timeZone = TimeZone(identifier: definition.timezone) ?? .gmt
        days = Set(definition.days)
        hours = definition.hours.sorted()
        holidayEntries = definition.holidays
        extraWorkingDays = Set(definition.workingDays.map { Self.dayNumber($0.year, $0.month, $0.day) })
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    // MARK: Questions

    /// Whether `instant` falls in working hours.
    public func isOpen(_ instant: Date) -> Bool {
        intervals(onDay: localDay(of: instant)).contains { $0.start <= instant && instant < $0.end }
    }

    /// Whether the local day `day` (a day number) is worked: a listed working day, or a weekday of `days` that is
    /// no holiday.
    public func isWorkingDay(_ day: Int) -> Bool {
        if extraWorkingDays.contains(day) { return true }
        guard days.contains(Self.weekday(day)) else { return false }
        return !holidays(year: Self.civil(day).year).contains(day)
    }

    /// `instant` itself when it is in working hours, else the next opening; nil beyond the horizon.
    public func nextOpen(_ instant: Date) -> Date? {
        let first = localDay(of: instant)
        for day in first..<(first + Self.horizonDays) {
            for span in intervals(onDay: day) where span.end > instant { return max(span.start, instant) }
        }
        return nil
    }

    /// The instant `seconds` of business time after `start` (`start` itself for 0 or less); nil beyond the horizon.
    public func adding(_ seconds: TimeInterval, to start: Date) -> Date? {
        guard seconds > 0 else { return start }
        var remaining = seconds
        let first = localDay(of: start)
        for day in first..<(first + Self.horizonDays) {
            for span in intervals(onDay: day) where span.end > start {
                let from = max(span.start, start)
                let available = span.end.timeIntervalSince(from)
                if remaining <= available { return from.addingTimeInterval(remaining) }
                remaining -= available
            }
        }
        return nil
    }

    /// Business seconds between `from` and `to` (0 when `to` is not later).
    public func businessSeconds(from: Date, to: Date) -> TimeInterval {
        guard to > from else { return 0 }
        var total: TimeInterval = 0
        for day in localDay(of: from)...localDay(of: to) {
            for span in intervals(onDay: day) {
                let start = max(span.start, from), end = min(span.end, to)
                if end > start { total += end.timeIntervalSince(start) }
            }
        }
        return total
    }

    /// `n` working days after `start`, at the same local time of day, counted from the first business instant at or
    /// after `start` (a wait that began on Friday evening is counted from Monday's opening); a time that falls outside
    /// the working hours of that day moves on to the next opening. nil beyond the horizon.
    public func addingWorkingDays(_ n: Int, to start: Date) -> Date? {
        guard let open = nextOpen(start) else { return nil }
        guard n > 0 else { return open }
        var day = localDay(of: open)
        var counted = 0
        var steps = 0
        while counted < n {
            day += 1
            steps += 1
            if steps > Self.horizonDays { return nil }
            if isWorkingDay(day) { counted += 1 }
        }
        let time = calendar.dateComponents([.hour, .minute, .second], from: open)
        let (y, m, d) = Self.civil(day)
        guard
            let target = calendar.date(
                from: DateComponents(
                    year: y, month: m, day: d, hour: time.hour,
                    minute: time.minute, second: time.second))
        else { return nil }
        return nextOpen(target)
    }

    // MARK: Days

    /// The working spans of local day `day`, as instants (empty on a day off).
    func intervals(onDay day: Int) -> [(start: Date, end: Date)] {
        guard isWorkingDay(day) else { return [] }
        return hours.compactMap { span in
            guard let start = instant(day: day, minute: span.start), let end = instant(day: day, minute: span.end),
                end > start
            else { return nil }
            return (start, end)
        }
    }

    /// Local `minute` (0...1440) of `day` as an instant. A time skipped by a daylight-saving change is read as the
    /// same distance after the change (02:30 on a spring-forward night is 03:30), the way clocks are set forward.
    func instant(day: Int, minute: Int) -> Date? {
        let (y, m, d) = minute >= 1440 ? Self.civil(day + 1) : Self.civil(day)
        let minute = minute % 1440
        return calendar.date(from: DateComponents(year: y, month: m, day: d, hour: minute / 60, minute: minute % 60))
    }

    /// The local day number of `instant`.
    public func localDay(of instant: Date) -> Int {
        let c = calendar.dateComponents([.year, .month, .day], from: instant)
        return Self.dayNumber(c.year ?? 1970, c.month ?? 1, c.day ?? 1)
    }

    /// Holidays of `year` (and those of the year before that run into it), as day numbers.
    private func holidays(year: Int) -> Set<Int> {
        lock.lock()
        defer { lock.unlock() }
        if let cached = holidayYears[year] { return cached }
        var set = Set<Int>()
        for entry in holidayEntries {
            switch entry {
            case let .occasion(id, extra):
                guard let holiday = catalogue.named(id) else { continue }
                for date in catalogue.dates(of: holiday, in: year - 1) + catalogue.dates(of: holiday, in: year) {
                    let first = Self.dayNumber(date.year, date.month, date.day)
                    for day in first...(first + extra) where Self.civil(day).year == year { set.insert(day) }
                }
            case let .dates(from, to):
                let first = Self.dayNumber(from.year, from.month, from.day),
                    last = Self.dayNumber(to.year, to.month, to.day)
                guard first <= last else { continue }
                for day in first...last where Self.civil(day).year == year { set.insert(day) }
            }
        }
        holidayYears[year] = set
        return set
    }

    /// Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil).
    public static func dayNumber(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day number (Howard Hinnant's civil_from_days).
    public static func civil(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// ISO weekday of a day number, 1 = Monday ... 7 = Sunday (1970-01-01 was a Thursday).
    static func weekday(_ day: Int) -> Int { ((day % 7) + 7 + 3) % 7 + 1 }
}
