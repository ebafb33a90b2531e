import Foundation
import GRDB

/// A thread as lists show it.
public struct ThreadSummary: Codable, Sendable {
    public var id: Int64
    public var token: String?
    public var kind: String
    public var feedbackType: String?
    public var status: String
    public var category: String?
    public var priority: String?
    public var language: String?
    public var sentiment: String?
    public var rating: Int?
    public var confidence: Double?
    public var decidedBy: String?
    public var needsReview: Bool
    public var subject: String
    public var mailbox: String
    public var customer: String?
    public var customerName: String?
    /// The agent's address, or nil while the thread waits in `queue`.
    public var assignee: String?
    /// The team queue address of an unassigned thread.
    public var queue: String?
    public var messages: Int
    public var createdAt: String
    public var updatedAt: String
    public var lastMessageAt: String
    /// When an agent first answered the customer (by mail or `threads reply`); nil until then.
    public var firstResponseAt: String?
    /// Tags agents gave the thread (`#tag`).
    public var tags: [String]
    /// The SLA policy that applies, and the earliest due time of its running timers (past: breached).
    public var slaPolicy: String? = nil
    public var slaDueAt: String? = nil
    /// Every key is written, an absent value as null (the JSON contract of `threads list --json`).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(token, forKey: .token)
        try c.encode(kind, forKey: .kind)
        try c.encode(feedbackType, forKey: .feedbackType)
        try c.encode(status, forKey: .status)
        try c.encode(category, forKey: .category)
        try c.encode(priority, forKey: .priority)
        try c.encode(language, forKey: .language)
        try c.encode(sentiment, forKey: .sentiment)
        try c.encode(rating, forKey: .rating)
        try c.encode(confidence, forKey: .confidence)
        try c.encode(decidedBy, forKey: .decidedBy)
        try c.encode(needsReview, forKey: .needsReview)
        try c.encode(subject, forKey: .subject)
        try c.encode(mailbox, forKey: .mailbox)
        try c.encode(customer, forKey: .customer)
        try c.encode(customerName, forKey: .customerName)
        try c.encode(assignee, forKey: .assignee)
        try c.encode(queue, forKey: .queue)
        try c.encode(messages, forKey: .messages)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(lastMessageAt, forKey: .lastMessageAt)
        try c.encode(firstResponseAt, forKey: .firstResponseAt)
        try c.encode(tags, forKey: .tags)
        try c.encode(slaPolicy, forKey: .slaPolicy)
        try c.encode(slaDueAt, forKey: .slaDueAt)
    }
}

/// Which threads `threads(_:limit:)` returns: every condition given must hold.
public struct ThreadFilter: Sendable {
    public var status: ThreadStatus?
    /// A thread kind or a robot thread kind (`bulk`, `system`).
    public var kind: String?
    public var category: String?
    public var priority: ThreadPriority?
    public var language: String?
    public var assignee: String?
    public var unassigned = false
    public var needsReview = false
    /// Also threads of kind bulk and system (robots' mail), which are left out unless `kind` names one.
    public var includeRobots = false
    /// Only threads with a running SLA timer due at or before this instant (breached at that moment).
    public var slaBreachedBy: Date?
    /// Only threads with a running SLA timer due after the first instant and at or before the second.
    public var slaDue: (after: Date, by: Date)?

    public init(
        status: ThreadStatus? = nil, kind: String? = nil, category: String? = nil, priority: ThreadPriority? = nil,
        language: String? = nil, assignee: String? = nil, unassigned: Bool = false, needsReview: Bool = false,
        includeRobots: Bool = false
    ) {
        self.includeRobots = includeRobots
        self.status = status
        self.kind = kind
        self.category = category
        self.priority = priority
        self.language = language
        self.assignee = assignee
        self.unassigned = unassigned
        self.needsReview = needsReview
    }
}

/// A message as lists show it.
public struct MessageSummaryRow: Codable, Sendable {
    public var id: Int64
    public var messageId: String?
    public var sha256: String
    public var threadId: Int64?
    public var mailbox: String
    public var direction: String
    public var state: String
    public var from: String?
    public var date: String?
    public var subject: String?
}

