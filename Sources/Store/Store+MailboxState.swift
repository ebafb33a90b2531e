import Foundation
import GRDB

/// How polling a mailbox has been going (`mailbox_state`).
public struct MailboxState: Codable, Sendable, Equatable {
    public var mailbox: String
    public var lastSuccessAt: String?
    public var lastError: String?
    public var lastErrorAt: String?
    public var failures: Int
    public var nextAttemptAt: String?
}

extension Store {
    /// The ledger items already imported from one mailbox under one UIDVALIDITY.
    public func importedItems(mailbox: String, uidvalidity: Int64) throws -> Set<String> {
        try read { db in
            Set(try String.fetchAll(db, sql: "SELECT item FROM ingest_ledger WHERE mailbox = ? AND uidvalidity = ?",
                                    arguments: [mailbox, uidvalidity]))
        }
    }

    public func mailboxState(_ mailbox: String) throws -> MailboxState? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM mailbox_state WHERE mailbox = ?", arguments: [mailbox]).map {
                MailboxState(mailbox: $0["mailbox"], lastSuccessAt: $0["last_success_at"], lastError: $0["last_error"],
                             lastErrorAt: $0["last_error_at"], failures: $0["failures"], nextAttemptAt: $0["next_attempt_at"])
            }
        }
    }

    public func recordPollSuccess(_ mailbox: String, at now: Date = Date()) throws {
        try write { db in
            try db.execute(sql: """
                INSERT INTO mailbox_state (mailbox, last_success_at, failures) VALUES (?, ?, 0)
                ON CONFLICT (mailbox) DO UPDATE SET last_success_at = excluded.last_success_at, failures = 0,
                    next_attempt_at = NULL, reported_error = NULL
                """, arguments: [mailbox, Timestamp.string(now)])
        }
    }

    /// Records a failed poll and when to try again: transient errors back off from 1 minute, doubling to an
    /// hour; permanent ones (a refused login) wait at least 15 minutes, so a wrong password is not hammered.
    /// Returns whether this error is news (it differs from the last one reported), so it is reported once.
    public func recordPollFailure(_ mailbox: String, error: String, transient: Bool, at now: Date = Date()) throws -> (report: Bool, retryAt: Date) {
        try write { db in
            let previous = try Row.fetchOne(db, sql: "SELECT failures, reported_error FROM mailbox_state WHERE mailbox = ?",
                                            arguments: [mailbox])
            let failures = (previous?["failures"] as Int? ?? 0) + 1
            let base: Double = transient ? 60 : 900
            let delay = min(3600, base * pow(2, Double(min(failures - 1, 12))))
            let retryAt = now.addingTimeInterval(delay)
            let report = (previous?["reported_error"] as String?) != error
            try db.execute(sql: """
                INSERT INTO mailbox_state (mailbox, last_error, last_error_at, failures, next_attempt_at, reported_error)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (mailbox) DO UPDATE SET last_error = excluded.last_error, last_error_at = excluded.last_error_at,
                    failures = excluded.failures, next_attempt_at = excluded.next_attempt_at, reported_error = excluded.reported_error
                """, arguments: [mailbox, error, Timestamp.string(now), failures, Timestamp.string(retryAt), error])
            return (report, retryAt)
        }
    }
}
