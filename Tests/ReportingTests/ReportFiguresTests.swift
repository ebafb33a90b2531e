import Foundation
import Reporting
import Store
import Testing

/// Every figure of the fixture week, computed by hand from the table in `ReportFixture`.
@Suite("report figures on a fixed store")
struct ReportFiguresTests {
    let fixture: ReportFixture
    init() throws { fixture = try ReportFixture() }

    func duration(_ rows: [DurationRow], _ measure: String, _ dimension: String, _ key: String?) throws -> DurationRow {
        try #require(
            rows.first { $0.measure == measure && $0.dimension == dimension && $0.key == key },
            "no \(measure) row for \(dimension) \(key ?? "nil")")
    }

    @Test func volumesCountThreadsOpenedInThePeriodByEachLabelAndMailPerWeek() throws {
        let weeks = [ReportWeek(label: "2026-W47", start: ReportFixture.from, end: ReportFixture.to)]
        let v = try fixture.store.reportVolumes(fixture.scope, weeks: weeks)
        #expect(v.threads == 8)
        #expect(
            v.byKind == [
                CountRow(key: "need", count: 5), CountRow(key: "feedback", count: 3), CountRow(key: "bulk", count: 1)
            ])
        #expect(
            v.byCategory == [
                CountRow(key: "billing", count: 3), CountRow(key: "shipping", count: 2),
                CountRow(key: "technical", count: 2), CountRow(key: nil, count: 1)
            ])
        #expect(
            v.byPriority == [
                CountRow(key: "normal", count: 4), CountRow(key: nil, count: 1), CountRow(key: "high", count: 1),
                CountRow(key: "low", count: 1), CountRow(key: "urgent", count: 1)
            ])
        #expect(
            v.byLanguage == [CountRow(key: "zh", count: 4), CountRow(key: "en", count: 3), CountRow(key: nil, count: 1)]
        )
        #expect(v.byMailbox == [CountRow(key: "support", count: 7), CountRow(key: "sales", count: 1)])
        // 8 first messages and thread 2's follow-up; not the robot's mail, not bob's internal note. Six answers.
        #expect(
            v.weeks == [
                WeekVolume(
                    week: "2026-W47", start: "2026-11-16T00:00:00Z", end: "2026-11-23T00:00:00Z",
                    newThreads: 8, customerMessages: 9, answers: 6)
            ])
    }

    @Test func firstResponseAndResolutionHaveHandComputedMediansAndP90s() throws {
        let rows = try fixture.store.reportTimes(fixture.scope).durations
        // First responses in the week: 0.5, 1, 1, 2, 3, 6 h (thread 12 was answered the week before).
        let all = try duration(rows, "first_response", "all", nil)
        #expect(all.count == 6)
        #expect(all.medianHours == 1.5)  // between the 3rd and 4th: (1 + 2) / 2
        #expect(all.p90Hours == 4.5)  // rank 5.5: 3 + 0.5 × (6 − 3)
        #expect(all.meanHours == 2.25)
        #expect(all.maxHours == 6)
        let ann = try duration(rows, "first_response", "owner", "ann@desk.example")  // 1, 1, 2, 3
        #expect((ann.count, ann.medianHours, ann.p90Hours) == (4, 1.5, 2.7))
        let bob = try duration(rows, "first_response", "owner", "bob@desk.example")  // 0.5, 6
        #expect((bob.count, bob.medianHours, bob.p90Hours) == (2, 3.25, 5.45))
        let billing = try duration(rows, "first_response", "team", "Billing")  // 1, 1, 3
        #expect((billing.count, billing.medianHours, billing.p90Hours) == (3, 1, 2.6))
        let noTeam = try duration(rows, "first_response", "team", nil)  // thread 5 (shipping has no team)
        #expect((noTeam.count, noTeam.medianHours) == (1, 2))
        let technical = try duration(rows, "first_response", "category", "technical")
        #expect((technical.count, technical.medianHours) == (2, 3.25))

        // Resolutions in the week: 4, 24, 24 (thread 4's last one, after its reopening), 24 and 72 h (thread 12,
        // opened the week before). Pending is not resolved; thread 11 was resolved the week before.
        let resolved = try duration(rows, "resolution", "all", nil)
        #expect(resolved.count == 5)
        #expect(resolved.medianHours == 24)
        #expect(resolved.p90Hours == 52.8)  // rank 4.6: 24 + 0.6 × (72 − 24)
        #expect(resolved.meanHours == 29.6)
        let bobResolved = try duration(rows, "resolution", "owner", "bob@desk.example")  // 24, 72
        #expect((bobResolved.count, bobResolved.medianHours, bobResolved.p90Hours) == (2, 48, 67.2))
        let annResolved = try duration(rows, "resolution", "owner", "ann@desk.example")  // 4, 24, 24
        #expect((annResolved.count, annResolved.medianHours, annResolved.p90Hours) == (3, 24, 24))
        #expect(!rows.contains { $0.dimension == "owner" && $0.key == nil && $0.measure == "first_response" })
    }

    @Test func histogramsPutEachDurationInItsBin() throws {
        let bins = try fixture.store.reportTimes(fixture.scope).histogram
        #expect(bins.filter { $0.measure == "first_response" }.map(\.count) == [1, 4, 1, 0, 0, 0, 0])
        #expect(bins.filter { $0.measure == "resolution" }.map(\.count) == [0, 0, 1, 0, 3, 1, 0])
        #expect(bins.first?.toHours == 1)
        #expect(bins.last?.toHours == nil)
    }

    @Test func backlogIsWhatWaitsNowWithItsAges() throws {
        let b = try fixture.store.reportBacklog(fixture.scope, now: ReportFixture.now)
        // Open: 6, 8, 10; pending: 3, 7; the robot's thread 9 is not work.
        #expect((b.open, b.pending, b.unanswered) == (3, 2, 3))
        let all = try duration(b.ages, "age", "all", nil)  // 4, 12, 48, 112, 312 h
        #expect((all.count, all.medianHours, all.p90Hours, all.maxHours) == (5, 48, 232, 312))
        let bob = try duration(b.ages, "age", "owner", "bob@desk.example")  // threads 3 and 10
        #expect((bob.count, bob.maxHours) == (2, 312))
        #expect(try duration(b.ages, "age", "owner", nil).count == 2)
        #expect(b.ageHistogram.map(\.count) == [0, 0, 1, 1, 1, 1, 1])
        #expect(b.oldest.map(\.id) == [10, 3, 6, 7, 8])
        #expect(b.oldest.first?.ageHours == 312)
        #expect(b.oldest.map(\.answered) == [false, true, false, true, false])
    }

    @Test func feedbackCountsTypesAgainstThePreviousWeekAndAveragesRatings() throws {
        let f = try fixture.store.reportFeedback(fixture.scope)
        #expect(
            f.types == [
                FeedbackTypeRow(type: "praise", count: 1, previousCount: 1, rated: 1, averageRating: 5),
                FeedbackTypeRow(type: "complaint", count: 2, previousCount: 1, rated: 2, averageRating: 1.5)
            ])
        #expect(f.rated == 3)
        #expect(f.averageRating == 2.67)  // (2 + 1 + 5) / 3
        #expect(f.ratings.map(\.count) == [1, 1, 0, 0, 1])
    }

    @Test func complaintTopicsAreTheTermsComplaintsShareAndTheirTrend() throws {
        let period = ReportPeriod(
            from: ReportFixture.from, to: ReportFixture.to, timeZone: TimeZone(identifier: "UTC")!)
        let topics = try ComplaintTopics.analyse(fixture.store, period: period)
        #expect((topics.complaintsRead, topics.previousComplaintsRead, topics.backgroundRead) == (2, 1, 8))
        // Both complaints say 物流, 太慢 and 退款; nothing else in them is in two complaints.
        #expect(Set(topics.terms.map(\.term)) == ["物流", "太慢", "退款"])
        let byTerm = Dictionary(uniqueKeysWithValues: topics.terms.map { ($0.term, $0) })
        #expect(byTerm["物流"]?.complaints == 2)
        #expect(byTerm["物流"]?.share == 1)
        // Last week's only complaint said 物流太慢: steady; 退款 is new.
        #expect(byTerm["物流"]?.previousComplaints == 1)
        #expect(byTerm["物流"]?.trend == "steady")
        #expect(byTerm["退款"]?.previousComplaints == 0)
        #expect(byTerm["退款"]?.trend == "new")
    }

    @Test func aReportOfAnEmptyPeriodHasZerosNotErrors() throws {
        let period = ReportPeriod(
            from: ReportFixture.at("2020-01-06T00:00:00Z"), to: ReportFixture.at("2020-01-13T00:00:00Z"),
            timeZone: TimeZone(identifier: "UTC")!)
        let report = try ServiceReport.make(
            fixture.store, period: period, now: ReportFixture.now, teams: ReportFixture.teams)
        #expect(report.volumes.threads == 0)
        #expect(report.times.durations.isEmpty)
        #expect(report.complaintTopics.terms.isEmpty)
        #expect(report.feedback.averageRating == nil)
        #expect(report.backlog.open == 3)  // the backlog is today's whatever the period
        _ = TextReport.render(report)
        _ = HTMLReport.render(report)
    }
}
