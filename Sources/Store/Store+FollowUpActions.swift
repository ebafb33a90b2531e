import Foundation
import GRDB

/// A thread as follow-up mail needs it: who to write to, in which language, replying to what.
public struct FollowUpThread: Sendable {
    public var threadID: Int64
    public var token: String?
    public var kind: String
    public var status: String
    public var subject: String
    public var mailbox: String
    public var language: String?
    public var category: String?
    public var priority: String?
    public var assignee: String?
    public var queue: String?
    public var customerID: Int64?
    public var customerAddress: String?
    public var customerName: String?
    /// Why no automatic mail may go to the customer (undeliverable, spam, forgotten, a machine's or a forged
    /// sender's thread), or nil.
    public var noAutomaticMail: String?
    /// The customer's latest message (what follow-up mail replies to) and its References.
    public var lastMessageID: String?
    public var lastReferences: [String]
    /// The SLA policy that applies (`thread.sla_policy`).
    public var slaPolicy: String?
    /// The customer asked for no satisfaction surveys.
    public var surveyOptOut: Bool
}

/// A timer whose owner is due a reminder, or which has breached.
public struct TimerAlert: Sendable {
    /// `sla_reminder` or `sla_escalation`.
    public var kind: String
    public var timer: SLATimerEntry
    public var thread: FollowUpThread
}

/// A thread waiting on the customer, and what was done about this wait.
public struct PendingWait: Sendable {
    public var thread: FollowUpThread
    /// When the wait began: the thread became pending, or an agent answered since.
    public var since: Date
    /// The reminder of this wait, if one was decided: when, and whether it was sent.
    public var reminderAt: Date?
    public var reminderState: String?
}

/// One follow-up decision, written once with its mail (see the `followup_action` table).
public struct FollowUpActionDraft: Sendable {
    public enum Condition: Sendable {
        /// The timer still runs (an answer that stopped it meanwhile makes the alert moot).
        case timerRunning(Int64)
        /// The thread still waits on the customer, and this wait began at the action's key.
        case stillWaiting
        case none
    }

    public var threadID: Int64
    public var kind: String
    public var key: String
    public var timerID: Int64?
    /// `queued` (with `mail`), `done` or `skipped` (with `reason`).
    public var state: String
    public var recipient: String?
    public var reason: String?
    public var mail: OutboxDraft?
    public var condition: Condition
    /// A breach raises the thread's priority to this.
    public var raisePriority: String?
    /// Auto-close: the thread is resolved, and its closing mail is also its satisfaction survey.
    public var resolve: Bool
    public var survey: SurveyDraft?
    /// The event's words.
    public var detail: String

    public init(
        threadID: Int64, kind: String, key: String, timerID: Int64? = nil, state: String, recipient: String? = nil,
        reason: String? = nil, mail: OutboxDraft? = nil, condition: Condition = .none, raisePriority: String? = nil,
        resolve: Bool = false, survey: SurveyDraft? = nil, detail: String
    ) {
        self.threadID = threadID
        self.kind = kind
        self.key = key
        self.timerID = timerID
        self.state = state
        self.recipient = recipient
        self.reason = reason
        self.mail = mail
        self.condition = condition
        self.raisePriority = raisePriority
        self.resolve = resolve
        self.survey = survey
        self.detail = detail
    }
}

extension Store {
    static let followUpThreadSelect = """
        SELECT t.id, t.token, t.kind, t.status, t.subject, t.mailbox, t.language, t.category, t.priority, t.assignee,
            t.queue, t.no_autoreply, t.history, t.customer_id, t.sla_policy, c.address AS c_address, c.name AS c_name,
            c.survey_opt_out_at AS c_survey_opt_out,
            c.undeliverable AS c_undeliverable, c.spam AS c_spam, c.forgotten_at AS c_forgotten,
            (SELECT sender_auth FROM message WHERE thread_id = t.id AND direction = 'in' AND author = 'customer'
             ORDER BY id LIMIT 1) AS first_auth,
            (SELECT id FROM message WHERE thread_id = t.id AND direction = 'in' AND author = 'customer'
             ORDER BY received_at DESC, id DESC LIMIT 1) AS last_message
        FROM thread t LEFT JOIN customer c ON c.id = t.customer_id
        """

