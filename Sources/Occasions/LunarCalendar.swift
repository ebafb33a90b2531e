import Foundation

/// Conversions between Gregorian days and the Chinese lunar calendar.
///
/// The month boundaries come from Foundation's Chinese calendar (ICU) evaluated in Asia/Shanghai, the UTC+8
/// convention of the Purple Mountain and Hong Kong observatories, never the machine's zone; then the few months
/// where ICU is known to disagree with the observatories are overridden (`LunarCalendar+Corrections.swift`).
/// Each lunar year is built once into a table of month starts and cached, so a campaign that converts the same
/// year for many customers asks ICU about 30 questions per year in all.
public enum LunarCalendar {
    /// The lunar years (each named after the Gregorian year it begins in) checked against published tables.
    public static let verifiedYears: ClosedRange<Int> = 1901...2100

    /// The lunar date of the Gregorian day `date`.
    public static func lunarDate(for date: CivilDate) -> LunarDate {
        let day = date.dayNumber
        // A lunar year begins between Jan 21 and Feb 20, so the day is in lunar `year` or `year - 1`.
        for year in [date.year, date.year - 1] {
            if let lunar = table(for: year).lunarDate(dayNumber: day) { return lunar }
        }
        preconditionFailure("\(date) is in neither lunar year \(date.year) nor \(date.year - 1)")
    }

    /// The Gregorian day of `date`, or nil when that month or day does not exist in its year.
    public static func civilDate(for date: LunarDate) -> CivilDate? {
        guard let month = table(for: date.year).month(date.month, isLeap: date.isLeapMonth),
            (1...month.length).contains(date.day)
        else { return nil }
        return month.firstDay.adding(days: date.day - 1)
    }

    /// The Gregorian day of `day` in the regular (never the leap) `month` of lunar `year`, with a day past the
    /// month's end moved to its last day: how festivals and lunar birthdays are kept. Nil only for month or day
    /// numbers that never exist (month 13, day 31).
    public static func regularDate(year: Int, month: Int, day: Int) -> CivilDate? {
        guard (1...12).contains(month), (1...30).contains(day),
            let entry = table(for: year).month(month, isLeap: false)
        else { return nil }
        return entry.firstDay.adding(days: min(day, entry.length) - 1)
    }

    /// The months of lunar `year` in order (12, or 13 with a leap month).
    public static func months(in year: Int) -> [LunarMonth] { table(for: year).months }

    /// The number of the month that has a leap copy in lunar `year`, if any.
    public static func leapMonth(in year: Int) -> Int? {
        table(for: year).months.first(where: \.isLeapMonth)?.month
    }

    /// The cached table for lunar `year`, built on first use.
    static func table(for year: Int) -> LunarYearTable {
        cache.value(for: year) { buildTable(year: $0) }
    }

    private static let cache = YearCache<LunarYearTable>()

    /// UTC+8 as Asia/Shanghai; the zone's 1940s and 1986-1991 summer time cannot move noon across midnight.
    private static let chinese: Calendar = {
        var calendar = Calendar(identifier: .chinese)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!
        return calendar
    }()

    /// Lunar month and day of `dayNumber`, asked at noon UTC+8 (04:00 UTC) so that no zone shift changes the day.
    private static func icuMonthDay(_ dayNumber: Int) -> (month: Int, day: Int, isLeap: Bool) {
        let noon = Date(timeIntervalSince1970: Double(dayNumber) * 86_400 + 4 * 3_600)
        let parts = chinese.dateComponents([.month, .day, .isLeapMonth], from: noon)
        return (parts.month ?? 0, parts.day ?? 0, parts.isLeapMonth ?? false)
    }

    /// Walks ICU month by month from the Spring Festival of `year` to the next one, then applies the corrections.
    static func buildTable(year: Int) -> LunarYearTable {
        // Feb 21 always lies in lunar month 1 or 2 of `year` (Spring Festival falls between Jan 21 and Feb 20).
        var start = CivilDate(validYear: year, month: 2, day: 21).dayNumber
        var probe = icuMonthDay(start)
        start -= probe.day - 1
        while probe.month != 1 || probe.isLeap {
            probe = icuMonthDay(start - 1)
            start -= probe.day
        }
        var starts: [(month: Int, isLeap: Bool, day: Int)] = []
        while true {
            let here = icuMonthDay(start)
            if !starts.isEmpty, here.month == 1, !here.isLeap { break }
            starts.append((here.month, here.isLeap, start))
            start += icuMonthDay(start + 29).day == 1 ? 29 : 30
        }
        // A corrected boundary moves both the month it opens and the end of the month before it, even across years.
        starts = starts.map { ($0.month, $0.isLeap, LunarCorrections.observatoryStart(icuStart: $0.day)) }
        let ends = starts.dropFirst().map(\.day) + [LunarCorrections.observatoryStart(icuStart: start)]
        let months = zip(starts, ends).map { entry, end in
            LunarMonth(
                month: entry.month, isLeapMonth: entry.isLeap, firstDay: CivilDate(dayNumber: entry.day),
                length: end - entry.day)
        }
        return LunarYearTable(year: year, months: months)
    }
}
