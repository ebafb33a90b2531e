import Occasions
import Testing

/// Leap months: festivals and conversions use the regular month, and leap days convert both ways.
@Suite struct LeapMonthTests {
    struct LeapYear: Sendable, CustomTestStringConvertible {
        let year: Int
        let leapMonth: Int
        /// First day of the leap month.
        let leapStart: CivilDate
        var testDescription: String { "\(year) leap \(leapMonth)" }
    }

    static let leapYears: [LeapYear] = [
        LeapYear(year: 2020, leapMonth: 4, leapStart: CivilDate(year: 2020, month: 5, day: 23)!),
        LeapYear(year: 2023, leapMonth: 2, leapStart: CivilDate(year: 2023, month: 3, day: 22)!),
        LeapYear(year: 2025, leapMonth: 6, leapStart: CivilDate(year: 2025, month: 7, day: 25)!)
    ]

    @Test(arguments: leapYears)
    func leapMonthIsFound(_ leap: LeapYear) throws {
        #expect(LunarCalendar.leapMonth(in: leap.year) == leap.leapMonth)
        #expect(LunarCalendar.months(in: leap.year).count == 13)
        let first = LunarDate(year: leap.year, month: leap.leapMonth, day: 1, isLeapMonth: true)
        #expect(first.civilDate == leap.leapStart)
        #expect(LunarDate(leap.leapStart) == first)
        // The regular month of the same number comes first.
        let regular = try #require(LunarDate(year: leap.year, month: leap.leapMonth, day: 1).civilDate)
        #expect(regular < leap.leapStart)
    }

    @Test func noLeapMonthInCommonYear() {
        #expect(LunarCalendar.leapMonth(in: 2024) == nil)
        #expect(LunarCalendar.months(in: 2024).count == 12)
        #expect(LunarDate(year: 2024, month: 6, day: 1, isLeapMonth: true).civilDate == nil)
    }

    @Test func festivalsUseTheRegularMonth() {
        // 2025 has a leap 6th month: Qixi (7/7) is in the regular 7th month, after it.
        #expect(
            HolidayCatalogue.builtIn.occasion(id: "qixi", year: 2025)?.date == CivilDate(year: 2025, month: 8, day: 29))
        // 2020 has a leap 4th month: Dragon Boat (5/5) comes after it.
        #expect(
            HolidayCatalogue.builtIn.occasion(id: "dragon_boat", year: 2020)?.date
                == CivilDate(year: 2020, month: 6, day: 25))
        // 2023 has a leap 2nd month; Dragon Boat 2023 was 06-22.
        #expect(
            HolidayCatalogue.builtIn.occasion(id: "dragon_boat", year: 2023)?.date
                == CivilDate(year: 2023, month: 6, day: 22))
    }

    @Test func everyDayRoundTrips() {
        // Every day 1901-02-19 (lunar 1901-01-01) ... 2100-12-31 converts to lunar and back to itself.
        let first = CivilDate(year: 1901, month: 2, day: 19)!.dayNumber
        let last = CivilDate(year: 2100, month: 12, day: 31)!.dayNumber
        var failures = 0
        var previous: LunarDate?
        for day in first...last {
            let date = CivilDate(dayNumber: day)
            let lunar = LunarDate(date)
            if lunar.civilDate != date { failures += 1 }
            // Consecutive days are consecutive lunar days, or day 1 of the next month.
            if let previous, lunar.day != previous.day + 1, lunar.day != 1 { failures += 1 }
            previous = lunar
        }
        #expect(failures == 0)
        #expect(LunarDate(CivilDate(year: 1901, month: 2, day: 19)!) == LunarDate(year: 1901, month: 1, day: 1))
    }

    @Test func impossibleLunarDatesHaveNoDay() {
        // 2025's 2nd month has 29 days.
        #expect(LunarDate(year: 2025, month: 2, day: 30).civilDate == nil)
        #expect(LunarDate(year: 2025, month: 13, day: 1).civilDate == nil)
        #expect(LunarCalendar.regularDate(year: 2025, month: 2, day: 30) == CivilDate(year: 2025, month: 3, day: 28))
        #expect(LunarCalendar.regularDate(year: 2025, month: 0, day: 1) == nil)
        #expect(LunarCalendar.regularDate(year: 2025, month: 1, day: 31) == nil)
    }

    @Test func descriptionMarksLeapMonths() {
        #expect(LunarDate(year: 2025, month: 6, day: 7, isLeapMonth: true).description == "2025-06L-07")
        #expect(LunarDate(year: 2025, month: 12, day: 30).description == "2025-12-30")
    }
}
