import Foundation

/// A term that sets one group of texts apart from another.
public struct DistinctiveTerm: Sendable, Equatable {
    /// What the texts share (an English stem, a Chinese bigram or trigram).
    public var key: String
    /// The form to show: the most frequent way the texts wrote it.
    public var display: String
    /// Texts of the group that contain the term.
    public var documents: Int
    /// Texts of the background that contain the term.
    public var backgroundDocuments: Int
    /// How far the term sets the group apart: a z-score (above about 2: not chance).
    public var score: Double
}

/// Terms that distinguish a group of texts (complaints) from a background (all mail): the weighted log-odds
/// ratio with an informative Dirichlet prior (Monroe, Colaresi and Quinn, "Fightin' Words", 2008), over the
/// number of texts containing each term, so one long text cannot make a topic. Pure.
public enum DistinctiveTerms {
    /// The `limit` best terms occurring in at least `minimumDocuments` texts of the group, best first. A term
    /// contained in a longer chosen one that covers most of its texts is left out (退款 under 退款慢), and a
    /// longer term that covers most of a chosen shorter one's texts replaces it.
    public static func rank(group: [[String: String]], background: [[String: String]], minimumDocuments: Int = 2,
                            limit: Int = 10) -> [DistinctiveTerm] {
        guard !group.isEmpty, !background.isEmpty else { return [] }
        var groupCount: [String: Int] = [:], backgroundCount: [String: Int] = [:]
        var forms: [String: [String: Int]] = [:]
        for terms in group {
            for (key, form) in terms {
                groupCount[key, default: 0] += 1
                forms[key, default: [:]][form, default: 0] += 1
            }
        }
        for terms in background { for key in terms.keys { backgroundCount[key, default: 0] += 1 } }
        let groupTotal = Double(groupCount.values.reduce(0, +))
        let backgroundTotal = Double(backgroundCount.values.reduce(0, +))
        // The prior: every term's share of both together, worth `strength` observations in all.
        let strength = 500.0
        let allTotal = groupTotal + backgroundTotal
        var scored: [DistinctiveTerm] = []
        for (key, y1) in groupCount where y1 >= minimumDocuments {
            let y2 = backgroundCount[key] ?? 0
            let alpha = strength * Double(y1 + y2) / allTotal
            let a = Double(y1) + alpha, b = Double(y2) + alpha
            let delta = log(a / (groupTotal + strength - a)) - log(b / (backgroundTotal + strength - b))
            let score = delta / (1 / a + 1 / b).squareRoot()
            guard score > 0 else { continue }
            let display = forms[key]?.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key ?? key
            scored.append(DistinctiveTerm(key: key, display: display, documents: y1, backgroundDocuments: y2, score: score))
        }
        scored.sort { $0.score > $1.score || ($0.score == $1.score && $0.key < $1.key) }
        var chosen: [DistinctiveTerm] = []
        for term in scored {
            if chosen.contains(where: { isPart(term.key, of: $0.key) && covers($0, term) }) { continue }
            let parts = chosen.indices.filter { isPart(chosen[$0].key, of: term.key) }
            if !parts.isEmpty {
                // Kept only if it stands for every chosen part (退款慢 for both 退款 and 款慢).
                guard parts.allSatisfy({ covers(term, chosen[$0]) }) else { continue }
                chosen[parts[0]] = term
                for i in parts.dropFirst().reversed() { chosen.remove(at: i) }
                continue
            }
            chosen.append(term)
            if chosen.count == limit { break }
        }
        return chosen
    }

    /// Whether Chinese term `short` is part of the longer `long` (English stems are never parts: "fund" is not
    /// a topic inside "refund").
    private static func isPart(_ short: String, of long: String) -> Bool {
        short != long && long.unicodeScalars.allSatisfy(Tokenizer.isCJK) && short.unicodeScalars.allSatisfy(Tokenizer.isCJK)
            && long.contains(short)
    }

    /// Whether the longer term occurs in most (80 %) of the texts of the shorter one it contains.
    private static func covers(_ longer: DistinctiveTerm, _ shorter: DistinctiveTerm) -> Bool {
        Double(longer.documents) >= 0.8 * Double(shorter.documents)
    }
}
