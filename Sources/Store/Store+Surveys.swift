import Foundation
import GRDB

/// A thread's satisfaction survey as decided: sent (with its mail) or skipped (with the reason).
public struct SurveyDraft: Sendable {
    public var threadID: Int64
    public var state: String
    public var reason: String?
    /// The template it went with (`csat_request`, or `auto_closed` when the closing mail carries it).
    public var template: String?
    /// The survey's mail; nil when it rides on another mail (`surveyMessageID` names that one).
    public var mail: OutboxDraft?
    public var surveyMessageID: String?
    public var resolvedAt: Date?

    public init(
        threadID: Int64, state: String, reason: String? = nil, template: String? = nil, mail: OutboxDraft? = nil,
        surveyMessageID: String? = nil, resolvedAt: Date? = nil
    ) {
        self.threadID = threadID
        self.state = state
        self.reason = reason
        self.template = template
        self.mail = mail
        self.surveyMessageID = surveyMessageID
        self.resolvedAt = resolvedAt
    }
}

/// A resolved thread without a survey decision, and when it was resolved.
public struct SurveyCandidate: Sendable {
    public var thread: FollowUpThread
    public var resolvedAt: Date
}

/// A survey as an answer finds it.
public struct SurveyEntry: Codable, Sendable {
    public var id: Int64
    public var threadId: Int64
    public var customer: String?
    public var agent: String?
    public var category: String?
    public var state: String
    public var reason: String?
    public var template: String?
    public var surveyMessageId: String?
    public var createdAt: String
    public var score: Int?
    public var comment: String?
    public var answeredAt: String?
    public var lowAction: String?
}

/// What a survey answer does: its score and comment, and for a low score the thread reopened or someone told.
public struct SurveyAnswerRecord: Sendable {
    public var messageID: Int64
    public var surveyID: Int64
    public var score: Int
    public var comment: String?
    /// `reopened` or `notified` for a low score, else nil.
    public var lowAction: String?
    /// The mail telling the owner or the supervisor about a low score (recorded once per survey).
    public var alert: FollowUpActionDraft?

    public init(
        messageID: Int64, surveyID: Int64, score: Int, comment: String?, lowAction: String?,
        alert: FollowUpActionDraft?
    ) {
        self.messageID = messageID
        self.surveyID = surveyID
        self.score = score
        self.comment = comment
        self.lowAction = lowAction
        self.alert = alert
    }
}

