import Foundation
import GRDB

/// A customer as the care stage reads them (the Care module parses the birthday).
public struct CareRecipient: Sendable {
    public var id: Int64
    public var address: String
    public var name: String?
    public var birthday: String?
    public var timezone: String?
    public var language: String?
    public var tags: [String]
    public var optedOutAt: String?
    /// Marked by hand, or a mail to the address was given up (failed).
    public var undeliverable: Bool
}

/// What the care stage decided for one (campaign, customer, occasion date).
public struct GreetingDecision: Sendable {
    public var campaign: String
    public var customerID: Int64
    public var occasion: String
    /// `YYYY-MM-DD`, the customer's local day.
    public var occasionDate: String
    public var dueAt: Date
    public var localTime: String
    public var timezone: String
    public var template: String?
    /// Set for a skip; nil with `draft` for a greeting to queue.
    public var skipReason: String?
    public var draft: OutboxDraft?

    public init(
        campaign: String, customerID: Int64, occasion: String, occasionDate: String, dueAt: Date, localTime: String,
        timezone: String, template: String?, skipReason: String?, draft: OutboxDraft?
    ) {
        self.campaign = campaign
        self.customerID = customerID
        self.occasion = occasion
        self.occasionDate = occasionDate
        self.dueAt = dueAt
        self.localTime = localTime
        self.timezone = timezone
        self.template = template
        self.skipReason = skipReason
        self.draft = draft
    }
}

/// What recording a decision did.
public enum GreetingOutcome: Sendable, Equatable {
    case queued(outboxID: Int64)
    case skipped(String)
    /// Another pass or process decided this greeting already: nothing written.
    case alreadyDecided
}

/// A greeting row as `campaign report` shows it.
public struct GreetingEntry: Codable, Sendable {
    public var customer: String
    public var occasion: String
    public var occasionDate: String
    public var state: String
    public var reason: String?
    public var dueAt: String
    public var localTime: String
    public var timezone: String
    public var template: String?
    public var outboxId: Int64?
    /// The outbox row's state: queued, sent or failed.
    public var delivery: String?
    public var createdAt: String
}

/// The operator's state of a campaign and when the scheduler first saw it.
public struct CampaignStateRecord: Sendable {
    public var state: String?
    public var changedAt: String?
    public var changedBy: String?
    public var firstSeenAt: String?
}

