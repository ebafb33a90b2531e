import ArgumentParser
import Config
import Foundation
import Reporting
import Store

struct BenchReport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Scale check: time `maildesk report` over a store of many messages.",
        discussion: """
            Fills a fresh temporary store with a year of synthetic service work (threads, customer mail, answers, \
            status changes and their events), then builds the report for the last seven days and for the whole \
            year. Prints: messages=N threads=T events=E seed_seconds=S week_ms=W year_ms=Y html_ms=H html_kb=K db_mb=D, \
            then the milliseconds of each section of both reports. Durations are in business hours like those of \
            the shipped config/sla.toml unless --wall-clock.
            """)

    @Option(help: "Messages to create.") var messages = 100_000
    @Flag(
        help:
            "Measure durations on the clock instead of in the shipped business hours (Asia/Shanghai, weekdays 09:00-12:00 and 13:00-18:00)."
    )
    var wallClock = false
    @Option(
        help: ArgumentHelp(
            "Keep the store in this file instead of a temporary one (it must not exist).", valueName: "path"))
    var keep: String?

    func validate() throws {
        if messages < 10 { throw ValidationError("--messages must be at least 10.") }
        if let keep, FileManager.default.fileExists(atPath: keep) {
            throw ValidationError("--keep '\(keep)' exists; name a new file.")
        }
    }

    func run() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("maildesk-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let path = keep ?? work.appendingPathComponent("bench.sqlite").path
        let store = try Store(path: path)
        // A fixed moment: every run builds and reports the same store.
        let now = Date(timeIntervalSince1970: 1_795_000_000)
        var start = DispatchTime.now().uptimeNanoseconds
        let seeded = try store.seedSyntheticService(messages: messages, now: now)
        let seed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let zone = TimeZone(identifier: "Asia/Shanghai") ?? .current
        let teams = [
            "billing": "Billing", "technical": "Technical", "shipping": "Logistics", "after_sales": "Logistics"
        ]
        let hours = [ClockInterval(start: 9 * 60, end: 12 * 60), ClockInterval(start: 13 * 60, end: 18 * 60)]
        let elapsed =
            wallClock
            ? .wallClock
            : ReportCommand.elapsed(
                ServiceLevels(calendars: [
                    BusinessHoursDefinition(
                        name: "shanghai", timezone: "Asia/Shanghai", days: Array(1...5), hours: hours,
                        holidays: [.occasion(id: "spring_festival", extraDays: 6)])
                ]))
        func time(_ period: ReportPeriod) throws -> (Double, ServiceReport) {
            let start = DispatchTime.now().uptimeNanoseconds
            let report = try ServiceReport.make(store, period: period, now: now, teams: teams, elapsed: elapsed)
            return (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6, report)
        }
        let (week, _) = try time(ReportPeriod(from: now.addingTimeInterval(-7 * 86_400), to: now, timeZone: zone))
        let (year, report) = try time(ReportPeriod(from: seeded.from, to: now, timeZone: zone))
        // Each section on its own, to see which one costs what.
        func sections(_ period: ReportPeriod) throws -> String {
            let scope = ReportScope(from: period.from, to: period.to, teams: teams, elapsed: elapsed)
            var times: [String] = []
            func section(_ name: String, _ body: () throws -> Void) rethrows {
                let start = DispatchTime.now().uptimeNanoseconds
                try body()
                times.append("\(name)=\(formatted(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6, 0))")
            }
            try section("volumes") { _ = try store.reportVolumes(scope, weeks: period.weeks) }
            try section("times") { _ = try store.reportTimes(scope) }
            try section("sla") { _ = try store.reportServiceLevels(scope, now: now) }
            try section("backlog") { _ = try store.reportBacklog(scope, now: now) }
            try section("satisfaction") { _ = try store.reportSatisfaction(scope) }
            try section("feedback") { _ = try store.reportFeedback(scope) }
            try section("topics") { _ = try ComplaintTopics.analyse(store, period: period) }
            return times.joined(separator: " ")
        }
        let weekSections = try sections(
            ReportPeriod(from: now.addingTimeInterval(-7 * 86_400), to: now, timeZone: zone))
        let yearSections = try sections(ReportPeriod(from: seeded.from, to: now, timeZone: zone))
        start = DispatchTime.now().uptimeNanoseconds
        let page = HTMLReport.render(report)
        let html = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        print(
            "messages=\(seeded.messages) threads=\(seeded.threads) events=\(seeded.events) seed_seconds=\(formatted(seed, 1)) "
                + "week_ms=\(formatted(week, 0)) year_ms=\(formatted(year, 0)) html_ms=\(formatted(html, 0)) "
                + "html_kb=\(page.utf8.count / 1000) db_mb=\(size / 1_000_000)")
        print("week_sections_ms: " + weekSections)
        print("year_sections_ms: " + yearSections)
    }
}
