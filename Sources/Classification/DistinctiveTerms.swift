import Foundation

/// A text as topic analysis reads it: its words and its terms.
public struct TopicDocument: Sendable {
    public let text: String
    public let terms: [String: String]

    /// Function words are taken out of `text` first, so a phrase never runs across one.
    public init(_ text: String) {
        self.text = TopicTerms.cleaned(text)
        terms = TopicTerms.terms(in: self.text)
    }
}

/// A term that sets one group of texts apart from another: an English word or a Chinese phrase.
public struct DistinctiveTerm: Sendable, Equatable {
    /// What the texts share: an English stem, or the Chinese phrase itself.
    public var key: String
    /// The form to show: the most frequent way the texts wrote it.
    public var display: String
    /// Texts of the group that contain the term.
    public var documents: Int
    /// Texts of the background that contain the term.
    public var backgroundDocuments: Int
    /// How far the term sets the group apart: a z-score (above about 2: not chance).
    public var score: Double

    /// Whether `document` contains the term.
    public func occurs(in document: TopicDocument) -> Bool {
        DistinctiveTerms.isChinese(key) ? document.text.contains(key) : document.terms[key] != nil
    }
}

/// Terms that distinguish a group of texts (complaints) from a background (all mail): the weighted log-odds
/// ratio with an informative Dirichlet prior (Monroe, Colaresi and Quinn, "Fightin' Words", 2008), over the
/// number of texts containing each term, so one long text cannot make a topic. Chinese bigrams that the same
/// texts write one after the other are joined into the phrase they spell (包装 + 装破 + 破损: 包装破损). Pure.
public enum DistinctiveTerms {
    /// The `limit` best terms occurring in at least `minimumDocuments` texts of the group, best first.
    public static func rank(
        group: [TopicDocument], background: [TopicDocument], minimumDocuments: Int = 2,
        limit: Int = 10
    ) -> [DistinctiveTerm] {
        let scored = score(group: group, background: background, minimumDocuments: minimumDocuments)
        let bigrams = scored.filter { isChinese($0.key) }
        var chosen: [DistinctiveTerm] = []
        for term in scored where chosen.count < limit {
            guard isChinese(term.key) else { chosen.append(term); continue }
            guard let phrase = grow(term.key, from: bigrams, in: group) else { continue }
            guard !chosen.contains(where: { $0.key.contains(phrase) || phrase.contains($0.key) }) else { continue }
            let documents = group.filter { $0.text.contains(phrase) }.count
            guard documents >= minimumDocuments else { continue }
            chosen.append(
                DistinctiveTerm(
                    key: phrase, display: phrase, documents: documents,
                    backgroundDocuments: background.filter { $0.text.contains(phrase) }.count,
                    score: term.score))
        }
        return chosen
    }

    /// Every term's score, best first: only terms the group uses more than the background.
    static func score(group: [TopicDocument], background: [TopicDocument], minimumDocuments: Int) -> [DistinctiveTerm] {
        guard !group.isEmpty, !background.isEmpty else { return [] }
        var groupCount: [String: Int] = [:], backgroundCount: [String: Int] = [:]
        var forms: [String: [String: Int]] = [:]
        for document in group {
            for (key, form) in document.terms {
                groupCount[key, default: 0] += 1
                forms[key, default: [:]][form, default: 0] += 1
            }
        }
        for document in background { for key in document.terms.keys { backgroundCount[key, default: 0] += 1 } }
        let groupTotal = Double(groupCount.values.reduce(0, +))
        let backgroundTotal = Double(backgroundCount.values.reduce(0, +))
        // The prior: each term's share of both together, worth `strength` observations in all.
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
            // The most frequent form; on a tie the longer, then the first in order.
            let display =
                forms[key]?.max {
                    ($0.value, $0.key.count, $1.key) < ($1.value, $1.key.count, $0.key)
                }?.key ?? key
            scored.append(
                DistinctiveTerm(key: key, display: display, documents: y1, backgroundDocuments: y2, score: score))
        }
        return scored.sorted { $0.score > $1.score || ($0.score == $1.score && $0.key < $1.key) }
    }

    /// The phrase a Chinese bigram belongs to: extended one character at a time by a distinctive bigram that
    /// overlaps its end, as long as most (80 %) of the texts with the phrase go on that way; then function words
    /// (非常, 已经) and adverbs or numbers (太, 也, 两) at either end are dropped again. At most six characters;
    /// nil when less than a word is left.
    static func grow(_ bigram: String, from bigrams: [DistinctiveTerm], in group: [TopicDocument]) -> String? {
        var phrase = bigram
        var texts = group.filter { $0.text.contains(phrase) }
        while phrase.count < 6 {
            var best: (String, [TopicDocument])?
            for candidate in bigrams where candidate.key != phrase {
                let extended: String
                if candidate.key.first == phrase.last {
                    extended = phrase + String(candidate.key.last!)
                } else if candidate.key.last == phrase.first {
                    extended = String(candidate.key.first!) + phrase
                } else {
                    continue
                }
                let with = texts.filter { $0.text.contains(extended) }
                if Double(with.count) >= 0.8 * Double(texts.count), with.count > (best?.1.count ?? 0) {
                    best = (extended, with)
                }
            }
            guard let (extended, with) = best else { break }
            phrase = extended
            texts = with
        }
        var scalars = Array(phrase.unicodeScalars)
        func edge(_ part: ArraySlice<Unicode.Scalar>) -> Bool {
            TopicTerms.functionBigrams.contains(String(String.UnicodeScalarView(part)))
        }
        var trimmed = true
        while trimmed && scalars.count >= 2 {
            trimmed = false
            if scalars.count > 2, edge(scalars.prefix(2)) { scalars.removeFirst(2); trimmed = true }
            if scalars.count > 2, edge(scalars.suffix(2)) { scalars.removeLast(2); trimmed = true }
            if scalars.count > 2, let first = scalars.first, TopicTerms.edgeCharacters.contains(first) {
                scalars.removeFirst()
                trimmed = true
            }
            if scalars.count > 2, let last = scalars.last, TopicTerms.edgeCharacters.contains(last) {
                scalars.removeLast()
                trimmed = true
            }
        }
        guard scalars.count >= 2 else { return nil }
        return String(String.UnicodeScalarView(scalars))
    }

    static func isChinese(_ key: String) -> Bool {
        !key.isEmpty && key.unicodeScalars.allSatisfy(Tokenizer.isCJK)
    }
}
