/// A day of the Chinese lunisolar calendar as the observatories publish it (UTC+8).
///
/// `year` is the Gregorian year in which the lunar year begins (Spring Festival 2025 is lunar 2025-01-01);
/// `month` is 1...12, and `isLeapMonth` marks the intercalary copy that follows a regular month of the same number.
public struct LunarDate: Sendable, Hashable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int
    public let isLeapMonth: Bool

    public init(year: Int, month: Int, day: Int, isLeapMonth: Bool = false) {
        self.year = year
        self.month = month
        self.day = day
        self.isLeapMonth = isLeapMonth
    }

    /// The lunar date of the Gregorian day `date`.
    public init(_ date: CivilDate) {
        self = LunarCalendar.lunarDate(for: date)
    }

    /// The Gregorian day of this lunar date; nil when the month is not a leap month that year or the day is past
    /// the month's end (the 30th of a 29-day month).
    public var civilDate: CivilDate? { LunarCalendar.civilDate(for: self) }

    /// `2025-06-07` or, for a leap month, `2025-06L-07`.
    public var description: String {
        let month = (self.month < 10 ? "0" : "") + String(self.month) + (isLeapMonth ? "L" : "")
        return "\(year)-\(month)-\(day < 10 ? "0" : "")\(day)"
    }
}
