import Occasions
import Testing

/// Western holidays against published dates.
@Suite struct WesternHolidayTests {
    static let easters: [(Int, String)] = [
        (1961, "1961-04-02"), (2000, "2000-04-23"), (2008, "2008-03-23"), (2011, "2011-04-24"),
        (2024, "2024-03-31"), (2025, "2025-04-20"), (2026, "2026-04-05"), (2038, "2038-04-25"),
        (2285, "2285-03-22")
    ]

    @Test(arguments: easters)
    func easter(year: Int, expected: String) throws {
        #expect(Holiday.easter(year: year) == (try CivilDate(iso: expected)))
        #expect(HolidayCatalogue.builtIn.occasion(id: "easter", year: year)?.date.iso == expected)
        #expect(HolidayCatalogue.builtIn.occasion(id: "easter", year: year)?.date.weekday == 7)
    }

    /// (year, Mother's Day, Father's Day, Thanksgiving), US.
    static let rules: [(Int, String, String, String)] = [
        (2023, "2023-05-14", "2023-06-18", "2023-11-23"),
        (2024, "2024-05-12", "2024-06-16", "2024-11-28"),
        (2025, "2025-05-11", "2025-06-15", "2025-11-27"),
        (2026, "2026-05-10", "2026-06-21", "2026-11-26"),
        (2029, "2029-05-13", "2029-06-17", "2029-11-22")
    ]

    @Test(arguments: rules)
    func weekdayRules(year: Int, mothers: String, fathers: String, thanksgiving: String) {
        #expect(HolidayCatalogue.builtIn.occasion(id: "mothers_day", year: year)?.date.iso == mothers)
        #expect(HolidayCatalogue.builtIn.occasion(id: "fathers_day", year: year)?.date.iso == fathers)
        #expect(HolidayCatalogue.builtIn.occasion(id: "thanksgiving", year: year)?.date.iso == thanksgiving)
    }

    @Test(arguments: [1999, 2024, 2100])
    func fixedDates(year: Int) {
        #expect(
            HolidayCatalogue.builtIn.occasion(id: "new_year", year: year)?.date
                == CivilDate(year: year, month: 1, day: 1))
        #expect(
            HolidayCatalogue.builtIn.occasion(id: "valentines_day", year: year)?.date
                == CivilDate(year: year, month: 2, day: 14))
        #expect(
            HolidayCatalogue.builtIn.occasion(id: "christmas", year: year)?.date
                == CivilDate(year: year, month: 12, day: 25))
        #expect(HolidayCatalogue.builtIn.occasion(id: "christmas", year: year)?.kind == .fixed)
    }
}
