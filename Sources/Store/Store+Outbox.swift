import Foundation
import GRDB

/// A message to put in the outbox.
public struct OutboxDraft: Sendable {
    public var purpose: String
    public var template: String?
    public var messageID: String
    public var envelopeFrom: String
    public var recipients: [String]
    public var subject: String
    public var bytes: [UInt8]

    public init(
        purpose: String, template: String?, messageID: String, envelopeFrom: String, recipients: [String],
        subject: String, bytes: [UInt8]
    ) {
        self.purpose = purpose
        self.template = template
        self.messageID = messageID
        self.envelopeFrom = envelopeFrom
        self.recipients = recipients
        self.subject = subject
        self.bytes = bytes
    }
}

/// An outbox row as lists show it.
public struct OutboxEntry: Codable, Sendable {
    public var id: Int64
    public var threadId: Int64?
    /// What kind of mail: `acknowledgement`, `notification` or `reply`.
    public var kind: String
    public var template: String?
    public var messageId: String
    public var envelopeFrom: String
    public var to: [String]
    public var subject: String
    public var state: OutboxState
    public var attempts: Int
    public var nextAttempt: String?
    public var lastError: String?
    public var results: String?
    public var createdAt: String
    public var sentAt: String?
    /// When a delivery failure was first reported for it, how many reports came, and the last one.
    public var bouncedAt: String?
    public var bounces: Int = 0
    public var bounce: BounceRecord?

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(threadId, forKey: .threadId)
        try c.encode(kind, forKey: .kind)
        try c.encode(template, forKey: .template)
        try c.encode(messageId, forKey: .messageId)
        try c.encode(envelopeFrom, forKey: .envelopeFrom)
        try c.encode(to, forKey: .to)
        try c.encode(subject, forKey: .subject)
        try c.encode(state, forKey: .state)
        try c.encode(attempts, forKey: .attempts)
        try c.encode(nextAttempt, forKey: .nextAttempt)
        try c.encode(lastError, forKey: .lastError)
        try c.encode(results, forKey: .results)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(sentAt, forKey: .sentAt)
        try c.encode(bouncedAt, forKey: .bouncedAt)
        try c.encode(bounces, forKey: .bounces)
        try c.encode(bounce, forKey: .bounce)
    }
}

/// A queued message taken for sending.
public struct OutboxItem: Sendable {
    public var id: Int64
    public var threadID: Int64?
    public var envelopeFrom: String
    public var recipients: [String]
    public var bytes: [UInt8]
    public var attempts: Int
    public var createdAt: Date
}

extension Store {
    /// Queues a message that belongs to no stage decision (tests and benchmarks).
    @discardableResult
    public func enqueue(_ draft: OutboxDraft, threadID: Int64? = nil, at now: Date) throws -> Int64 {
        try write { db in try Self.insertOutbox(db, draft, threadID: threadID, at: Timestamp.string(now)) }
    }

    static func insertOutbox(_ db: Database, _ draft: OutboxDraft, threadID: Int64?, at: String) throws -> Int64 {
        try db.cachedStatement(
            sql: """
                INSERT INTO outbox (thread_id, purpose, template, message_id, envelope_from, recipients_json, to_address,
                    subject, state, next_attempt_at, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)
                """
        ).execute(arguments: [
            threadID, draft.purpose, draft.template, draft.messageID, draft.envelopeFrom,
            jsonArray(draft.recipients), draft.recipients.first?.lowercased() ?? "", draft.subject, at, at
        ])
        let id = db.lastInsertedRowID
        try db.cachedStatement(sql: "INSERT INTO outbox_body (outbox_id, bytes) VALUES (?, ?)")
            .execute(arguments: [id, Data(draft.bytes)])
        return id
    }

    /// Takes the next due message for sending (`leaseDueOutbox` with a batch of one).
    public func takeDueOutbox(
        now: Date, lease: SendLease, skipping: Set<Int64> = [],
        isAlive: (Int32) -> Bool
    ) throws -> OutboxItem? {
        try leaseDueOutbox(now: now, lease: lease, limit: 1, maxBytes: .max, skipping: skipping, isAlive: isAlive).first
    }

