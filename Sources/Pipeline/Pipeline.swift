import Classification
import Config
import Foundation
import Logging
import MIME
import Routing
import Store
import Synchronization
import Templates
import Threading

/// The pipeline: fetch → store raw → parse → thread → classify → assign → answer (outbox) → follow-up → care → send.
///
/// Each stage reads messages in one state and writes the next, a bounded batch per transaction (each message's
/// state re-checked inside it), so a process killed at any moment loses nothing and a rerun (or a second process) picks up exactly where it stopped.
public final class Pipeline: Sendable {
    public let configuration: Configuration
    public let store: Store
    let logger: Logger
    let limits: Limits
    let matcher: ThreadMatcher
    /// Relative paths in mailbox definitions resolve against this folder (the process's working directory).
    let workingDirectory: String
    /// Where passwords come from (`password_env`).
    let environment: [String: String]
    /// How this pipeline runs (clock, backoff, lease, import), fixed when it is made.
    public let options: PipelineOptions
    /// Rules, model and signals that decide new threads.
    let decider: ThreadDecider
    /// Who gets threads.
    let assignmentPolicy: AssignmentPolicy
    /// Rows the server accepted whose recording failed: never taken again by this pipeline.
    let sentUnrecorded = Mutex<Set<Int64>>([])
    /// Set by `requestStop`: fetching stops after the message in hand, sending at the deadline.
    let stopping = Atomic<Bool>(false)
    let sendDeadline = Mutex<DispatchTime?>(nil)
    /// IMAP connections kept between passes, and each mailbox's STATUS when it was last fully read.
    let imapConnections = IMAPConnections()
    /// The outbound templates; nil when they do not load (the answer stage then waits and reports why).
    let templates: TemplateSet?
    let templateError: String?

    public init(
        configuration: Configuration, store: Store, workingDirectory: String, logger: Logger,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        options: PipelineOptions = PipelineOptions()
    ) throws {
        self.options = options
        self.configuration = configuration
        self.store = store
        self.logger = logger
        self.workingDirectory = workingDirectory
        self.environment = environment
        limits = Self.limits(configuration.gateway.parser)
        let threading = configuration.gateway.threading
        let secret: [UInt8]
        if let fromEnvironment = environment[threading.secretEnv], !fromEnvironment.isEmpty {
            // A short secret can be guessed, and with it every reply and agent token forged.
            guard fromEnvironment.utf8.count >= 32 else {
                throw PipelineError.configuration(
                    "\(threading.secretEnv) is \(fromEnvironment.utf8.count) bytes long; "
                        + "reply tokens need a secret of at least 32 bytes (e.g. `openssl rand -hex 32`), or unset it "
                        + "to use the one the store generated")
            }
            secret = Array(fromEnvironment.utf8)
        } else {
            secret = try store.tokenSecret()
        }
        let addressing = ThreadAddressing(
            secret: ReplySecret(secret),
            domain: configuration.messageIDDomain ?? "maildesk.invalid")
        matcher = ThreadMatcher(addressing: addressing, subjectWindowDays: threading.subjectWindowDays)
        let routing = configuration.routing
        decider = ThreadDecider(
            rules: routing.rules,
            model: Self.loadModel(configuration, workingDirectory: workingDirectory, logger: logger),
            settings: configuration.gateway.classification)
        assignmentPolicy = AssignmentPolicy(
            agents: routing.agents, teams: routing.teams,
            sticky: configuration.gateway.assignment.sticky)
        let outbound = configuration.gateway.outbound
        do {
            templates = try TemplateSet(
                directory: ConfigPaths.absolute(outbound.templates, workingDirectory: workingDirectory),
                defaultLocale: outbound.defaultLocale)
            templateError = nil
        } catch {
            templates = nil
            templateError =
                "templates: \(error.description.replacingOccurrences(of: "\n", with: "; ")) (run `maildesk templates check`)"
        }
    }

    /// The pipeline's clock: every time-dependent decision and every store write reads it.
    public func now() -> Date { options.clock() }
    /// Whether a mailbox waiting after an error is skipped (the service) or polled anyway (`run --once`).
    var respectBackoff: Bool { options.respectBackoff }
    var reuseSMTPConnection: Bool { options.reuseSMTPConnection }
    public var sendLease: SendLease { options.sendLease }
    var importing: ImportRun? { options.importing }
    var fetchEvents: (@Sendable (FetchEvent) -> Void)? { options.fetchEvents }

    /// Asks a running pass to wind down (SIGTERM): no new message is fetched, what was fetched goes through the
    /// stages, and due mail is sent for at most `grace` seconds more. Safe from any thread.
    public func requestStop(grace: Double) {
        sendDeadline.withLock { $0 = .now() + grace }
        stopping.store(true, ordering: .sequentiallyConsistent)
    }

    /// The secret every token of this gateway is signed with (reply, agent and unsubscribe addresses).
    public var tokenSecret: ReplySecret { matcher.addressing.secret }

    /// Why the templates did not load (nil: they did).
    public var templateProblem: String? { templateError }

