import ArgumentParser
import Config
import Foundation
import Logging
import Monitoring
import Pipeline
import ServiceLifecycle
import Synchronization

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fetch, store, parse, thread, classify, assign and answer mail from every mailbox; send the outbox.",
        discussion: """
            Without --once, a service: a pass every [run] interval seconds (each IMAP mailbox polled at its \
            poll_interval with one STATUS on a kept connection), follow-up and care every [run] schedule_interval; \
            SIGTERM or SIGINT stops fetching and sends due mail for up to [run] shutdown_grace seconds, then exits 0; \
            SIGHUP reloads the configuration, rules, agents, templates and model (a file with a mistake is refused \
            and the running one kept). Errors are logged, once per distinct error, and never end the service; only \
            a configuration error at start does (exit 78).
            With --once, one pass over every mailbox and stage. An IMAP mailbox gives at most max_messages_per_poll \
            messages a pass; the summary says how many are left for the next pass, and --once --all repeats passes \
            until none is left.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var clock: ClockOptions

    @Flag(help: "Run one pass and exit.")
    var once = false

    @Flag(help: "With --once: repeat passes until no mailbox has messages left for the next pass.")
    var all = false

    @Flag(help: "Print the summary as JSON (with --once).")
    var json = false

    @Flag(help: "Log each stage's work to standard error (the level info).")
    var verbose = false

    @Option(
        help: ArgumentHelp(
            "The service's log lines: text (key=value) or json. Default: [run] log_format.", valueName: "format"))
    var logFormat: String?

    @Option(
        help: ArgumentHelp(
            "trace, debug, info, notice, warning, error or critical. Default: [run] log_level.", valueName: "level"))
    var logLevel: String?

    func validate() throws {
        if all && !once { throw ValidationError("--all drains the mailboxes in one run: use it with --once") }
        if let logFormat, RunSettings.LogFormat(rawValue: logFormat) == nil {
            throw ValidationError("--log-format '\(logFormat)' is not text or json")
        }
        if let logLevel, !RunSettings.logLevels.contains(logLevel) {
            throw ValidationError(
                "--log-level '\(logLevel)' is not one of \(RunSettings.logLevels.joined(separator: ", "))")
        }
    }

    func run() throws {
        let gateway = try Gateway.open(global)
        if once { return try runOnce(gateway) }
        let settings = gateway.configuration.gateway.run
        let format = logFormat.flatMap(RunSettings.LogFormat.init(rawValue:)) ?? settings.logFormat
        let level = Logger.Level(rawValue: logLevel ?? (verbose ? "info" : settings.logLevel)) ?? .info
        // Until the service traps SIGHUP, one would end the process: ignore it from the start.
        signal(SIGHUP, SIG_IGN)
        LoggingSystem.bootstrap { LogLine(label: $0, format: format, logLevel: level) }
        let logger = Logger(label: "maildesk")
        let service: GatewayService
        do {
            service = try GatewayService(options: global, gateway: gateway, clock: clock.clock, logger: logger)
        } catch {
            printError("\(error)")
            throw ExitStatus.config
        }
        // [http]: bound before the first pass; a port that is taken is a configuration error.
        if let settings = gateway.configuration.gateway.http {
            let server = HealthServer(
                settings: settings, configuration: gateway.configuration, store: gateway.store,
                workingDirectory: gateway.workingDirectory, clock: clock.clock,
                unsubscribeSecret: service.tokenSecret)
            do { try server.start() } catch {
                printError("\(error)")
                throw ExitStatus.config
            }
            service.health = server
        }
        var groupConfiguration = ServiceGroupConfiguration(services: [service], logger: logger)
        groupConfiguration.gracefulShutdownSignals = [.sigterm, .sigint]
        let group = ServiceGroup(configuration: groupConfiguration)
        let finished = DispatchSemaphore(value: 0)
        let failure = Mutex<(any Error)?>(nil)
        Task {
            do { try await group.run() } catch { failure.withLock { $0 = error } }
            finished.signal()
        }
        finished.wait()
        if let error = failure.withLock({ $0 }) {
            printError("the service ended: \(error)")
            throw ExitStatus.software
        }
    }

    /// One pass, or with `--all` passes until nothing is left for the next one (or a pass fetches nothing).
    private func runOnce(_ gateway: Gateway) throws {
        let pipeline = try gateway.pipeline(verbose: verbose, options: PipelineOptions(clock: clock.clock))
        var summary = try pipeline.runOnce()
        while all && summary.leftForNextPass > 0 && summary.errors.isEmpty {
            let next = try pipeline.runOnce()
            let progressed = next.fetched > 0
            summary.append(next)
            if !progressed { break }
        }
        if json {
            try JSONOutput.print(summary)
        } else {
            print(summary.line)
            for error in summary.errors { printError(error) }
        }
        if !summary.errors.isEmpty { throw ExitStatus.tempFailure }
    }
}