    /// Leases a batch of due messages for sending, oldest first, in one transaction: queued, due, and not leased by
    /// another live sender; at most `limit` rows and, past the first, `maxBytes` of message bytes (a batch of big
    /// messages stays small in memory). The lease is written before the bytes leave, so a second process never
    /// sends the same row. Another holder's lease is taken over when it has expired, or at once when the holder ran
    /// in this pid namespace and its pid is gone. `skipping`: rows this process holds or must not send again.
    /// Lease times are wall-clock (`Date()`), whatever `now` says: they are about processes, not the mail's clock.
    public func leaseDueOutbox(
        now: Date, lease: SendLease, limit: Int, maxBytes: Int, skipping: Set<Int64> = [],
        isAlive: (Int32) -> Bool
    ) throws -> [OutboxItem] {
        let at = Timestamp.string(now)
        let wall = Date()
        let until = Timestamp.string(wall.addingTimeInterval(lease.duration))
        return try write { db in
            // The due rows are read by a cursor until the batch is full: rows this process already tried stay
            // queued until their results are written, and a LIMIT that counted them would read every row left
            // in a big outbox for each batch.
            var chosen: [Row] = []
            do {
                var bytes = 0
                let due = try Row.fetchCursor(
                    db.cachedStatement(
                        sql: """
                            SELECT id, thread_id, envelope_from, recipients_json, attempts, created_at, sending_pid,
                                lease_owner, lease_host, lease_until,
                                (SELECT length(bytes) FROM outbox_body WHERE outbox_id = outbox.id) AS size FROM outbox
                            WHERE state = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id
                            """), arguments: [at])
                while chosen.count < limit, let row = try due.next() {
                    let id: Int64 = row["id"]
                    if skipping.contains(id) { continue }
                    let holder: Int32? = (row["sending_pid"] as Int64?).map { Int32(truncatingIfNeeded: $0) }
                    if let owner = row["lease_owner"] as String?, owner != lease.owner {
                        let sameNamespace = (row["lease_host"] as String?) == lease.host
                        let dead = sameNamespace && holder.map { !isAlive($0) } ?? false
                        let expired = (row["lease_until"] as String?).flatMap(Timestamp.date).map { $0 <= wall } ?? true
                        if !dead && !expired { continue }
                    } else if row["lease_owner"] as String? == nil, let holder, holder != lease.pid, isAlive(holder) {
                        continue  // leased by a version before instance ids: only its pid says who holds it
                    }
                    let size: Int = row["size"] ?? 0
                    if !chosen.isEmpty && bytes + size > maxBytes { break }
                    bytes += size
                    chosen.append(row.copy())
                }
            }
            // The lease is written after the scan (its cursor closed): no row changes under a running query.
            return try chosen.map { row in
                let id: Int64 = row["id"]
                try db.cachedStatement(
                    sql: """
                        UPDATE outbox SET sending_pid = ?, sending_since = ?, lease_owner = ?, lease_host = ?, lease_until = ?
                        WHERE id = ?
                        """
                ).execute(arguments: [Int64(lease.pid), at, lease.owner, lease.host, until, id])
                return OutboxItem(
                    id: id, threadID: row["thread_id"], envelopeFrom: row["envelope_from"],
                    recipients: Self.jsonStrings(row["recipients_json"]), bytes: try Self.outboxBytes(db, id),
                    attempts: row["attempts"], createdAt: Timestamp.date(row["created_at"]) ?? now)
            }
        }
    }

    /// The server took the message.
    public func markSent(_ id: Int64, results: String, at now: Date) throws {
        let at = Timestamp.string(now)
        try write { db in
            try db.cachedStatement(
                sql: """
                    UPDATE outbox SET state = 'sent', sent_at = ?, attempts = attempts + 1, results_json = ?, last_error = NULL,
                        sending_pid = NULL, sending_since = NULL, lease_owner = NULL, lease_host = NULL, lease_until = NULL WHERE id = ?
                    """
            ).execute(arguments: [at, results, id])
            if let thread = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT thread_id FROM outbox WHERE id = ?"), arguments: [id])
            {
                try Self.log(db, at: at, actor: "send", .thread, thread, "sent", "outbox \(id)")
            }
        }
    }