extension Store {
    /// Every customer who is not forgotten, for the care stage.
    public func careRecipients() throws -> [CareRecipient] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT c.id, c.address, c.name, c.birthday, c.timezone, c.language, c.tags_json, c.care_opt_out_at,
                        c.undeliverable OR EXISTS (SELECT 1 FROM outbox o WHERE o.to_address = c.address AND o.state = 'failed')
                            AS undeliverable
                    FROM customer c WHERE c.forgotten_at IS NULL ORDER BY c.id
                    """
            ).map { row in
                let undeliverable: Int = row["undeliverable"]
                return CareRecipient(
                    id: row["id"], address: row["address"], name: row["name"], birthday: row["birthday"],
                    timezone: row["timezone"], language: row["language"],
                    tags: Self.jsonStrings(row["tags_json"]), optedOutAt: row["care_opt_out_at"],
                    undeliverable: undeliverable != 0)
            }
        }
    }

    /// `customerID|YYYY-MM-DD` of every greeting of `campaign` for occasion days from `since` on.
    public func greetingKeys(campaign: String, since: String) throws -> Set<String> {
        try read { db in
            Set(
                try Row.fetchAll(
                    db,
                    sql: "SELECT customer_id, occasion_date FROM greeting WHERE campaign = ? AND occasion_date >= ?",
                    arguments: [campaign, since]
                ).map { row in
                    let id: Int64 = row["customer_id"]
                    let date: String = row["occasion_date"]
                    return "\(id)|\(date)"
                })
        }
    }

    /// Greetings of `campaign` queued since `since` (the throttle).
    public func queuedGreetings(campaign: String, since: Date) throws -> Int {
        try read { db in
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM greeting WHERE campaign = ? AND state = 'queued' AND created_at > ?",
                arguments: [campaign, Timestamp.string(since)]) ?? 0
        }
    }

    /// Records a greeting decision and (when queued) its outbox row in ONE transaction. The UNIQUE (campaign,
    /// customer, occasion date) key makes a second pass, a second process or a rerun after kill -9 a no-op; the
    /// opt-out and the minimum gap between care mails are checked again inside the transaction, so a customer who
    /// unsubscribed a moment ago or got another campaign's mail meanwhile is skipped, never mailed.
    public func recordGreeting(_ d: GreetingDecision, minGapHours: Int, at now: Date) throws -> GreetingOutcome {
        let at = Timestamp.string(now)
        return try write { db in
            if try Int.fetchOne(
                db, sql: "SELECT 1 FROM greeting WHERE campaign = ? AND customer_id = ? AND occasion_date = ?",
                arguments: [d.campaign, d.customerID, d.occasionDate]) != nil
            {
                return .alreadyDecided
            }
            var reason = d.skipReason
            if reason == nil {
                let row = try Row.fetchOne(
                    db, sql: "SELECT care_opt_out_at, undeliverable, forgotten_at FROM customer WHERE id = ?",
                    arguments: [d.customerID])
                if let optOut: String = row?["care_opt_out_at"] {
                    reason = "opted out of care mail at \(optOut)"
                } else if (row?["undeliverable"] as Int?) == 1 {
                    reason = "address is undeliverable"
                } else if row?["forgotten_at"] as String? != nil {
                    reason = "customer was forgotten"
                } else if minGapHours > 0,
                    let last = try String.fetchOne(
                        db,
                        sql: """
                            SELECT max(created_at) FROM greeting WHERE customer_id = ? AND state = 'queued' AND created_at > ?
                            """,
                        arguments: [d.customerID, Timestamp.string(now.addingTimeInterval(-Double(minGapHours) * 3600))]
                    )
                {
                    reason = "another care mail was queued at \(last), within min_gap_hours = \(minGapHours)"
                }
            }
            var outboxID: Int64?
            if reason == nil, let draft = d.draft {
                outboxID = try Self.insertOutbox(db, draft, threadID: nil, at: at)
            } else if reason == nil {
                reason = "nothing to send"
            }
            try db.execute(
                sql: """
                    INSERT INTO greeting (campaign, customer_id, occasion, occasion_date, state, reason, due_at, local_time,
                        timezone, template, outbox_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    d.campaign, d.customerID, d.occasion, d.occasionDate, outboxID == nil ? "skipped" : "queued",
                    reason, Timestamp.string(d.dueAt), d.localTime, d.timezone, d.template, outboxID, at
                ])
            if let outboxID {
                try Self.log(
                    db, at: at, actor: "care", .customer, d.customerID, "care mail queued",
                    "campaign \(d.campaign), \(d.occasion) \(d.occasionDate), outbox \(outboxID)")
                return .queued(outboxID: outboxID)
            }
            return .skipped(reason ?? "")
        }
    }

    /// The greetings of `campaign`, oldest first, with the outbox state of each queued one.
    public func greetings(campaign: String) throws -> [GreetingEntry] {
        try read { db in
            try GreetingEntry.fetchAll(
                db,
                sql: """
                    SELECT g.*, c.address, o.state AS delivery FROM greeting g JOIN customer c ON c.id = g.customer_id
                    LEFT JOIN outbox o ON o.id = g.outbox_id WHERE g.campaign = ? ORDER BY g.due_at, g.id
                    """, arguments: [campaign]
            )
        }
    }

    /// Every campaign's operator state, by name.
    public func campaignStates() throws -> [String: CampaignStateRecord] {
        try read { db in
            var states: [String: CampaignStateRecord] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM campaign_state") {
                states[row["name"]] = CampaignStateRecord(row: row)
            }
            return states
        }
    }

    /// When the scheduler first saw `campaign` active (now, the first time).
    public func campaignFirstSeen(_ campaign: String, at now: Date) throws -> Date {
        let at = Timestamp.string(now)
        return try write { db in
            try db.execute(
                sql: """
                    INSERT INTO campaign_state (name, first_seen_at) VALUES (?, ?)
                    ON CONFLICT (name) DO UPDATE SET first_seen_at = coalesce(first_seen_at, excluded.first_seen_at)
                    """, arguments: [campaign, at])
            let seen = try String.fetchOne(
                db, sql: "SELECT first_seen_at FROM campaign_state WHERE name = ?", arguments: [campaign])
            return seen.flatMap(Timestamp.date) ?? now
        }
    }

    /// Pauses, resumes or cancels `campaign`. A cancelled campaign stays cancelled; returns false when it is.
    public func setCampaignState(_ campaign: String, _ state: String, actor: String, at now: Date) throws -> Bool {
        let at = Timestamp.string(now)
        return try write { db in
            if try String.fetchOne(db, sql: "SELECT state FROM campaign_state WHERE name = ?", arguments: [campaign])
                == "cancelled"
            {
                return false
            }
            try db.execute(
                sql: """
                    INSERT INTO campaign_state (name, state, changed_at, changed_by) VALUES (?, ?, ?, ?)
                    ON CONFLICT (name) DO UPDATE SET state = excluded.state, changed_at = excluded.changed_at,
                        changed_by = excluded.changed_by
                    """, arguments: [campaign, state, at, actor])
            return true
        }
    }

    /// Opts the customer out of care mail (never of support). Returns true when this changed anything.
    public func optOutOfCare(customerID: Int64, actor: String, reason: String, at now: Date) throws -> Bool {
        let at = Timestamp.string(now)
        return try write { db in
            try db.execute(
                sql: "UPDATE customer SET care_opt_out_at = ? WHERE id = ? AND care_opt_out_at IS NULL",
                arguments: [at, customerID])
            guard db.changesCount == 1 else { return false }
            try Self.log(db, at: at, actor: actor, .customer, customerID, "opted out of care mail", reason)
            return true
        }
    }
}