extension Store {
    /// Resolved threads with no survey decided yet (robots' threads are decided as skipped too), among those resolved
    /// since `since`: found through the status log's index, not by reading every resolved thread each pass.
    public func surveyCandidates(resolvedSince since: Date, limit: Int) throws -> [SurveyCandidate] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: Self.followUpThreadSelect.replacingOccurrences(
                    of: "SELECT t.id,",
                    with: """
                        SELECT (SELECT max(at) FROM thread_status_change s WHERE s.thread_id = t.id AND s.new_status = 'resolved')
                            AS resolved_at, t.id,
                        """) + """
                         WHERE t.id IN (SELECT thread_id FROM thread_status_change WHERE new_status = 'resolved' AND at >= ?)
                            AND t.status = 'resolved' AND NOT EXISTS (SELECT 1 FROM csat WHERE csat.thread_id = t.id)
                        ORDER BY t.id LIMIT ?
                        """, arguments: [Timestamp.string(since), limit]
            ).map { row in
                SurveyCandidate(
                    thread: try Self.followUpThread(db, row),
                    resolvedAt: (row["resolved_at"] as String?).flatMap(Timestamp.date)
                        ?? Date(timeIntervalSince1970: 0))
            }
        }
    }

    /// Records a survey decision with its mail in one transaction; nothing when the thread has one already or is no
    /// longer resolved (a survey that rides on a closing mail is written with it, `recordFollowUp`).
    @discardableResult
    public func recordSurvey(_ survey: SurveyDraft, at now: Date) throws -> Bool {
        let at = Timestamp.string(now)
        return try write { db in
            guard
                try String.fetchOne(db, sql: "SELECT status FROM thread WHERE id = ?", arguments: [survey.threadID])
                    == "resolved"
            else { return false }
            return try Self.insertSurvey(db, survey, at: at)
        }
    }

    @discardableResult
    static func insertSurvey(_ db: Database, _ survey: SurveyDraft, at: String) throws -> Bool {
        try db.execute(
            sql: """
                INSERT INTO csat (thread_id, customer_id, agent, category, priority, language, state, reason, template,
                    survey_message_id, resolved_at, created_at)
                SELECT id, customer_id, assignee, category, priority, language, ?, ?, ?, ?, ?, ? FROM thread WHERE id = ?
                ON CONFLICT (thread_id) DO NOTHING
                """,
            arguments: [
                survey.state, survey.reason, survey.template,
                survey.mail?.messageID ?? survey.surveyMessageID, survey.resolvedAt.map(Timestamp.string) ?? at,
                at, survey.threadID
            ])
        guard db.changesCount == 1 else { return false }
        let id = db.lastInsertedRowID
        if let mail = survey.mail {
            let outboxID = try Self.insertOutbox(db, mail, threadID: survey.threadID, at: at)
            try db.execute(sql: "UPDATE csat SET outbox_id = ? WHERE id = ?", arguments: [outboxID, id])
            try Self.log(
                db, at: at, actor: "followup", .thread, survey.threadID, "survey queued",
                "outbox \(outboxID) to \(mail.recipients.joined(separator: ", ")) (\(mail.template ?? "-"))")
        } else if survey.state == "sent" {
            try Self.log(
                db, at: at, actor: "followup", .thread, survey.threadID, "survey queued",
                "with the \(survey.template ?? "closing") mail")
        } else {
            try Self.log(db, at: at, actor: "followup", .thread, survey.threadID, "survey skipped", survey.reason)
        }
        return true
    }

    /// The survey of a thread, if one was decided.
    public func survey(thread id: Int64) throws -> SurveyEntry? {
        try read { db in
            try SurveyEntry.fetchOne(db, sql: "\(Self.surveySelect) WHERE s.thread_id = ?", arguments: [id])
        }
    }

    /// The sent survey whose Message-ID is one of `messageIDs` (a reply's In-Reply-To and References).
    public func survey(answering messageIDs: [String]) throws -> SurveyEntry? {
        try read { db in
            for id in messageIDs.prefix(30) {
                if let row = try Row.fetchOne(
                    db, sql: "\(Self.surveySelect) WHERE s.survey_message_id = ? AND s.state = 'sent'",
                    arguments: [id])
                {
                    return SurveyEntry(row: row)
                }
            }
            return nil
        }
    }

    static let surveySelect =
        "SELECT s.*, c.address AS customer FROM csat s LEFT JOIN customer c ON c.id = s.customer_id"

    /// Records a customer's answer to a survey in one transaction: the message is kept on the thread (done: it
    /// reopens nothing by itself), the score and comment are stored (a later answer replaces them, logged), and a
    /// low score reopens the thread or tells someone, once. False when the message was taken meanwhile.
    public func recordSurveyAnswer(_ answer: SurveyAnswerRecord, at now: Date) throws -> Bool {
        let at = Timestamp.string(now)
        return try write { db in
            guard try Self.state(db, answer.messageID) == .parsed,
                let survey = try Row.fetchOne(db, sql: "SELECT * FROM csat WHERE id = ?", arguments: [answer.surveyID])
            else { return false }
            let thread: Int64 = survey["thread_id"]
            try db.execute(
                sql: "UPDATE message SET thread_id = ?, state = 'done' WHERE id = ?",
                arguments: [thread, answer.messageID])
            let before: Int? = survey["score"]
            try db.execute(
                sql: """
                    UPDATE csat SET score = ?, comment = ?, answer_message_id = ?, answered_at = ?,
                        low_action = coalesce(?, low_action) WHERE id = ?
                    """,
                arguments: [answer.score, answer.comment, answer.messageID, at, answer.lowAction, answer.surveyID])
            try Self.log(
                db, at: at, actor: "customer", .thread, thread, before == nil ? "satisfaction" : "satisfaction changed",
                "\(before.map { "\($0) → " } ?? "")\(answer.score)/5 (message \(answer.messageID))"
                    + (answer.comment == nil ? "" : ", with a comment"))
            try Self.log(db, at: at, actor: "followup", .message, answer.messageID, "survey answer", "thread \(thread)")
            if answer.lowAction == "reopened" {
                _ = try Self.correctThread(
                    db, thread, ThreadCorrection(status: .open), actor: "customer (score \(answer.score)/5)", at: at)
            }
            if let alert = answer.alert {
                try db.execute(
                    sql: """
                        INSERT INTO followup_action (thread_id, kind, key, state, recipient, reason, at)
                        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (thread_id, kind, key) DO NOTHING
                        """, arguments: [thread, alert.kind, alert.key, alert.state, alert.recipient, alert.reason, at])
                if db.changesCount == 1, let mail = alert.mail {
                    let actionID = db.lastInsertedRowID
                    let outboxID = try Self.insertOutbox(db, mail, threadID: thread, at: at)
                    try db.execute(
                        sql: "UPDATE followup_action SET outbox_id = ? WHERE id = ?", arguments: [outboxID, actionID])
                    try Self.log(
                        db, at: at, actor: "followup", .thread, thread, "csat alert",
                        "\(alert.detail) (outbox \(outboxID) to \(mail.recipients.joined(separator: ", ")))")
                }
            }
            return true
        }
    }
}

extension SurveyEntry: FetchableRecord {
    /// A `csat` row with its customer's address.
    public init(row: Row) {
        self.init(
            id: row["id"], threadId: row["thread_id"], customer: row["customer"], agent: row["agent"],
            category: row["category"], state: row["state"], reason: row["reason"], template: row["template"],
            surveyMessageId: row["survey_message_id"], createdAt: row["created_at"], score: row["score"],
            comment: row["comment"], answeredAt: row["answered_at"], lowAction: row["low_action"])
    }
}
