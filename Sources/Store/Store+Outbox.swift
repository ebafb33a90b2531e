import Foundation
import GRDB

/// A thread the answer stage looks at: it needs an acknowledgement decided, or its owner told.
public struct ThreadToAnswer: Sendable {
    public var threadID: Int64
    public var token: String?
    public var kind: String
    public var feedbackType: String?
    public var category: String?
    public var priority: String?
    public var language: String?
    public var decidedBy: String?
    public var subject: String
    public var mailbox: String
    public var customerAddress: String?
    public var customerName: String?
    public var assignee: String?
    public var queue: String?
    public var ackState: String?
    public var notifiedOwner: String?
    public var noAutoReply: String?
    /// The first customer message.
    public var messageID: String?
    public var messageSubject: String?
    /// Its text, cut to the limit the query was given; `messageTextLength` is the whole text's length in characters.
    public var messageText: String
    public var messageTextLength: Int
    public var messageDate: String?
    public var messageReferences: [String]
    /// Whether the receiving server vouched for the sender of the first message (`pass`, `fail`, `none`), and why.
    public var senderAuth: String? = nil
    public var senderAuthNote: String? = nil
    /// Every message of the thread is history from `maildesk import`: its owner is not notified either.
    public var history = false
}

/// How many automated replies went out recently, for the caps against loops and backscatter.
public struct AutomatedReplyCounts: Sendable, Equatable {
    /// To the address (its `+tags` counted as the address) and to its domain in 24 hours.
    public var address = 0
    public var domain = 0
    /// To anyone in the last hour and in 24 hours.
    public var hour = 0
    public var day = 0

    public init(address: Int = 0, domain: Int = 0, hour: Int = 0, day: Int = 0) {
        self.address = address
        self.domain = domain
        self.hour = hour
        self.day = day
    }
}

/// A message to put in the outbox.
public struct OutboxDraft: Sendable {
    public var purpose: String
    public var template: String?
    public var messageID: String
    public var envelopeFrom: String
    public var recipients: [String]
    public var subject: String
    public var bytes: [UInt8]

    public init(purpose: String, template: String?, messageID: String, envelopeFrom: String, recipients: [String],
                subject: String, bytes: [UInt8]) {
        self.purpose = purpose
        self.template = template
        self.messageID = messageID
        self.envelopeFrom = envelopeFrom
        self.recipients = recipients
        self.subject = subject
        self.bytes = bytes
    }
}

/// What the answer stage decided for one thread; written in one transaction with its outbox rows.
public struct ThreadAnswer: Sendable {
    public var threadID: Int64
    /// `queued` (with `acknowledgement`) or `skipped` (with `note`); nil leaves the acknowledgement undecided.
    public var ackState: String?
    public var note: String?
    public var acknowledgement: OutboxDraft?
    /// The owner told by `notification` (or whose notification was skipped, with `note`).
    public var notifiedOwner: String?
    public var notification: OutboxDraft?

