import Foundation
import Reporting
import Store
import Testing

/// SLA attainment and satisfaction of the fixture week, computed by hand from the timers and surveys in
/// `ReportFixture`.
@Suite("report: service levels and satisfaction")
struct ReportServiceLevelTests {
    let fixture: ReportFixture
    init() throws { fixture = try ReportFixture() }

    func attainment(_ figures: SLAFigures, _ metric: String, _ dimension: String, _ key: String?) -> (
        Int, Int, Double?
    )? {
        figures.attainment.first { $0.metric == metric && $0.dimension == dimension && $0.key == key }
            .map { ($0.met, $0.breached, $0.attainment) }
    }

    @Test func targetsCountOnceInThePeriodTheyWereMetOrPassed() throws {
        let sla = try fixture.store.reportServiceLevels(fixture.scope, now: ReportFixture.now)
        // Met in the week: 1's and 2's first responses, 4's resolution. Passed in the week: 4's first response
        // (answered late) and 6's (still running). Not counted: 12's breach (the week before, though it stopped in
        // this one), 8's (due after now), 3's cancelled target, 7's paused one, 10's (passed the week before).
        #expect(attainment(sla, "all", "all", nil)! == (3, 2, 0.6))
        #expect(attainment(sla, "first_response", "all", nil)! == (2, 2, 0.5))
        #expect(attainment(sla, "resolution", "all", nil)! == (1, 0, 1))
        #expect(attainment(sla, "next_response", "all", nil) == nil)
        #expect(attainment(sla, "all", "owner", "ann@desk.example")! == (2, 0, 1))
        #expect(attainment(sla, "all", "owner", "bob@desk.example")! == (1, 1, 0.5))
        #expect(attainment(sla, "all", "owner", nil)! == (0, 1, 0))
        #expect(attainment(sla, "all", "team", "Billing")! == (2, 0, 1))
        #expect(attainment(sla, "all", "team", "Tech")! == (1, 1, 0.5))
        #expect(attainment(sla, "all", "team", nil)! == (0, 1, 0))
        #expect(attainment(sla, "all", "policy", "urgent")! == (1, 1, 0.5))
        #expect(attainment(sla, "all", "policy", "low")! == (0, 1, 0))
        #expect(attainment(sla, "all", "category", "shipping")! == (0, 1, 0))
        // Overdue now: 10's and 6's first responses, the longest-overdue first, in the report's hours.
        #expect(
            sla.overdueNow == [
                CountRow(key: "all", count: 2), CountRow(key: "first_response", count: 2),
                CountRow(key: "next_response", count: 0), CountRow(key: "resolution", count: 0)
            ])
        #expect(sla.overdue.map(\.thread) == [10, 6])
        #expect(sla.overdue.map(\.overdueHours) == [308, 40])
        #expect(sla.overdue[1].policy == "low" && sla.overdue[1].owner == nil)
    }

    @Test func overdueHoursFollowTheReportsClock() throws {
        // Counting only 09:00-17:00 UTC weekdays: 6's due time (Saturday 08:00) to Monday 00:00 holds none of it.
        let officeHours = ElapsedTime(name: "office hours") { start, end, _ in
            var hours = 0.0, t = start
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = .gmt
            while t < end {
                let next = min(end, t.addingTimeInterval(900))
                let hour = calendar.component(.hour, from: t), weekday = calendar.component(.weekday, from: t)
                if (2...6).contains(weekday) && (9..<17).contains(hour) { hours += next.timeIntervalSince(t) / 3600 }
                t = next
            }
            return hours
        }
        var scope = fixture.scope
        scope.elapsed = officeHours
        let sla = try fixture.store.reportServiceLevels(scope, now: ReportFixture.now)
        // 10: due Tuesday 11-10 04:00, so 8 h on each of 9 weekdays (11-10 … 11-20).
        #expect(sla.overdue.map(\.overdueHours) == [72, 0])
    }

    @Test func satisfactionHasResponseRatesScoresAndLowScores() throws {
        let s = try fixture.store.reportSatisfaction(fixture.scope)
        // Sent in the week: 1, 2, 4, 5, 12 (not 11's from the week before, not 9's skipped one); answered: all but 5.
        // Answers received in the week: 5 (1), 4 (2), 2 (4), 3 (11, surveyed the week before), 1 (12).
        #expect((s.overall.surveys, s.overall.answeredSurveys, s.overall.responseRate) == (5, 4, 0.8))
        #expect((s.overall.answers, s.overall.average, s.overall.satisfied, s.overall.low) == (5, 3, 0.4, 2))
        #expect(s.scores.map(\.count) == [1, 1, 1, 1, 1])
        let ann = try #require(s.byOwner.first { $0.key == "ann@desk.example" })
        #expect((ann.surveys, ann.answeredSurveys, ann.responseRate) == (3, 2, 0.667))
        #expect((ann.answers, ann.average, ann.satisfied, ann.low) == (3, 4, 0.667, 0))
        let bob = try #require(s.byOwner.first { $0.key == "bob@desk.example" })
        #expect(
            (bob.surveys, bob.responseRate, bob.answers, bob.average, bob.satisfied, bob.low) == (2, 1, 2, 1.5, 0, 2))
        #expect(s.byOwner.count == 2)
        let shipping = try #require(s.byCategory.first { $0.key == "shipping" })
        #expect((shipping.surveys, shipping.responseRate, shipping.answers) == (1, 0, 0))
        #expect(shipping.average == nil && shipping.satisfied == nil)
        #expect(s.byCategory.map(\.key) == ["billing", "technical", "shipping"])
        #expect(s.lowScores.map(\.thread) == [4, 12])
        #expect(s.lowScores[0].comment == ReportFixture.lowComment && s.lowScores[0].action == "reopened")
        #expect(s.lowScores[1].action == "notified")
    }

    @Test func anEmptyPeriodHasNoFiguresAndNoErrors() throws {
        let scope = ReportScope(
            from: ReportFixture.at("2025-01-01T00:00:00Z"), to: ReportFixture.at("2025-01-08T00:00:00Z"))
        let sla = try fixture.store.reportServiceLevels(scope, now: ReportFixture.at("2025-01-08T00:00:00Z"))
        #expect(sla.attainment.isEmpty && sla.overdue.isEmpty && sla.overdueNow.allSatisfy { $0.count == 0 })
        let s = try fixture.store.reportSatisfaction(scope)
        #expect(s.overall.surveys == 0 && s.overall.average == nil && s.byOwner.isEmpty && s.lowScores.isEmpty)
    }

    @Test func theSectionsShowThemAndEscapeTheCustomersComment() throws {
        let period = try ReportPeriod.parse(
            from: "2026-11-16", to: "2026-11-22", now: ReportFixture.now,
            timeZone: TimeZone(identifier: "UTC")!
        ).get()
        let report = try ServiceReport.make(
            fixture.store, period: period, now: ReportFixture.now, teams: ReportFixture.teams)
        let ids = report.sections.map(\.id)
        #expect(ids.contains("sla") && ids.contains("satisfaction"))
        let text = TextReport.render(report)
        #expect(text.contains("Service levels") && text.contains("Customer satisfaction"))
        #expect(text.contains("SLA targets met") && text.contains("60%"))
        let html = HTMLReport.render(report)
        #expect(html.contains("还是很慢 &lt;b&gt;太慢&lt;/b&gt;") && !html.contains("<b>太慢"))
        #expect(html.contains("id=\"sla\"") && html.contains("id=\"satisfaction\""))
        let csv = CSVReport.render(report)
        #expect(
            csv.contains("satisfaction,csat,1,response_rate,0.8"),
            "\(csv.split(separator: "\n").filter { $0.hasPrefix("satisfaction") })")
    }
}
