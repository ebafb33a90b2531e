import Foundation
import Reporting
import Store
import Testing

@Suite("report period: --from, --to and ISO weeks")
struct ReportPeriodTests {
    static let shanghai = TimeZone(identifier: "Asia/Shanghai")!
    static let berlin = TimeZone(identifier: "Europe/Berlin")!
    static func at(_ text: String) -> Date { Timestamp.date(text)! }

    func parse(_ from: String?, _ to: String?, now: String = "2026-11-23T04:00:00Z", zone: TimeZone = shanghai)
        -> Result<ReportPeriod, PeriodError>
    {
        ReportPeriod.parse(from: from, to: to, now: Self.at(now), timeZone: zone)
    }

    @Test func daysAreLocalAndToIncludesItsDay() throws {
        let period = try parse("2026-11-16", "2026-11-22").get()
        #expect(period.from == Self.at("2026-11-15T16:00:00Z"))  // midnight in Shanghai
        #expect(period.to == Self.at("2026-11-22T16:00:00Z"))  // the end of the 22nd
        #expect(period.weeks.map(\.label) == ["2026-W47"])
        #expect(period.previous.from == Self.at("2026-11-08T16:00:00Z"))
        #expect(period.previous.to == period.from)
    }

    @Test func timesAreExactAndDefaultsAreTheSevenDaysBeforeNow() throws {
        let exact = try parse("2026-11-16T09:00:00+08:00", "2026-11-17T01:00:00Z").get()
        #expect(exact.from == Self.at("2026-11-16T01:00:00Z") && exact.to == Self.at("2026-11-17T01:00:00Z"))
        let lastWeek = try parse(nil, nil).get()
        #expect(lastWeek.to == Self.at("2026-11-23T04:00:00Z") && lastWeek.from == Self.at("2026-11-16T04:00:00Z"))
        let sinceMonday = try parse("2026-11-16", nil).get()
        #expect(sinceMonday.to == Self.at("2026-11-23T04:00:00Z"))
    }

    @Test(
        arguments: [
            ("2026-02-30", "2026-03-01", "--from '2026-02-30' is not a day or a time"),
            ("yesterday", nil, "--from 'yesterday' is not a day or a time"),
            ("2026-11-16", "2026-11-16T09:00", "--to '2026-11-16T09:00' is not a day or a time"),
            ("2026-11-20", "2026-11-19", "the period is empty"),
            ("1990-01-01", "2026-11-19", "longer than twenty years")
        ] as [(String, String?, String)])
    func badPeriodsAreRefusedWithTheFix(from: String, to: String?, message: String) {
        guard case .failure(let error) = parse(from, to) else {
            Issue.record("accepted --from \(from) --to \(to ?? "-")")
            return
        }
        #expect(error.description.contains(message), "\(error)")
    }

    @Test func weeksAreCutToThePeriodAndFollowTheZonesClock() throws {
        // From a Wednesday to a Monday noon: the first and last weeks are cut.
        let cut = try parse("2026-11-11", "2026-11-23T12:00:00+08:00").get()
        #expect(cut.weeks.map(\.label) == ["2026-W46", "2026-W47", "2026-W48"])
        #expect(cut.weeks.first?.start == Self.at("2026-11-10T16:00:00Z"))
        #expect(cut.weeks[1].start == Self.at("2026-11-15T16:00:00Z"))
        #expect(cut.weeks.last?.end == Self.at("2026-11-23T04:00:00Z"))
        // Berlin leaves summer time on Sunday 25 October 2026: that week is an hour longer.
        let autumn = try parse("2026-10-19", "2026-11-01", zone: Self.berlin).get()
        #expect(autumn.weeks.map(\.start) == [Self.at("2026-10-18T22:00:00Z"), Self.at("2026-10-25T23:00:00Z")])
        #expect(autumn.weeks[0].end.timeIntervalSince(autumn.weeks[0].start) == 7 * 86_400 + 3600)
        // ISO years: 2026 has a week 53, and 4 January 2027 starts 2027-W01.
        let newYear = try parse("2026-12-28", "2027-01-10").get()
        #expect(newYear.weeks.map(\.label) == ["2026-W53", "2027-W01"])
    }
}
