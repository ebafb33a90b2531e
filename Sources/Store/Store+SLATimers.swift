import Foundation
import GRDB

/// What a thread's SLA timers are computed from: its facts and its history.
public struct TimerFacts: Sendable {
    public var threadID: Int64
    public var kind: String
    public var status: String
    public var priority: String?
    public var category: String?
    public var mailbox: String
    public var customerTags: [String]
    /// When it began: its first customer message's arrival (the thread's creation when there is none).
    public var startedAt: Date
    public var updatedAt: Date
    /// Customer mail (robots' mail and survey answers that changed nothing left out), and agents' answers.
    public var customerMessages: [Date]
    public var agentAnswers: [Date]
    public var statusChanges: [(at: Date, status: String)]
}

/// One timer as the store keeps it (see the `sla_timer` table).
public struct TimerRecord: Sendable, Equatable {
    public var metric: String
    public var cycle: Int
    public var targetMinutes: Int
    public var state: String
    public var startedAt: Date
    public var dueAt: Date?
    public var remindAt: Date?
    public var pausedAt: Date?
    public var stoppedAt: Date?
    public var breachedAt: Date?
    public var businessSeconds: Int

    public init(
        metric: String, cycle: Int, targetMinutes: Int, state: String, startedAt: Date, dueAt: Date? = nil,
        remindAt: Date? = nil, pausedAt: Date? = nil, stoppedAt: Date? = nil, breachedAt: Date? = nil,
        businessSeconds: Int = 0
    ) {
        self.metric = metric
        self.cycle = cycle
        self.targetMinutes = targetMinutes
        self.state = state
        self.startedAt = startedAt
        self.dueAt = dueAt
        self.remindAt = remindAt
        self.pausedAt = pausedAt
        self.stoppedAt = stoppedAt
        self.breachedAt = breachedAt
        self.businessSeconds = businessSeconds
    }
}

/// The timers a thread should have: its policy (nil: none applies), the business hours, and the timers.
public struct TimerPlan: Sendable {
    public var policy: String?
    public var calendar: String
    public var timers: [TimerRecord]

    public init(policy: String?, calendar: String, timers: [TimerRecord]) {
        self.policy = policy
        self.calendar = calendar
        self.timers = timers
    }
}

/// A stored timer, as `threads show` and the alerts read it.
public struct SLATimerEntry: Codable, Sendable {
    public var id: Int64
    public var threadId: Int64
    public var metric: String
    public var cycle: Int
    public var policy: String
    public var calendar: String
    public var targetMinutes: Int
    public var state: String
    public var startedAt: String
    public var dueAt: String?
    public var remindAt: String?
    public var pausedAt: String?
    public var stoppedAt: String?
    public var breachedAt: String?
    public var businessSeconds: Int
}

extension Store {
    /// When follow-up began on this store (the first pass of the follow-up stage): breaches and waits from before
    /// are recorded but send no mail. Set once.
    public func followUpStart(at now: Date) throws -> Date {
        try write { db in
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO meta (key, value) VALUES ('followup_started_at', ?)")
                .execute(arguments: [Timestamp.string(now)])
            let text = try String.fetchOne(
                db.cachedStatement(sql: "SELECT value FROM meta WHERE key = 'followup_started_at'"))
            return text.flatMap(Timestamp.date) ?? now
        }
    }