public struct QuarantineEntry: Codable, Sendable {
    public var id: Int64
    public var messageId: Int64
    public var stage: String
    public var reason: String
    public var at: String
    public var mailbox: String
    public var sha256: String
    public var size: Int
}

public struct StoreStats: Codable, Sendable {
    public var messages: Int
    public var messagesByState: [String: Int]
    public var threads: Int
    public var threadsByStatus: [String: Int]
    public var threadsByKind: [String: Int]
    public var customers: Int
    public var quarantined: Int
    public var duplicatesSeen: Int
    /// Ledger rows: every sighting of a message in a source.
    public var sightings: Int
    public var attachments: Int
    public var rawBytes: Int
}

extension Store {
    public func threads(status: ThreadStatus?, limit: Int) throws -> [ThreadSummary] {
        try threads(ThreadFilter(status: status), limit: limit)
    }

    /// Threads matching every condition of `filter`, most recently updated first (`limit` 0: all).
    public func threads(_ filter: ThreadFilter, limit: Int) throws -> [ThreadSummary] {
        try read { db in
            var sql = """
                SELECT t.*, c.address AS customer, c.name AS customer_name,
                    (SELECT count(*) FROM message m WHERE m.thread_id = t.id) AS messages,
                    (SELECT min(due_at) FROM sla_timer s WHERE s.thread_id = t.id AND s.state = 'running') AS sla_due_at
                FROM thread t LEFT JOIN customer c ON c.id = t.customer_id
                """
            var conditions: [String] = []
            var arguments: StatementArguments = []
            for (column, value) in [
                ("status", filter.status?.rawValue), ("kind", filter.kind), ("category", filter.category),
                ("priority", filter.priority?.rawValue), ("language", filter.language)
            ] {
                if let value {
                    conditions.append("t.\(column) = ?")
                    arguments += [value]
                }
            }
            if let assignee = filter.assignee {
                conditions.append("t.assignee = ?")
                arguments += [assignee.lowercased()]
            }
            if filter.unassigned { conditions.append("t.assignee IS NULL") }
            if filter.needsReview { conditions.append("t.needs_review = 1") }
            if filter.kind == nil && !filter.includeRobots {
                conditions.append("t.kind IN (\(ThreadKind.names.map { "'\($0)'" }.joined(separator: ", ")))")
            }
            if let by = filter.slaBreachedBy {
                conditions.append(
                    """
                    EXISTS (SELECT 1 FROM sla_timer s WHERE s.thread_id = t.id AND s.state = 'running' AND s.due_at <= ?)
                    """)
                arguments += [Timestamp.string(by)]
            }
            if let due = filter.slaDue {
                conditions.append(
                    """
                    EXISTS (SELECT 1 FROM sla_timer s WHERE s.thread_id = t.id AND s.state = 'running' AND s.due_at > ?
                        AND s.due_at <= ?)
                    """)
                arguments += [Timestamp.string(due.after), Timestamp.string(due.by)]
            }
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            sql += " ORDER BY t.updated_at DESC, t.id DESC"
            if limit > 0 {
                sql += " LIMIT ?"
                arguments += [limit]
            }
            return try ThreadSummary.fetchAll(db, sql: sql, arguments: arguments)
        }
    }

    public func thread(_ id: Int64) throws -> ThreadSummary? {
        try read { db in
            try ThreadSummary.fetchOne(
                db,
                sql: """
                    SELECT t.*, c.address AS customer, c.name AS customer_name,
                        (SELECT count(*) FROM message m WHERE m.thread_id = t.id) AS messages,
                        (SELECT min(due_at) FROM sla_timer s WHERE s.thread_id = t.id AND s.state = 'running') AS sla_due_at
                    FROM thread t LEFT JOIN customer c ON c.id = t.customer_id WHERE t.id = ?
                    """, arguments: [id]
            )
        }
    }