    public init(threadID: Int64, ackState: String? = nil, note: String? = nil, acknowledgement: OutboxDraft? = nil,
                notifiedOwner: String? = nil, notification: OutboxDraft? = nil) {
        self.threadID = threadID
        self.ackState = ackState
        self.note = note
        self.acknowledgement = acknowledgement
        self.notifiedOwner = notifiedOwner
        self.notification = notification
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
    public var state: String
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
    /// The threads (`t`) the answer stage takes: classified, and not yet acknowledged or their new owner not yet told.
    static let awaitingAnswer = """
        t.classified_at IS NOT NULL AND (t.ack_state IS NULL OR (
            coalesce(t.assignee, t.queue) IS NOT NULL AND coalesce(t.assignee, t.queue) IS NOT t.notified_owner
            AND t.status IN ('open', 'pending')))
        """

    /// Classified threads whose acknowledgement is undecided, or whose current owner has not been told. The
    /// first message's text comes cut to `textLimit` characters, with its whole length.
    public func threadsToAnswer(limit: Int, textLimit: Int) throws -> [ThreadToAnswer] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT t.*, c.address AS customer_address, c.name AS customer_name, c.undeliverable AS c_undeliverable,
                    m.message_id AS m_message_id, m.subject AS m_subject, substr(m.text, 1, ?) AS m_text,
                    length(m.text) AS m_text_length,
                    m.sender_auth AS m_sender_auth, m.sender_auth_note AS m_sender_auth_note,
                    coalesce(m.date, m.received_at) AS m_date, m.references_json AS m_references
                FROM thread t
                LEFT JOIN customer c ON c.id = t.customer_id
                LEFT JOIN message m ON m.id = (SELECT id FROM message WHERE thread_id = t.id AND direction = 'in'
                                               ORDER BY coalesce(date, received_at), id LIMIT 1)
                WHERE \(Self.awaitingAnswer)
                ORDER BY t.id LIMIT ?
                """, arguments: [textLimit, limit]).map { row in
                let references = Self.jsonStrings(row["m_references"])
                return ThreadToAnswer(
                    threadID: row["id"], token: row["token"], kind: row["kind"], feedbackType: row["feedback_type"],
                    category: row["category"], priority: row["priority"], language: row["language"],
                    decidedBy: row["decided_by"], subject: row["subject"], mailbox: row["mailbox"],
                    customerAddress: row["customer_address"], customerName: row["customer_name"],
                    assignee: row["assignee"], queue: row["queue"], ackState: row["ack_state"],
                    notifiedOwner: row["notified_owner"],
                    noAutoReply: ((row["history"] as Bool) ? HistoryMark.noAutomaticMail : nil) ?? row["no_autoreply"]
                        ?? ((row["c_undeliverable"] as Int?) == 1
                        ? "the customer's address is undeliverable (a delivery failure was reported)" : nil),
                    messageID: row["m_message_id"], messageSubject: row["m_subject"], messageText: row["m_text"] ?? "",
                    messageTextLength: row["m_text_length"] ?? 0,
                    messageDate: row["m_date"], messageReferences: references,
                    senderAuth: row["m_sender_auth"], senderAuthNote: row["m_sender_auth_note"], history: row["history"])
            }
        }
    }

    /// With acknowledgements and notifications off: every undecided thread is marked in one statement (no event
    /// per thread: the configuration is the reason). Returns how many.
    @discardableResult
    public func skipAllAnswers(note: String) throws -> Int {
        try write { db in
            try db.execute(sql: """
                UPDATE thread SET ack_state = 'skipped', ack_note = ?, notified_owner = coalesce(assignee, queue)
                WHERE classified_at IS NOT NULL AND ack_state IS NULL
                """, arguments: [note])
            return db.changesCount
        }
    }

    /// Automated replies (acknowledgements) queued recently: to `address` and its `+tag` forms, to its domain,
    /// and to anyone, in the 24 hours before `now` (the last hour for `hour`).
    public func automatedReplies(to address: String, now: Date) throws -> AutomatedReplyCounts {
        let key = address.lowercased()
        guard let at = key.lastIndex(of: "@") else { return AutomatedReplyCounts() }
        let local = String(key[..<at]), domain = String(key[key.index(after: at)...])
        let base = local.split(separator: "+", maxSplits: 1).first.map(String.init) ?? local
        let day = Timestamp.string(now.addingTimeInterval(-86_400)), hour = Timestamp.string(now.addingTimeInterval(-3_600))
        return try read { db in
            var counts = AutomatedReplyCounts()
            // GLOB is case-sensitive and has no escape: addresses are stored lowercased, and a local part with a
            // GLOB character is matched exactly.
            let plain = !base.contains(where: { "*?[]".contains($0) }) && !domain.contains(where: { "*?[]".contains($0) })
            counts.address = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM outbox WHERE purpose = 'acknowledgement' AND created_at >= ?
                    AND (to_address = ? OR (? AND to_address GLOB ?))
                """, arguments: [day, "\(base)@\(domain)", plain, "\(base)+*@\(domain)"]) ?? 0
            counts.domain = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM outbox WHERE purpose = 'acknowledgement' AND created_at >= ? AND to_address LIKE ? ESCAPE '\\'
                """, arguments: [day, "%@" + domain.replacingOccurrences(of: "\\", with: "\\\\")
                    .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")]) ?? 0
            counts.day = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM outbox WHERE purpose = 'acknowledgement' AND created_at >= ?
                """, arguments: [day]) ?? 0
            counts.hour = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM outbox WHERE purpose = 'acknowledgement' AND created_at >= ?
                """, arguments: [hour]) ?? 0
            return counts
        }
    }

    /// Records the answer stage's decisions with their outbox rows, one transaction per batch; a thread another
    /// process answered meanwhile is left alone. Returns the number of outbox rows written.
    @discardableResult
    public func recordAnswers(_ answers: [ThreadAnswer], at now: Date = Date()) throws -> Int {
        let at = Timestamp.string(now)
        return try write { db in
            var written = 0
            for a in answers {
                if let state = a.ackState {
                    try db.execute(sql: "UPDATE thread SET ack_state = ?, ack_note = ? WHERE id = ? AND ack_state IS NULL",
                                   arguments: [state, a.note, a.threadID])
                    guard db.changesCount == 1 else { continue }
                    if let draft = a.acknowledgement {
                        let id = try Self.insertOutbox(db, draft, threadID: a.threadID, at: at)
                        written += 1
                        try Self.log(db, at: at, actor: "answer", .thread, a.threadID, "acknowledgement queued",
                                     "outbox \(id) to \(draft.recipients.joined(separator: ", ")) (\(draft.template ?? "-"))")
                    } else {
                        try Self.log(db, at: at, actor: "answer", .thread, a.threadID, "acknowledgement skipped", a.note)
                    }
                }
                if let owner = a.notifiedOwner {
                    try db.execute(sql: """
                        UPDATE thread SET notified_owner = ? WHERE id = ? AND notified_owner IS NOT ?
                            AND coalesce(assignee, queue) = ?
                        """, arguments: [owner, a.threadID, owner, owner])
                    guard db.changesCount == 1 else { continue }
                    if let draft = a.notification {
                        let id = try Self.insertOutbox(db, draft, threadID: a.threadID, at: at)
                        written += 1
                        try Self.log(db, at: at, actor: "answer", .thread, a.threadID, "notification queued",
                                     "outbox \(id) to \(owner) (\(draft.template ?? "-"))")
                    }
                }
            }
            return written
        }
    }

    /// Queues a message that belongs to no stage decision (tests and benchmarks).
    @discardableResult
    public func enqueue(_ draft: OutboxDraft, threadID: Int64? = nil, at now: Date = Date()) throws -> Int64 {
        try write { db in try Self.insertOutbox(db, draft, threadID: threadID, at: Timestamp.string(now)) }
    }

    static func insertOutbox(_ db: Database, _ draft: OutboxDraft, threadID: Int64?, at: String) throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO outbox (thread_id, purpose, template, message_id, envelope_from, recipients_json, to_address,
                subject, bytes, state, next_attempt_at, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)
            """, arguments: [threadID, draft.purpose, draft.template, draft.messageID, draft.envelopeFrom,
                             jsonArray(draft.recipients), draft.recipients.first?.lowercased() ?? "", draft.subject,
                             Data(draft.bytes), at, at])
        return db.lastInsertedRowID
    }

    /// Takes the next due message for sending: queued, due, and not leased by another live sender. The lease is
    /// written before the bytes leave, so a second process never sends the same row. Another holder's lease is
    /// taken over when it has expired, or at once when the holder ran in this pid namespace and its pid is gone.
    /// Lease times are wall-clock (`Date()`), whatever `now` says: they are about processes, not the mail's clock.
    public func takeDueOutbox(now: Date = Date(), lease: SendLease, skipping: Set<Int64> = [],
                              isAlive: (Int32) -> Bool) throws -> OutboxItem? {
        let at = Timestamp.string(now)
        let wall = Date()
        return try write { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, thread_id, envelope_from, recipients_json, attempts, created_at, sending_pid,
                    lease_owner, lease_host, lease_until FROM outbox
                WHERE state = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 200
                """, arguments: [at])
            for row in rows {
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
                try db.execute(sql: """
                    UPDATE outbox SET sending_pid = ?, sending_since = ?, lease_owner = ?, lease_host = ?, lease_until = ?
                    WHERE id = ?
                    """, arguments: [Int64(lease.pid), at, lease.owner, lease.host,
                                     Timestamp.string(wall.addingTimeInterval(lease.duration)), id])
                let bytes = try Data.fetchOne(db, sql: "SELECT bytes FROM outbox WHERE id = ?", arguments: [id]) ?? Data()
                return OutboxItem(id: id, threadID: row["thread_id"], envelopeFrom: row["envelope_from"],
                                  recipients: Self.jsonStrings(row["recipients_json"]), bytes: [UInt8](bytes),
                                  attempts: row["attempts"], createdAt: Timestamp.date(row["created_at"]) ?? now)
            }
            return nil
        }
    }

    /// The server took the message.
    public func markSent(_ id: Int64, results: String, at now: Date = Date()) throws {
        let at = Timestamp.string(now)
        try write { db in
            try db.execute(sql: """
                UPDATE outbox SET state = 'sent', sent_at = ?, attempts = attempts + 1, results_json = ?, last_error = NULL,
                    sending_pid = NULL, sending_since = NULL, lease_owner = NULL, lease_host = NULL, lease_until = NULL WHERE id = ?
                """, arguments: [at, results, id])
            if let thread = try Int64.fetchOne(db, sql: "SELECT thread_id FROM outbox WHERE id = ?", arguments: [id]) {
                try Self.log(db, at: at, actor: "send", .thread, thread, "sent", "outbox \(id)")
            }
        }
    }

    /// The message was not sent: try again at `retryAt`, or (nil) give up as `failed`.
    public func markNotSent(_ id: Int64, error: String, results: String?, retryAt: Date?, at now: Date = Date()) throws {
        let at = Timestamp.string(now)
        try write { db in
            try db.execute(sql: """
                UPDATE outbox SET state = ?, attempts = attempts + 1, last_error = ?, results_json = coalesce(?, results_json),
                    next_attempt_at = coalesce(?, next_attempt_at), sending_pid = NULL, sending_since = NULL, lease_owner = NULL, lease_host = NULL, lease_until = NULL WHERE id = ?
                """, arguments: [retryAt == nil ? "failed" : "queued", error, results, retryAt.map(Timestamp.string), id])
            if retryAt == nil, let thread = try Int64.fetchOne(db, sql: "SELECT thread_id FROM outbox WHERE id = ?", arguments: [id]) {
                try Self.log(db, at: at, actor: "send", .thread, thread, "send failed", "outbox \(id): \(error)")
            }
        }
    }

    /// Releases a lease without an attempt (the transport could not even be set up).
    public func releaseOutbox(_ id: Int64) throws {
        try write { db in
            try db.execute(sql: "UPDATE outbox SET sending_pid = NULL, sending_since = NULL, lease_owner = NULL, lease_host = NULL, lease_until = NULL WHERE id = ?", arguments: [id])
        }
    }

    /// Puts a failed (or waiting) message back in the queue, due now.
    public func retryOutbox(_ id: Int64, actor: String, at now: Date = Date()) throws -> Bool {
        let at = Timestamp.string(now)
        return try write { db in
            try db.execute(sql: """
                UPDATE outbox SET state = 'queued', next_attempt_at = ?, sending_pid = NULL, lease_owner = NULL, lease_until = NULL
                    WHERE id = ? AND state != 'sent'
                """, arguments: [at, id])
            guard db.changesCount == 1 else { return false }
            if let thread = try Int64.fetchOne(db, sql: "SELECT thread_id FROM outbox WHERE id = ?", arguments: [id]) {
                try Self.log(db, at: at, actor: actor, .thread, thread, "send retried", "outbox \(id)")
            }
            return true
        }
    }

    public func outbox(state: String?, limit: Int) throws -> [OutboxEntry] {
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
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map(Self.outboxEntry)
        }
    }

    /// One outbox row and its bytes.
    public func outboxMessage(_ id: Int64) throws -> (entry: OutboxEntry, bytes: [UInt8])? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM outbox WHERE id = ?", arguments: [id]) else { return nil }
            let data: Data = row["bytes"]
            return (Self.outboxEntry(row), [UInt8](data))
        }
    }

    private static func outboxEntry(_ row: Row) -> OutboxEntry {
        let state: String = row["state"]
        return OutboxEntry(id: row["id"], threadId: row["thread_id"], kind: row["purpose"], template: row["template"],
                           messageId: row["message_id"], envelopeFrom: row["envelope_from"],
                           to: jsonStrings(row["recipients_json"]), subject: row["subject"], state: state,
                           attempts: row["attempts"], nextAttempt: state == "queued" ? row["next_attempt_at"] : nil,
                           lastError: row["last_error"], results: row["results_json"], createdAt: row["created_at"],
                           sentAt: row["sent_at"], bouncedAt: row["bounced_at"], bounces: row["bounces"] ?? 0,
                           bounce: (row["bounce_json"] as String?).flatMap {
                               try? JSONDecoder().decode(BounceRecord.self, from: Data($0.utf8))
                           })
    }
}
