import Classification
import Config
import Foundation
import Store

/// A daemon as `status` shows it: its record, its age and whether its process is there.
public struct DaemonView: Encodable, Sendable {
    public var pid: Int32
    public var host: String
    public var instance: String
    public var startedAt: String
    public var heartbeatAt: String
    public var stoppedAt: String?
    public var uptimeSeconds: Int
    public var heartbeatAgeSeconds: Int
    /// Whether its process exists; nil when it ran in another pid namespace (then only its heartbeat tells).
    public var alive: Bool?

    init(_ daemon: DaemonInstance, now: Date, host: String, isAlive: (Int32) -> Bool) {
        pid = daemon.pid
        self.host = daemon.host
        instance = daemon.instance
        startedAt = daemon.startedAt
        heartbeatAt = daemon.heartbeatAt
        stoppedAt = daemon.stoppedAt
        func seconds(_ from: String, _ to: Date) -> Int {
            Timestamp.date(from).map { Int(to.timeIntervalSince($0).rounded(.down)) } ?? 0
        }
        uptimeSeconds = seconds(daemon.startedAt, daemon.stoppedAt.flatMap(Timestamp.date) ?? now)
        heartbeatAgeSeconds = seconds(daemon.heartbeatAt, now)
        alive = daemon.stoppedAt == nil && daemon.host == host ? isAlive(daemon.pid) : nil
    }
}

/// A configured mailbox: how its polls go and what came from it.
public struct MailboxView: Encodable, Sendable {
    public var name: String
    /// `imap` or `maildir`.
    public var source: String
    /// How often it is polled: the IMAP poll_interval or the run loop's interval, whichever is longer.
    public var intervalSeconds: Int
    public var lastSuccessAt: String?
    public var lastSuccessAgeSeconds: Int?
    public var lastError: String?
    public var lastErrorAt: String?
    /// Failed polls in a row, since `failingSince`.
    public var failures: Int
    public var failingSince: String?
    public var fetched: Int
    public var stored: Int
    public var quarantined: Int
    /// Messages the server would not hand over, skipped by polls.
    public var skipped: Int

    init(
        definition: MailboxDefinition, state: MailboxState?, intervalSeconds: Int, lastSuccessAgeSeconds: Int?,
        figures: StatusFigures
    ) {
        name = definition.name
        if case .imap = definition.source { source = "imap" } else { source = "maildir" }
        self.intervalSeconds = intervalSeconds
        lastSuccessAt = state?.lastSuccessAt
        self.lastSuccessAgeSeconds = lastSuccessAgeSeconds
        lastError = state?.failures ?? 0 > 0 ? state?.lastError : nil
        lastErrorAt = state?.lastErrorAt
        failures = state?.failures ?? 0
        failingSince = state?.failingSince
        fetched = figures.fetchedByMailbox[name] ?? 0
        stored = figures.storedByMailbox[name] ?? 0
        quarantined = figures.quarantinedByMailbox[name] ?? 0
        skipped = figures.skippedByMailbox[name] ?? 0
    }
}

public struct ThreadCounts: Encodable, Sendable {
    public var open: Int
    public var pending: Int
    public var resolved: Int
    public var closed: Int
    /// Open or pending without an agent.
    public var unassigned: Int
    /// Open or pending with an SLA timer past its due time.
    public var slaBreached: Int

    init(_ figures: StatusFigures) {
        open = figures.threadsByStatus["open"] ?? 0
        pending = figures.threadsByStatus["pending"] ?? 0
        resolved = figures.threadsByStatus["resolved"] ?? 0
        closed = figures.threadsByStatus["closed"] ?? 0
        unassigned = figures.unassigned
        slaBreached = figures.slaBreached
    }
}

/// The saved classifier model: where it is and when it was trained.
public struct ModelView: Encodable, Sendable {
    public var path: String
    /// Whether a saved model is there (without one, the pipeline trains on the training data when it starts).
    public var saved: Bool
    public var trainedAt: String?
    /// Whole days since it was trained; nil when unknown.
    public var ageDays: Int?

    /// The model file of `configuration`, resolved against `workingDirectory`, as of `now`.
    public init(configuration: Configuration, workingDirectory: String, now: Date) {
        path = ConfigPaths.absolute(configuration.classifierModelPath, workingDirectory: workingDirectory)
        let facts = SavedModelFacts.read(at: path)
        saved = facts != nil
        trainedAt = facts?.trainedAt.map(Timestamp.string)
        ageDays = facts?.trainedAt.map { Int(now.timeIntervalSince($0) / 86_400) }
    }
}
