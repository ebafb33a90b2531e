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
        return (
            "team_map(category, team) AS (VALUES " + pairs.map { _ in "(?, ?)" }.joined(separator: ", ") + ")",
            arguments
        )
    }

    /// `(thread_id, at)`: each thread's last move to resolved or closed within `[?, ?)`, read from the
    /// `corrected` events every status change writes ("status: open → resolved"). The partial index
    /// `event_thread_corrected` covers the query; it is named because SQLite, guessing without statistics,
    /// prefers `event_entity` and then reads every event of every thread (0.6 s for a week of a large store).
    static let resolutions = """
        SELECT entity_id AS thread_id, max(at) AS at FROM event INDEXED BY event_thread_corrected
        WHERE entity = 'thread' AND action = 'corrected' AND at >= ? AND at < ?
            AND (detail LIKE '%status: % → resolved%' OR detail LIKE '%status: % → closed%')
        GROUP BY entity_id
        """

    /// The bucket of a duration (quarter hours up to two days, hours up to 30 days, then days): durations sort
    /// into buckets in order, so the k-th smallest lies in the bucket where the running count passes k.
    static let bucket = """
        CASE WHEN hours < 48 THEN CAST(hours * 4 AS INTEGER) WHEN hours < 720 THEN 192 + CAST(hours - 48 AS INTEGER)
        ELSE 864 + CAST((hours - 720) / 24 AS INTEGER) END
        """

    /// `bucket` in Swift, for the histogram's edges (each edge is a bucket boundary).
    static func bucket(_ hours: Double) -> Int {
        hours < 48 ? Int(hours * 4) : hours < 720 ? 192 + Int(hours - 48) : 864 + Int((hours - 720) / 24)
    }

    /// The distribution of the durations in `samples` (a table of the WITH clause with columns `measure, owner,
    /// team, category, hours`), as the rest of one statement: count, mean, max, median and p90 overall and per
    /// owner, team and category (rows of kind `distribution`), and the histogram over all (kind `histogram`).
    ///
    /// Sorting every duration of every group (a window over four copies of the samples) took 13 s for a year
    /// of a million messages. Instead the durations are counted per bucket and group (one GROUP BY), running
    /// counts find the bucket that holds each wanted rank, and only the durations of those buckets are sorted
    /// to read the exact value. Percentiles interpolate linearly between the closest ranks.
    static func distributions(of samples: String) -> String {
        let dimensions =
            [("all", nil), ("owner", "owner"), ("team", "team"), ("category", "category")] as [(String, String?)]
        let bins = dimensions.map { name, column in
            "SELECT measure, '\(name)', \(column ?? "NULL"), b, sum(c), sum(total), max(top) FROM cells "
                + "GROUP BY measure, \(column.map { $0 + ", " } ?? "")b"
        }.joined(separator: " UNION ALL ")
        let wanted = [("p50lo", 0.5, 0), ("p50hi", 0.5, 1), ("p90lo", 0.9, 0), ("p90hi", 0.9, 1)]
        let ranks = wanted.map { name, p, step in
            "SELECT measure, dimension, key, '\(name)', min(n, CAST(1 + \(p) * (n - 1) AS INTEGER) + \(step)) FROM groups"
        }.joined(separator: " UNION ALL ")
        let sameKey = dimensions.dropFirst().map { name, column in "(t.dimension = '\(name)' AND s.\(column!) IS t.key)"
        }
        .joined(separator: " OR ")
        func value(_ name: String, _ p: Double) -> String {
            let position = "(1 + \(p) * (g.n - 1))"
            return "v.\(name)lo + (\(position) - CAST(\(position) AS INTEGER)) * (v.\(name)hi - v.\(name)lo)"
        }
        let edges = binEdges.enumerated().dropFirst().map { i, edge in "WHEN b < \(bucket(edge)) THEN \(i - 1)" }
        return """
            bucketed AS MATERIALIZED (
                SELECT measure, owner, team, category, hours, \(bucket) AS b FROM \(samples) WHERE hours IS NOT NULL),
            cells AS MATERIALIZED (
                SELECT measure, owner, team, category, b, count(*) AS c, sum(hours) AS total, max(hours) AS top
                FROM bucketed GROUP BY measure, owner, team, category, b),
            bins(measure, dimension, key, b, c, total, top) AS (\(bins)),
            running AS MATERIALIZED (
                SELECT measure, dimension, key, b, c, total, top,
                    sum(c) OVER (PARTITION BY measure, dimension, key ORDER BY b ROWS UNBOUNDED PRECEDING) AS upto,
                    sum(c) OVER (PARTITION BY measure, dimension, key) AS n
                FROM bins),
            groups AS MATERIALIZED (
                SELECT measure, dimension, key, max(n) AS n, sum(total) / max(n) AS mean, max(top) AS maximum
                FROM running GROUP BY measure, dimension, key),
            ranks(measure, dimension, key, which, r) AS (\(ranks)),
            targets AS MATERIALIZED (
                SELECT k.measure, k.dimension, k.key, k.which, r.b, k.r - (r.upto - r.c) AS offset
                FROM ranks k JOIN running r ON r.measure = k.measure AND r.dimension = k.dimension AND r.key IS k.key
                    AND k.r > r.upto - r.c AND k.r <= r.upto),
            picked AS (
                SELECT t.measure, t.dimension, t.key, t.which, t.offset, s.hours,
                    row_number() OVER (PARTITION BY t.measure, t.dimension, t.key, t.which ORDER BY s.hours) AS rn
                FROM targets t JOIN bucketed s ON s.measure = t.measure AND s.b = t.b
                    AND (t.dimension = 'all' OR \(sameKey))),
            v AS (
                SELECT measure, dimension, key,
                    max(CASE WHEN which = 'p50lo' THEN hours END) AS p50lo, max(CASE WHEN which = 'p50hi' THEN hours END) AS p50hi,
                    max(CASE WHEN which = 'p90lo' THEN hours END) AS p90lo, max(CASE WHEN which = 'p90hi' THEN hours END) AS p90hi
                FROM picked WHERE rn = offset GROUP BY measure, dimension, key)
            SELECT 'distribution' AS kind, g.measure AS measure, g.dimension AS dimension, g.key AS key, g.n AS n,
                g.mean AS mean, g.maximum AS maximum, \(value("p50", 0.5)) AS median, \(value("p90", 0.9)) AS p90, NULL AS bin
            FROM groups g JOIN v ON v.measure = g.measure AND v.dimension = g.dimension AND v.key IS g.key
            UNION ALL
            SELECT 'histogram', measure, 'all', NULL, sum(c), NULL, NULL, NULL, NULL,
                CASE \(edges.joined(separator: " ")) ELSE \(binEdges.count - 1) END AS bin
            FROM running WHERE dimension = 'all' GROUP BY measure, bin
            ORDER BY kind, measure, dimension, n DESC, key
            """
    }

    /// The rows of `distributions(of:)`: each group's figures, and every histogram bin of `measures`.
    static func figures(_ rows: [Row], measures: [String]) -> ([DurationRow], [HistogramBin]) {
        let durations = rows.filter { $0["kind"] == "distribution" }.map { row in
            DurationRow(
                measure: row["measure"], dimension: row["dimension"], key: row["key"], count: row["n"],
                medianHours: rounded(row["median"]), p90Hours: rounded(row["p90"]),
                meanHours: rounded(row["mean"]), maxHours: rounded(row["maximum"]))
        }
        var counts: [String: Int] = [:]
        for row in rows where row["kind"] == "histogram" {
            counts["\(row["measure"] as String)/\(row["bin"] as Int)"] = row["n"]
        }
        let bins = measures.flatMap { measure in
            binEdges.indices.map { i in
                HistogramBin(
                    measure: measure, fromHours: binEdges[i], toHours: i + 1 < binEdges.count ? binEdges[i + 1] : nil,
                    count: counts["\(measure)/\(i)"] ?? 0)
            }
        }
        return (durations, bins)
    }

    /// Histogram bin edges in hours: under 1 h, 1–4 h, 4–8 h, 8–24 h, 1–3 days, 3–7 days, a week or more.
    /// Each is a bucket boundary (`bucket`), so bins are counted from buckets.
    static let binEdges: [Double] = [0, 1, 4, 8, 24, 72, 168]

    /// Hours to the nearest thousandth (3.6 s): figures read as 1.5, not 1.4999999999999998.
    static func rounded(_ hours: Double?) -> Double {
        ((hours ?? 0) * 1000).rounded() / 1000
    }
}
