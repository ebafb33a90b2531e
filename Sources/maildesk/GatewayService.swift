import Classification
import Config
import Crypto
import Foundation
import Logging
import Monitoring
import Pipeline
import ServiceLifecycle
import Store
import Threading
import UnixSignals

/// `maildesk run` as a service (swift-service-lifecycle): passes of the pipeline, the time-driven stages on their
/// own slower cadence, SIGTERM/SIGINT winding down gracefully, SIGHUP reloading the configuration.
///
/// The pipeline is synchronous (SQLite and libcurl block), so passes run on a thread of their own and the
/// service's task only waits; signals reach the loop through `ServiceControl`, which also cuts its waits short.
final class GatewayService: Service, @unchecked Sendable {
    private let options: GlobalOptions
    private let clock: @Sendable () -> Date
    private let logger: Logger
    private let control = ServiceControl()
    /// Owned by the loop's thread; `control` holds the same pipeline for `requestStop` from a signal.
    private var gateway: Gateway
    private var pipeline: Pipeline
    private var fingerprints: [String: String]
    /// When the service next looks whether the classifier is due for retraining (`retrainIfDue`).
    private var nextRetrainCheck: Date?
    /// `[http]` /healthz, /metrics and one-click unsubscribe, when configured: set before `run` (bound before the
    /// first pass; a change of `[http]` needs a restart).
    var health: HealthServer?

    init(options: GlobalOptions, gateway: Gateway, clock: @escaping @Sendable () -> Date, logger: Logger) throws {
        self.options = options
        self.gateway = gateway
        self.clock = clock
        self.logger = logger
        pipeline = try Self.makePipeline(gateway, clock: clock, logger: logger)
        fingerprints = ConfigFingerprint.files(gateway.configuration, workingDirectory: gateway.workingDirectory)
        control.current(pipeline)
    }

    /// What the gateway's tokens are signed with (the one-click unsubscribe links verify theirs).
    var tokenSecret: ReplySecret { pipeline.tokenSecret }

