import Foundation
import GRDB

extension Store {
    /// The threads waiting at `now` (open or pending): how many, how old (by `scope.elapsed`, overall, per owner,
    /// team and category), and the `oldest` longest-waiting ones.
    public func reportBacklog(_ scope: ReportScope, now: Date, oldest: Int = 10) throws -> BacklogFigures {
        let teams = ReportSQL.teamMap(scope.teams)
        let at = Timestamp.string(now)
        let samples = """
            WITH \(teams.sql),
            samples AS (
                SELECT 'age' AS measure, t.assignee AS owner, tm.team AS team, t.category AS category,
                    elapsed_hours(t.created_at, ?, tm.team) AS hours
                FROM thread t LEFT JOIN team_map tm ON tm.category = t.category
                WHERE t.status IN ('open', 'pending') AND t.\(ReportSQL.serviceKinds))
            """
        let arguments = teams.arguments + [at]
        return try read { db in
            db.add(function: scope.elapsed.sqlFunction)
            let counts = try Row.fetchOne(
                db,
                sql: """
                    SELECT count(*) FILTER (WHERE status = 'open') AS open, count(*) FILTER (WHERE status = 'pending') AS pending,
                        count(*) FILTER (WHERE status = 'open' AND first_response_at IS NULL) AS unanswered
                    FROM thread WHERE status IN ('open', 'pending') AND \(ReportSQL.serviceKinds)
                    """)
            let (ages, histogram) = ReportSQL.figures(
                try Row.fetchAll(
                    db, sql: samples + ", " + ReportSQL.distributions(of: "samples"), arguments: arguments),
                measures: ["age"])
            let waiting = try Row.fetchAll(
                db,
                sql: """
                    WITH \(teams.sql)
                    SELECT t.id, t.status, t.subject, t.assignee, t.category, t.created_at, t.first_response_at,
                        elapsed_hours(t.created_at, ?, tm.team) AS hours
                    FROM thread t LEFT JOIN team_map tm ON tm.category = t.category
                    WHERE t.status IN ('open', 'pending') AND t.\(ReportSQL.serviceKinds)
                    ORDER BY t.created_at, t.id LIMIT ?
                    """, arguments: teams.arguments + [at, oldest]
            ).map { row in
                WaitingThread(
                    id: row["id"], status: row["status"], subject: row["subject"], owner: row["assignee"],
                    category: row["category"], createdAt: row["created_at"],
                    ageHours: ReportSQL.rounded(row["hours"]), answered: row["first_response_at"] != nil)
            }
            return BacklogFigures(
                at: at, open: counts?["open"] ?? 0, pending: counts?["pending"] ?? 0,
                unanswered: counts?["unanswered"] ?? 0, ages: ages,
                ageHistogram: histogram, oldest: waiting)
        }
    }
}
