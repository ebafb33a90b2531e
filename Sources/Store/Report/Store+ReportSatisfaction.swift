import Foundation
import GRDB

/// Satisfaction of one group (an agent, a category): surveys sent and answers received in the period.
public struct SatisfactionRow: Codable, Sendable, Equatable {
    /// `owner` or `category`.
    public var dimension: String
    public var key: String?
    public var surveys: Int
    /// Of those surveys, how many were answered (by the report's `now`).
    public var answeredSurveys: Int
    public var responseRate: Double?
    /// Answers received in the period, and their scores.
    public var answers: Int
    public var average: Double?
    /// Share of answers scoring 4 or 5 (the usual CSAT %).
    public var satisfied: Double?
    /// Answers scoring 1 or 2.
    public var low: Int

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(dimension, forKey: .dimension)
        try c.encode(key, forKey: .key)
        try c.encode(surveys, forKey: .surveys)
        try c.encode(answeredSurveys, forKey: .answeredSurveys)
        try c.encode(responseRate, forKey: .responseRate)
        try c.encode(answers, forKey: .answers)
        try c.encode(average, forKey: .average)
        try c.encode(satisfied, forKey: .satisfied)
        try c.encode(low, forKey: .low)
    }
}

/// A low score (1 or 2) received in the period, with what it set off.
public struct LowScore: Codable, Sendable, Equatable {
    public var thread: Int64
    public var score: Int
    public var owner: String?
    public var category: String?
    /// Customer-written, at most 300 characters: escape it wherever it is shown.
    public var comment: String?
    public var answeredAt: String
    /// `reopened`, `notified`, or nil.
    public var action: String?

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(thread, forKey: .thread)
        try c.encode(score, forKey: .score)
        try c.encode(owner, forKey: .owner)
        try c.encode(category, forKey: .category)
        try c.encode(comment, forKey: .comment)
        try c.encode(answeredAt, forKey: .answeredAt)
        try c.encode(action, forKey: .action)
    }
}

/// Satisfaction surveys (CSAT): those sent in the period and how many were answered, and the answers received
/// in it — overall, per agent (the thread's owner when it was resolved) and per category.
public struct SatisfactionFigures: Codable, Sendable, Equatable {
    public var overall: SatisfactionRow
    /// Scores 1 to 5 of the answers received in the period, each present.
    public var scores: [CountRow]
    public var byOwner: [SatisfactionRow]
    public var byCategory: [SatisfactionRow]
    /// The latest low scores, newest first.
    public var lowScores: [LowScore]
}

extension Store {
    /// Surveys sent in `[from, to)` with their response rate, and answers received in it with their scores.
    public func reportSatisfaction(_ scope: ReportScope, lowScores limit: Int = 10) throws -> SatisfactionFigures {
        let from = scope.fromText, to = scope.toText
        // One row per survey that was sent in the period or answered in it, flagged for each.
        let cases = """
            WITH cases AS (
                SELECT agent AS owner, category, score,
                    state = 'sent' AND created_at >= ?1 AND created_at < ?2 AS sent,
                    state = 'sent' AND created_at >= ?1 AND created_at < ?2 AND answered_at IS NOT NULL AS sent_answered,
                    answered_at >= ?1 AND answered_at < ?2 AND score IS NOT NULL AS answer
                FROM csat WHERE state = 'sent' AND ((created_at >= ?1 AND created_at < ?2) OR (answered_at >= ?1 AND answered_at < ?2)))
            """
        let figures = """
            sum(sent) AS surveys, sum(sent_answered) AS answered_surveys, sum(answer) AS answers,
            avg(CASE WHEN answer THEN score END) AS average,
            sum(answer AND score >= 4) AS satisfied, sum(answer AND score <= 2) AS low
            """
        let groups = """
            SELECT 'all' AS dimension, NULL AS key, \(figures) FROM cases
            UNION ALL SELECT 'owner', owner, \(figures) FROM cases GROUP BY owner
            UNION ALL SELECT 'category', category, \(figures) FROM cases GROUP BY category
            ORDER BY dimension, answers DESC, surveys DESC, key
            """
        return try read { db in
            let rows = try Row.fetchAll(db, sql: cases + groups, arguments: [from, to]).map { row in
                let surveys: Int = row["surveys"] ?? 0, answeredSurveys: Int = row["answered_surveys"] ?? 0
                let answers: Int = row["answers"] ?? 0, satisfied: Int = row["satisfied"] ?? 0
                return SatisfactionRow(
                    dimension: row["dimension"], key: row["key"], surveys: surveys, answeredSurveys: answeredSurveys,
                    responseRate: surveys == 0 ? nil : ReportSQL.rounded(Double(answeredSurveys) / Double(surveys)),
                    answers: answers, average: (row["average"] as Double?).map { ($0 * 100).rounded() / 100 },
                    satisfied: answers == 0 ? nil : ReportSQL.rounded(Double(satisfied) / Double(answers)),
                    low: row["low"] ?? 0)
            }
            let overall =
                rows.first { $0.dimension == "all" }
                ?? SatisfactionRow(
                    dimension: "all", key: nil, surveys: 0, answeredSurveys: 0, responseRate: nil, answers: 0,
                    average: nil,
                    satisfied: nil, low: 0)
            var byScore: [Int: Int] = [:]
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT score, count(*) AS n FROM csat INDEXED BY csat_answered
                    WHERE answered_at >= ? AND answered_at < ? AND score IS NOT NULL GROUP BY score
                    """, arguments: [from, to])
            { byScore[row["score"]] = row["n"] }
            let low = try Row.fetchAll(
                db,
                sql: """
                    SELECT thread_id, score, agent, category, substr(comment, 1, 300) AS comment, answered_at, low_action
                    FROM csat INDEXED BY csat_answered
                    WHERE answered_at >= ? AND answered_at < ? AND score <= 2
                    ORDER BY answered_at DESC, id DESC LIMIT ?
                    """, arguments: [from, to, limit]
            ).map { row in
                LowScore(
                    thread: row["thread_id"], score: row["score"], owner: row["agent"], category: row["category"],
                    comment: row["comment"], answeredAt: row["answered_at"], action: row["low_action"])
            }
            return SatisfactionFigures(
                overall: overall, scores: (1...5).map { CountRow(key: String($0), count: byScore[$0] ?? 0) },
                byOwner: rows.filter { $0.dimension == "owner" },
                byCategory: rows.filter { $0.dimension == "category" },
                lowScores: low)
        }
    }
}