    func run() async throws {
        // Trapped before the loop starts (and says it is ready): a SIGHUP must never find its default action,
        // which ends the process.
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        let reloads = Task { [control] in
            for await _ in hangups { control.reload() }
        }
        defer { reloads.cancel() }
        let grace = Double(gateway.configuration.gateway.run.shutdownGrace)
        await withGracefulShutdownHandler {
            await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                let thread = Thread { [self] in
                    loop()
                    done.resume()
                }
                thread.name = "maildesk-service"
                thread.start()
            }
        } onGracefulShutdown: { [control] in
            control.stop(grace: grace)
        }
    }

    /// Passes until stopped. A pass's error never ends the loop: it is logged once, and passes back off.
    private func loop() {
        SystemdNotify.send("READY=1\nSTATUS=running")
        logger.info(
            "service started",
            metadata: [
                "pid": "\(getpid())", "mailboxes": "\(gateway.configuration.mailboxes.count)",
                "store": "\(gateway.configuration.gateway.store.path)"
            ])
        var errors = ErrorLog(logger: logger)
        // `maildesk status` reads the daemon's row: its start, a heartbeat after every pass, its stop.
        do { try pipeline.recordDaemonStart() } catch { errors.pass(["cannot record the service's start: \(error)"]) }
        var failedPasses = 0
        var lastScheduled: DispatchTime?
        while !control.isStopping {
            if control.takeReload() { reload() }
            let run = gateway.configuration.gateway.run
            let scheduled =
                lastScheduled.map {
                    DispatchTime.now().uptimeNanoseconds - $0.uptimeNanoseconds
                        >= UInt64(run.scheduleInterval) * 1_000_000_000
                } ?? true
            do {
                let summary = try pipeline.runOnce(scheduled: scheduled)
                if scheduled {
                    lastScheduled = .now()
                    retrainIfDue()
                }
                failedPasses = 0
                health?.recordPass(summary.stageSeconds)
                health?.recordErrors(summary.errors)
                errors.pass(summary.errors)
                if summary.didWork { logger.info("pass", metadata: summary.metadata) }
            } catch {
                failedPasses += 1
                errors.pass(["pass failed: \(error)"])
                health?.recordErrors(["pass failed: \(error)"])
            }
            try? pipeline.recordDaemonHeartbeat()
            if control.isStopping { break }
            let wait =
                failedPasses == 0 ? Double(run.interval) : Self.backoff(after: failedPasses, interval: run.interval)
            control.wait(seconds: wait)
        }
        // Stopped between passes: what is due is sent within the grace period; a pass in progress did so itself.
        SystemdNotify.send("STOPPING=1")
        var summary = RunSummary()
        pipeline.sendDue(into: &summary)
        errors.pass(summary.errors)
        try? pipeline.recordDaemonStop()
        health?.stop()
        logger.info("service stopped", metadata: ["sent_at_stop": "\(summary.messagesSent)"])
    }

    /// SIGHUP: the configuration, mailboxes, rules, agents, SLA policies, campaigns, templates and the model are
    /// read again. A file with a mistake is refused and the running configuration kept.
    private func reload() {
        SystemdNotify.send("RELOADING=1")
        defer { SystemdNotify.send("READY=1\nSTATUS=running") }
        let configuration: Configuration
        do {
            configuration = try ConfigLoader.load(
                configPath: options.config, workingDirectory: gateway.workingDirectory)
        } catch {
            logger.error("reload refused, the running configuration is kept", metadata: ["problem": "\(error)"])
            return
        }
        if configuration.gateway.store.path != gateway.configuration.gateway.store.path {
            logger.error(
                "reload refused, the running configuration is kept",
                metadata: ["problem": "[store] path changed: restart the service to use another store"])
            return
        }
        let next = Gateway(
            configuration: configuration, store: gateway.store, workingDirectory: gateway.workingDirectory)
        let replacement: Pipeline
        do {
            replacement = try Self.makePipeline(next, clock: clock, logger: logger)
        } catch {
            logger.error("reload refused, the running configuration is kept", metadata: ["problem": "\(error)"])
            return
        }
        if let problem = replacement.templateProblem, pipeline.templateProblem == nil {
            logger.error("reload refused, the running configuration is kept", metadata: ["problem": "\(problem)"])
            return
        }
        let files = ConfigFingerprint.files(configuration, workingDirectory: gateway.workingDirectory)
        let changed = Set(files.keys).union(fingerprints.keys).filter { files[$0] != fingerprints[$0] }.sorted()
        gateway = next
        pipeline = replacement
        fingerprints = files
        control.current(replacement)
        logger.notice(
            "reloaded", metadata: ["changed": "\(changed.isEmpty ? "nothing" : changed.joined(separator: ","))"])
    }

    /// Every `[classification] retrain_hours`, with the time-driven stages: when the saved model is that old (or
    /// there is none) and agents have corrected or confirmed threads since it was trained, the classifier is
    /// trained again on the training data and all of them, saved, and the pipeline rebuilt to use it. Nothing
    /// new: no training, and the next look one period later. A failure is logged; the running model stays.
    private func retrainIfDue() {
        let configuration = gateway.configuration
        let period = TimeInterval(configuration.gateway.classification.retrainHours) * 3_600
        let now = clock()
        guard period > 0, nextRetrainCheck.map({ now >= $0 }) ?? true else { return }
        nextRetrainCheck = now.addingTimeInterval(period)
        let path = ConfigPaths.absolute(configuration.classifierModelPath, workingDirectory: gateway.workingDirectory)
        let saved = SavedModelFacts.read(at: path)
        if let trainedAt = saved?.trainedAt, now.timeIntervalSince(trainedAt) < period {
            nextRetrainCheck = trainedAt.addingTimeInterval(period)
            return
        }
        do {
            let labelled = try ClassifierTraining.Labelled.read(gateway.store)
            guard let newest = labelled.newest, newest > (saved?.newestCorrectionAt ?? .distantPast) else { return }
            let started = Date()
            let trained = try ClassifierTraining.train(
                configuration, labelled: labelled, workingDirectory: gateway.workingDirectory, at: now)
            pipeline = try Self.makePipeline(gateway, clock: clock, logger: logger)
            control.current(pipeline)
            logger.notice(
                "classifier retrained",
                metadata: [
                    "examples": "\(trained.generic)", "corrected": "\(trained.corrected)",
                    "confirmed": "\(trained.confirmed)",
                    "seconds": "\(String(format: "%.1f", Date().timeIntervalSince(started)))",
                    "model": "\(configuration.classifierModelPath)"
                ])
        } catch {
            // Once a period at most: no repeat to hold back.
            logger.error("classifier retraining failed, the running model is kept: \(error)")
        }
    }

    static func makePipeline(_ gateway: Gateway, clock: @escaping @Sendable () -> Date, logger: Logger) throws
        -> Pipeline
    {
        // Each mailbox is polled at its poll_interval, and waits after errors.
        try Pipeline(
            configuration: gateway.configuration, store: gateway.store,
            workingDirectory: gateway.workingDirectory, logger: logger,
            options: PipelineOptions(clock: clock, respectBackoff: true))
    }

    /// Seconds to wait after `failures` failed passes in a row: the interval, doubled each time, at most 15 min.
    static func backoff(after failures: Int, interval: Int) -> Double {
        min(900, Double(max(1, interval)) * Double(1 << min(max(failures - 1, 0), 10)))
    }
}

