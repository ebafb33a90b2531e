import Foundation
import GRDB
import ThreadFields

/// An agent's correction of a thread (`maildesk threads set`); nil fields stay as they are.
public struct ThreadCorrection: Sendable {
    public var kind: ThreadKind?
    public var feedbackType: FeedbackType?
    /// One of the configured categories (the caller checks).
    public var category: String?
    public var priority: ThreadPriority?
    /// `.some(nil)` unassigns.
    public var assignee: String??
    public var status: ThreadStatus?

    public init(
        kind: ThreadKind? = nil, feedbackType: FeedbackType? = nil, category: String? = nil,
        priority: ThreadPriority? = nil, assignee: String?? = nil, status: ThreadStatus? = nil
    ) {
        self.kind = kind
        self.feedbackType = feedbackType
        self.category = category
        self.priority = priority
        self.assignee = assignee
        self.status = status
    }
}

/// A thread whose labels agents settled, as a training example: its first customer message and its labels.
/// Corrected (an agent changed kind, feedback type, category or priority) or confirmed (an agent worked the
/// thread and let the labels stand).
public struct LabelledThread: Sendable {
    public var threadID: Int64
    public var subject: String
    public var text: String
    public var kind: String
    public var feedbackType: String?
    public var category: String
    public var priority: String
    public var language: String
    public var sentiment: String?
    /// When an agent last changed its labels (`thread.corrected_at`); nil for a confirmed thread.
    public var correctedAt: Date?
    /// When an agent first answered it, or else last changed its status or owner; nil for a corrected thread.
    public var confirmedAt: Date?

    /// When the agents' labels were settled, whichever way.
    public var labelledAt: Date? { correctedAt ?? confirmedAt }
}

extension Store {
    /// Applies an agent's correction and returns what changed (`category: technical → billing`), one line per
    /// field; a change of kind, feedback type, category or priority marks the thread as a training example.
    public func correctThread(
        _ id: Int64, _ correction: ThreadCorrection, actor: String,
        at now: Date
    ) throws -> [String] {
        let at = Timestamp.string(now)
        return try write { db in try Self.correctThread(db, id, correction, actor: actor, at: at) }
    }

    /// `correctThread` inside a transaction (an agent's command by mail is applied with its relay).
    static func correctThread(
        _ db: Database, _ id: Int64, _ correction: ThreadCorrection, actor: String,
        at: String
    ) throws -> [String] {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM thread WHERE id = ?", arguments: [id]) else {
            throw StoreError.notFound("no thread \(id)")
        }
        var changes: [String] = []
        var labelsChanged = false
        func set(_ column: String, _ value: String?, label: Bool) throws {
            let old: String? = row[column]
            guard value != old else { return }
            // updated_at changes in the same statement: the status log's trigger takes the time from it.
            try db.execute(
                sql: "UPDATE thread SET \(column) = ?, updated_at = ? WHERE id = ?", arguments: [value, at, id])
            changes.append("\(column): \(old ?? "none") → \(value ?? "none")")
            if label { labelsChanged = true }
        }
        if let kind = correction.kind {
            try set("kind", kind.rawValue, label: true)
            if kind == .need { try set("feedback_type", nil, label: true) }
        }
        if let type = correction.feedbackType { try set("feedback_type", type.rawValue, label: true) }
        if let category = correction.category { try set("category", category, label: true) }
        if let priority = correction.priority { try set("priority", priority.rawValue, label: true) }
        if let status = correction.status { try set("status", status.rawValue, label: false) }
        if let assignee = correction.assignee {
            let old: String? = row["assignee"]
            if assignee != old {
                try db.execute(
                    sql: """
                        UPDATE thread SET assignee = ?, queue = NULL, reassign = 0, assigned_at = ? WHERE id = ?
                        """, arguments: [assignee, assignee == nil ? nil : at, id])
                changes.append("assignee: \(old ?? "none") → \(assignee ?? "none")")
                try Self.log(
                    db, at: at, actor: actor, .thread, id, assignee == nil ? "unassigned" : "assigned",
                    "\(assignee ?? old ?? ""): set by \(actor)")
            }
        }
        guard !changes.isEmpty else { return [] }
        try db.execute(
            sql: """
                UPDATE thread SET updated_at = ?, needs_review = 0,
                    corrected_at = CASE WHEN ? THEN ? ELSE corrected_at END,
                    classified_at = coalesce(classified_at, ?)
                WHERE id = ?
                """, arguments: [at, labelsChanged, at, at, id])
        try Self.log(db, at: at, actor: actor, .thread, id, "corrected", changes.joined(separator: "; "))
        return changes
    }

    /// Threads an agent corrected, as training examples (their first customer message and current labels).
    public func correctedThreads() throws -> [LabelledThread] {
        try labelledThreads(
            settledAt: "t.corrected_at", confirmed: false, where: "t.corrected_at IS NOT NULL")
    }

    /// Threads agents worked without changing their labels: answered by an agent, or closed, resolved,
    /// reopened or reassigned by one (an `agent …` actor), and never corrected. Their labels are confirmed, and
    /// the model learns from them as from corrections: trained on its mistakes alone, a model learns a
    /// deployment whose mail it mostly reads right worse than before (README "Learning from corrections"). Left
    /// out: threads still flagged for review (no one has looked at the doubtful labels), threads of customers
    /// marked as spam, and threads no one has classified. The newest `limit` (by thread), oldest first: a
    /// large deployment's recent mail says enough, and training time grows with every example.
    public func confirmedThreads(limit: Int = 10_000) throws -> [LabelledThread] {
        let agentEvent = """
            SELECT max(at) FROM event WHERE entity = 'thread' AND entity_id = t.id AND action = 'corrected'
                AND (actor LIKE 'agent:%' OR actor LIKE 'agent %')
            """
        return try labelledThreads(
            settledAt: "coalesce(t.first_response_at, (\(agentEvent)))", confirmed: true,
            where: """
                t.corrected_at IS NULL AND t.needs_review = 0 AND t.kind IS NOT NULL AND t.category IS NOT NULL
                    AND coalesce((SELECT spam FROM customer WHERE id = t.customer_id), 0) = 0
                    AND coalesce(t.first_response_at, (\(agentEvent))) IS NOT NULL
                """, newest: limit)
    }

    /// Labelled threads matching `condition` (SQL over `thread t`), each with its first customer message.
    private func labelledThreads(
        settledAt: String, confirmed: Bool, where condition: String, newest: Int? = nil
    ) throws -> [LabelledThread] {
        let threads = try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT t.id, t.kind, t.feedback_type, t.category, t.priority, t.language, t.sentiment,
                        \(settledAt) AS settled_at, m.subject, m.text
                    FROM thread t JOIN message m ON m.id = (
                        SELECT id FROM message WHERE thread_id = t.id AND direction = 'in' AND author = 'customer'
                        ORDER BY coalesce(date, received_at), id LIMIT 1)
                    WHERE \(condition) ORDER BY t.id DESC LIMIT ?
                    """, arguments: [newest ?? -1]
            ).map { row in
                let settled = (row["settled_at"] as String?).flatMap(Timestamp.date)
                return LabelledThread(
                    threadID: row["id"], subject: row["subject"] ?? "", text: row["text"] ?? "",
                    kind: row["kind"], feedbackType: row["feedback_type"],
                    category: row["category"] ?? "other", priority: row["priority"] ?? "normal",
                    language: row["language"] ?? "und", sentiment: row["sentiment"],
                    correctedAt: confirmed ? nil : settled, confirmedAt: confirmed ? settled : nil)
            }
        }
        return threads.reversed()
    }
}
