import Foundation
import GRDB

/// A thread the classify stage has not decided yet, with its first customer message.
public struct ThreadToClassify: Sendable {
    public var threadID: Int64
    public var mailbox: String
    public var messageID: Int64
    public var subject: String
    public var text: String
    public var fromAddress: String?
    public var customerID: Int64?
    public var customerTags: [String]
    /// Why the message looks machine-sent, as the parse stage recorded it.
    public var autoSubmitted: String?
    /// The start of the message's raw bytes (enough for its header).
    public var rawStart: [UInt8]
}

/// What the classify stage decided about one thread.
public struct ThreadClassification: Sendable {
    public var threadID: Int64
    public var kind: String
    public var feedbackType: String?
    public var category: String
    public var priority: String
    public var language: String
    public var sentiment: String?
    public var rating: Int?
    public var confidence: Double
    public var decidedBy: String
    public var needsReview: Bool
    /// The event's detail: the decision as JSON.
    public var detail: String
    public var ruleAgent: String?
    public var ruleAgentBy: String?
    /// Tags a rule adds to the thread's customer.
    public var tagCustomer: [String]
    /// Why the first message must never be answered automatically, or nil.
    public var noAutoReply: String?

    public init(threadID: Int64, kind: String, feedbackType: String?, category: String, priority: String,
                language: String, sentiment: String?, rating: Int?, confidence: Double, decidedBy: String,
                needsReview: Bool, detail: String, ruleAgent: String? = nil, ruleAgentBy: String? = nil,
                tagCustomer: [String] = [], noAutoReply: String? = nil) {
        self.noAutoReply = noAutoReply
        self.threadID = threadID
        self.kind = kind
        self.feedbackType = feedbackType
        self.category = category
        self.priority = priority
        self.language = language
        self.sentiment = sentiment
        self.rating = rating
        self.confidence = confidence
        self.decidedBy = decidedBy
        self.needsReview = needsReview
        self.detail = detail
        self.ruleAgent = ruleAgent
        self.ruleAgentBy = ruleAgentBy
        self.tagCustomer = tagCustomer
    }
}

/// An open thread whose owner is to be decided.
public struct ThreadAwaitingOwner: Sendable {
    public var threadID: Int64
    public var category: String
    public var language: String
    public var priority: String
    public var assignee: String?
    public var queue: String?
    public var reassign: Bool
    public var ruleAgent: String?
    public var ruleAgentBy: String?
    /// Agents of the customer's earlier threads, most recent first (the thread's own owner first on a reopen).
    public var previousAgents: [String]
}

/// The owner decided for one thread: an agent, or none (waiting in `queue`).
public struct OwnerDecision: Sendable {
    public var threadID: Int64
    /// The assignee the decision was made against: the update applies only if it is still the same.
    public var expectedAssignee: String?
    public var agent: String?
    public var queue: String?
    public var reason: String

    public init(threadID: Int64, expectedAssignee: String?, agent: String?, queue: String?, reason: String) {
        self.threadID = threadID
        self.expectedAssignee = expectedAssignee
        self.agent = agent
        self.queue = queue
        self.reason = reason
    }
}

/// An agent's correction of a thread (`maildesk threads set`); nil fields stay as they are.
public struct ThreadCorrection: Sendable {
    public var kind: String?
    public var feedbackType: String?
    public var category: String?
    public var priority: String?
    /// `.some(nil)` unassigns.
    public var assignee: String??
    public var status: String?

    public init(kind: String? = nil, feedbackType: String? = nil, category: String? = nil, priority: String? = nil,
                assignee: String?? = nil, status: String? = nil) {
        self.kind = kind
        self.feedbackType = feedbackType
        self.category = category
        self.priority = priority
        self.assignee = assignee
        self.status = status
    }
}

/// A corrected thread as a training example: the first customer message and the labels agents settled on.
public struct CorrectedThread: Sendable {
    public var threadID: Int64
    public var subject: String
    public var text: String
    public var kind: String
    public var feedbackType: String?
    public var category: String
    public var priority: String
    public var language: String
    public var sentiment: String?
}