    /// The messages of a thread in order of arrival.
    public func messages(inThread id: Int64) throws -> [MessageRecord] {
        try read { db in
            try MessageRecord.fetchAll(
                db, sql: "SELECT * FROM message WHERE thread_id = ? ORDER BY coalesce(date, received_at), id",
                arguments: [id])
        }
    }

    public func messages(limit: Int) throws -> [MessageSummaryRow] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, message_id, sha256, thread_id, mailbox, direction, state, from_address, date, subject
                    FROM message ORDER BY id DESC \(limit > 0 ? "LIMIT \(limit)" : "")
                    """
            ).map { row in
                MessageSummaryRow(
                    id: row["id"], messageId: row["message_id"], sha256: row["sha256"], threadId: row["thread_id"],
                    mailbox: row["mailbox"], direction: row["direction"], state: row["state"],
                    from: row["from_address"], date: row["date"], subject: row["subject"])
            }
        }
    }

    public func attachments(ofMessage id: Int64) throws -> [MessageAttachmentRecord] {
        try read { db in
            try MessageAttachmentRecord.fetchAll(
                db, sql: "SELECT * FROM message_attachment WHERE message_id = ? ORDER BY position",
                arguments: [id])
        }
    }

    public func quarantined() throws -> [QuarantineEntry] {
        try read { db in
            try QuarantineEntry.fetchAll(
                db,
                sql: """
                    SELECT q.*, m.mailbox, m.sha256, r.size FROM quarantine q
                    JOIN message m ON m.id = q.message_id JOIN raw_message r ON r.sha256 = m.sha256 ORDER BY q.id
                    """
            )
        }
    }

    public func stats() throws -> StoreStats {
        try read { db in
            func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
            func grouped(_ sql: String) throws -> [String: Int] {
                Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: sql).map { ($0[0] as String, $0[1] as Int) })
            }
            return StoreStats(
                messages: try count("SELECT count(*) FROM message"),
                messagesByState: try grouped("SELECT state, count(*) FROM message GROUP BY state"),
                threads: try count("SELECT count(*) FROM thread"),
                threadsByStatus: try grouped("SELECT status, count(*) FROM thread GROUP BY status"),
                threadsByKind: try grouped("SELECT kind, count(*) FROM thread GROUP BY kind"),
                customers: try count("SELECT count(*) FROM customer"),
                quarantined: try count("SELECT count(*) FROM quarantine"),
                duplicatesSeen: try count("SELECT count(*) - count(DISTINCT sha256) FROM ingest_ledger"),
                sightings: try count("SELECT count(*) FROM ingest_ledger"),
                attachments: try count("SELECT count(*) FROM message_attachment"),
                rawBytes: try count("SELECT coalesce(sum(size), 0) FROM raw_message"))
        }
    }
}

extension ThreadSummary: FetchableRecord {
    /// A `thread` row with its customer, message count and earliest running SLA due time.
    public init(row: Row) {
        self.init(
            id: row["id"], token: row["token"], kind: row["kind"], feedbackType: row["feedback_type"],
            status: row["status"], category: row["category"], priority: row["priority"],
            language: row["language"], sentiment: row["sentiment"], rating: row["rating"],
            confidence: row["confidence"], decidedBy: row["decided_by"], needsReview: row["needs_review"],
            subject: row["subject"], mailbox: row["mailbox"], customer: row["customer"],
            customerName: row["customer_name"], assignee: row["assignee"], queue: row["queue"],
            messages: row["messages"], createdAt: row["created_at"], updatedAt: row["updated_at"],
            lastMessageAt: row["last_message_at"], firstResponseAt: row["first_response_at"],
            tags: Store.jsonStrings(row["tags_json"]), slaPolicy: row["sla_policy"], slaDueAt: row["sla_due_at"])
    }
}

extension QuarantineEntry: FetchableRecord {
    /// A `quarantine` row joined with its message's `mailbox`, `sha256` and raw `size`.
    public init(row: Row) {
        self.init(
            id: row["id"], messageId: row["message_id"], stage: row["stage"], reason: row["reason"],
            at: row["at"], mailbox: row["mailbox"], sha256: row["sha256"], size: row["size"])
    }
}
