import Foundation
import GRDB

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

extension Store {
    /// The threads the assign stage takes: classified, open, and unassigned or reopened. The condition of the
    /// partial index `thread_awaiting_owner` (migration 017), term for term: change both (the queries name the
    /// index, SQLite's guess without statistics being the status index, and fail if it no longer applies).
    static let awaitingOwner = """
        status IN ('open', 'pending') AND classified_at IS NOT NULL AND (assignee IS NULL OR reassign = 1)
            AND kind IN ('need', 'feedback')
        """

    /// Open threads that need an owner: classified, and unassigned or reopened. Most pressing first, then oldest.
    public func threadsAwaitingOwner(limit: Int) throws -> [ThreadAwaitingOwner] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, category, language, priority, assignee, queue, reassign, rule_agent, rule_agent_by, customer_id
                    FROM thread INDEXED BY thread_awaiting_owner
                    WHERE \(Self.awaitingOwner)
                    ORDER BY CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END, id
                    LIMIT ?
                    """, arguments: [limit]
            ).map { row in
                let id: Int64 = row["id"]
                let assignee: String? = row["assignee"]
                var previous = assignee.map { [$0] } ?? []
                if let customerID: Int64 = row["customer_id"] {
                    let earlier = try String.fetchAll(
                        db.cachedStatement(
                            sql: """
                                SELECT assignee FROM thread WHERE customer_id = ? AND id != ? AND assignee IS NOT NULL
                                ORDER BY last_message_at DESC, id DESC LIMIT 20
                                """), arguments: [customerID, id])
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
            for row in try Row.fetchAll(
                db.cachedStatement(
                    sql: """
                        SELECT assignee, count(*) AS n FROM thread
                        WHERE assignee IS NOT NULL AND status IN ('open', 'pending') GROUP BY assignee
                        """))
            {
                loads[row["assignee"], default: (0, 0)].open = row["n"]
            }
            for row in try Row.fetchAll(db.cachedStatement(sql: "SELECT address, last_assigned FROM agent_state")) {
                loads[row["address"], default: (0, 0)].lastAssigned = row["last_assigned"]
            }
            return loads
        }
    }

    /// Open and pending threads owned by each of `agents`.
    public func openThreads(ownedBy agents: [String]) throws -> [(threadID: Int64, assignee: String)] {
        guard !agents.isEmpty else { return [] }
        return try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, assignee FROM thread WHERE status IN ('open', 'pending') AND reassign = 0
                        AND assignee IN (\(databaseQuestionMarks(count: agents.count))) ORDER BY id
                    """, arguments: StatementArguments(agents)
            ).map { ($0["id"], $0["assignee"]) }
        }
    }

    /// Open threads assigned to someone not in `agents` (an agent removed from the agents file).
    public func openThreads(ownedByNoneOf agents: [String]) throws -> [(threadID: Int64, assignee: String)] {
        try read { db in
            var sql =
                "SELECT id, assignee FROM thread WHERE status IN ('open', 'pending') AND reassign = 0 AND assignee IS NOT NULL"
            if !agents.isEmpty { sql += " AND assignee NOT IN (\(databaseQuestionMarks(count: agents.count)))" }
            return try Row.fetchAll(db, sql: sql + " ORDER BY id", arguments: StatementArguments(agents))
                .map { ($0["id"], $0["assignee"]) }
        }
    }

    /// Marks threads for a new owner on the next assignment (their agent became unavailable), with the reason.
    public func releaseThreads(_ releases: [(threadID: Int64, assignee: String, reason: String)], at now: Date) throws {
        let at = Timestamp.string(now)
        try write { db in
            for r in releases {
                try db.cachedStatement(
                    sql: "UPDATE thread SET reassign = 1 WHERE id = ? AND assignee = ? AND reassign = 0"
                ).execute(arguments: [r.threadID, r.assignee])
                if db.changesCount == 1 {
                    try Self.log(
                        db, at: at, actor: "assign", .thread, r.threadID, "released", "\(r.assignee) \(r.reason)")
                }
            }
        }
    }

    /// Applies owner decisions; one whose thread changed owner meanwhile is skipped. An event is written only
    /// when something changes (a thread waiting in its queue is not logged again every pass).
    @discardableResult
    public func applyOwners(_ decisions: [OwnerDecision], at now: Date) throws -> Int {
        let at = Timestamp.string(now)
        return try write { db in
            var changed = 0
            var sequence =
                try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(last_assigned) FROM agent_state")) ?? 0
            for d in decisions {
                guard
                    let current = try Row.fetchOne(
                        db.cachedStatement(
                            sql: """
                                SELECT assignee, queue, reassign FROM thread WHERE id = ? AND status IN ('open', 'pending')
                                """), arguments: [d.threadID])
                else { continue }
                let assignee: String? = current["assignee"]
                let queue: String? = current["queue"]
                let reassign: Bool = current["reassign"]
                guard assignee == d.expectedAssignee, assignee == nil || reassign else { continue }
                if let agent = d.agent {
                    sequence += 1
                    try db.cachedStatement(
                        sql: """
                            UPDATE thread SET assignee = ?, queue = NULL, reassign = 0, assigned_at = ?, updated_at = ?
                            WHERE id = ?
                            """
                    ).execute(arguments: [agent, at, at, d.threadID])
                    try db.cachedStatement(
                        sql: """
                            INSERT INTO agent_state (address, last_assigned) VALUES (?, ?)
                            ON CONFLICT (address) DO UPDATE SET last_assigned = excluded.last_assigned
                            """
                    ).execute(arguments: [agent, sequence])
                    let action = agent == assignee ? "kept" : "assigned"
                    try Self.log(db, at: at, actor: "assign", .thread, d.threadID, action, "\(agent): \(d.reason)")
                    changed += 1
                } else {
                    try db.cachedStatement(
                        sql: """
                            UPDATE thread SET assignee = NULL, queue = ?, reassign = 0 WHERE id = ?
                            """
                    ).execute(arguments: [d.queue, d.threadID])
                    let decidedBefore =
                        try Bool.fetchOne(
                            db.cachedStatement(
                                sql: """
                                    SELECT EXISTS (SELECT 1 FROM event WHERE entity = 'thread' AND entity_id = ?
                                        AND action IN ('queued', 'assigned', 'kept'))
                                    """), arguments: [d.threadID]) ?? false
                    if assignee != nil || queue != d.queue || reassign || !decidedBefore {
                        try Self.log(
                            db, at: at, actor: "assign", .thread, d.threadID, "queued",
                            "\(d.queue ?? "no queue"): \(d.reason)")
                        changed += 1
                    }
                }
            }
            return changed
        }
    }
}
