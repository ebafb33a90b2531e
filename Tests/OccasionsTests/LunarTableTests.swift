import Occasions
import Testing

/// maildesk's calendar against the pinned lunar_python table, every year 1901-2100.
///
/// The one documented disagreement (Fixtures/README.md): the 9th month of 2057 begins at a new moon ten seconds
/// before midnight UTC+8. lunar_python starts it on 09-29; the Hong Kong Observatory, the authority here, on 09-28,
/// and so does maildesk. Any other difference fails.
@Suite struct LunarTableTests {
    /// (year, column) -> maildesk's date where it deliberately differs from the table.
    static let festivalExceptions: [String: CivilDate] = [
        "2057/double_ninth": CivilDate(year: 2057, month: 10, day: 6)!
    ]
    /// (lunar year, month) -> maildesk's (first day, length) where it differs from the table.
    static let monthExceptions: [String: (CivilDate, Int)] = [
        "2057/8": (CivilDate(year: 2057, month: 8, day: 30)!, 29),
        "2057/9": (CivilDate(year: 2057, month: 9, day: 28)!, 30)
    ]

    @Test func tablesAreComplete() {
        #expect(Fixtures.festivals.count == 200)
        #expect(Fixtures.festivals.values.allSatisfy { $0.count == Fixtures.festivalColumns.count })
        #expect(Fixtures.months.count > 200 * 12)
    }

    @Test(arguments: 1901...2100)
    func festivalsMatchTable(year: Int) throws {
        let row = try #require(Fixtures.festivals[year])
        for column in Fixtures.festivalColumns {
            let holiday = try #require(HolidayCatalogue.builtIn.named(column))
            let mine: CivilDate?
            switch holiday.rule {
            case let .lunar(month, day):
                // The table is by lunar year; the catalogue is by Gregorian year (checked below).
                mine = LunarCalendar.regularDate(year: year, month: month, day: day)
            case let .solarTerm(term):
                mine = term.date(in: year)
            default:
                Issue.record("\(column) is not a lunar or solar-term holiday")
                continue
            }
            let expected = Self.festivalExceptions["\(year)/\(column)"] ?? row[column]
            #expect(mine == expected, "\(column) \(year)")
        }
    }

    @Test(arguments: 1902...2100)
    func catalogueDatesEachFestivalInItsGregorianYear(year: Int) throws {
        let occasions = HolidayCatalogue.builtIn.holidays(year: year)
        for column in Fixtures.festivalColumns {
            let candidates = [year - 1, year].compactMap { y in
                Self.festivalExceptions["\(y)/\(column)"] ?? Fixtures.festivals[y]?[column]
            }
            let expected = Set(candidates.filter { $0.year == year })
            let got = Set(occasions.filter { $0.id == column }.map(\.date))
            #expect(got == expected, "\(column) in \(year)")
        }
    }

    @Test func everyMonthMatchesTable() {
        var checked = 0
        for entry in Fixtures.months {
            let months = LunarCalendar.months(in: entry.year)
            guard let mine = months.first(where: { $0.month == entry.month && $0.isLeapMonth == entry.leap }) else {
                Issue.record("lunar \(entry.year) has no month \(entry.month)\(entry.leap ? "L" : "")")
                continue
            }
            let expected = Self.monthExceptions["\(entry.year)/\(entry.month)"] ?? (entry.firstDay, entry.length)
            #expect(
                mine.firstDay == expected.0 && mine.length == expected.1,
                "lunar \(entry.year)/\(entry.month)\(entry.leap ? "L" : "")")
            checked += 1
        }
        let total = (1901...2100).reduce(0) { $0 + LunarCalendar.months(in: $1).count }
        #expect(checked == total)
    }

    @Test func exceptionsAreTheObservatoryDates() {
        // 2057: the 9th month starts 09-28 (HKO), so Double Ninth is 10-06.
        #expect(LunarDate(year: 2057, month: 9, day: 1).civilDate == CivilDate(year: 2057, month: 9, day: 28))
        #expect(
            HolidayCatalogue.builtIn.occasion(id: "double_ninth", year: 2057)?.date
                == CivilDate(year: 2057, month: 10, day: 6))
    }
}