/// What signals tell the loop, and waits they cut short.
final class ServiceControl: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopping = false
    private var reloadWanted = false
    private var pipeline: Pipeline?  // under `condition`

    var isStopping: Bool { condition.withLock { stopping } }

    func current(_ pipeline: Pipeline) {
        condition.withLock { self.pipeline = pipeline }
    }

    /// SIGTERM/SIGINT: the pass in progress stops fetching and sends for at most `grace` seconds.
    func stop(grace: Double) {
        condition.withLock {
            stopping = true
            pipeline?.requestStop(grace: grace)
            condition.broadcast()
        }
    }

    func reload() {
        condition.withLock {
            reloadWanted = true
            condition.broadcast()
        }
    }

    func takeReload() -> Bool {
        condition.withLock {
            defer { reloadWanted = false }
            return reloadWanted
        }
    }

    /// Waits `seconds`, or less when a signal arrives.
    func wait(seconds: Double) {
        let until = Date().addingTimeInterval(seconds)
        condition.withLock {
            while !stopping && !reloadWanted && condition.wait(until: until) {}
        }
    }
}

/// Each distinct problem logged once while it lasts, and once when it is gone: a mailbox down for an hour is two
/// lines, not 720.
struct ErrorLog {
    let logger: Logger
    private var active: Set<String> = []

    init(logger: Logger) { self.logger = logger }

    mutating func pass(_ errors: [String]) {
        let now = Set(errors)
        for error in errors where !active.contains(error) {
            logger.error("\(error)", metadata: ["repeats": "logged once while it lasts"])
        }
        for gone in active.subtracting(now).sorted() { logger.notice("resolved: \(gone)") }
        active = now
    }
}

/// The files a reload reads, with a digest of each, so the log can say what changed.
enum ConfigFingerprint {
    static func files(_ configuration: Configuration, workingDirectory: String) -> [String: String] {
        var digests: [String: String] = [:]
        let fm = FileManager.default
        let outbound = configuration.gateway.outbound
        var folders = ["config", "mailboxes"]
        folders.append(outbound.templates)
        for folder in folders {
            let root = ConfigPaths.absolute(folder, workingDirectory: workingDirectory)
            guard let walker = fm.enumerator(atPath: root) else { continue }
            while let name = walker.nextObject() as? String {
                let path = root + "/" + name
                var directory: ObjCBool = false
                guard fm.fileExists(atPath: path, isDirectory: &directory), !directory.boolValue,
                    name.hasSuffix(".toml") || name.hasSuffix(".txt") || name.hasSuffix(".html")
                        || name.hasSuffix(".json"),
                    let data = fm.contents(atPath: path)
                else { continue }
                let shown =
                    path.hasPrefix(workingDirectory + "/") ? String(path.dropFirst(workingDirectory.count + 1)) : path
                digests[shown] = SHA256.hash(data: data).hex
            }
        }
        return digests
    }
}

extension RunSummary {
    /// The pass's non-zero counts by their JSON names (`stored=3 mail_sent=3`); messages seen again (a Maildir
    /// kept as it is) are not work.
    var counts: [(String, Int)] {
        guard let data = try? JSONEncoder().encode(self),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return [] }
        return object.compactMap { key, value in
            guard key != "already_imported", let n = value as? Int, n > 0 else { return nil }
            return (key, n)
        }.sorted { $0.0 < $1.0 }
    }

    var didWork: Bool { !counts.isEmpty }

    var metadata: Logger.Metadata {
        var fields: Logger.Metadata = [:]
        for (key, n) in counts { fields[key] = "\(n)" }
        return fields
    }
}
