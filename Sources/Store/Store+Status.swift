import Foundation
import GRDB

/// What `maildesk status` and `/metrics` read of the store, taken in one read transaction (one consistent moment).
/// Every count reads an index: a scrape every few seconds costs little on a store of millions of messages.
public struct StatusFigures: Sendable, Equatable {
    /// Polling health of every mailbox ever polled.
    public var mailboxes: [MailboxState]
    /// Sightings in the ingest ledger (messages fetched), by mailbox.
    public var fetchedByMailbox: [String: Int]
    /// Distinct messages stored, by the mailbox they were first stored from.
    public var storedByMailbox: [String: Int]
    public var quarantinedByMailbox: [String: Int]
    /// Messages the server would not hand over and that polls now skip, by mailbox.
    public var skippedByMailbox: [String: Int]
    public var waiting: StageBacklog
    public var outbox: OutboxFigures
    /// Threads by status (open, pending, resolved, closed).
    public var threadsByStatus: [String: Int]
    /// Open or pending threads without an agent (a team queue's threads included).
    public var unassigned: Int
    /// Threads with a running SLA timer whose due time has passed.
    public var slaBreached: Int
    public var daemons: [DaemonInstance]

    public var quarantined: Int { quarantinedByMailbox.values.reduce(0, +) }
}

/// The work waiting for each stage, counted as the stage selects it.
public struct StageBacklog: Codable, Sendable, Equatable {
    /// Messages stored, not yet parsed.
    public var parse: Int
    /// Messages parsed, not yet threaded.
    public var thread: Int
    /// Threads not yet classified.
    public var classify: Int
    /// Classified open threads without an owner, or reopened.
    public var assign: Int
    /// Classified threads not yet acknowledged, or whose new owner is not yet told.
    public var answer: Int
    /// Threads whose SLA timers must be computed again.
    public var followup: Int
    /// Outbox rows due now.
    public var send: Int

    public var total: Int { parse + thread + classify + assign + answer + followup + send }
}

public struct OutboxFigures: Codable, Sendable, Equatable {
    /// Queued and never tried.
    public var queued: Int
    /// Queued after a failed attempt, waiting to be retried.
    public var deferred: Int
    /// Given up; `failedRecently` of them were last due since the failed window's start.
    public var failed: Int
    public var failedRecently: Int
    public var sent: Int
    /// When the oldest queued or deferred row was written, and how long before the figures' moment.
    public var oldestUnsentAt: String?
    public var oldestUnsentAgeSeconds: Int?
}

extension Store {
    /// The figures as of `now`; failed outbox rows last due at or after `failedSince` count as recent.
    public func statusFigures(at now: Date, failedSince: Date) throws -> StatusFigures {
        let at = Timestamp.string(now)
        return try read { db in
            func count(_ sql: String, _ arguments: StatementArguments = []) throws -> Int {
                try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0
            }
            func grouped(_ sql: String) throws -> [String: Int] {
                Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: sql).map { ($0[0] as String, $0[1] as Int) })
            }
            let outboxByState = try grouped(
                """
                SELECT CASE WHEN state = 'queued' AND attempts > 0 THEN 'deferred' ELSE state END, count(*)
                FROM outbox GROUP BY 1
                """)
            let oldest = try String.fetchOne(db, sql: "SELECT min(created_at) FROM outbox WHERE state = 'queued'")
            let outbox = OutboxFigures(
                queued: outboxByState["queued"] ?? 0, deferred: outboxByState["deferred"] ?? 0,
                failed: outboxByState["failed"] ?? 0,
                failedRecently: try count(
                    "SELECT count(*) FROM outbox WHERE state = 'failed' AND next_attempt_at >= ?",
                    [Timestamp.string(failedSince)]),
                sent: outboxByState["sent"] ?? 0,
                oldestUnsentAt: oldest,
                oldestUnsentAgeSeconds: oldest.flatMap(Timestamp.date).map {
                    Int(now.timeIntervalSince($0).rounded(.down))
                })
            let waiting = StageBacklog(
                parse: try count("SELECT count(*) FROM message WHERE state = 'stored'"),
                thread: try count("SELECT count(*) FROM message WHERE state = 'parsed'"),
                classify: try count("SELECT count(*) FROM thread WHERE classified_at IS NULL"),
                assign: try count(
                    "SELECT count(*) FROM thread INDEXED BY thread_awaiting_owner WHERE \(Self.awaitingOwner)"),
                answer: try count(
                    "SELECT count(*) FROM thread t INDEXED BY thread_awaiting_answer WHERE \(Self.awaitingAnswer)"),
                followup: try count("SELECT count(*) FROM followup_dirty"),
                send: try count("SELECT count(*) FROM outbox WHERE state = 'queued' AND next_attempt_at <= ?", [at]))
            return StatusFigures(
                mailboxes: try Self.mailboxStates(db),
                fetchedByMailbox: try grouped("SELECT mailbox, count(*) FROM ingest_ledger GROUP BY mailbox"),
                storedByMailbox: try grouped("SELECT mailbox, count(*) FROM message GROUP BY mailbox"),
                quarantinedByMailbox: try grouped(
                    """
                    SELECT m.mailbox, count(*) FROM quarantine q JOIN message m ON m.id = q.message_id GROUP BY m.mailbox
                    """),
                skippedByMailbox: try grouped(
                    """
                    SELECT mailbox, count(*) FROM fetch_failure WHERE given_up_at IS NOT NULL GROUP BY mailbox
                    """),
                waiting: waiting, outbox: outbox,
                threadsByStatus: try grouped("SELECT status, count(*) FROM thread GROUP BY status"),
                unassigned: try count(
                    "SELECT count(*) FROM thread WHERE status IN ('open', 'pending') AND assignee IS NULL"),
                slaBreached: try count(
                    """
                    SELECT count(DISTINCT thread_id) FROM sla_timer WHERE state = 'running' AND due_at <= ?
                    """, [at]),
                daemons: try Self.daemons(db))
        }
    }
}