extension Store {
    /// One customer for the care stage, by id or (lowercased) address; nil when unknown or forgotten.
    public func careRecipient(id: Int64? = nil, address: String? = nil) throws -> CareRecipient? {
        try read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT id, address, name, birthday, timezone, language, tags_json, care_opt_out_at, undeliverable,
                            care_opt_out_confirmed FROM customer WHERE (id = ? OR address = ?) AND forgotten_at IS NULL
                        """, arguments: [id, address?.lowercased()])
            else { return nil }
            let undeliverable: Int = row["undeliverable"]
            return CareRecipient(
                id: row["id"], address: row["address"], name: row["name"], birthday: row["birthday"],
                timezone: row["timezone"], language: row["language"], tags: Self.jsonStrings(row["tags_json"]),
                optedOutAt: row["care_opt_out_at"], undeliverable: undeliverable != 0)
        }
    }

    /// The stored text and HTML of a message.
    public func messageBody(_ id: Int64) throws -> (text: String?, html: String?) {
        try read { db in
            let row = try Row.fetchOne(db, sql: "SELECT text, html FROM message WHERE id = ?", arguments: [id])
            return (row?["text"], row?["html"])
        }
    }

    /// A customer's request to stop care mail: the message is done (on no thread, never answered), the customer
    /// opted out of care mail (support goes on), and `confirmation` queued only the first time, all in one
    /// transaction. Returns nil when another process took the message first, else whether a confirmation was queued.
    public func recordCareUnsubscribe(
        messageID: Int64, customerID: Int64, how: String, confirmation: OutboxDraft?,
        at now: Date
    ) throws -> Bool? {
        let at = Timestamp.string(now)
        return try write { db in
            guard try Self.state(db, messageID) == .parsed else { return nil }
            try db.execute(sql: "UPDATE message SET state = 'done' WHERE id = ?", arguments: [messageID])
            try Self.log(db, at: at, actor: "care", .message, messageID, "unsubscribe request", how)
            try db.execute(
                sql: "UPDATE customer SET care_opt_out_at = coalesce(care_opt_out_at, ?) WHERE id = ?",
                arguments: [at, customerID])
            try Self.log(
                db, at: at, actor: "care", .customer, customerID, "opted out of care mail",
                "message \(messageID): \(how)")
            try db.execute(
                sql: "UPDATE customer SET care_opt_out_confirmed = 1 WHERE id = ? AND care_opt_out_confirmed = 0",
                arguments: [customerID])
            guard db.changesCount == 1, let confirmation else { return false }
            let id = try Self.insertOutbox(db, confirmation, threadID: nil, at: at)
            try Self.log(
                db, at: at, actor: "care", .customer, customerID, "opt-out confirmation queued", "outbox \(id)")
            return true
        }
    }
}

extension Store {
    /// Each customer's latest care mail queued before `date` (address → when and by which campaign): where a dry
    /// run's minimum gap starts.
    public func lastCareMail(before date: Date) throws -> [String: (at: Date, campaign: String)] {
        try read { db in
            var last: [String: (at: Date, campaign: String)] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT c.address, g.campaign, max(g.created_at) AS at FROM greeting g JOIN customer c ON c.id = g.customer_id
                    WHERE g.state = 'queued' AND g.created_at < ? GROUP BY g.customer_id
                    """, arguments: [Timestamp.string(date)])
            {
                if let at = (row["at"] as String?).flatMap(Timestamp.date) {
                    last[row["address"]] = (at, row["campaign"])
                }
            }
            return last
        }
    }
}

extension GreetingEntry: FetchableRecord {
    /// A `greeting` row joined with its customer's `address` and its outbox row's state as `delivery`.
    public init(row: Row) {
        self.init(
            customer: row["address"], occasion: row["occasion"], occasionDate: row["occasion_date"],
            state: row["state"], reason: row["reason"], dueAt: row["due_at"], localTime: row["local_time"],
            timezone: row["timezone"], template: row["template"], outboxId: row["outbox_id"],
            delivery: row["delivery"], createdAt: row["created_at"])
    }
}

extension CampaignStateRecord: FetchableRecord {
    /// A `campaign_state` row.
    public init(row: Row) {
        self.init(
            state: row["state"], changedAt: row["changed_at"], changedBy: row["changed_by"],
            firstSeenAt: row["first_seen_at"])
    }
}
