import FastJSON
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
    /// The header fields the parse stage recorded for deciding (lowercased names, in order); nil for a message
    /// parsed before they were recorded.
    public var decisionHeaders: [(name: String, value: String)]?
    /// The start of the message's raw bytes (enough for its header), when asked for or when `decisionHeaders`
    /// is nil; else empty.
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
    /// An IANA zone guessed from the message's `Date:` offset, for a customer record without a time zone.
    public var timezoneGuess: (zone: String, offset: String)?

    public init(
        threadID: Int64, kind: String, feedbackType: String?, category: String, priority: String,
        language: String, sentiment: String?, rating: Int?, confidence: Double, decidedBy: String,
        needsReview: Bool, detail: String, ruleAgent: String? = nil, ruleAgentBy: String? = nil,
        tagCustomer: [String] = [], noAutoReply: String? = nil
    ) {
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

extension Store {
    /// Threads not yet classified, oldest first, each with its first customer message that has been parsed,
    /// its text cut to `textLimit` characters (what the classifier reads; a 4 MB text costs no more than its start).
    /// `rawHeader`: also read the start of each message's raw bytes (rules that name header fields need it).
    public func threadsToClassify(limit: Int, textLimit: Int, rawHeader: Bool = true) throws -> [ThreadToClassify] {
        try read { db in
            let rows = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT t.id AS thread_id, t.mailbox, t.customer_id, c.tags_json,
                            (SELECT m.id FROM message m WHERE m.thread_id = t.id AND m.direction = 'in'
                             ORDER BY coalesce(m.date, m.received_at), m.id LIMIT 1) AS message_id
                        FROM thread t LEFT JOIN customer c ON c.id = t.customer_id
                        WHERE t.classified_at IS NULL ORDER BY t.id LIMIT ?
                        """), arguments: [limit])
            return try rows.compactMap { row -> ThreadToClassify? in
                guard let messageID: Int64 = row["message_id"],
                    let message = try Row.fetchOne(
                        db.cachedStatement(
                            sql: """
                                SELECT m.subject, substr(m.text, 1, ?) AS text, m.from_address, m.auto_submitted,
                                    m.decision_headers, CASE WHEN ? OR m.decision_headers IS NULL
                                        THEN substr(r.bytes, 1, 262144) END AS raw_start
                                FROM message m JOIN raw_message r ON r.sha256 = m.sha256 WHERE m.id = ?
                                """), arguments: [textLimit, rawHeader, messageID])
                else { return nil }
                let rawStart: Data? = message["raw_start"]
                let decisionHeaders = (message["decision_headers"] as String?).flatMap(JSONText.decodeObjects).map {
                    $0.compactMap { field -> (name: String, value: String)? in
                        guard let name = field["name"] ?? nil, let value = field["value"] ?? nil else { return nil }
                        return (name, value)
                    }
                }
                return ThreadToClassify(
                    threadID: row["thread_id"], mailbox: row["mailbox"], messageID: messageID,
                    subject: message["subject"] ?? "", text: message["text"] ?? "",
                    fromAddress: message["from_address"],
                    customerID: row["customer_id"], customerTags: Self.jsonStrings(row["tags_json"]),
                    autoSubmitted: message["auto_submitted"], decisionHeaders: decisionHeaders,
                    rawStart: rawStart.map { [UInt8]($0) } ?? [])
            }
        }
    }

    /// Records the classify stage's decisions, one event each; a thread another process decided meanwhile is
    /// left alone. Returns how many threads were recorded.
    @discardableResult
    public func recordClassifications(_ decisions: [ThreadClassification], at now: Date) throws -> Int {
        let at = Timestamp.string(now)
        return try write { db in
            var recorded = 0
            for d in decisions {
                try db.cachedStatement(
                    sql: """
                        UPDATE thread SET kind = ?, feedback_type = ?, category = ?, priority = ?, language = ?,
                            sentiment = ?, rating = ?, confidence = ?, decided_by = ?, needs_review = ?, rule_agent = ?,
                            rule_agent_by = ?, no_autoreply = ?, classified_at = ?, updated_at = ?
                        WHERE id = ? AND classified_at IS NULL
                        """
                ).execute(arguments: [
                    d.kind, d.feedbackType, d.category, d.priority, d.language, d.sentiment, d.rating,
                    d.confidence, d.decidedBy, d.needsReview, d.ruleAgent, d.ruleAgentBy, d.noAutoReply, at, at,
                    d.threadID
                ])
                guard db.changesCount == 1 else { continue }
                recorded += 1
                try Self.log(db, at: at, actor: "classify", .thread, d.threadID, "classified", d.detail)
                if !d.tagCustomer.isEmpty,
                    let customerID = try Int64.fetchOne(
                        db.cachedStatement(sql: "SELECT customer_id FROM thread WHERE id = ?"), arguments: [d.threadID])
                {
                    try Self.addTags(db, customerID: customerID, d.tagCustomer, at: at, actor: "rule")
                }
                try Self.learnCustomer(db, thread: d.threadID, language: d.language, timezone: d.timezoneGuess, at: at)
            }
            return recorded
        }
    }

    /// A customer record without a language or a time zone learns them from their mail: the language the
    /// classifier found, and a zone for the `Date:` offset, marked as a guess (`attributes.timezone_guess`) so
    /// that an import or `customers set` replaces it.
    static func learnCustomer(
        _ db: Database, thread: Int64, language: String, timezone: (zone: String, offset: String)?,
        at: String
    ) throws {
        guard
            let customerID = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT customer_id FROM thread WHERE id = ?"),
                arguments: [thread])
        else { return }
        if language != "und" {
            try db.cachedStatement(sql: "UPDATE customer SET language = ? WHERE id = ? AND language IS NULL")
                .execute(arguments: [language, customerID])
            if db.changesCount > 0 {
                try log(
                    db, at: at, actor: "classify", .customer, customerID, "learned",
                    "language \(language) from thread \(thread)")
            }
        }
        if let timezone {
            try db.cachedStatement(
                sql: """
                    UPDATE customer SET timezone = ?, attributes_json = json_set(attributes_json, '$.timezone_guess', ?)
                    WHERE id = ? AND timezone IS NULL
                    """
            ).execute(arguments: [timezone.zone, "from Date: \(timezone.offset)", customerID])
            if db.changesCount > 0 {
                try log(
                    db, at: at, actor: "classify", .customer, customerID, "learned",
                    "time zone \(timezone.zone) guessed from the Date: offset \(timezone.offset) (thread \(thread))")
            }
        }
    }

    /// Moves on to `done` every `threaded` message whose thread has been classified.
    @discardableResult
    public func finishClassifiedMessages() throws -> Int {
        try write { db in
            try db.cachedStatement(
                sql: """
                    UPDATE message SET state = 'done' WHERE state = 'threaded'
                        AND thread_id IN (SELECT id FROM thread WHERE classified_at IS NOT NULL)
                    """
            ).execute()
            return db.changesCount
        }
    }
}
