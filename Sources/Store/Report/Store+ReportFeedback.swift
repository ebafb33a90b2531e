import Foundation
import GRDB

extension Store {
    /// Feedback threads opened in the period by type (with the previous period of equal length beside them) and
    /// the ratings customers wrote in them.
    public func reportFeedback(_ scope: ReportScope) throws -> FeedbackFigures {
        let previousFrom = Timestamp.string(scope.from.addingTimeInterval(-scope.to.timeIntervalSince(scope.from)))
        return try read { db in
            let types = try Row.fetchAll(
                db,
                sql: """
                    SELECT feedback_type, count(*) FILTER (WHERE created_at >= :from) AS n,
                        count(*) FILTER (WHERE created_at < :from) AS previous,
                        count(*) FILTER (WHERE created_at >= :from AND rating BETWEEN 1 AND 5) AS rated,
                        avg(rating) FILTER (WHERE created_at >= :from AND rating BETWEEN 1 AND 5) AS average
                    FROM thread WHERE kind = 'feedback' AND created_at >= :previous AND created_at < :to
                    GROUP BY feedback_type
                    ORDER BY CASE feedback_type WHEN 'praise' THEN 0 WHEN 'complaint' THEN 1 WHEN 'suggestion' THEN 2 ELSE 3 END
                    """, arguments: ["from": scope.fromText, "to": scope.toText, "previous": previousFrom]
            ).map { row in
                FeedbackTypeRow(
                    type: row["feedback_type"], count: row["n"], previousCount: row["previous"],
                    rated: row["rated"], averageRating: (row["average"] as Double?).map { ($0 * 100).rounded() / 100 })
            }
            let ratings = try Row.fetchAll(
                db,
                sql: """
                    SELECT rating, count(*) AS n FROM thread
                    WHERE kind = 'feedback' AND created_at >= ? AND created_at < ? AND rating BETWEEN 1 AND 5
                    GROUP BY rating
                    """, arguments: [scope.fromText, scope.toText])
            var byRating: [Int: Int] = [:]
            for row in ratings { byRating[row["rating"]] = row["n"] }
            let rated = byRating.values.reduce(0, +)
            let sum = byRating.reduce(0) { $0 + $1.key * $1.value }
            return FeedbackFigures(
                types: types, rated: rated,
                averageRating: rated == 0 ? nil : (Double(sum) / Double(rated) * 100).rounded() / 100,
                ratings: (1...5).map { CountRow(key: String($0), count: byRating[$0] ?? 0) })
        }
    }

    /// The opening words of complaint threads opened in `[from, to)`, newest first, at most `limit`.
    public func complaintOpenings(from: Date, to: Date, limit: Int) throws -> [OpeningText] {
        try openings(
            from: from, to: to, condition: "t.kind = 'feedback' AND t.feedback_type = 'complaint'",
            stride: 1, limit: limit)
    }

    /// The opening words of an even sample of at most `limit` need and feedback threads opened in `[from, to)`
    /// (every k-th thread id): what "all mail" says, against which complaints' terms stand out.
    public func sampledOpenings(from: Date, to: Date, limit: Int) throws -> [OpeningText] {
        let total = try read { db in
            try Int.fetchOne(
                db,
                sql:
                    "SELECT count(*) FROM thread WHERE created_at >= ? AND created_at < ? AND \(ReportSQL.serviceKinds)",
                arguments: [Timestamp.string(from), ReportScope.end(to)]) ?? 0
        }
        return try openings(
            from: from, to: to, condition: "t." + ReportSQL.serviceKinds,
            stride: max(1, total / max(1, limit)), limit: limit)
    }

    /// Subject and the first customer message (its first 8,000 characters: enough for topics, bounded for
    /// hostile giants) of threads matching `condition`.
    private func openings(from: Date, to: Date, condition: String, stride: Int, limit: Int) throws -> [OpeningText] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT t.id, t.subject,
                        (SELECT substr(m.text, 1, 8000) FROM message m
                         WHERE m.thread_id = t.id AND m.direction = 'in' AND m.author = 'customer' ORDER BY m.id LIMIT 1) AS text
                    FROM thread t
                    WHERE t.created_at >= ? AND t.created_at < ? AND \(condition) AND t.id % ? = 0
                    ORDER BY t.id DESC LIMIT ?
                    """, arguments: [Timestamp.string(from), ReportScope.end(to), stride, limit]
            ).map { row in
                OpeningText(threadID: row["id"], subject: row["subject"], text: row["text"] ?? "")
            }
        }
    }
}
