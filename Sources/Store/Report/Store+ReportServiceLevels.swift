import Foundation
import GRDB

/// SLA targets decided in a period, one row per group: how many were met and how many breached.
public struct SLAAttainmentRow: Codable, Sendable, Equatable {
    /// `first_response`, `next_response`, `resolution`, or `all` (the three together).
    public var metric: String
    /// `all`, `policy`, `owner`, `team` or `category`.
    public var dimension: String
    /// The policy, owner's address, team or category; nil for `all` and for threads without one.
    public var key: String?
    public var met: Int
    public var breached: Int
    /// met / (met + breached).
    public var attainment: Double?

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(metric, forKey: .metric)
        try c.encode(dimension, forKey: .dimension)
        try c.encode(key, forKey: .key)
        try c.encode(met, forKey: .met)
        try c.encode(breached, forKey: .breached)
        try c.encode(attainment, forKey: .attainment)
    }
}

/// A target that is past due and still running at the report's `now`: a promise being broken right now.
public struct SLAOverdue: Codable, Sendable, Equatable {
    public var thread: Int64
    /// Customer-written: escape it wherever it is shown.
    public var subject: String
    public var metric: String
    public var policy: String
    public var owner: String?
    public var dueAt: String
    /// From the due time to `now`, in the report's hours.
    public var overdueHours: Double

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(thread, forKey: .thread)
        try c.encode(subject, forKey: .subject)
        try c.encode(metric, forKey: .metric)
        try c.encode(policy, forKey: .policy)
        try c.encode(owner, forKey: .owner)
        try c.encode(dueAt, forKey: .dueAt)
        try c.encode(overdueHours, forKey: .overdueHours)
    }
}

/// SLA attainment and breaches (`config/sla.toml`; all zero when no policy applies).
public struct SLAFigures: Codable, Sendable, Equatable {
    /// Per metric (and `all`) and per group; a group appears when one of its targets was decided in the period.
    public var attainment: [SLAAttainmentRow]
    /// Targets past due and still running at `now`, per metric (`all` included, zero counts too).
    public var overdueNow: [CountRow]
    /// The longest-overdue of them.
    public var overdue: [SLAOverdue]
}

extension Store {
    /// SLA targets decided in the period and those overdue now, from the follow-up stage's `sla_timer` rows.
    ///
    /// A target is decided once: met when it stopped in time (`stopped_at`), breached when it passed its due time
    /// (`breached_at`, else `due_at`) — so a breach counts in the period it happened, however long the thread then
    /// stayed open, and never again when it is finally answered. Cancelled targets (settled before their event,
    /// e.g. a thread resolved before its next response was due) count neither way.
    public func reportServiceLevels(_ scope: ReportScope, now: Date, overdue limit: Int = 10) throws -> SLAFigures {
        let teams = ReportSQL.teamMap(scope.teams)
        let at = Timestamp.string(now)
        let decided = """
            WITH \(teams.sql),
            decided AS MATERIALIZED (
                SELECT s.metric, s.policy, t.assignee AS owner, tm.team AS team, t.category AS category,
                    s.state = 'met' AS met,
                    CASE WHEN s.state = 'met' THEN s.stopped_at
                         WHEN s.state = 'breached' THEN coalesce(s.breached_at, s.due_at, s.stopped_at)
                         WHEN s.state = 'running' AND s.due_at <= ? THEN s.due_at
                         WHEN s.state = 'paused' THEN s.breached_at END AS decided_at
                FROM sla_timer s JOIN thread t ON t.id = s.thread_id LEFT JOIN team_map tm ON tm.category = t.category
                WHERE s.state != 'cancelled'),
            period AS (SELECT * FROM decided WHERE decided_at >= ? AND decided_at < ?),
            metrics AS (SELECT metric, policy, owner, team, category, met FROM period
                        UNION ALL SELECT 'all', policy, owner, team, category, met FROM period)
            """
        let groups = [
            ("all", "NULL"), ("policy", "policy"), ("owner", "owner"), ("team", "team"), ("category", "category")
        ]
        .map { name, column in
            "SELECT metric, '\(name)' AS dimension, \(column) AS key, sum(met) AS met, count(*) - sum(met) AS breached "
                + "FROM metrics GROUP BY metric\(column == "NULL" ? "" : ", " + column)"
        }.joined(separator: " UNION ALL ")
        let arguments = teams.arguments + [at, scope.fromText, scope.toText]
        return try read { db in
            db.add(function: scope.elapsed.sqlFunction)
            let attainment = try Row.fetchAll(
                db, sql: decided + "SELECT * FROM (" + groups + ")" + Self.slaOrder, arguments: arguments
            ).map { row in
                let met: Int = row["met"], breached: Int = row["breached"]
                return SLAAttainmentRow(
                    metric: row["metric"], dimension: row["dimension"], key: row["key"], met: met,
                    breached: breached,
                    attainment: met + breached == 0 ? nil : ReportSQL.rounded(Double(met) / Double(met + breached)))
            }
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT metric, count(*) AS n FROM sla_timer INDEXED BY sla_timer_due
                    WHERE state = 'running' AND due_at <= ? GROUP BY metric
                    """, arguments: [at])
            { counts[row["metric"]] = row["n"] }
            let overdueNow = (["all"] + Self.slaMetrics).map { metric in
                CountRow(key: metric, count: metric == "all" ? counts.values.reduce(0, +) : counts[metric] ?? 0)
            }
            let overdue = try Row.fetchAll(
                db,
                sql: """
                    WITH \(teams.sql)
                    SELECT s.thread_id, t.subject, s.metric, s.policy, t.assignee, s.due_at,
                        elapsed_hours(s.due_at, ?, tm.team) AS hours
                    FROM sla_timer s INDEXED BY sla_timer_due JOIN thread t ON t.id = s.thread_id
                        LEFT JOIN team_map tm ON tm.category = t.category
                    WHERE s.state = 'running' AND s.due_at <= ?
                    ORDER BY s.due_at, s.id LIMIT ?
                    """, arguments: teams.arguments + [at, at, limit]
            ).map { row in
                SLAOverdue(
                    thread: row["thread_id"], subject: row["subject"], metric: row["metric"], policy: row["policy"],
                    owner: row["assignee"], dueAt: row["due_at"], overdueHours: ReportSQL.rounded(row["hours"]))
            }
            return SLAFigures(attainment: attainment, overdueNow: overdueNow, overdue: overdue)
        }
    }

    static let slaMetrics = ["first_response", "next_response", "resolution"]

    /// Metrics in the order people read them, groups by size.
    static let slaOrder = """
         ORDER BY CASE metric WHEN 'all' THEN 0 WHEN 'first_response' THEN 1 WHEN 'next_response' THEN 2 ELSE 3 END,
            CASE dimension WHEN 'all' THEN 0 WHEN 'policy' THEN 1 WHEN 'owner' THEN 2 WHEN 'team' THEN 3 ELSE 4 END,
            met + breached DESC, key
        """
}
