import Foundation
import TestSupport
import Reporting
import Store
import Testing

/// The HTML page in a real browser: Debian's headless Chromium renders it to a screenshot, which must show the
/// page (decoded, its pixels counted: not blank, the charts' colours present), and dumps the DOM it built, which
/// must hold the title and the charts. Without Chromium the test fails with how to install it (under CI=true too).
@Suite("report page in headless Chromium")
struct ReportBrowserTests {
    static let here = Repository.url("Tests/ReportingTests")

    struct Missing: Error, CustomStringConvertible { let description: String }

    static var isCI: Bool {
        ["true", "1", "yes"].contains(ProcessInfo.processInfo.environment["CI"]?.lowercased() ?? "")
    }

    static func chromium() throws -> String {
        for path in ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        where FileManager.default.isExecutableFile(atPath: path) {
            return path
        }
        throw Missing(
            description: (isCI ? "CI=true: " : "")
                + "Chromium is not installed, so the report page cannot be checked in a browser: install Debian's chromium "
                + "(scripts/install-deps.sh)")
    }

    /// Runs a program to its end and returns its standard output. A browser that hangs is killed after two
    /// minutes (a guard against a stuck test run, not a measure of speed) and the test fails.
    static func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("maildesk-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("out"), err = scratch.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        try ChildProcess.launch(process)
        if done.wait(timeout: .now() + 120) == .timedOut {
            process.terminate()
            done.wait()
            throw Missing(description: "\(program) did not finish within two minutes")
        }
        return (
            process.terminationStatus, (try? String(contentsOf: out, encoding: .utf8)) ?? "",
            (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        )
    }

    @Test func thePageRendersWithItsTitleChartsAndTables() throws {
        let browser = try Self.chromium()
        let fixture = try ReportFixture()
        let period = ReportPeriod(
            from: ReportFixture.from, to: ReportFixture.to, timeZone: TimeZone(identifier: "UTC")!)
        let report = try ServiceReport.make(
            fixture.store, period: period, now: ReportFixture.now, teams: ReportFixture.teams)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("maildesk-page-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("report.html")
        try Data(HTMLReport.render(report).utf8).write(to: page)
        let shot = folder.appendingPathComponent("report.png")
        // Its own profile folder: several browsers at once must not share one.
        let common = [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
            "--user-data-dir=" + folder.appendingPathComponent("profile").path
        ]

        let dump = try Self.run(browser, common + ["--dump-dom", page.absoluteString])
        #expect(dump.status == 0, "\(dump.stderr)")
        let dom = dump.stdout
        #expect(dom.contains("<title>maildesk report 2026-11-16 – 2026-11-22</title>"))
        #expect(dom.contains("<svg") && dom.contains("class=\"chart-columns chart-volume-weekly\""))
        #expect(dom.contains("class=\"chart-columns chart-times-distribution\""))
        #expect(dom.contains("class=\"chart-bars chart-feedback-types\""))
        #expect(dom.contains("<rect class=\"bar series-0\""))
        #expect(dom.contains("<table class=\"table-agents\""))
        // The SLA bar (share met per target) and the CSAT bars (scores, per agent).
        #expect(
            dom.contains("class=\"chart-bars chart-sla-targets\"")
                && dom.contains("class=\"chart-bars chart-satisfaction-scores\""))
        #expect(dom.contains("class=\"chart-bars chart-satisfaction-agent\""))
        // The hostile subject is text in the DOM, not an element.
        #expect(!dom.contains("<script"))
        #expect(!dom.contains("<img"))
        #expect(dom.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))

        let capture = try Self.run(
            browser, common + ["--screenshot=" + shot.path, "--window-size=1200,1600", page.absoluteString])
        #expect(capture.status == 0, "\(capture.stderr)")
        let png = try Data(contentsOf: shot)
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        let stats = try Self.run("/usr/bin/python3", [Self.here.appendingPathComponent("png_stats.py").path, shot.path])
        #expect(stats.status == 0, "\(stats.stderr)")
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        #expect(figures["width"] as? Int == 1200)
        #expect(figures["height"] as? Int == 1600)
        // Text, cards and tables cover a good part of the page; the bars are drawn in the series colours.
        #expect((figures["differing"] as? Double ?? 0) > 0.1, "\(figures)")
        #expect((figures["chart_blue"] as? Int ?? 0) > 500, "\(figures)")
        #expect((figures["chart_orange"] as? Int ?? 0) > 50, "\(figures)")
    }
}
