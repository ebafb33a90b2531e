import Foundation
import GRDB

/// Read-only questions the threading rules ask, answered inside the threading transaction.
public struct ThreadQueries {
    let db: Database

    public func threadExists(_ id: Int64) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM thread WHERE id = ?)"), arguments: [id])
            ?? false
    }

    /// The thread of the newest threaded message with this Message-ID.
    public func thread(ofMessageID id: String) throws -> Int64? {
        try Int64.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT thread_id FROM message WHERE message_id = ? AND thread_id IS NOT NULL ORDER BY id DESC LIMIT 1
                    """), arguments: [id])
    }

    /// maildesk's own outgoing messages among `messageIDs` (a bounce's reported ids): the outbox rows and the
    /// thread of the first one that has a thread.
    public func outgoing(messageIDs: [String]) throws -> (outboxIDs: [Int64], threadID: Int64?) {
        var ids: [Int64] = []
        var thread: Int64?
        for id in messageIDs.prefix(20) {
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(sql: "SELECT id, thread_id FROM outbox WHERE message_id = ?"),
                    arguments: [id])
            else { continue }
            ids.append(row["id"])
            if thread == nil { thread = row["thread_id"] }
        }
        if thread == nil {
            // An answer relayed from an agent is also an outgoing message of its thread.
            for id in messageIDs.prefix(20) {
                if let found = try Int64.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT thread_id FROM message WHERE message_id = ? AND direction = 'out' AND thread_id IS NOT NULL LIMIT 1
                            """), arguments: [id])
                {
                    thread = found; break
                }
            }
        }
        return (ids, thread)
    }

    /// An open or pending thread of `customer` with this subject key, active since `since`.
    public func openThread(subjectKey: String, customer: String, activeSince since: Date) throws -> Int64? {
        try Int64.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT t.id FROM thread t JOIN customer c ON c.id = t.customer_id
                    WHERE t.subject_key = ? AND c.address = ? AND t.status IN ('open', 'pending') AND t.last_message_at >= ?
                    ORDER BY t.last_message_at DESC LIMIT 1
                    """), arguments: [subjectKey, customer.lowercased(), Timestamp.string(since)])
    }
}

/// What the threading rules chose for a message.
public enum ThreadChoice: Sendable {
    case existing(threadID: Int64, rule: String)
    case create(kind: String, subject: String, subjectKey: String, rule: String)
    /// A robot's mail that belongs to a thread: filed there as it is, without reopening the thread, notifying
    /// anyone or counting as the customer's mail (the message goes straight to `done`).
    case quietly(threadID: Int64, rule: String)
    /// A robot's mail with no thread of its own to join: a thread of kind `bulk` or `system`, decided at once,
    /// never classified, assigned or acknowledged.
    case createQuiet(kind: String, subject: String, subjectKey: String, rule: String)
    /// A robot's mail kept without a thread (`done`), for the reason given.
    case none(reason: String)
}

/// A delivery failure reported for an outgoing message (`outbox.bounce_json`).
public struct BounceRecord: Codable, Sendable, Equatable {
    /// The stored report (a message id of the store).
    public var message: Int64
    public var permanent: Bool
    public var recipients: [String]
    public var diagnostic: String?
    public var reason: String
}

/// The robot a parsed message came from, as the threading stage files it.
public struct RobotFiling: Sendable {
    /// `bounce`, `auto_reply` or `bulk`.
    public var kind: String
    public var reason: String
    /// Bounces: the Message-IDs of maildesk's own messages the report may be about.
    public var reportedMessageIDs: [String]
    public var permanent: Bool
    /// Bounces: the failed recipients as reported (empty: the reported message's recipients).
    public var recipients: [String]
    public var diagnostic: String?

    public init(
        kind: String, reason: String, reportedMessageIDs: [String], permanent: Bool, recipients: [String],
        diagnostic: String?
    ) {
        self.kind = kind
        self.reason = reason
        self.reportedMessageIDs = reportedMessageIDs
        self.permanent = permanent
        self.recipients = recipients
        self.diagnostic = diagnostic
    }
}

public struct ThreadingResult: Sendable, Equatable {
    public var threadID: Int64
    public var created: Bool
    public var reopened: Bool
}

/// A parsed message to file into a thread.
public struct ThreadRequest: Sendable {
    public var messageID: Int64
    /// The sender: the thread's customer for a new thread.
    public var customerAddress: String?
    public var customerName: String?
    /// When the message arrived: the thread's activity time.
    public var date: Date
    /// Set when a machine sent the message: it never becomes a customer's mail.
    public var robot: RobotFiling?

    public init(
        messageID: Int64, customerAddress: String?, customerName: String?, date: Date, robot: RobotFiling? = nil
    ) {
        self.robot = robot
        self.messageID = messageID
        self.customerAddress = customerAddress
        self.customerName = customerName
        self.date = date
    }
}

extension Store {
    /// Files parsed messages into threads, in order, in one transaction: for each, asks `decide` (with the
    /// store's answers, which see the earlier messages of the batch), creates the thread if needed (its token
    /// minted by `token` from the new id), records the customer, reopens a settled thread the customer writes
    /// to again, and moves the message to `threaded`. A message that is no longer `parsed` (another process
    /// threaded it) gives nil.
    public func threadMessages(
        _ requests: [ThreadRequest], decide: (ThreadRequest, ThreadQueries) throws -> ThreadChoice,
        token: (Int64) -> String, at now: Date
    ) throws -> [ThreadingResult?] {
        let at = Timestamp.string(now)
        return try write { db in
            try requests.map { try Self.thread($0, decide: decide, token: token, at: at, db) }
        }
    }

    private static func thread(
        _ request: ThreadRequest, decide: (ThreadRequest, ThreadQueries) throws -> ThreadChoice,
        token: (Int64) -> String, at: String, _ db: Database
    ) throws -> ThreadingResult? {
        let messageID = request.messageID
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT state, mailbox, history FROM message WHERE id = ?"),
                arguments: [messageID]),
            row[0] as String == MessageState.parsed.rawValue
        else { return nil }
        let mailbox: String = row[1]
        // History from `maildesk import` never reopens or reassigns a thread; live mail ends a thread's history.
        let history = HistoryMark.Stored(rawValue: row[2]) ?? .live
        let messageAt = Timestamp.string(request.date)
        // A robot is nobody's customer (a newsletter sender must never receive care mail, say).
        let customerID = try request.customerAddress.map {
            try upsertCustomer(db, address: $0, name: request.customerName, at: messageAt)
        }
        if let robot = request.robot, robot.kind == "bounce" {
            try recordBounce(db, robot, messageID: messageID, at: at)
        }
        let result: ThreadingResult
        switch try decide(request, ThreadQueries(db: db)) {
        case .quietly(let threadID, let rule):
            try log(
                db, at: at, actor: "thread", .message, messageID, "threaded",
                "thread \(threadID) by \(rule), quietly: \(request.robot.map { "\($0.kind) (\($0.reason))" } ?? "robot")"
            )
            try db.cachedStatement(sql: "UPDATE message SET thread_id = ?, state = 'done' WHERE id = ?")
                .execute(arguments: [threadID, messageID])
            return ThreadingResult(threadID: threadID, created: false, reopened: false)
        case .none(let reason):
            try log(db, at: at, actor: "thread", .message, messageID, "not threaded", reason)
            try db.cachedStatement(sql: "UPDATE message SET state = 'done' WHERE id = ?").execute(arguments: [messageID]
            )
            return nil
        case .createQuiet(let kind, let subject, let subjectKey, let rule):
            let note = request.robot.map { "\($0.kind): \($0.reason)" } ?? "robot"
            let threadID = try nextThreadID(db)
            try db.cachedStatement(
                sql: """
                    INSERT INTO thread (id, token, kind, status, subject, subject_key, mailbox, customer_id, created_at,
                        updated_at, last_message_at, classified_at, decided_by, ack_state, ack_note, no_autoreply)
                    VALUES (?, ?, ?, 'open', ?, ?, ?, NULL, ?, ?, ?, ?, ?, 'skipped', ?, ?)
                    """
            ).execute(arguments: [
                threadID, token(threadID), kind, subject, subjectKey, mailbox, at, at, messageAt, at, "robot: \(note)",
                "never acknowledged: \(note)", note
            ])
            try log(
                db, at: at, actor: "thread", .thread, threadID, "created",
                "kind \(kind) from mailbox \(mailbox) (\(note)); first message \(messageID)")
            try log(db, at: at, actor: "thread", .message, messageID, "threaded", "thread \(threadID) by \(rule)")
            try db.cachedStatement(sql: "UPDATE message SET thread_id = ?, state = 'done' WHERE id = ?")
                .execute(arguments: [threadID, messageID])
            return ThreadingResult(threadID: threadID, created: true, reopened: false)
        case .existing(let threadID, let rule):
            let status = try String.fetchOne(
                db.cachedStatement(sql: "SELECT status FROM thread WHERE id = ?"), arguments: [threadID])
            let reopen = history == .live && (status == "resolved" || status == "closed" || status == "pending")
            // A settled thread the customer writes to again gets its owner decided anew (sticky first).
            let settled = history == .live && (status == "resolved" || status == "closed")
            try db.cachedStatement(
                sql: """
                    UPDATE thread SET updated_at = ?, last_message_at = max(last_message_at, ?),
                        status = CASE WHEN ? THEN 'open' ELSE status END,
                        reassign = CASE WHEN ? THEN 1 ELSE reassign END,
                        history = CASE WHEN ? THEN 0 ELSE history END
                    WHERE id = ?
                    """
            ).execute(arguments: [at, messageAt, reopen, settled, history == .live, threadID])
            try log(db, at: at, actor: "thread", .message, messageID, "threaded", "thread \(threadID) by \(rule)")
            if reopen {
                try log(
                    db, at: at, actor: "thread", .thread, threadID, "reopened",
                    "was \(status ?? "?"); customer wrote (message \(messageID))")
            }
            result = ThreadingResult(threadID: threadID, created: false, reopened: reopen)
        case .create(let kind, let subject, let subjectKey, let rule):
            let threadID = try nextThreadID(db)
            try db.cachedStatement(
                sql: """
                    INSERT INTO thread (id, token, kind, status, subject, subject_key, mailbox, customer_id, created_at,
                        updated_at, last_message_at, history)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [
                threadID, token(threadID), kind, history == .settled ? "resolved" : "open", subject, subjectKey,
                mailbox, customerID, at, at, messageAt, history != .live
            ])
            try log(
                db, at: at, actor: "thread", .thread, threadID, "created",
                "kind \(kind) from mailbox \(mailbox); first message \(messageID)" + history.threadNote)
            try log(db, at: at, actor: "thread", .message, messageID, "threaded", "thread \(threadID) by \(rule)")
            result = ThreadingResult(threadID: threadID, created: true, reopened: false)
        }
        try db.cachedStatement(sql: "UPDATE message SET thread_id = ?, state = 'threaded' WHERE id = ?")
            .execute(arguments: [result.threadID, messageID])
        return result
    }

    /// The id SQLite would give the next thread (the largest plus one, as for any rowid table without
    /// AUTOINCREMENT): known before the insert, the thread is written once with its token. Inside the write
    /// transaction, so no other writer can take it.
    private static func nextThreadID(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT coalesce(max(id), 0) + 1 FROM thread")) ?? 1
    }

    /// Moves every message in `from` on to `to` (a stage with nothing to do yet, such as classify).
    public func advanceAll(from: MessageState, to: MessageState) throws -> Int {
        try write { db in
            try db.cachedStatement(sql: "UPDATE message SET state = ? WHERE state = ?").execute(arguments: [
                to.rawValue, from.rawValue
            ])
            return db.changesCount
        }
    }

    /// A bounce reporting on maildesk's own messages: each outbox row it names records the failure (the first
    /// time, and a count), and the thread hears of it; a permanent failure marks the customer undeliverable.
    private static func recordBounce(_ db: Database, _ robot: RobotFiling, messageID: Int64, at: String) throws {
        let found = try ThreadQueries(db: db).outgoing(messageIDs: robot.reportedMessageIDs)
        var detail = robot.permanent ? "permanent failure" : "delivery problem"
        if !robot.recipients.isEmpty { detail += " for " + robot.recipients.joined(separator: ", ") }
        if let diagnostic = robot.diagnostic { detail += ": " + diagnostic }
        let record = BounceRecord(
            message: messageID, permanent: robot.permanent, recipients: robot.recipients,
            diagnostic: robot.diagnostic, reason: robot.reason)
        let json = (try? String(decoding: JSONEncoder().encode(record), as: UTF8.self)) ?? "{}"
        var failed = Set(robot.recipients.map { $0.lowercased() })
        for outboxID in found.outboxIDs {
            try db.cachedStatement(
                sql: """
                    UPDATE outbox SET bounced_at = coalesce(bounced_at, ?), bounce_json = ?, bounces = bounces + 1 WHERE id = ?
                    """
            ).execute(arguments: [at, json, outboxID])
            if robot.recipients.isEmpty,
                let to = try String.fetchOne(
                    db.cachedStatement(
                        sql: "SELECT to_address FROM outbox WHERE id = ?"), arguments: [outboxID])
            {
                failed.insert(to.lowercased())
            }
        }
        if let thread = found.threadID {
            try log(
                db, at: at, actor: "thread", .thread, thread, "bounced",
                "message \(messageID): \(detail)"
                    + (found.outboxIDs.isEmpty
                        ? "" : " (outbox \(found.outboxIDs.map(String.init).joined(separator: ", ")))"))
        }
        try log(
            db, at: at, actor: "thread", .message, messageID, "bounce",
            found.outboxIDs.isEmpty
                ? "\(detail); reports none of maildesk's messages"
                : "\(detail); outbox \(found.outboxIDs.map(String.init).joined(separator: ", "))")
        guard !found.outboxIDs.isEmpty else { return }
        for address in failed.sorted() {
            guard
                let customer = try Int64.fetchOne(
                    db.cachedStatement(sql: "SELECT id FROM customer WHERE address = ?"),
                    arguments: [address])
            else { continue }
            if robot.permanent {
                try markUndeliverable(db, customer: customer, address: address, detail: detail, at: at)
                continue
            }
            // Soft bounces count: three of the address's messages with delivery problems in 30 days suppress it too.
            let since = Timestamp.string((Timestamp.date(at) ?? Date()).addingTimeInterval(-30 * 86_400))
            let troubled =
                try Int.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT count(*) FROM outbox WHERE to_address = ? AND bounced_at >= ?
                            """), arguments: [address, since]) ?? 0
            if troubled >= 3 {
                try markUndeliverable(
                    db, customer: customer, address: address,
                    detail: "\(troubled) messages with delivery problems in 30 days; last: \(detail)", at: at)
            }
        }
    }

    private static func upsertCustomer(_ db: Database, address: String, name: String?, at: String) throws -> Int64 {
        let key = address.lowercased()
        if let id = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM customer WHERE address = ?"), arguments: [key])
        {
            try db.cachedStatement(
                sql: """
                    UPDATE customer SET first_contact = min(first_contact, ?), last_contact = max(last_contact, ?),
                        name = coalesce(nullif(?, ''), name) WHERE id = ?
                    """
            ).execute(arguments: [at, at, name, id])
            return id
        }
        try db.cachedStatement(
            sql: "INSERT INTO customer (address, name, first_contact, last_contact) VALUES (?, ?, ?, ?)"
        )
        .execute(arguments: [key, name, at, at])
        let id = db.lastInsertedRowID
        try log(db, at: at, actor: "thread", .customer, id, "created", key)
        return id
    }
}

extension Store {
    /// A customer whose address failed for good: no more automatic mail goes there (acknowledgements, care)
    /// until `customers set ADDRESS deliverable=true`. Recorded as an event of the customer.
    static func markUndeliverable(_ db: Database, customer: Int64, address: String, detail: String, at: String) throws {
        try db.cachedStatement(sql: "UPDATE customer SET undeliverable = 1 WHERE id = ? AND undeliverable = 0")
            .execute(arguments: [customer])
        if db.changesCount > 0 {
            try log(db, at: at, actor: "thread", .customer, customer, "undeliverable", "\(address): \(detail)")
        }
    }
}
