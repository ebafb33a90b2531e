import Foundation
import GRDB

/// How polling a mailbox has been going (`mailbox_state`).
public struct MailboxState: Codable, Sendable, Equatable {
    public var mailbox: String
    public var lastSuccessAt: String?
    public var lastError: String?
    public var lastErrorAt: String?
    public var failures: Int
    /// The first failure of the failures in a row; nil while polls succeed.
    public var failingSince: String?
    public var nextAttemptAt: String?
}

extension Store {
    /// The ledger items already imported from one mailbox under one UIDVALIDITY.
    public func importedItems(mailbox: String, uidvalidity: Int64) throws -> Set<String> {
        try read { db in
            Set(
                try String.fetchAll(
                    db, sql: "SELECT item FROM ingest_ledger WHERE mailbox = ? AND uidvalidity = ?",
                    arguments: [mailbox, uidvalidity]))
        }
    }

    public func mailboxState(_ mailbox: String) throws -> MailboxState? {
        try mailboxStates().first { $0.mailbox == mailbox }
    }

    /// How polling has gone for every mailbox ever polled, by name.
    public func mailboxStates() throws -> [MailboxState] {
        try read { db in try Self.mailboxStates(db) }
    }

    static func mailboxStates(_ db: Database) throws -> [MailboxState] {
        try Row.fetchAll(db, sql: "SELECT * FROM mailbox_state ORDER BY mailbox").map {
            MailboxState(
                mailbox: $0["mailbox"], lastSuccessAt: $0["last_success_at"], lastError: $0["last_error"],
                lastErrorAt: $0["last_error_at"], failures: $0["failures"], failingSince: $0["failing_since"],
                nextAttemptAt: $0["next_attempt_at"])
        }
    }

    /// Records how one poll of a mailbox went (every fetch source records every poll: `maildesk status` reads it).
    ///
    /// A success clears the failures. A failure sets when to try again: transient errors back off from 1 minute,
    /// doubling to an hour; permanent ones (a refused login) wait at least 15 minutes, so a wrong password is not
    /// hammered. Its `report` says whether the error is news (it differs from the last one reported), so it is
    /// reported once.
    @discardableResult
    public func recordPoll(mailbox: String, _ outcome: PollOutcome, at now: Date) throws -> PollRecord {
        let at = Timestamp.string(now)
        guard case .failure(let error, let transient) = outcome else {
            try write { db in
                try db.execute(
                    sql: """
                        INSERT INTO mailbox_state (mailbox, last_success_at, failures) VALUES (?, ?, 0)
                        ON CONFLICT (mailbox) DO UPDATE SET last_success_at = excluded.last_success_at, failures = 0,
                            next_attempt_at = NULL, reported_error = NULL, failing_since = NULL
                        """, arguments: [mailbox, at])
            }
            return PollRecord(report: false, retryAt: nil)
        }
        return try write { db in
            let previous = try Row.fetchOne(
                db, sql: "SELECT failures, reported_error FROM mailbox_state WHERE mailbox = ?",
                arguments: [mailbox])
            let failures = (previous?["failures"] as Int? ?? 0) + 1
            let base: Double = transient ? 60 : 900
            let delay = min(3600, base * pow(2, Double(min(failures - 1, 12))))
            let retryAt = now.addingTimeInterval(delay)
            let report = (previous?["reported_error"] as String?) != error
            try db.execute(
                sql: """
                    INSERT INTO mailbox_state (mailbox, last_error, last_error_at, failures, next_attempt_at, reported_error,
                        failing_since)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (mailbox) DO UPDATE SET last_error = excluded.last_error, last_error_at = excluded.last_error_at,
                        failures = excluded.failures, next_attempt_at = excluded.next_attempt_at,
                        reported_error = excluded.reported_error, failing_since = coalesce(failing_since, excluded.failing_since)
                    """, arguments: [mailbox, error, at, failures, Timestamp.string(retryAt), error, at])
            return PollRecord(report: report, retryAt: retryAt)
        }
    }
}

/// How one poll of a mailbox ended.
public enum PollOutcome: Sendable, Equatable {
    case success
    /// The error as the operator reads it, and whether retrying soon may help.
    case failure(String, transient: Bool)
}

