import Foundation
import GRDB

extension Store {
    /// Threads opened in the period by kind, category, priority, language and mailbox, and threads, customer
    /// mail and answers per week. Counts come from index ranges (`thread_created`, `message_received`); the
    /// order is the count, largest first, then the key (an unset key first, as SQLite sorts NULL).
    public func reportVolumes(_ scope: ReportScope, weeks: [ReportWeek]) throws -> VolumeFigures {
        try read { db in
            // One pass over the period's threads, grouped by every label at once; each label's counts are then
            // sums over those groups (a few hundred rows, not a row per thread).
            let groups = try Row.fetchAll(
                db,
                sql: """
                    SELECT kind, category, priority, language, mailbox, count(*) AS n FROM thread
                    WHERE created_at >= ? AND created_at < ? GROUP BY kind, category, priority, language, mailbox
                    """, arguments: [scope.fromText, scope.toText])
            let service = groups.filter { ["need", "feedback"].contains($0["kind"] as String) }
            func counts(_ column: String, _ rows: [Row]) -> [CountRow] {
                var totals: [String?: Int] = [:]
                for row in rows { totals[row[column] as String?, default: 0] += row["n"] as Int }
                return totals.map { CountRow(key: $0.key, count: $0.value) }.sorted { a, b in
                    if a.count != b.count { return a.count > b.count }
                    guard let x = a.key else { return b.key != nil }
                    guard let y = b.key else { return false }
                    return x < y
                }
            }
            return VolumeFigures(
                threads: service.reduce(0) { $0 + ($1["n"] as Int) }, byKind: counts("kind", groups),
                byCategory: counts("category", service), byPriority: counts("priority", service),
                byLanguage: counts("language", service), byMailbox: counts("mailbox", service),
                weeks: try weekly(db, weeks))
        }
    }

    private func weekly(_ db: Database, _ weeks: [ReportWeek]) throws -> [WeekVolume] {
        guard !weeks.isEmpty else { return [] }
        var arguments: StatementArguments = []
        for (i, week) in weeks.enumerated() {
            arguments += [i, Timestamp.string(week.start), ReportScope.end(week.end)]
        }
        let rows = try Row.fetchAll(
            db,
            sql: """
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
            return WeekVolume(
                week: week.label, start: Timestamp.string(week.start), end: ReportScope.end(week.end),
                newThreads: row["threads"], customerMessages: row["customer"], answers: row["answers"])
        }
    }
}
