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

    public init(
        threadID: Int64, ackState: String? = nil, note: String? = nil, acknowledgement: OutboxDraft? = nil,
        notifiedOwner: String? = nil, notification: OutboxDraft? = nil
    ) {
        self.threadID = threadID
        self.ackState = ackState
        self.note = note
        self.acknowledgement = acknowledgement
        self.notifiedOwner = notifiedOwner
        self.notification = notification
    }
}

extension Store {
    /// The threads (`t`) the answer stage takes: classified, and not yet acknowledged or their new owner not yet told.
    /// The condition of the partial index `thread_awaiting_answer` (migration 016), term for term: change both
    /// (the queries name the index, and fail if it no longer applies).
    static let awaitingAnswer = """
        t.classified_at IS NOT NULL AND (t.ack_state IS NULL OR (
            coalesce(t.assignee, t.queue) IS NOT NULL AND coalesce(t.assignee, t.queue) IS NOT t.notified_owner
            AND t.status IN ('open', 'pending')))
        """

    /// Classified threads whose acknowledgement is undecided, or whose current owner has not been told. The
    /// first message's text comes cut to `textLimit` characters, with its whole length.
    public func threadsToAnswer(limit: Int, textLimit: Int) throws -> [ThreadToAnswer] {
        try read { db in
            // The columns it reads, by a cached statement, each row read while it is current (a copied row of
            // `t.*` looked every column up by name among forty: most of the stage's reading).
            let rows = try Row.fetchCursor(
                db.cachedStatement(
                    sql: """
                        SELECT t.id, t.token, t.kind, t.feedback_type, t.category, t.priority, t.language, t.decided_by,
                            t.subject, t.mailbox, t.assignee, t.queue, t.ack_state, t.notified_owner, t.history,
                            t.no_autoreply,
                            c.address AS customer_address, c.name AS customer_name, c.undeliverable AS c_undeliverable,
                            m.message_id AS m_message_id, m.subject AS m_subject, substr(m.text, 1, ?) AS m_text,
                            length(m.text) AS m_text_length,
                            m.sender_auth AS m_sender_auth, m.sender_auth_note AS m_sender_auth_note,
                            coalesce(m.date, m.received_at) AS m_date, m.references_json AS m_references
                        FROM thread t INDEXED BY thread_awaiting_answer
                        LEFT JOIN customer c ON c.id = t.customer_id
                        LEFT JOIN message m ON m.id = (SELECT id FROM message WHERE thread_id = t.id AND direction = 'in'
                                                       ORDER BY coalesce(date, received_at), id LIMIT 1)
                        WHERE \(Self.awaitingAnswer)
                        ORDER BY t.id LIMIT ?
                        """), arguments: [textLimit, limit])
            var threads: [ThreadToAnswer] = []
            while let row = try rows.next() {
                let references = Self.jsonStrings(row["m_references"])
                let undeliverable = (row["c_undeliverable"] as Int?) == 1
                let noAutoReply: String? =
                    ((row["history"] as Bool) ? HistoryMark.noAutomaticMail : nil) ?? row["no_autoreply"]
                    ?? (undeliverable
                        ? "the customer's address is undeliverable (a delivery failure was reported)" : nil)
                threads.append(
                    ThreadToAnswer(
                        threadID: row["id"], token: row["token"], kind: row["kind"], feedbackType: row["feedback_type"],
                        category: row["category"], priority: row["priority"], language: row["language"],
                        decidedBy: row["decided_by"], subject: row["subject"], mailbox: row["mailbox"],
                        customerAddress: row["customer_address"], customerName: row["customer_name"],
                        assignee: row["assignee"], queue: row["queue"], ackState: row["ack_state"],
                        notifiedOwner: row["notified_owner"],
                        noAutoReply: noAutoReply,
                        messageID: row["m_message_id"], messageSubject: row["m_subject"],
                        messageText: row["m_text"] ?? "",
                        messageTextLength: row["m_text_length"] ?? 0,
                        messageDate: row["m_date"], messageReferences: references,
                        senderAuth: row["m_sender_auth"], senderAuthNote: row["m_sender_auth_note"],
                        history: row["history"]
                    ))
            }
            return threads
        }
    }

    /// With acknowledgements and notifications off: every undecided thread is marked in one statement (no event
    /// per thread: the configuration is the reason). Returns how many.
    @discardableResult
    public func skipAllAnswers(note: String) throws -> Int {
        try write { db in
            try db.cachedStatement(
                sql: """
                    UPDATE thread SET ack_state = 'skipped', ack_note = ?, notified_owner = coalesce(assignee, queue)
                    WHERE classified_at IS NOT NULL AND ack_state IS NULL
                    """
            ).execute(arguments: [note])
            return db.changesCount
        }
    }

    /// The acknowledgements queued in the 24 hours before `now`: each one's recipient, and whether it was queued in
    /// the last hour. What the automated-reply caps count; the answer stage reads them once per pass and counts
    /// its own on top (per thread, four counting queries over the day's acknowledgements cost more than the answer).
    public func recentAutomatedReplies(now: Date) throws -> [(address: String, lastHour: Bool)] {
        let day = Timestamp.string(now.addingTimeInterval(-86_400))
        let hour = Timestamp.string(now.addingTimeInterval(-3_600))
        return try read { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT to_address, created_at >= ? AS last_hour FROM outbox
                        WHERE purpose = 'acknowledgement' AND created_at >= ?
                        """), arguments: [hour, day]
            ).map { (address: $0["to_address"], lastHour: $0["last_hour"]) }
        }
    }

    /// Records the answer stage's decisions with their outbox rows, one transaction per batch; a thread another
    /// process answered meanwhile is left alone. Returns the number of outbox rows written.
    @discardableResult
    public func recordAnswers(_ answers: [ThreadAnswer], at now: Date) throws -> Int {
        let at = Timestamp.string(now)
        return try write { db in
            var written = 0
            for a in answers {
                if let state = a.ackState {
                    try db.cachedStatement(
                        sql: "UPDATE thread SET ack_state = ?, ack_note = ? WHERE id = ? AND ack_state IS NULL"
                    ).execute(arguments: [state, a.note, a.threadID])
                    guard db.changesCount == 1 else { continue }
                    if let draft = a.acknowledgement {
                        let id = try Self.insertOutbox(db, draft, threadID: a.threadID, at: at)
                        written += 1
                        try Self.log(
                            db, at: at, actor: "answer", .thread, a.threadID, "acknowledgement queued",
                            "outbox \(id) to \(draft.recipients.joined(separator: ", ")) (\(draft.template ?? "-"))")
                    } else {
                        try Self.log(
                            db, at: at, actor: "answer", .thread, a.threadID, "acknowledgement skipped", a.note)
                    }
                }
                if let owner = a.notifiedOwner {
                    try db.cachedStatement(
                        sql: """
                            UPDATE thread SET notified_owner = ? WHERE id = ? AND notified_owner IS NOT ?
                                AND coalesce(assignee, queue) = ?
                            """
                    ).execute(arguments: [owner, a.threadID, owner, owner])
                    guard db.changesCount == 1 else { continue }
                    if let draft = a.notification {
                        let id = try Self.insertOutbox(db, draft, threadID: a.threadID, at: at)
                        written += 1
                        try Self.log(
                            db, at: at, actor: "answer", .thread, a.threadID, "notification queued",
                            "outbox \(id) to \(owner) (\(draft.template ?? "-"))")
                    }
                }
            }
            return written
        }
    }
}
