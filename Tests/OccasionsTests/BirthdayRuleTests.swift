import Foundation
import Occasions
import Testing

/// Customer birthdays: parsing, lunar rules, 29 February.
@Suite struct BirthdayRuleTests {
    /// (input, canonical form)
    static let valid: [(String, String)] = [
        ("1990-07-15", "1990-07-15"), ("07-15", "07-15"), ("02-29", "02-29"), ("2000-02-29", "2000-02-29"),
        ("lunar:08-15", "lunar:08-15"), ("LUNAR:1985-12-30", "lunar:1985-12-30"), (" lunar:04-05 ", "lunar:04-05"),
        ("lunar:2023-02L-20", "lunar:2023-02L-20"), ("lunar:06l-07", "lunar:06L-07")
    ]

    @Test(arguments: valid)
    func parsesAndPrintsCanonically(input: String, canonical: String) throws {
        let rule = try BirthdayRule(parsing: input)
        #expect(rule.description == canonical)
        #expect(try BirthdayRule(parsing: canonical) == rule)
    }

    static let invalid: [(String, BirthdayRuleError)] = [
        ("", .malformed("")),
        ("July 15", .malformed("July 15")),
        ("7-15", .malformed("7-15")),
        ("1990/07/15", .malformed("1990/07/15")),
        ("90-07-15", .malformed("90-07-15")),
        ("lunar:", .malformed("lunar:")),
        ("07-15L", .malformed("07-15L")),
        ("07L-15", .malformed("07L-15")),
        ("13-01", .monthOutOfRange("13-01", month: 13)),
        ("lunar:00-10", .monthOutOfRange("lunar:00-10", month: 0)),
        ("04-31", .dayOutOfRange("04-31", day: 31, maximum: 30)),
        ("1999-02-29", .dayOutOfRange("1999-02-29", day: 29, maximum: 28)),
        ("lunar:01-31", .dayOutOfRange("lunar:01-31", day: 31, maximum: 30)),
        ("lunar:2024-06L-01", .noSuchLeapMonth("lunar:2024-06L-01", year: 2024, month: 6))
    ]

    @Test(arguments: invalid)
    func refusesWithTheReason(input: String, expected: BirthdayRuleError) {
        #expect(throws: expected) { try BirthdayRule(parsing: input) }
        #expect(expected.description.contains("'\(input)'"))
    }

    @Test func malformedNamesTheAcceptedForms() {
        #expect(BirthdayRuleError.malformed("x").description.contains("lunar:MM-DD"))
    }

    /// (rule, year, expected): the lunar 30th in 29- and 30-day months; a 12th-month birthday in January.
    static let lunarCases: [(String, Int, String)] = [
        ("lunar:01-30", 2024, "2024-03-09"),  // 1st month of 2024 has 29 days: kept on the 29th
        ("lunar:01-30", 2025, "2025-02-27"),  // ... of 2025 has 30
        ("lunar:08-30", 2025, "2025-10-20"),  // 29 days
        ("lunar:08-30", 2024, "2024-10-02"),  // 30 days
        ("lunar:12-30", 2024, "2025-01-28"),  // 12th month of lunar 2024 (29 days) ends in January 2025
        ("lunar:08-15", 2025, "2025-10-06"),
        ("lunar:1990-08-15", 1989, "")  // before the birth year
    ]

    @Test(arguments: lunarCases)
    func lunarBirthday(rule: String, year: Int, expected: String) throws {
        let date = try BirthdayRule(parsing: rule).date(in: year)
        #expect(date?.iso ?? "" == expected)
    }

    @Test func leapMonthBirthdayIsKeptInTheRegularMonth() throws {
        // Born 2023-04-10, the 20th of the leap 2nd month of 2023.
        let rule = BirthdayRule.lunar(bornOn: CivilDate(year: 2023, month: 4, day: 10)!)
        #expect(rule.description == "lunar:2023-02L-20")
        #expect(rule == (try BirthdayRule(parsing: "lunar:2023-02L-20")))
        #expect(rule.date(in: 2024) == CivilDate(year: 2024, month: 3, day: 29))
        // 2025 has a leap 6th month: a 6L-07 birthday is on the regular 6/07 (07-01), not the leap one (07-31).
        #expect(try BirthdayRule(parsing: "lunar:06L-07").date(in: 2025) == CivilDate(year: 2025, month: 7, day: 1))
    }

    /// (rule, year, policy, expected)
    static let feb29Cases: [(String, Int, Feb29Policy, String)] = [
        ("02-29", 2025, .feb28, "2025-02-28"),
        ("02-29", 2025, .mar1, "2025-03-01"),
        ("02-29", 2024, .feb28, "2024-02-29"),
        ("02-29", 2024, .mar1, "2024-02-29"),
        ("2000-02-29", 2100, .feb28, "2100-02-28"),  // 2100 is not a leap year
        ("2000-02-29", 2100, .mar1, "2100-03-01"),
        ("1990-07-15", 2025, .mar1, "2025-07-15")
    ]

    @Test(arguments: feb29Cases)
    func feb29(rule: String, year: Int, policy: Feb29Policy, expected: String) throws {
        #expect(try BirthdayRule(parsing: rule).date(in: year, feb29: policy)?.iso == expected)
    }

    @Test func datesInRangeIncludeLunarBirthdaysOfThePreviousLunarYear() throws {
        // A lunar 12-30 birthday falls in January: the range 2025 holds lunar 2024's (01-28), not lunar 2025's (2026).
        let range = CivilDate(year: 2025, month: 1, day: 1)!...CivilDate(year: 2025, month: 12, day: 31)!
        let rule = try BirthdayRule(parsing: "lunar:12-30")
        #expect(rule.dates(in: range) == [CivilDate(year: 2025, month: 1, day: 28)!])
        let occasions = rule.occasions(in: range)
        #expect(occasions.map(\.id) == ["birthday"] && occasions.first?.kind == .lunar)
        #expect(try BirthdayRule(parsing: "07-15").dates(in: range) == [CivilDate(year: 2025, month: 7, day: 15)!])
    }

    @Test func memberwiseConstructorsValidate() {
        #expect(BirthdayRule(month: 2, day: 29) != nil)
        #expect(BirthdayRule(month: 2, day: 29, birthYear: 2001) == nil)
        #expect(BirthdayRule(lunarMonth: 12, day: 30)?.description == "lunar:12-30")
        #expect(BirthdayRule(lunarMonth: 13, day: 1) == nil)
    }

    @Test func codableAsString() throws {
        let rule = try BirthdayRule(parsing: "lunar:1985-12-30")
        let json = try JSONEncoder().encode([rule])
        #expect(String(decoding: json, as: UTF8.self) == #"["lunar:1985-12-30"]"#)
        #expect(try JSONDecoder().decode([BirthdayRule].self, from: json) == [rule])
        let bad = Data(#"["x"]"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([BirthdayRule].self, from: bad) }
    }
}
