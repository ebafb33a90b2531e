import Config
import Foundation
import Store

/// `maildesk status` and `/healthz`: the store's figures judged against `[status]`. Reads, never writes.
public struct GatewayStatus: Encodable, Sendable {
    public var status: HealthLevel
    public var now: String
    /// Critical reasons first, then warnings.
    public var reasons: [StatusReason]
    /// The running daemons, else the last one stopped; empty when no `maildesk run` loop ever recorded itself.
    public var daemons: [DaemonView]
    public var mailboxes: [MailboxView]
    public var waiting: StageBacklog
    public var outbox: OutboxFigures
    public var quarantined: Int
    public var threads: ThreadCounts
    public var model: ModelView

    public var exitCode: Int32 { status.exitCode }
}

extension GatewayStatus {
    /// The status of the gateway whose store is `store`, as of `now`.
    public static func evaluate(
        configuration: Configuration, store: Store, workingDirectory: String,
        now: Date
    ) throws -> GatewayStatus {
        let window = TimeInterval(configuration.gateway.status.failedWindowHours * 3600)
        let figures = try store.statusFigures(at: now, failedSince: now.addingTimeInterval(-window))
        return GatewayStatus(
            configuration: configuration, figures: figures,
            model: ModelView(configuration: configuration, workingDirectory: workingDirectory, now: now),
            now: now)
    }

    /// Judges `figures` as of `now`. `host` is this process's pid namespace (`SendLease.current.host`): a daemon
    /// recorded there is checked with `isAlive`.
    public init(
        configuration: Configuration, figures: StatusFigures, model: ModelView, now date: Date,
        host: String = SendLease.current.host, isAlive: (Int32) -> Bool = SendLease.isAlive
    ) {
        let settings = configuration.gateway.status
        let runInterval = configuration.gateway.run.interval
        var reasons: [StatusReason] = []
        func add(_ level: HealthLevel, _ subject: String, _ message: String) {
            reasons.append(StatusReason(level: level, subject: subject, message: message))
        }
        func age(_ stamp: String?) -> Int? {
            stamp.flatMap(Timestamp.date).map { Int(date.timeIntervalSince($0).rounded(.down)) }
        }

        daemons = figures.daemons.map { DaemonView($0, now: date, host: host, isAlive: isAlive) }
        let heartbeatLimit = settings.heartbeatCriticalSeconds(runInterval: runInterval)
        for daemon in daemons where daemon.stoppedAt == nil {
            let subject = "daemon pid \(daemon.pid)"
            if daemon.alive == false {
                add(
                    .critical, subject,
                    "is gone without recording its stop (killed or crashed, last heartbeat "
                        + "\(durationText(daemon.heartbeatAgeSeconds)) ago): start `maildesk run` again and read its last log lines"
                )
            } else if daemon.heartbeatAgeSeconds > heartbeatLimit {
                add(
                    .critical, subject,
                    "last heartbeat \(durationText(daemon.heartbeatAgeSeconds)) ago on \(daemon.host) "
                        + "(critical after \(durationText(heartbeatLimit))): it hangs or died; check its log, then restart it"
                )
            }
        }

        mailboxes = configuration.mailboxes.map { definition in
            var interval = runInterval
            if case .imap(let imap) = definition.source { interval = max(runInterval, imap.pollInterval) }
            let state = figures.mailboxes.first { $0.mailbox == definition.name }
            return MailboxView(
                definition: definition, state: state, intervalSeconds: interval,
                lastSuccessAgeSeconds: age(state?.lastSuccessAt), figures: figures)
        }
        for mailbox in mailboxes {
            let subject = "mailbox \(mailbox.name)"
            let error = mailbox.lastError.map { ": \($0)" } ?? ""
            let staleAfter = max(settings.pollStaleIntervals * mailbox.intervalSeconds, 600)
            let failingFor = age(mailbox.failingSince ?? mailbox.lastErrorAt)
            if let last = mailbox.lastSuccessAgeSeconds, last > staleAfter {
                add(
                    .critical, subject,
                    "no successful poll for \(durationText(last)) (critical after \(durationText(staleAfter)): "
                        + "\(settings.pollStaleIntervals) × its \(durationText(mailbox.intervalSeconds)) interval)"
                        + (mailbox.failures > 0
                            ? "; \(mailbox.failures) failed poll(s)\(error)" : "; is `maildesk run` running?"))
            } else if mailbox.failures > 0, let failingFor, failingFor >= settings.failingCriticalMinutes * 60 {
                add(
                    .critical, subject,
                    "failing for \(durationText(failingFor)) (\(mailbox.failures) poll(s) in a row)\(error)")
            } else if mailbox.failures > 0 {
                add(.warning, subject, "the last \(mailbox.failures) poll(s) failed\(error)")
            } else if mailbox.lastSuccessAt == nil {
                add(.warning, subject, "never polled: run `maildesk run` (or check `maildesk doctor`)")
            }
        }

        let failed = figures.outbox
        outbox = failed
        if let oldest = outbox.oldestUnsentAgeSeconds, oldest >= settings.unsentWarningMinutes * 60 {
            let level: HealthLevel = oldest >= settings.unsentCriticalMinutes * 60 ? .critical : .warning
            add(
                level, "outbox",
                "the oldest unsent message was written \(durationText(oldest)) ago (\(failed.queued) queued, "
                    + "\(failed.deferred) deferred): `maildesk outbox list --state queued` shows their last errors; check [smtp]"
            )
        }
        if failed.failedRecently > 0 {
            add(
                .critical, "outbox",
                "\(failed.failedRecently) message(s) failed for good in the last "
                    + "\(settings.failedWindowHours) h: `maildesk outbox list --state failed` says why, `maildesk outbox retry ID` sends one again"
            )
        }
        quarantined = figures.quarantined
        if quarantined > 0 {
            add(
                .warning, "quarantine",
                "\(quarantined) message(s) could not go through the pipeline: "
                    + "`maildesk quarantine list` says why, `maildesk quarantine retry ID` tries one again")
        }
        threads = ThreadCounts(figures)
        if threads.slaBreached > 0 {
            add(
                .warning, "sla",
                "\(threads.slaBreached) open thread(s) past an SLA due time: `maildesk threads list --breached`")
        }
        self.model = model
        if settings.modelWarningDays > 0, let days = model.ageDays, days > settings.modelWarningDays {
            add(
                .warning, "classifier",
                "the model was trained \(days) days ago (warning after \(settings.modelWarningDays)): "
                    + "`maildesk classifier train` learns from the corrections since")
        }
        waiting = figures.waiting
        self.reasons = reasons.enumerated().sorted { ($1.element.level, $0.offset) < ($0.element.level, $1.offset) }
            .map(\.element)
        status = reasons.map(\.level).max() ?? .ok
        now = Timestamp.string(date)
    }
}
