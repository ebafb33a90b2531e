import Foundation
import GRDB

/// Read-only questions the threading rules ask, answered inside the threading transaction.
public struct ThreadQueries {
    let db: Database

    public func threadExists(_ id: Int64) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM thread WHERE id = ?)", arguments: [id]) ?? false
    }

    /// The thread of the newest threaded message with this Message-ID.
    public func thread(ofMessageID id: String) throws -> Int64? {
        try Int64.fetchOne(db, sql: """
            SELECT thread_id FROM message WHERE message_id = ? AND thread_id IS NOT NULL ORDER BY id DESC LIMIT 1
            """, arguments: [id])
    }

    /// An open or pending thread of `customer` with this subject key, active since `since`.
    public func openThread(subjectKey: String, customer: String, activeSince since: Date) throws -> Int64? {
        try Int64.fetchOne(db, sql: """
            SELECT t.id FROM thread t JOIN customer c ON c.id = t.customer_id
            WHERE t.subject_key = ? AND c.address = ? AND t.status IN ('open', 'pending') AND t.last_message_at >= ?
            ORDER BY t.last_message_at DESC LIMIT 1
            """, arguments: [subjectKey, customer.lowercased(), Timestamp.string(since)])
    }
}

/// What the threading rules chose for a message.
public enum ThreadChoice: Sendable {
    case existing(threadID: Int64, rule: String)
    case create(kind: String, subject: String, subjectKey: String, rule: String)
}

public struct ThreadingResult: Sendable, Equatable {
    public var threadID: Int64
    public var created: Bool
    public var reopened: Bool
}

extension Store {
    /// Files a parsed message into a thread in one transaction: asks `decide` (with the store's answers),
    /// creates the thread if needed (its token minted by `token` from the new id), records the customer,
    /// reopens a settled thread the customer writes to again, and moves the message to `threaded`.
    /// Nil if the message is no longer `parsed` (another process threaded it).
    public func threadMessage(_ messageID: Int64, customer: (address: String, name: String?)?, date: Date,
                              decide: (ThreadQueries) throws -> ThreadChoice, token: (Int64) -> String,
                              at now: Date = Date()) throws -> ThreadingResult? {
        let at = Timestamp.string(now)
        let messageAt = Timestamp.string(date)
        return try write { db -> ThreadingResult? in
            guard try Self.state(db, messageID) == .parsed,
                  let message = try MessageRecord.fetchOne(db, key: messageID) else { return nil }
            let customerID = try customer.map { try Self.upsertCustomer(db, address: $0.address, name: $0.name, at: messageAt) }
            let choice = try decide(ThreadQueries(db: db))
            var result: ThreadingResult
            switch choice {
            case .existing(let threadID, let rule):
                let status = try String.fetchOne(db, sql: "SELECT status FROM thread WHERE id = ?", arguments: [threadID])
                let reopen = status == "resolved" || status == "closed" || status == "pending"
                try db.execute(sql: """
                    UPDATE thread SET updated_at = ?, last_message_at = max(last_message_at, ?),
                        status = CASE WHEN ? THEN 'open' ELSE status END
                    WHERE id = ?
                    """, arguments: [at, messageAt, reopen, threadID])
                try Self.log(db, at: at, actor: "thread", .message, messageID, "threaded", "thread \(threadID) by \(rule)")
                if reopen {
                    try Self.log(db, at: at, actor: "thread", .thread, threadID, "reopened",
                                 "was \(status ?? "?"); customer wrote (message \(messageID))")
                }
                result = ThreadingResult(threadID: threadID, created: false, reopened: reopen)
            case .create(let kind, let subject, let subjectKey, let rule):
                var thread = ThreadRecord(id: nil, token: nil, kind: kind, status: "open", subject: subject,
                                          subjectKey: subjectKey, mailbox: message.mailbox, customerId: customerID,
                                          createdAt: at, updatedAt: at, lastMessageAt: messageAt)
                try thread.insert(db)
                let threadID = thread.id!
                try db.execute(sql: "UPDATE thread SET token = ? WHERE id = ?", arguments: [token(threadID), threadID])
                try Self.log(db, at: at, actor: "thread", .thread, threadID, "created",
                             "kind \(kind) from mailbox \(message.mailbox); first message \(messageID)")
                try Self.log(db, at: at, actor: "thread", .message, messageID, "threaded", "thread \(threadID) by \(rule)")
                result = ThreadingResult(threadID: threadID, created: true, reopened: false)
            }
            try db.execute(sql: "UPDATE message SET thread_id = ?, state = 'threaded' WHERE id = ?",
                           arguments: [result.threadID, messageID])
            return result
        }
    }

    /// Moves a message on from `from` to `to` (a stage with nothing to do yet, such as classify).
    public func advance(_ messageID: Int64, from: MessageState, to: MessageState) throws -> Bool {
        try write { db in
            try db.execute(sql: "UPDATE message SET state = ? WHERE id = ? AND state = ?",
                           arguments: [to.rawValue, messageID, from.rawValue])
            return db.changesCount > 0
        }
    }

    private static func upsertCustomer(_ db: Database, address: String, name: String?, at: String) throws -> Int64 {
        let key = address.lowercased()
        if var existing = try CustomerRecord.fetchOne(db, sql: "SELECT * FROM customer WHERE address = ?", arguments: [key]) {
            existing.firstContact = min(existing.firstContact, at)
            existing.lastContact = max(existing.lastContact, at)
            if let name, !name.isEmpty { existing.name = name }
            try existing.update(db)
            return existing.id!
        }
        var customer = CustomerRecord(id: nil, address: key, name: name, firstContact: at, lastContact: at)
        try customer.insert(db)
        try log(db, at: at, actor: "thread", .customer, customer.id!, "created", key)
        return customer.id!
    }
}