/// What recording a poll decided: whether to report its error, and when to poll again after a failure.
public struct PollRecord: Sendable, Equatable {
    public var report: Bool
    public var retryAt: Date?
}

/// A message an IMAP server would not hand over, as `fetch_failure` records it.
public struct FetchFailure: Codable, Sendable, Equatable {
    public var mailbox: String
    public var uidvalidity: Int64
    public var uid: Int64
    public var attempts: Int
    public var reason: String
    public var firstAt: String
    public var lastAt: String
    /// Set once the message is skipped: it stays on the server, untouched.
    public var givenUpAt: String?
}

extension Store {
    /// The UIDs of one mailbox (under one UIDVALIDITY) that polls skip.
    public func skippedUIDs(mailbox: String, uidvalidity: Int64) throws -> Set<String> {
        try read { db in
            Set(
                try Int64.fetchAll(
                    db,
                    sql: """
                        SELECT uid FROM fetch_failure WHERE mailbox = ? AND uidvalidity = ? AND given_up_at IS NOT NULL
                        """, arguments: [mailbox, uidvalidity]
                ).map(String.init))
        }
    }

    /// Records one failed fetch. The message is given up (skipped from then on) after `attempts` failures, or at
    /// once with `final` (retrying cannot help, e.g. it is over the size limit). Returns the failure as recorded.
    @discardableResult
    public func recordFetchFailure(
        mailbox: String, uidvalidity: Int64, uid: Int64, reason: String, attempts: Int,
        final: Bool, at now: Date
    ) throws -> FetchFailure {
        let at = Timestamp.string(now)
        return try write { db in
            try db.execute(
                sql: """
                    INSERT INTO fetch_failure (mailbox, uidvalidity, uid, attempts, reason, first_at, last_at)
                    VALUES (?, ?, ?, 1, ?, ?, ?)
                    ON CONFLICT (mailbox, uidvalidity, uid) DO UPDATE SET attempts = attempts + 1,
                        reason = excluded.reason, last_at = excluded.last_at
                    """, arguments: [mailbox, uidvalidity, uid, reason, at, at])
            try db.execute(
                sql: """
                    UPDATE fetch_failure SET given_up_at = ? WHERE mailbox = ? AND uidvalidity = ? AND uid = ?
                        AND given_up_at IS NULL AND (attempts >= ? OR ?)
                    """, arguments: [at, mailbox, uidvalidity, uid, attempts, final])
            return try Self.fetchFailures(
                db, where: "mailbox = ? AND uidvalidity = ? AND uid = ?",
                [mailbox, uidvalidity, uid])[0]
        }
    }

    /// Forgets the failures of messages that were fetched after all.
    public func clearFetchFailures(mailbox: String, uidvalidity: Int64, uids: [Int64]) throws {
        guard !uids.isEmpty else { return }
        try write { db in
            try db.execute(
                sql: """
                    DELETE FROM fetch_failure WHERE mailbox = ? AND uidvalidity = ?
                        AND uid IN (\(uids.map { _ in "?" }.joined(separator: ",")))
                    """,
                arguments: StatementArguments([mailbox, uidvalidity] as [any DatabaseValueConvertible])
                    + StatementArguments(uids))
        }
    }

    /// Every recorded fetch failure, the given-up ones first, or those of one mailbox.
    public func fetchFailures(mailbox: String? = nil) throws -> [FetchFailure] {
        try read { db in
            try Self.fetchFailures(db, where: mailbox == nil ? "1" : "mailbox = ?", mailbox.map { [$0] } ?? [])
        }
    }

    private static func fetchFailures(
        _ db: Database, where condition: String, _ arguments: [any DatabaseValueConvertible]
    ) throws -> [FetchFailure] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT * FROM fetch_failure WHERE \(condition) ORDER BY given_up_at IS NULL, mailbox, uidvalidity, uid
                """, arguments: StatementArguments(arguments)
        ).map {
            FetchFailure(
                mailbox: $0["mailbox"], uidvalidity: $0["uidvalidity"], uid: $0["uid"], attempts: $0["attempts"],
                reason: $0["reason"], firstAt: $0["first_at"], lastAt: $0["last_at"], givenUpAt: $0["given_up_at"])
        }
    }
}
