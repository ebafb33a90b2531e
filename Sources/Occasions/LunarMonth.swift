/// One month of a lunar year: which month it is, the Gregorian day it starts, and whether it has 29 or 30 days.
public struct LunarMonth: Sendable, Hashable {
    /// 1...12.
    public let month: Int
    /// True for the intercalary copy that follows the regular month of the same number.
    public let isLeapMonth: Bool
    /// The day of the new moon (UTC+8) that opens the month.
    public let firstDay: CivilDate
    /// 29 or 30.
    public let length: Int
}

/// The months of one lunar year, built once: converting either way is then a table lookup.
struct LunarYearTable: Sendable {
    let year: Int
    /// In calendar order; 12 or 13 entries.
    let months: [LunarMonth]
    /// Day number of the year's first day (Spring Festival).
    let firstDayNumber: Int
    /// Day number of the next year's first day.
    let endDayNumber: Int

    init(year: Int, months: [LunarMonth]) {
        self.year = year
        self.months = months
        firstDayNumber = months[0].firstDay.dayNumber
        endDayNumber = months[months.count - 1].firstDay.dayNumber + months[months.count - 1].length
    }

    /// The month with this number and leap flag, if the year has it.
    func month(_ number: Int, isLeap: Bool) -> LunarMonth? {
        months.first { $0.month == number && $0.isLeapMonth == isLeap }
    }

    /// The lunar date of a day number inside this year.
    func lunarDate(dayNumber: Int) -> LunarDate? {
        guard dayNumber >= firstDayNumber, dayNumber < endDayNumber else { return nil }
        for month in months.reversed() where month.firstDay.dayNumber <= dayNumber {
            return LunarDate(
                year: year, month: month.month, day: dayNumber - month.firstDay.dayNumber + 1,
                isLeapMonth: month.isLeapMonth)
        }
        return nil
    }
}