    static func followUpThread(_ db: Database, _ row: Row) throws -> FollowUpThread {
        var last: Row?
        if let id: Int64 = row["last_message"] {
            last = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT message_id, references_json FROM message WHERE id = ?"), arguments: [id]
            )
        }
        let kind: String = row["kind"]
        let reason: String?
        if kind != "need" && kind != "feedback" {
            reason = "a robot's thread (\(kind))"
        } else if row["c_address"] as String? == nil {
            reason = "no customer address"
        } else if row["c_forgotten"] as String? != nil {
            reason = "the customer was forgotten"
        } else if (row["c_undeliverable"] as Int?) == 1 {
            reason = "the customer's address is undeliverable"
        } else if (row["c_spam"] as Int?) == 1 {
            reason = "the customer is marked as spam"
        } else if row["history"] as Bool {
            reason = HistoryMark.noAutomaticMail
        } else if let robot = row["no_autoreply"] as String? {
            reason = robot
        } else if row["first_auth"] as String? == "fail" {
            reason = "the sender could not be verified: no automatic mail to a possibly forged address"
        } else {
            reason = nil
        }
        return FollowUpThread(
            threadID: row["id"], token: row["token"], kind: kind, status: row["status"], subject: row["subject"],
            mailbox: row["mailbox"], language: row["language"], category: row["category"], priority: row["priority"],
            assignee: row["assignee"], queue: row["queue"], customerID: row["customer_id"],
            customerAddress: row["c_address"],
            customerName: row["c_name"], noAutomaticMail: reason, lastMessageID: last?["message_id"],
            lastReferences: jsonStrings(last?["references_json"]), slaPolicy: row["sla_policy"],
            surveyOptOut: row["c_survey_opt_out"] as String? != nil)
    }

    /// One thread as follow-up mail needs it, or nil.
    public func followUpThread(_ id: Int64) throws -> FollowUpThread? {
        try read { db in
            try Row.fetchOne(db, sql: Self.followUpThreadSelect + " WHERE t.id = ?", arguments: [id]).map {
                try Self.followUpThread(db, $0)
            }
        }
    }

    /// Running timers whose reminder is due (and not yet decided) or which have breached (and not yet escalated).
    public func timerAlerts(now: Date) throws -> [TimerAlert] {
        let at = Timestamp.string(now)
        return try read { db in
            let rows = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT s.*, 'sla_escalation' AS alert FROM sla_timer s
                        WHERE s.state = 'running' AND s.due_at <= ? AND NOT EXISTS (
                            SELECT 1 FROM followup_action a WHERE a.thread_id = s.thread_id AND a.kind = 'sla_escalation'
                                AND a.key = s.metric || ':' || s.cycle)
                        UNION ALL
                        SELECT s.*, 'sla_reminder' AS alert FROM sla_timer s
                        WHERE s.state = 'running' AND s.remind_at <= ? AND s.due_at > ? AND NOT EXISTS (
                            SELECT 1 FROM followup_action a WHERE a.thread_id = s.thread_id AND a.kind = 'sla_reminder'
                                AND a.key = s.metric || ':' || s.cycle)
                        ORDER BY due_at, id
                        """), arguments: [at, at, at])
            return try rows.compactMap { row in
                let timer = SLATimerEntry(row: row)
                guard
                    let thread = try Row.fetchOne(
                        db, sql: Self.followUpThreadSelect + " WHERE t.id = ?",
                        arguments: [timer.threadId])
                else { return nil }
                return TimerAlert(kind: row["alert"], timer: timer, thread: try Self.followUpThread(db, thread))
            }
        }
    }

    /// When the thread's current wait on the customer began: it became pending, or an agent answered since.
    static let waitSince = """
        max(coalesce((SELECT max(at) FROM thread_status_change s WHERE s.thread_id = t.id AND s.new_status = 'pending'),
                     t.updated_at), coalesce(t.last_agent_reply_at, ''))
        """

    /// Threads waiting on the customer (needs and feedback), with this wait's reminder if one was decided.
    public func pendingWaits() throws -> [PendingWait] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM (\(Self.followUpThreadSelect.replacingOccurrences(of: "SELECT t.id,", with: "SELECT \(Self.waitSince) AS since, t.id,"))
                        WHERE t.status = 'pending' AND t.kind IN ('need', 'feedback')) ORDER BY since, id
                    """
            ).compactMap { row in
                guard let since = Timestamp.date(row["since"]) else { return nil }
                let thread = try Self.followUpThread(db, row)
                let reminder = try Row.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT at, state FROM followup_action WHERE thread_id = ? AND kind = 'pending_reminder' AND key = ?
                            """), arguments: [thread.threadID, row["since"] as String])
                return PendingWait(
                    thread: thread, since: since, reminderAt: (reminder?["at"] as String?).flatMap(Timestamp.date),
                    reminderState: reminder?["state"])
            }
        }
    }

    /// Records a follow-up decision once, with its mail, in one transaction: nothing when it was decided before
    /// (by this or another process) or its condition no longer holds. A breach's priority raise, an auto-close's
    /// resolution and survey go in the same transaction. Returns whether it was recorded.
    @discardableResult
    public func recordFollowUp(_ action: FollowUpActionDraft, at now: Date) throws -> Bool {
        let at = Timestamp.string(now)
        return try write { db in
            switch action.condition {
            case .timerRunning(let id):
                guard
                    try String.fetchOne(
                        db.cachedStatement(sql: "SELECT state FROM sla_timer WHERE id = ?"), arguments: [id])
                        == "running"
                else { return false }
            case .stillWaiting:
                guard
                    try String.fetchOne(
                        db, sql: "SELECT \(Self.waitSince) FROM thread t WHERE t.id = ? AND t.status = 'pending'",
                        arguments: [action.threadID]) == action.key
                else { return false }
            case .none: break
            }
            try db.cachedStatement(
                sql: """
                    INSERT INTO followup_action (thread_id, kind, key, timer_id, state, recipient, reason, at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (thread_id, kind, key) DO NOTHING
                    """
            ).execute(arguments: [
                action.threadID, action.kind, action.key, action.timerID, action.state, action.recipient,
                action.reason, at
            ])
            guard db.changesCount == 1 else { return false }
            let actionID = db.lastInsertedRowID
            var detail = action.detail
            if let mail = action.mail {
                let outboxID = try Self.insertOutbox(db, mail, threadID: action.threadID, at: at)
                try db.cachedStatement(sql: "UPDATE followup_action SET outbox_id = ? WHERE id = ?").execute(
                    arguments: [outboxID, actionID])
                detail += " (outbox \(outboxID) to \(mail.recipients.joined(separator: ", ")))"
            } else if let reason = action.reason {
                detail += ": \(reason)"
            }
            try Self.log(
                db, at: at, actor: "followup", .thread, action.threadID,
                action.kind.replacingOccurrences(of: "_", with: " "), detail)
            if let priority = action.raisePriority {
                let old = try String.fetchOne(
                    db.cachedStatement(sql: "SELECT priority FROM thread WHERE id = ?"), arguments: [action.threadID])
                if old != priority {
                    try db.cachedStatement(sql: "UPDATE thread SET priority = ?, updated_at = ? WHERE id = ?").execute(
                        arguments: [priority, at, action.threadID])
                    try Self.log(
                        db, at: at, actor: "followup", .thread, action.threadID, "priority raised",
                        "\(old ?? "none") → \(priority): \(action.key.replacingOccurrences(of: ":", with: " #")) breached"
                    )
                }
            }
            if action.resolve {
                _ = try Self.correctThread(
                    db, action.threadID, ThreadCorrection(status: .resolved), actor: "followup", at: at)
            }
            if let survey = action.survey { try Self.insertSurvey(db, survey, at: at) }
            return true
        }
    }

    /// Follow-up decisions of a thread (`threads show --json`), oldest first.
    public func followUpActions(thread id: Int64) throws -> [FollowUpActionEntry] {
        try read { db in
            try FollowUpActionEntry.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM followup_action WHERE thread_id = ? ORDER BY id"),
                arguments: [id])
        }
    }
}

/// A follow-up decision as `threads show --json` lists it.
public struct FollowUpActionEntry: Codable, Sendable {
    public var kind: String
    public var key: String
    public var state: String
    public var recipient: String?
    public var outboxId: Int64?
    public var reason: String?
    public var at: String
}

extension FollowUpActionEntry: FetchableRecord {
    /// A `followup_action` row.
    public init(row: Row) {
        self.init(
            kind: row["kind"], key: row["key"], state: row["state"], recipient: row["recipient"],
            outboxId: row["outbox_id"], reason: row["reason"], at: row["at"])
    }
}
