import ArgumentParser
import Config
import FollowUp
import Foundation
import Reporting
import Store

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract:
            "How the team did in a period: volume, response and resolution times, SLAs, what waits, satisfaction, feedback.",
        discussion: """
            Prints aligned tables by default; --json, --csv (section,table,row,column,value) or --html FILE \
            (one self-contained page with charts). The period is --from to --to: days (2026-11-16; --to includes \
            its day) or ISO 8601 times with a zone; by default the seven days before --now.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var clock: ClockOptions
    @Option(
        help: ArgumentHelp(
            "Start of the period: a day (2026-11-16) or an ISO 8601 time with a zone.", valueName: "date"))
    var from: String?
    @Option(
        help: ArgumentHelp(
            "End of the period: a day (included) or an ISO 8601 time (excluded). Default: now.", valueName: "date"))
    var to: String?
    @Option(
        help: ArgumentHelp(
            "The IANA time zone days and weeks are read in (default: the system's, $TZ).", valueName: "zone"))
    var timezone: String?
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Print CSV: one line per figure.") var csv = false
    @Option(help: ArgumentHelp("Write the report as one HTML page to this file.", valueName: "file")) var html: String?

    func validate() throws {
        if [json, csv, html != nil].filter({ $0 }).count > 1 {
            throw ValidationError("--json, --csv and --html exclude each other; choose one.")
        }
        if let timezone, TimeZone(identifier: timezone) == nil {
            throw ValidationError(
                "--timezone '\(timezone)' is not an IANA time zone; write e.g. Asia/Shanghai or Europe/Berlin.")
        }
        if let html, html.isEmpty { throw ValidationError("--html needs a file name, e.g. --html report.html") }
    }

    func run() throws {
        let zone = timezone.flatMap(TimeZone.init(identifier:)) ?? TimeZone.current
        let now = clock.clock()
        let period: ReportPeriod
        switch ReportPeriod.parse(from: from, to: to, now: now, timeZone: zone) {
        case .success(let parsed): period = parsed
        case .failure(let error):
            printError("\(error)")
            throw ExitCode.validationFailure
        }
        let gateway = try Gateway.open(global)
        var teams: [String: String] = [:]
        for team in gateway.configuration.routing.teams {
            for category in team.categories { teams[category] = team.name }
        }
        let report = try ServiceReport.make(
            gateway.store, period: period, now: now, teams: teams,
            elapsed: Self.elapsed(gateway.configuration.serviceLevels))
        if json { return try JSONOutput.print(report) }
        if csv { return FileHandle.standardOutput.write(Data(CSVReport.render(report).utf8)) }
        if let html {
            do {
                try Data(HTMLReport.render(report).utf8).write(to: URL(fileURLWithPath: html), options: .atomic)
            } catch {
                printError(
                    "cannot write '\(html)': \(error.localizedDescription) (check the folder exists and is writable)")
                throw ExitStatus.cantCreate
            }
            print("wrote \(html)")
            return
        }
        print(TextReport.render(report, safe: terminalSafe), terminator: "")
    }

    /// Business hours when `config/sla.toml` defines them (each team's own `[[business_hours]]`, the first for
    /// threads of no team), else hours on the clock: the same time the SLA timers count.
    static func elapsed(_ levels: ServiceLevels?) -> ElapsedTime {
        guard let levels, levels.calendars != [BusinessHoursDefinition.always] else { return .wallClock }
        let calendars = Dictionary(
            levels.calendars.map { ($0.name, BusinessCalendar($0, holidays: levels.holidays)) },
            uniquingKeysWith: { a, _ in a })
        let names = levels.calendars.map(\.name).joined(separator: ", ")
        return ElapsedTime(name: "business hours (\(names))") { start, end, team in
            // The calendar the SLA timers use for the team (`ServiceLevels.calendar`), built once above.
            let definition = levels.calendar(for: nil, team: team)
            let calendar = calendars[definition.name] ?? BusinessCalendar(definition, holidays: levels.holidays)
            return calendar.businessSeconds(from: start, to: end) / 3600
        }
    }
}
