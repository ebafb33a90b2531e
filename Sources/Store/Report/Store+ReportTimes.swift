import Foundation
import GRDB

extension Store {
    /// How long customers waited: first response for threads an agent first answered in the period, and
    /// resolution for threads resolved or closed in the period, both from the thread's creation and measured by
    /// `scope.elapsed`; per owner (the thread's assignee), team and category, with a histogram of each.
    public func reportTimes(_ scope: ReportScope) throws -> TimeFigures {
        let teams = ReportSQL.teamMap(scope.teams)
        let samples = """
            WITH \(teams.sql),
            samples AS (
                SELECT 'first_response' AS measure, t.assignee AS owner, tm.team AS team, t.category AS category,
                    elapsed_hours(t.created_at, t.first_response_at, tm.team) AS hours
                FROM thread t LEFT JOIN team_map tm ON tm.category = t.category
                WHERE t.first_response_at >= ? AND t.first_response_at < ? AND t.\(ReportSQL.serviceKinds)
                UNION ALL
                SELECT 'resolution', t.assignee, tm.team, t.category, elapsed_hours(t.created_at, r.at, tm.team)
                FROM (\(ReportSQL.resolutions)) r
                JOIN thread t ON t.id = r.thread_id LEFT JOIN team_map tm ON tm.category = t.category
                WHERE t.\(ReportSQL.serviceKinds))
            """
        let arguments = teams.arguments + [scope.fromText, scope.toText, scope.fromText, scope.toText]
        return try read { db in
            db.add(function: scope.elapsed.sqlFunction)
            let rows = try Row.fetchAll(
                db, sql: samples + ", " + ReportSQL.distributions(of: "samples"), arguments: arguments)
            let (durations, histogram) = ReportSQL.figures(rows, measures: ["first_response", "resolution"])
            return TimeFigures(durations: durations, histogram: histogram)
        }
    }
}
