import Classification
import Foundation
import Store

/// A term complaints of the period use more than mail in general, and how often the previous period's did.
public struct TopicRow: Codable, Sendable, Equatable {
    /// Customer-written: escape it wherever it is shown.
    public var term: String
    /// Complaints of the period (among those read) that use the term.
    public var complaints: Int
    public var share: Double
    public var previousComplaints: Int
    /// Nil when the previous period had no complaints.
    public var previousShare: Double?
    /// `new` (absent before), `rising` (share up by a quarter or more), `falling` (down by a fifth or more), `steady`.
    public var trend: String
    /// How far the term sets complaints apart from all mail (a z-score).
    public var score: Double

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(term, forKey: .term)
        try c.encode(complaints, forKey: .complaints)
        try c.encode(share, forKey: .share)
        try c.encode(previousComplaints, forKey: .previousComplaints)
        try c.encode(previousShare, forKey: .previousShare)
        try c.encode(trend, forKey: .trend)
        try c.encode(score, forKey: .score)
    }
}

/// The most frequent complaint topics: the terms (English words, Chinese words) that distinguish the period's
/// complaints from all of its mail, and their trend against the previous period of equal length.
///
/// Reads the opening words (subject and first message, quotes stripped) of at most `complaintLimit` complaints
/// per period and an even sample of at most `backgroundLimit` of all threads; tokenising every message of a
/// large store would take minutes, and a sample of thousands ranks the same terms.
public struct ComplaintTopics: Codable, Sendable, Equatable {
    public var complaintsRead: Int
    public var previousComplaintsRead: Int
    public var backgroundRead: Int
    public var terms: [TopicRow]

    public static let complaintLimit = 2_000
    public static let backgroundLimit = 4_000

    public static func analyse(_ store: Store, period: ReportPeriod, limit: Int = 10) throws -> ComplaintTopics {
        let complaints = try store.complaintOpenings(from: period.from, to: period.to, limit: complaintLimit).map(
            document)
        let background = try store.sampledOpenings(from: period.from, to: period.to, limit: backgroundLimit).map(
            document)
        let before = period.previous
        let previous = try store.complaintOpenings(from: before.from, to: before.to, limit: complaintLimit).map(
            document)
        let ranked = DistinctiveTerms.rank(group: complaints, background: background, limit: limit)
        let rows = ranked.map { term -> TopicRow in
            let earlier = previous.filter(term.occurs).count
            let share = Double(term.documents) / Double(complaints.count)
            let previousShare = previous.isEmpty ? nil : Double(earlier) / Double(previous.count)
            return TopicRow(
                term: term.display, complaints: term.documents, share: rounded(share), previousComplaints: earlier,
                previousShare: previousShare.map(rounded), trend: trend(share, previousShare),
                score: rounded(term.score))
        }
        return ComplaintTopics(
            complaintsRead: complaints.count, previousComplaintsRead: previous.count,
            backgroundRead: background.count, terms: rows)
    }

    private static func document(_ opening: OpeningText) -> TopicDocument {
        TopicDocument(opening.subject + "\n" + QuoteStripper.strip(opening.text))
    }

    static func trend(_ share: Double, _ previous: Double?) -> String {
        guard let previous, previous > 0 else { return "new" }
        let ratio = share / previous
        return ratio >= 1.25 ? "rising" : ratio <= 0.8 ? "falling" : "steady"
    }

    private static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
}
