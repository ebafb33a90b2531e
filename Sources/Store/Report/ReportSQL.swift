import GRDB

/// SQL shared by the report's queries: the category → team table, the moment a thread was resolved, and the
/// distribution of a duration (count, mean, median, p90, max) computed by SQLite, not by a loop over rows.
enum ReportSQL {
    /// Threads that are work for agents (robots' `bulk` and `system` threads are not).
    static let serviceKinds = "kind IN ('need', 'feedback')"

    /// A `team_map(category, team)` table for a WITH clause, and its arguments.
    static func teamMap(_ teams: [String: String]) -> (sql: String, arguments: StatementArguments) {
        guard !teams.isEmpty else { return ("team_map(category, team) AS (SELECT NULL, NULL WHERE 0)", []) }
        let pairs = teams.sorted { $0.key < $1.key }
        var arguments: StatementArguments = []
        for (category, team) in pairs { arguments += [category, team] }
        return ("team_map(category, team) AS (VALUES " + pairs.map { _ in "(?, ?)" }.joined(separator: ", ") + ")",
                arguments)
    }

    /// `(thread_id, at)`: each thread's last move to resolved or closed within `[?, ?)`, read from the
    /// `corrected` events every status change writes ("status: open → resolved"). The literal entity and
    /// action let SQLite use the partial index `event_thread_corrected`.
    static let resolutions = """
        SELECT entity_id AS thread_id, max(at) AS at FROM event
        WHERE entity = 'thread' AND action = 'corrected' AND at >= ? AND at < ?
            AND (detail LIKE '%status: % → resolved%' OR detail LIKE '%status: % → closed%')
        GROUP BY entity_id
        """

    /// Rows `(measure, dimension, key, n, mean, maximum, median, p90)` of the durations in `samples`, a table
    /// of the WITH clause with columns `(measure, owner, team, category, hours)`, grouped over all threads and
    /// per owner, team and category. Percentiles interpolate linearly between the closest ranks.
    static func distributions(of samples: String) -> String {
        let dimensions = [("all", "NULL"), ("owner", "owner"), ("team", "team"), ("category", "category")]
        let grouped = dimensions.map { name, column in
            "SELECT measure, '\(name)', \(column), hours FROM \(samples) WHERE hours IS NOT NULL"
        }.joined(separator: " UNION ALL ")
        func rank(_ p: Double) -> String { "(1 + \(p) * (n - 1))" }
        func picks(_ name: String, _ p: Double) -> String {
            """
            max(CASE WHEN rn = CAST(\(rank(p)) AS INTEGER) THEN hours END) AS \(name)_lo,
            max(CASE WHEN rn = CAST(\(rank(p)) AS INTEGER) + 1 THEN hours END) AS \(name)_hi,
            \(rank(p)) - CAST(\(rank(p)) AS INTEGER) AS \(name)_frac
            """
        }
        func value(_ name: String) -> String {
            "\(name)_lo + \(name)_frac * (coalesce(\(name)_hi, \(name)_lo) - \(name)_lo)"
        }
        return """
            grouped(measure, dimension, key, hours) AS (\(grouped)),
            ranked AS (
                SELECT measure, dimension, key, hours,
                    row_number() OVER (PARTITION BY measure, dimension, key ORDER BY hours) AS rn,
                    count(*) OVER (PARTITION BY measure, dimension, key) AS n
                FROM grouped),
            picked AS (
                SELECT measure, dimension, key, n, avg(hours) AS mean, max(hours) AS maximum,
                    \(picks("p50", 0.5)), \(picks("p90", 0.9))
                FROM ranked GROUP BY measure, dimension, key)
            SELECT measure, dimension, key, n, mean, maximum, \(value("p50")) AS median, \(value("p90")) AS p90
            FROM picked ORDER BY measure, dimension, n DESC, key
            """
    }

    static func durationRow(_ row: Row) -> DurationRow {
        DurationRow(measure: row["measure"], dimension: row["dimension"], key: row["key"], count: row["n"],
                    medianHours: rounded(row["median"]), p90Hours: rounded(row["p90"]),
                    meanHours: rounded(row["mean"]), maxHours: rounded(row["maximum"]))
    }

    /// Histogram bin edges in hours: under 1 h, 1–4 h, 4–8 h, 8–24 h, 1–3 days, 3–7 days, a week or more.
    static let binEdges: [Double] = [0, 1, 4, 8, 24, 72, 168]

    /// `(measure, bin, count)` of the durations in `samples` (bin: the index of its lower edge in `binEdges`).
    static func histogram(of samples: String) -> String {
        let cases = binEdges.enumerated().dropFirst().map { i, edge in "WHEN hours < \(edge) THEN \(i - 1)" }
        return """
            SELECT measure, CASE \(cases.joined(separator: " ")) ELSE \(binEdges.count - 1) END AS bin, count(*) AS n
            FROM \(samples) WHERE hours IS NOT NULL GROUP BY measure, bin
            """
    }

    /// Every bin of every measure, empty ones with 0, from the rows of `histogram(of:)`.
    static func bins(_ rows: [Row], measures: [String]) -> [HistogramBin] {
        var counts: [String: Int] = [:]
        for row in rows { counts["\(row["measure"] as String)/\(row["bin"] as Int)"] = row["n"] }
        return measures.flatMap { measure in
            binEdges.indices.map { i in
                HistogramBin(measure: measure, fromHours: binEdges[i], toHours: i + 1 < binEdges.count ? binEdges[i + 1] : nil,
                             count: counts["\(measure)/\(i)"] ?? 0)
            }
        }
    }

    /// Hours to the nearest thousandth (3.6 s): figures read as 1.5, not 1.4999999999999998.
    static func rounded(_ hours: Double?) -> Double {
        ((hours ?? 0) * 1000).rounded() / 1000
    }
}
