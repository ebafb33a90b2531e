import Config
import Foundation
import FollowUp
import Occasions
import Testing

/// Instants written with their offset, as a person reads a wall clock there.
func at(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.date(from: text)!
}

/// Shanghai office hours with a lunch break; Spring Festival week off and a Sunday worked for it (调休).
let shanghai = BusinessCalendar(
    BusinessHoursDefinition(
        name: "shanghai", timezone: "Asia/Shanghai", days: [1, 2, 3, 4, 5],
        hours: [ClockInterval(start: 9 * 60, end: 12 * 60), ClockInterval(start: 13 * 60, end: 18 * 60)],
        holidays: [
            .occasion(id: "spring_festival", extraDays: 6),
            .dates(
                CalendarDay(year: 2027, month: 10, day: 1),
                CalendarDay(year: 2027, month: 10, day: 7))
        ],
        workingDays: [CalendarDay(year: 2027, month: 2, day: 14)]))

/// New York, 09:00–17:00 on weekdays.
let newYork = BusinessCalendar(
    BusinessHoursDefinition(
        name: "ny", timezone: "America/New_York", days: [1, 2, 3, 4, 5],
        hours: [ClockInterval(start: 9 * 60, end: 17 * 60)]))

func aroundTheClock(_ zone: String) -> BusinessCalendar {
    BusinessCalendar(
        BusinessHoursDefinition(
            name: "always", timezone: zone, days: Array(1...7),
            hours: [ClockInterval(start: 0, end: 1440)]))
}

@Suite("business time")
struct BusinessCalendarTests {
    struct Addition: CustomTestStringConvertible, Sendable {
        let start: String, hours: Double, expected: String, why: String
        var testDescription: String { why }
    }

    static let additions: [Addition] = [
        .init(
            start: "2027-03-01T10:00:00+08:00", hours: 4, expected: "2027-03-01T15:00:00+08:00",
            why: "over the lunch break"),
        .init(
            start: "2027-03-01T12:30:00+08:00", hours: 1, expected: "2027-03-01T14:00:00+08:00",
            why: "starting at lunch"),
        .init(
            start: "2027-03-05T17:00:00+08:00", hours: 2, expected: "2027-03-08T10:00:00+08:00", why: "over a weekend"),
        .init(
            start: "2027-03-06T11:00:00+08:00", hours: 1, expected: "2027-03-08T10:00:00+08:00",
            why: "starting on a Saturday"),
        .init(
            start: "2027-03-01T07:00:00+08:00", hours: 8, expected: "2027-03-01T18:00:00+08:00",
            why: "a whole day, ending at closing"),
        .init(
            start: "2027-03-01T18:30:00+08:00", hours: 0.5, expected: "2027-03-02T09:30:00+08:00", why: "after hours"),
        // Spring Festival 2027 is Saturday 6 February; +6 keeps the week to Friday 12th; Sunday 14th is worked.
        .init(
            start: "2027-02-05T17:00:00+08:00", hours: 2, expected: "2027-02-14T10:00:00+08:00",
            why: "over Spring Festival to a worked Sunday"),
        .init(
            start: "2027-09-30T17:00:00+08:00", hours: 2, expected: "2027-10-08T10:00:00+08:00",
            why: "over the National Day range"),
        // New York leaves EST (UTC-5) for EDT (UTC-4) on Sunday 14 March 2027: local hours stay 09:00–17:00.
        .init(
            start: "2027-03-12T16:00:00-05:00", hours: 2, expected: "2027-03-15T10:00:00-04:00",
            why: "New York over the DST weekend"),
        .init(
            start: "2027-11-05T16:30:00-04:00", hours: 1, expected: "2027-11-08T09:30:00-05:00",
            why: "New York back to standard time")
    ]

    @Test(arguments: additions)
    func addingBusinessTime(_ c: Addition) throws {
        let calendar = c.start.hasSuffix("-05:00") || c.start.hasSuffix("-04:00") ? newYork : shanghai
        let due = try #require(calendar.adding(c.hours * 3600, to: at(c.start)))
        #expect(due == at(c.expected), "\(c.why): got \(due)")
        // Measuring back gives the duration added.
        #expect(calendar.businessSeconds(from: at(c.start), to: due) == c.hours * 3600)
    }

