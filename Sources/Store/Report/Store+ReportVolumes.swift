import Foundation
import GRDB

extension Store {
    /// Threads opened in the period by kind, category, priority, language and mailbox, and threads, customer
    /// mail and answers per week. Counts come from index ranges (`thread_created`, `message_received`).
    public func reportVolumes(_ scope: ReportScope, weeks: [ReportWeek]) throws -> VolumeFigures {
        try read { db in
            let range: StatementArguments = [scope.fromText, scope.toText]
            func counts(_ column: String, service: Bool = true) throws -> [CountRow] {
                try Row.fetchAll(db, sql: """
                    SELECT \(column) AS key, count(*) AS n FROM thread
                    WHERE created_at >= ? AND created_at < ? \(service ? "AND " + ReportSQL.serviceKinds : "")
                    GROUP BY \(column) ORDER BY n DESC, key
                    """, arguments: range).map { CountRow(key: $0["key"], count: $0["n"]) }
            }
            let byKind = try counts("kind", service: false)
            let threads = byKind.filter { $0.key == "need" || $0.key == "feedback" }.reduce(0) { $0 + $1.count }
            return VolumeFigures(threads: threads, byKind: byKind, byCategory: try counts("category"),
                                 byPriority: try counts("priority"), byLanguage: try counts("language"),
                                 byMailbox: try counts("mailbox"), weeks: try weekly(db, weeks))
        }
    }

    private func weekly(_ db: Database, _ weeks: [ReportWeek]) throws -> [WeekVolume] {
        guard !weeks.isEmpty else { return [] }
        var arguments: StatementArguments = []
        for (i, week) in weeks.enumerated() { arguments += [i, Timestamp.string(week.start), ReportScope.end(week.end)] }
        let rows = try Row.fetchAll(db, sql: """
            WITH weeks(i, start, end) AS (VALUES \(weeks.map { _ in "(?, ?, ?)" }.joined(separator: ", ")))
            SELECT i,
                (SELECT count(*) FROM thread WHERE created_at >= start AND created_at < end
                    AND \(ReportSQL.serviceKinds)) AS threads,
                (SELECT count(*) FROM message WHERE received_at >= start AND received_at < end
                    AND direction = 'in' AND author = 'customer' AND robot IS NULL) AS customer,
                (SELECT count(*) FROM message WHERE received_at >= start AND received_at < end
                    AND direction = 'out' AND author = 'agent') AS answers
            FROM weeks ORDER BY i
            """, arguments: arguments)
        return rows.map { row in
            let week = weeks[row["i"] as Int]
            return WeekVolume(week: week.label, start: Timestamp.string(week.start), end: ReportScope.end(week.end),
                              newThreads: row["threads"], customerMessages: row["customer"], answers: row["answers"])
        }
    }
}