    /// The message was not sent: try again at `retryAt`, or (nil) give up as `failed`.
    public func markNotSent(_ id: Int64, error: String, results: String?, retryAt: Date?, at now: Date) throws {
        let at = Timestamp.string(now)
        try write { db in
            try db.cachedStatement(
                sql: """
                    UPDATE outbox SET state = ?, attempts = attempts + 1, last_error = ?, results_json = coalesce(?, results_json),
                        next_attempt_at = coalesce(?, next_attempt_at), sending_pid = NULL, sending_since = NULL, lease_owner = NULL, lease_host = NULL, lease_until = NULL WHERE id = ?
                    """
            ).execute(arguments: [
                retryAt == nil ? OutboxState.failed : OutboxState.queued, error, results,
                retryAt.map(Timestamp.string), id
            ])
            if retryAt == nil,
                let thread = try Int64.fetchOne(
                    db.cachedStatement(sql: "SELECT thread_id FROM outbox WHERE id = ?"), arguments: [id])
            {
                try Self.log(db, at: at, actor: "send", .thread, thread, "send failed", "outbox \(id): \(error)")
            }
        }
    }

    /// Releases a lease without an attempt (the transport could not even be set up).
    public func releaseOutbox(_ id: Int64) throws {
        try write { db in
            try db.cachedStatement(
                sql:
                    "UPDATE outbox SET sending_pid = NULL, sending_since = NULL, lease_owner = NULL, lease_host = NULL, lease_until = NULL WHERE id = ?"
            ).execute(arguments: [id])
        }
    }

    /// Puts a failed (or waiting) message back in the queue, due now.
    public func retryOutbox(_ id: Int64, actor: String, at now: Date) throws -> Bool {
        let at = Timestamp.string(now)
        return try write { db in
            try db.cachedStatement(
                sql: """
                    UPDATE outbox SET state = 'queued', next_attempt_at = ?, sending_pid = NULL, lease_owner = NULL, lease_until = NULL
                        WHERE id = ? AND state != 'sent'
                    """
            ).execute(arguments: [at, id])
            guard db.changesCount == 1 else { return false }
            if let thread = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT thread_id FROM outbox WHERE id = ?"), arguments: [id])
            {
                try Self.log(db, at: at, actor: actor, .thread, thread, "send retried", "outbox \(id)")
            }
            return true
        }
    }

    public func outbox(state: OutboxState?, limit: Int) throws -> [OutboxEntry] {
        try read { db in
            var sql = "SELECT * FROM outbox"
            var arguments: StatementArguments = []
            if let state {
                sql += " WHERE state = ?"
                arguments += [state]
            }
            sql += " ORDER BY id DESC"
            if limit > 0 {
                sql += " LIMIT ?"
                arguments += [limit]
            }
            return try OutboxEntry.fetchAll(db, sql: sql, arguments: arguments)
        }
    }

    /// One outbox row and its bytes.
    public func outboxMessage(_ id: Int64) throws -> (entry: OutboxEntry, bytes: [UInt8])? {
        try read { db in
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT * FROM outbox WHERE id = ?"), arguments: [id])
            else {
                return nil
            }
            return (OutboxEntry(row: row), try Self.outboxBytes(db, id))
        }
    }

    /// An outbox message's bytes (`outbox_body`, migration 015).
    static func outboxBytes(_ db: Database, _ id: Int64) throws -> [UInt8] {
        let data = try Data.fetchOne(
            db.cachedStatement(sql: "SELECT bytes FROM outbox_body WHERE outbox_id = ?"), arguments: [id])
        return data.map { [UInt8]($0) } ?? []
    }

}

extension OutboxEntry: FetchableRecord {
    /// An `outbox` row.
    public init(row: Row) {
        // The column's CHECK allows only these; an unknown value reads as given up rather than as sendable.
        let state = OutboxState(rawValue: row["state"] as String) ?? .failed
        self.init(
            id: row["id"], threadId: row["thread_id"], kind: row["purpose"], template: row["template"],
            messageId: row["message_id"], envelopeFrom: row["envelope_from"],
            to: Store.jsonStrings(row["recipients_json"]), subject: row["subject"], state: state,
            attempts: row["attempts"], nextAttempt: state == .queued ? row["next_attempt_at"] : nil,
            lastError: row["last_error"], results: row["results_json"], createdAt: row["created_at"],
            sentAt: row["sent_at"], bouncedAt: row["bounced_at"], bounces: row["bounces"] ?? 0,
            bounce: (row["bounce_json"] as String?).flatMap {
                try? JSONDecoder().decode(BounceRecord.self, from: Data($0.utf8))
            })
    }
}