extension Store {
    /// Threads not yet classified, oldest first, each with its first customer message that has been parsed.
    public func threadsToClassify(limit: Int) throws -> [ThreadToClassify] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT t.id AS thread_id, t.mailbox, t.customer_id, c.tags_json,
                    (SELECT m.id FROM message m WHERE m.thread_id = t.id AND m.direction = 'in'
                     ORDER BY coalesce(m.date, m.received_at), m.id LIMIT 1) AS message_id
                FROM thread t LEFT JOIN customer c ON c.id = t.customer_id
                WHERE t.classified_at IS NULL ORDER BY t.id LIMIT ?
                """, arguments: [limit])
            return try rows.compactMap { row -> ThreadToClassify? in
                guard let messageID: Int64 = row["message_id"],
                    let message = try Row.fetchOne(db, sql: """
                        SELECT m.subject, m.text, m.from_address, m.auto_submitted, substr(r.bytes, 1, 262144) AS raw_start
                        FROM message m JOIN raw_message r ON r.sha256 = m.sha256 WHERE m.id = ?
                        """, arguments: [messageID])
                else { return nil }
                let rawStart: Data? = message["raw_start"]
                return ThreadToClassify(
                    threadID: row["thread_id"], mailbox: row["mailbox"], messageID: messageID,
                    subject: message["subject"] ?? "", text: message["text"] ?? "", fromAddress: message["from_address"],
                    customerID: row["customer_id"], customerTags: Self.decodeTags(row["tags_json"]),
                    autoSubmitted: message["auto_submitted"], rawStart: rawStart.map { [UInt8]($0) } ?? [])
            }
        }
    }

    /// Records the classify stage's decisions, one event each; a thread another process decided meanwhile is
    /// left alone. Returns how many threads were recorded.
    @discardableResult
    public func recordClassifications(_ decisions: [ThreadClassification], at now: Date = Date()) throws -> Int {
        let at = Timestamp.string(now)
        return try write { db in
            var recorded = 0
            for d in decisions {
                try db.cachedStatement(sql: """
                    UPDATE thread SET kind = ?, feedback_type = ?, category = ?, priority = ?, language = ?,
                        sentiment = ?, rating = ?, confidence = ?, decided_by = ?, needs_review = ?, rule_agent = ?,
                        rule_agent_by = ?, no_autoreply = ?, classified_at = ?, updated_at = ?
                    WHERE id = ? AND classified_at IS NULL
                    """).execute(arguments: [
                        d.kind, d.feedbackType, d.category, d.priority, d.language, d.sentiment, d.rating,
                        d.confidence, d.decidedBy, d.needsReview, d.ruleAgent, d.ruleAgentBy, d.noAutoReply, at, at,
                        d.threadID,
                    ])
                guard db.changesCount == 1 else { continue }
                recorded += 1
                try Self.log(db, at: at, actor: "classify", .thread, d.threadID, "classified", d.detail)
                if !d.tagCustomer.isEmpty,
                    let customerID = try Int64.fetchOne(db, sql: "SELECT customer_id FROM thread WHERE id = ?",
                                                        arguments: [d.threadID]) {
                    try Self.addTags(db, customerID: customerID, d.tagCustomer, at: at, actor: "rule")
                }
            }
            return recorded
        }
    }

    /// Moves on to `done` every `threaded` message whose thread has been classified.
    @discardableResult
    public func finishClassifiedMessages() throws -> Int {
        try write { db in
            try db.execute(sql: """
                UPDATE message SET state = 'done' WHERE state = 'threaded'
                    AND thread_id IN (SELECT id FROM thread WHERE classified_at IS NOT NULL)
                """)
            return db.changesCount
        }
    }

    /// Open threads that need an owner: classified, and unassigned or reopened. Most pressing first, then oldest.
    public func threadsAwaitingOwner(limit: Int) throws -> [ThreadAwaitingOwner] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, category, language, priority, assignee, queue, reassign, rule_agent, rule_agent_by, customer_id
                FROM thread
                WHERE status IN ('open', 'pending') AND classified_at IS NOT NULL AND (assignee IS NULL OR reassign = 1)
                ORDER BY CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END, id
                LIMIT ?
                """, arguments: [limit]).map { row in
                let id: Int64 = row["id"]
                let assignee: String? = row["assignee"]
                var previous = assignee.map { [$0] } ?? []
                if let customerID: Int64 = row["customer_id"] {
                    let earlier = try String.fetchAll(db, sql: """
                        SELECT assignee FROM thread WHERE customer_id = ? AND id != ? AND assignee IS NOT NULL
                        ORDER BY last_message_at DESC, id DESC LIMIT 20
                        """, arguments: [customerID, id])
                    for agent in earlier where !previous.contains(agent) { previous.append(agent) }
                }
                return ThreadAwaitingOwner(
                    threadID: id, category: row["category"] ?? "other", language: row["language"] ?? "und",
                    priority: row["priority"] ?? "normal", assignee: assignee, queue: row["queue"],
                    reassign: row["reassign"], ruleAgent: row["rule_agent"], ruleAgentBy: row["rule_agent_by"],
                    previousAgents: previous)
            }
        }
    }

    /// Open and pending threads per assignee, and each agent's latest assignment number.
    public func agentLoads() throws -> [String: (open: Int, lastAssigned: Int64)] {
        try read { db in
            var loads: [String: (open: Int, lastAssigned: Int64)] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT assignee, count(*) AS n FROM thread
                WHERE assignee IS NOT NULL AND status IN ('open', 'pending') GROUP BY assignee
                """) {
                loads[row["assignee"], default: (0, 0)].open = row["n"]
            }
            for row in try Row.fetchAll(db, sql: "SELECT address, last_assigned FROM agent_state") {
                loads[row["address"], default: (0, 0)].lastAssigned = row["last_assigned"]
            }
            return loads
        }
    }

    /// Open and pending threads owned by each of `agents`.
    public func openThreads(ownedBy agents: [String]) throws -> [(threadID: Int64, assignee: String)] {
        guard !agents.isEmpty else { return [] }
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, assignee FROM thread WHERE status IN ('open', 'pending') AND reassign = 0
                    AND assignee IN (\(databaseQuestionMarks(count: agents.count))) ORDER BY id
                """, arguments: StatementArguments(agents)).map { ($0["id"], $0["assignee"]) }
        }
    }

    /// Open threads assigned to someone not in `agents` (an agent removed from the agents file).
    public func openThreads(ownedByNoneOf agents: [String]) throws -> [(threadID: Int64, assignee: String)] {
        try read { db in
            var sql = "SELECT id, assignee FROM thread WHERE status IN ('open', 'pending') AND reassign = 0 AND assignee IS NOT NULL"
            if !agents.isEmpty { sql += " AND assignee NOT IN (\(databaseQuestionMarks(count: agents.count)))" }
            return try Row.fetchAll(db, sql: sql + " ORDER BY id", arguments: StatementArguments(agents))
                .map { ($0["id"], $0["assignee"]) }
        }
    }

    /// Marks threads for a new owner on the next assignment (their agent became unavailable), with the reason.
    public func releaseThreads(_ releases: [(threadID: Int64, assignee: String, reason: String)], at now: Date = Date()) throws {
        let at = Timestamp.string(now)
        try write { db in
            for r in releases {
                try db.execute(sql: "UPDATE thread SET reassign = 1 WHERE id = ? AND assignee = ? AND reassign = 0",
                               arguments: [r.threadID, r.assignee])
                if db.changesCount == 1 {
                    try Self.log(db, at: at, actor: "assign", .thread, r.threadID, "released", "\(r.assignee) \(r.reason)")
                }
            }
        }
    }

    /// Applies owner decisions; one whose thread changed owner meanwhile is skipped. An event is written only
    /// when something changes (a thread waiting in its queue is not logged again every pass).
    @discardableResult
    public func applyOwners(_ decisions: [OwnerDecision], at now: Date = Date()) throws -> Int {
        let at = Timestamp.string(now)
        return try write { db in
            var changed = 0
            var sequence = try Int64.fetchOne(db, sql: "SELECT max(last_assigned) FROM agent_state") ?? 0
            for d in decisions {
                guard let current = try Row.fetchOne(db, sql: """
                    SELECT assignee, queue, reassign FROM thread WHERE id = ? AND status IN ('open', 'pending')
                    """, arguments: [d.threadID]) else { continue }
                let assignee: String? = current["assignee"]
                let queue: String? = current["queue"]
                let reassign: Bool = current["reassign"]
                guard assignee == d.expectedAssignee, assignee == nil || reassign else { continue }
                if let agent = d.agent {
                    sequence += 1
                    try db.execute(sql: """
                        UPDATE thread SET assignee = ?, queue = NULL, reassign = 0, assigned_at = ?, updated_at = ?
                        WHERE id = ?
                        """, arguments: [agent, at, at, d.threadID])
                    try db.execute(sql: """
                        INSERT INTO agent_state (address, last_assigned) VALUES (?, ?)
                        ON CONFLICT (address) DO UPDATE SET last_assigned = excluded.last_assigned
                        """, arguments: [agent, sequence])
                    let action = agent == assignee ? "kept" : "assigned"
                    try Self.log(db, at: at, actor: "assign", .thread, d.threadID, action, "\(agent): \(d.reason)")
                    changed += 1
                } else {
                    try db.execute(sql: """
                        UPDATE thread SET assignee = NULL, queue = ?, reassign = 0 WHERE id = ?
                        """, arguments: [d.queue, d.threadID])
                    let decidedBefore = try Bool.fetchOne(db, sql: """
                        SELECT EXISTS (SELECT 1 FROM event WHERE entity = 'thread' AND entity_id = ?
                            AND action IN ('queued', 'assigned', 'kept'))
                        """, arguments: [d.threadID]) ?? false
                    if assignee != nil || queue != d.queue || reassign || !decidedBefore {
                        try Self.log(db, at: at, actor: "assign", .thread, d.threadID, "queued",
                                "\(d.queue ?? "no queue"): \(d.reason)")
                        changed += 1
                    }
                }
            }
            return changed
        }
    }

    /// Applies an agent's correction and returns what changed (`category: technical → billing`), one line per
    /// field; a change of kind, feedback type, category or priority marks the thread as a training example.
    public func correctThread(_ id: Int64, _ correction: ThreadCorrection, actor: String,
                              at now: Date = Date()) throws -> [String] {
        let at = Timestamp.string(now)
        return try write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM thread WHERE id = ?", arguments: [id]) else {
                throw StoreError.notFound("no thread \(id)")
            }
            var changes: [String] = []
            var labelsChanged = false
            func set(_ column: String, _ value: String?, label: Bool) throws {
                let old: String? = row[column]
                guard value != old else { return }
                try db.execute(sql: "UPDATE thread SET \(column) = ? WHERE id = ?", arguments: [value, id])
                changes.append("\(column): \(old ?? "none") → \(value ?? "none")")
                if label { labelsChanged = true }
            }
            if let kind = correction.kind {
                try set("kind", kind, label: true)
                if kind == "need" { try set("feedback_type", nil, label: true) }
            }
            if let type = correction.feedbackType { try set("feedback_type", type, label: true) }
            if let category = correction.category { try set("category", category, label: true) }
            if let priority = correction.priority { try set("priority", priority, label: true) }
            if let status = correction.status { try set("status", status, label: false) }
            if let assignee = correction.assignee {
                let old: String? = row["assignee"]
                if assignee != old {
                    try db.execute(sql: """
                        UPDATE thread SET assignee = ?, queue = NULL, reassign = 0, assigned_at = ? WHERE id = ?
                        """, arguments: [assignee, assignee == nil ? nil : at, id])
                    changes.append("assignee: \(old ?? "none") → \(assignee ?? "none")")
                    try Self.log(db, at: at, actor: actor, .thread, id, assignee == nil ? "unassigned" : "assigned",
                            "\(assignee ?? old ?? ""): set by \(actor)")
                }
            }
            guard !changes.isEmpty else { return [] }
            try db.execute(sql: """
                UPDATE thread SET updated_at = ?, needs_review = 0,
                    corrected_at = CASE WHEN ? THEN ? ELSE corrected_at END,
                    classified_at = coalesce(classified_at, ?)
                WHERE id = ?
                """, arguments: [at, labelsChanged, at, at, id])
            try Self.log(db, at: at, actor: actor, .thread, id, "corrected", changes.joined(separator: "; "))
            return changes
        }
    }

    /// Threads an agent corrected, as training examples (their first customer message and current labels).
    public func correctedThreads() throws -> [CorrectedThread] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT t.id, t.kind, t.feedback_type, t.category, t.priority, t.language, t.sentiment,
                    m.subject, m.text
                FROM thread t JOIN message m ON m.id = (
                    SELECT id FROM message WHERE thread_id = t.id AND direction = 'in'
                    ORDER BY coalesce(date, received_at), id LIMIT 1)
                WHERE t.corrected_at IS NOT NULL ORDER BY t.id
                """).map { row in
                CorrectedThread(threadID: row["id"], subject: row["subject"] ?? "", text: row["text"] ?? "",
                                kind: row["kind"], feedbackType: row["feedback_type"],
                                category: row["category"] ?? "other", priority: row["priority"] ?? "normal",
                                language: row["language"] ?? "und", sentiment: row["sentiment"])
            }
        }
    }

    // MARK: Customer tags

    /// Adds and removes tags of the customer at `address` (created if new); returns the tags after.
    public func tagCustomer(_ address: String, add: [String], remove: [String], actor: String,
                            at now: Date = Date()) throws -> [String] {
        let at = Timestamp.string(now)
        let key = address.lowercased()
        return try write { db in
            var id = try Int64.fetchOne(db, sql: "SELECT id FROM customer WHERE address = ?", arguments: [key])
            if id == nil {
                try db.execute(sql: "INSERT INTO customer (address, first_contact, last_contact) VALUES (?, ?, ?)",
                               arguments: [key, at, at])
                id = db.lastInsertedRowID
                try Self.log(db, at: at, actor: actor, .customer, id!, "created", key)
            }
            try Self.addTags(db, customerID: id!, add, at: at, actor: actor)
            let tags = Self.decodeTags(try String.fetchOne(db, sql: "SELECT tags_json FROM customer WHERE id = ?", arguments: [id!]))
            let kept = tags.filter { !remove.map { $0.lowercased() }.contains($0) }
            if kept != tags {
                try db.execute(sql: "UPDATE customer SET tags_json = ? WHERE id = ?", arguments: [Self.encodeTags(kept), id!])
                try Self.log(db, at: at, actor: actor, .customer, id!, "untagged",
                        tags.filter { !kept.contains($0) }.joined(separator: ", "))
            }
            return kept
        }
    }

    /// Every customer with their tags and thread count, optionally only those with `tag`.
    public func customers(tag: String?, limit: Int) throws -> [CustomerSummary] {
        try read { db in
            var sql = """
                SELECT c.*, (SELECT count(*) FROM thread t WHERE t.customer_id = c.id) AS threads
                FROM customer c
                """
            var arguments: StatementArguments = []
            if let tag {
                sql += " WHERE EXISTS (SELECT 1 FROM json_each(c.tags_json) WHERE value = ?)"
                arguments += [tag.lowercased()]
            }
            sql += " ORDER BY c.last_contact DESC, c.id DESC"
            if limit > 0 {
                sql += " LIMIT ?"
                arguments += [limit]
            }
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                CustomerSummary(id: row["id"], address: row["address"], name: row["name"],
                                tags: Self.decodeTags(row["tags_json"]), threads: row["threads"],
                                firstContact: row["first_contact"], lastContact: row["last_contact"])
            }
        }
    }

    static func addTags(_ db: Database, customerID: Int64, _ add: [String], at: String, actor: String) throws {
        let tags = decodeTags(try String.fetchOne(db, sql: "SELECT tags_json FROM customer WHERE id = ?", arguments: [customerID]))
        let new = add.map { $0.lowercased() }.filter { !tags.contains($0) }
        guard !new.isEmpty else { return }
        var seen = Set<String>()
        let merged = (tags + new).filter { seen.insert($0).inserted }
        try db.execute(sql: "UPDATE customer SET tags_json = ? WHERE id = ?", arguments: [encodeTags(merged), customerID])
        try Self.log(db, at: at, actor: actor, .customer, customerID, "tagged", merged.filter { new.contains($0) }.joined(separator: ", "))
    }

    static func decodeTags(_ json: String?) -> [String] {
        guard let json, let data = json.data(using: .utf8),
            let tags = try? JSONDecoder().decode([String].self, from: data) else { return [] }
        return tags
    }

    static func encodeTags(_ tags: [String]) -> String {
        (try? String(decoding: JSONEncoder().encode(tags), as: UTF8.self)) ?? "[]"
    }
}

/// A customer as `maildesk customers list` shows them.
public struct CustomerSummary: Codable, Sendable {
    public var id: Int64
    public var address: String
    public var name: String?
    public var tags: [String]
    public var threads: Int
    public var firstContact: String
    public var lastContact: String
}
