import Foundation
import Occasions
import Testing

/// CivilDate: ISO text, day arithmetic, weekdays.
@Suite struct CivilDateTests {
    @Test(arguments: ["2025-01-29", "2000-02-29", "1901-01-01", "2100-12-31", "0999-03-01"])
    func isoRoundTrip(text: String) throws {
        #expect(try CivilDate(iso: text).iso == text)
    }

    static let bad: [(String, CivilDateParseError)] = [
        ("2025-1-29", .malformed("2025-1-29")), ("20250129", .malformed("20250129")),
        ("2025-01-29T00:00", .malformed("2025-01-29T00:00")), ("+025-01-29", .malformed("+025-01-29")),
        ("2025-02-29", .nonexistent("2025-02-29")), ("2025-13-01", .nonexistent("2025-13-01")),
        ("1900-02-29", .nonexistent("1900-02-29"))
    ]

    @Test(arguments: bad)
    func isoRefuses(text: String, expected: CivilDateParseError) {
        #expect(throws: expected) { try CivilDate(iso: text) }
    }

    @Test func dayNumbers() throws {
        #expect(CivilDate(year: 1970, month: 1, day: 1)?.dayNumber == 0)
        #expect(CivilDate(year: 2000, month: 3, day: 1)?.dayNumber == 11_017)
        #expect(CivilDate(year: 1969, month: 12, day: 31)?.dayNumber == -1)
        for day in stride(from: -80_000, through: 80_000, by: 997) {
            #expect(CivilDate(dayNumber: day).dayNumber == day)
        }
        #expect(CivilDate(year: 2024, month: 2, day: 28)?.adding(days: 2) == CivilDate(year: 2024, month: 3, day: 1))
    }

    @Test(arguments: [("2025-01-01", 3), ("2024-03-31", 7), ("1970-01-01", 4), ("1900-01-01", 1)])
    func weekday(text: String, expected: Int) throws {
        #expect(try CivilDate(iso: text).weekday == expected)
    }

    @Test func orderAndCodable() throws {
        let a = try CivilDate(iso: "2024-12-31"), b = try CivilDate(iso: "2025-01-01")
        #expect(a < b)
        let json = try JSONEncoder().encode([b])
        #expect(String(decoding: json, as: UTF8.self) == #"["2025-01-01"]"#)
        #expect(try JSONDecoder().decode([CivilDate].self, from: json) == [b])
        #expect(CivilDate(year: 2025, month: 2, day: 29) == nil)
    }
}