    @Test func measuringBusinessTimeBetweenInstants() {
        #expect(
            shanghai.businessSeconds(from: at("2027-03-01T10:00:00+08:00"), to: at("2027-03-02T10:00:00+08:00")) == 8
                * 3600)
        #expect(
            shanghai.businessSeconds(from: at("2027-03-05T17:30:00+08:00"), to: at("2027-03-08T09:15:00+08:00")) == 45
                * 60)
        #expect(
            shanghai.businessSeconds(from: at("2027-02-06T00:00:00+08:00"), to: at("2027-02-13T00:00:00+08:00")) == 0)
        #expect(
            shanghai.businessSeconds(from: at("2027-03-02T10:00:00+08:00"), to: at("2027-03-01T10:00:00+08:00")) == 0)
    }

    @Test func daylightSavingDaysAreAsLongAsTheClockSays() {
        // Around the clock, business time is real time: a day of 23 hours in spring and 25 in autumn.
        let ny = aroundTheClock("America/New_York")
        #expect(
            ny.businessSeconds(from: at("2027-03-14T00:00:00-05:00"), to: at("2027-03-15T00:00:00-04:00")) == 23 * 3600)
        #expect(ny.adding(24 * 3600, to: at("2027-03-13T12:00:00-05:00")) == at("2027-03-14T13:00:00-04:00"))
        let berlin = aroundTheClock("Europe/Berlin")
        #expect(
            berlin.businessSeconds(from: at("2027-10-31T00:00:00+02:00"), to: at("2027-11-01T00:00:00+01:00")) == 25
                * 3600)
        // Hours that start in the skipped hour begin when the clock is set forward: 02:00–04:00 lasts one hour.
        let night = BusinessCalendar(
            BusinessHoursDefinition(
                name: "night", timezone: "America/New_York", days: Array(1...7),
                hours: [ClockInterval(start: 120, end: 240)]))
        #expect(
            night.businessSeconds(from: at("2027-03-14T00:00:00-05:00"), to: at("2027-03-15T00:00:00-04:00")) == 3600)
        #expect(
            night.businessSeconds(from: at("2027-03-13T00:00:00-05:00"), to: at("2027-03-14T00:00:00-05:00")) == 7200)
    }

    @Test func openingHoursAndHolidays() {
        #expect(shanghai.isOpen(at("2027-03-01T09:00:00+08:00")))
        #expect(!shanghai.isOpen(at("2027-03-01T12:00:00+08:00")))
        #expect(!shanghai.isOpen(at("2027-03-01T18:00:00+08:00")))
        #expect(!shanghai.isOpen(at("2027-02-08T10:00:00+08:00")))  // a Monday of Spring Festival week
        #expect(shanghai.isOpen(at("2027-02-14T10:00:00+08:00")))  // the Sunday worked for it
        #expect(shanghai.nextOpen(at("2027-03-01T12:10:00+08:00")) == at("2027-03-01T13:00:00+08:00"))
        // In 2028 Spring Festival is 26 January: the holiday follows the lunar calendar from year to year.
        #expect(!shanghai.isOpen(at("2028-01-26T10:00:00+08:00")))
        #expect(shanghai.isOpen(at("2028-01-25T10:00:00+08:00")))
    }

    @Test func customOccasionsAndOverridesOfTheConfigurationCloseTheOffice() {
        // The company's own day, and Spring Festival 2027 kept on the 5th instead of the 6th (a moved holiday).
        let companyDay = Holiday(
            id: "company_day", name: LocalizedName(en: "Company day", zh: "公司日", zhHant: "公司日"),
            rule: .fixed(month: 9, day: 1))
        let catalogue = HolidayCatalogue(
            custom: [companyDay],
            overrides: [
                .init(id: "spring_festival", year: 2027, date: CivilDate(year: 2027, month: 2, day: 5)!)
            ])
        let office = BusinessCalendar(
            BusinessHoursDefinition(
                name: "office", timezone: "Asia/Shanghai", days: [1, 2, 3, 4, 5],
                hours: [ClockInterval(start: 9 * 60, end: 18 * 60)],
                holidays: [.occasion(id: "company_day", extraDays: 0), .occasion(id: "spring_festival", extraDays: 0)]),
            holidays: catalogue)
        #expect(!office.isOpen(at("2027-09-01T10:00:00+08:00")))  // a Wednesday
        #expect(office.isOpen(at("2027-08-31T10:00:00+08:00")))
        #expect(!office.isOpen(at("2027-02-05T10:00:00+08:00")))  // the override's day, a Friday
        #expect(office.isOpen(at("2027-02-08T10:00:00+08:00")))  // Monday after: open
        // Without the override the rule's day (Saturday 6 February 2027) is the holiday and Friday is worked.
        let plain = BusinessCalendar(
            BusinessHoursDefinition(
                name: "plain", timezone: "Asia/Shanghai", days: [1, 2, 3, 4, 5],
                hours: [ClockInterval(start: 9 * 60, end: 18 * 60)],
                holidays: [.occasion(id: "spring_festival", extraDays: 0)]))
        #expect(plain.isOpen(at("2027-02-05T10:00:00+08:00")))
        // Other years keep the rule: Spring Festival 2028 is Wednesday 26 January.
        #expect(!office.isOpen(at("2028-01-26T10:00:00+08:00")))
    }

    @Test func workingDaysKeepTheTimeOfDayFromTheFirstBusinessInstant() {
        #expect(shanghai.addingWorkingDays(3, to: at("2027-03-01T15:00:00+08:00")) == at("2027-03-04T15:00:00+08:00"))
        // A wait that begins on Friday evening counts from Monday's opening.
        #expect(shanghai.addingWorkingDays(3, to: at("2027-03-05T20:00:00+08:00")) == at("2027-03-11T09:00:00+08:00"))
        #expect(shanghai.addingWorkingDays(2, to: at("2027-02-04T11:00:00+08:00")) == at("2027-02-14T11:00:00+08:00"))
        #expect(newYork.addingWorkingDays(1, to: at("2027-03-12T10:00:00-05:00")) == at("2027-03-15T10:00:00-04:00"))
        #expect(shanghai.addingWorkingDays(0, to: at("2027-03-06T10:00:00+08:00")) == at("2027-03-08T09:00:00+08:00"))
    }

    @Test func addingThenMeasuringGivesTheSameDurationForManyStarts() throws {
        var generator = SeededGenerator(seed: 42)
        let base = at("2027-01-01T00:00:00Z")
        for calendar in [shanghai, newYork, aroundTheClock("Europe/Berlin")] {
            for _ in 0..<200 {
                let start = base.addingTimeInterval(Double(UInt64.random(in: 0...(365 * 86_400), using: &generator)))
                let seconds = Double(UInt64.random(in: 1...(40 * 3600), using: &generator))
                let due = try #require(calendar.adding(seconds, to: start))
                let measured = calendar.businessSeconds(from: start, to: due)
                #expect(measured == seconds, "\(calendar.name): \(start) + \(seconds) s")
                #expect(due >= start)
            }
        }
    }

    @Test func aCalendarWithoutWorkingTimeGivesNoDueTime() {
        let never = BusinessCalendar(
            BusinessHoursDefinition(
                name: "never", timezone: "UTC", days: [1],
                hours: [ClockInterval(start: 540, end: 600)],
                holidays: [
                    .dates(
                        CalendarDay(year: 2027, month: 1, day: 1),
                        CalendarDay(year: 2027, month: 12, day: 31)),
                    .dates(
                        CalendarDay(year: 2028, month: 1, day: 1),
                        CalendarDay(year: 2028, month: 12, day: 31)),
                    .dates(
                        CalendarDay(year: 2029, month: 1, day: 1),
                        CalendarDay(year: 2029, month: 12, day: 31))
                ]))
        #expect(never.adding(3600, to: at("2027-01-04T00:00:00Z")) == nil)
        #expect(never.nextOpen(at("2027-01-04T00:00:00Z")) == nil)
    }
}

/// A small deterministic generator (SplitMix64), so a failure can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