    public var isStopping: Bool { stopping.load(ordering: .sequentiallyConsistent) }

    /// One pass over every mailbox and every stage.
    ///
    /// Fetching (network and disk) runs on its own thread while this one parses, threads and classifies (CPU): the stages
    /// meet only in the store, so parse and thread take each batch as soon as the fetch thread has committed
    /// it, and make a last pass once every mailbox is read. Each stage still re-checks every message's state in
    /// its own transaction, so the overlap changes when work happens, never what is committed.
    /// `scheduled`: also run the time-driven stages (follow-up and care), which a service runs on their own,
    /// slower cadence.
    @discardableResult
    public func runOnce(scheduled: Bool = true) throws -> RunSummary {
        var summary = RunSummary()
        func timed(_ stage: String, _ body: () throws -> Void) rethrows {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            summary.stageSeconds[stage, default: 0] += Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        let progress = FetchProgress()
        let pipeline = self
        let fetcher = Thread {
            let start = DispatchTime.now().uptimeNanoseconds
            var fetched = RunSummary()
            pipeline.fetchAll(into: &fetched, progress: progress)
            progress.finish(fetched, seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        fetcher.name = "maildesk-fetch"
        fetcher.start()
        var failure: (any Error)?
        do {
            while true {
                // Read before the pass: a pass that starts after the end sees every committed batch.
                let finished = progress.isFinished
                let commits = progress.commits
                try timed("parse") { try parseStored(into: &summary) }
                try timed("thread") { try threadParsed(into: &summary) }
                // New threads are decided as they appear: the CPU work overlaps the fetch's waiting.
                try timed("classify") { try classifyThreads(into: &summary) }
                if finished { break }
                if progress.commits == commits { progress.waitForWork(milliseconds: 50) }
            }
        } catch {
            failure = error
        }
        // Never return (or throw) while the fetch thread still works for this pass.
        let fetched = progress.waitUntilFinished()
        summary.merge(fetched.summary)
        summary.stageSeconds["fetch"] = fetched.seconds
        if let failure { throw failure }
        try timed("assign") { try assignOwners(into: &summary) }
        try timed("answer") {
            if let templateError,
                configuration.gateway.outbound.acknowledge || configuration.gateway.outbound.notifyAgents
            {
                summary.errors.append(templateError)  // threads wait unanswered until the templates load
            } else {
                try answerThreads(into: &summary)
            }
        }
        if scheduled && !isStopping {
            try timed("followup") { try followUp(into: &summary) }
            try timed("care") { try scheduleCare(into: &summary) }
        }
        timed("send") { sendDue(into: &summary) }
        return summary
    }

    /// Polls the mailboxes, at most `maxConcurrentPolls` at once; each mailbox by one poller. `progress` hears
    /// of every committed batch.
    func fetchAll(into summary: inout RunSummary, progress: FetchProgress? = nil) {
        let mailboxes = configuration.mailboxes
        // Polls wait on the network, not the CPU: worker threads of their own (concurrentPerform would cap them
        // at the core count), each taking the next mailbox until none is left.
        let work = PollWork()
        let done = DispatchGroup()
        let pipeline = self
        for n in 0..<min(Self.maxConcurrentPolls, mailboxes.count) {
            done.enter()
            let worker = Thread {
                defer { done.leave() }
                while !pipeline.isStopping {
                    let i = work.next.add(1, ordering: .relaxed).oldValue
                    guard i < mailboxes.count else { break }
                    var partial = RunSummary()
                    pipeline.fetch(mailboxes[i], into: &partial, progress: progress)
                    work.results.withLock { $0.append(partial) }
                }
            }
            worker.name = "maildesk-poll-\(n)"
            worker.start()
        }
        done.wait()
        for partial in work.results.withLock({ $0 }) { summary.merge(partial) }
    }

    /// What the poll workers of one `fetchAll` share: the next mailbox to take and what each poll found.
    private final class PollWork: Sendable {
        let next = Atomic<Int>(0)
        let results = Mutex<[RunSummary]>([])
    }

    static let maxConcurrentPolls = 4

    /// The parser's bounds from `[parser]`.
    public static func limits(_ parser: ParserSettings) -> Limits {
        var limits = Limits()
        limits.maxMessageBytes = parser.maxMessageBytes
        limits.maxDepth = parser.maxDepth
        limits.maxParts = parser.maxParts
        limits.maxHeaderFields = parser.maxHeaderFields
        return limits
    }

    /// Runs `body` on batches of the messages waiting in `state`, oldest first, until none is left. A message
    /// another process takes meanwhile is skipped by the store; one that stays put is not retried this pass.
    func forEachBatch(
        in state: MessageState, before: MessageState? = nil, size: Int = 64,
        _ body: ([Int64]) throws -> Void
    ) throws {
        var seen = Set<Int64>()
        while true {
            let batch = try store.messageIDs(in: state, limit: size, before: before).filter { !seen.contains($0) }
            if batch.isEmpty { return }
            seen.formUnion(batch)
            try body(batch)
        }
    }
}