    /// Records the configuration the timers are computed with; when it changed, every open or pending thread is
    /// computed again. Returns whether it changed.
    @discardableResult
    public func noteFollowUpConfiguration(_ fingerprint: String) throws -> Bool {
        try write { db in
            let old = try String.fetchOne(
                db.cachedStatement(sql: "SELECT value FROM meta WHERE key = 'followup_configuration'"))
            guard old != fingerprint else { return false }
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('followup_configuration', ?)")
                .execute(arguments: [fingerprint])
            try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO followup_dirty (thread_id) SELECT id FROM thread WHERE status IN ('open', 'pending')
                    """
            ).execute()
            return true
        }
    }

    /// Computes the timers of up to `limit` threads that changed (classified ones), in one transaction: `plan`
    /// gets each thread's facts and history; running and paused timers are written as planned, stopped ones are
    /// never changed, and an active timer the plan no longer has is cancelled. Returns how many threads it took.
    public func refreshTimers(limit: Int, at now: Date, plan: (TimerFacts) -> TimerPlan) throws -> Int {
        let at = Timestamp.string(now)
        return try write { db in
            let rows = try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT t.id, t.kind, t.status, t.priority, t.category, t.mailbox, t.created_at, t.updated_at, t.history,
                            c.tags_json
                        FROM followup_dirty d JOIN thread t ON t.id = d.thread_id LEFT JOIN customer c ON c.id = t.customer_id
                        WHERE t.classified_at IS NOT NULL ORDER BY d.thread_id LIMIT ?
                        """), arguments: [limit])
            for row in rows {
                let id: Int64 = row["id"]
                try db.cachedStatement(sql: "DELETE FROM followup_dirty WHERE thread_id = ?").execute(arguments: [id])
                let facts = try Self.timerFacts(db, row)
                // History from `maildesk import` owes nothing: no timer, so no reminder or escalation.
                let planned = row["history"] as Bool ? TimerPlan(policy: nil, calendar: "", timers: []) : plan(facts)
                try db.cachedStatement(sql: "UPDATE thread SET sla_policy = ? WHERE id = ?").execute(arguments: [
                    planned.policy, id
                ])
                var keep = Set<String>()
                for timer in planned.timers {
                    keep.insert("\(timer.metric):\(timer.cycle)")
                    try db.cachedStatement(
                        sql: """
                            INSERT INTO sla_timer (thread_id, metric, cycle, policy, calendar, target_minutes, state, started_at,
                                due_at, remind_at, paused_at, stopped_at, breached_at, business_seconds, updated_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                            ON CONFLICT (thread_id, metric, cycle) DO UPDATE SET policy = excluded.policy,
                                calendar = excluded.calendar, target_minutes = excluded.target_minutes, state = excluded.state,
                                started_at = excluded.started_at, due_at = excluded.due_at, remind_at = excluded.remind_at,
                                paused_at = excluded.paused_at, stopped_at = excluded.stopped_at,
                                breached_at = excluded.breached_at, business_seconds = excluded.business_seconds,
                                updated_at = excluded.updated_at
                            WHERE sla_timer.state IN ('running', 'paused')
                            """
                    ).execute(arguments: [
                        id, timer.metric, timer.cycle, planned.policy ?? "", planned.calendar, timer.targetMinutes,
                        timer.state, Timestamp.string(timer.startedAt), timer.dueAt.map(Timestamp.string),
                        timer.remindAt.map(Timestamp.string), timer.pausedAt.map(Timestamp.string),
                        timer.stoppedAt.map(Timestamp.string), timer.breachedAt.map(Timestamp.string),
                        timer.businessSeconds, at
                    ])
                }
                for active in try Row.fetchAll(
                    db.cachedStatement(
                        sql: """
                            SELECT id, metric, cycle FROM sla_timer WHERE thread_id = ? AND state IN ('running', 'paused')
                            """), arguments: [id])
                where !keep.contains("\(active["metric"] as String):\(active["cycle"] as Int)") {
                    try db.cachedStatement(
                        sql: """
                            UPDATE sla_timer SET state = 'cancelled', stopped_at = ?, due_at = NULL, remind_at = NULL,
                                updated_at = ? WHERE id = ?
                            """
                    ).execute(arguments: [at, at, active["id"] as Int64])
                }
            }
            return rows.count
        }
    }

    private static func timerFacts(_ db: Database, _ row: Row) throws -> TimerFacts {
        let id: Int64 = row["id"]
        let created = Timestamp.date(row["created_at"]) ?? Date(timeIntervalSince1970: 0)
        let hadHistory =
            try Bool.fetchOne(
                db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM message WHERE thread_id = ? AND history > 0)"),
                arguments: [id]) ?? false
        // Customer mail: not robots', and not survey answers that only gave a score.
        let customer = try String.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT m.received_at FROM message m
                    WHERE m.thread_id = ? AND m.direction = 'in' AND m.author = 'customer' AND m.robot IS NULL AND m.history = 0
                        AND NOT EXISTS (SELECT 1 FROM csat s WHERE s.answer_message_id = m.id AND s.low_action IS NOT 'reopened')
                    ORDER BY m.received_at, m.id
                    """), arguments: [id]
        ).compactMap(Timestamp.date)
        let answers = try String.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT received_at FROM message WHERE thread_id = ? AND direction = 'out' AND author = 'agent'
                    ORDER BY received_at, id
                    """), arguments: [id]
        ).compactMap(Timestamp.date)
        let changes = try Row.fetchAll(
            db.cachedStatement(
                sql: """
                    SELECT at, new_status FROM thread_status_change WHERE thread_id = ? ORDER BY id
                    """), arguments: [id]
        ).compactMap { r -> (at: Date, status: String)? in
            Timestamp.date(r["at"]).map { ($0, r["new_status"]) }
        }
        return TimerFacts(
            threadID: id, kind: row["kind"], status: row["status"], priority: row["priority"],
            category: row["category"], mailbox: row["mailbox"], customerTags: jsonStrings(row["tags_json"]),
            // A thread imported as history starts counting at its first live message.
            startedAt: customer.first.map { hadHistory ? $0 : min($0, created) } ?? created,
            updatedAt: Timestamp.date(row["updated_at"]) ?? created, customerMessages: customer,
            agentAnswers: answers, statusChanges: changes)
    }

    /// The timers of a thread, oldest first.
    public func timers(thread id: Int64) throws -> [SLATimerEntry] {
        try read { db in
            try SLATimerEntry.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM sla_timer WHERE thread_id = ? ORDER BY started_at, id"),
                arguments: [id])
        }
    }

}

extension SLATimerEntry: FetchableRecord {
    /// An `sla_timer` row.
    public init(row: Row) {
        self.init(
            id: row["id"], threadId: row["thread_id"], metric: row["metric"], cycle: row["cycle"],
            policy: row["policy"], calendar: row["calendar"], targetMinutes: row["target_minutes"],
            state: row["state"], startedAt: row["started_at"], dueAt: row["due_at"], remindAt: row["remind_at"],
            pausedAt: row["paused_at"], stoppedAt: row["stopped_at"], breachedAt: row["breached_at"],
            businessSeconds: row["business_seconds"])
    }
}
