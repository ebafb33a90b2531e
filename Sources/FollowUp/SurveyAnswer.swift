import Classification
import Foundation

/// A customer's answer to a satisfaction survey, read from their reply's own text (quotes and signature already
/// removed): a score from 1 to 5 and what else they wrote.
public struct SurveyAnswer: Sendable, Equatable {
    public var score: Int
    /// The rest of their words, kept as feedback; nil when they wrote only the score.
    public var comment: String?

    public init(score: Int, comment: String?) {
        self.score = score
        self.comment = comment
    }

    /// The answer in `text`, or nil when it gives no score. The score must open the reply: a digit 1–5 on its own
    /// ("4", "4 - quick answer", "５"), a rating ("4/5", "4分", "★★★★", "four stars"), or words of satisfaction on a
    /// short first line ("满意", "非常不滿意", "great", "not satisfied"). A longer text that merely contains such a
    /// word ("is there a good way to…") is a new message, not an answer.
    public static func parse(_ text: String) -> SurveyAnswer? {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard let index = lines.firstIndex(where: { !$0.isEmpty }) else { return nil }
        let first = normalised(lines[index])
        let rest = lines[(index + 1)...].joined(separator: "\n")
        guard let (score, remainder) = score(in: first) else { return nil }
        let comment = [remainder, rest].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return SurveyAnswer(score: score, comment: comment.isEmpty ? nil : comment)
    }

    /// The score of a first line and what follows it on that line.
    static func score(in line: String) -> (Int, String)? {
        if let digit = line.first, let value = digit.wholeNumberValue, (1...5).contains(value), digit.isASCII {
            let after = line.dropFirst()
            let next = after.first
            if next == nil || next?.isNumber == false {
                let rest = after.drop { $0 == " " || $0 == "\t" }
                if rest.hasPrefix("/") {
                    // "4/5", "4 / 5", "8/10" (RatingExtractor scales tens).
                    let fraction = rest.dropFirst().drop { $0 == " " }
                    let denominator = fraction.prefix { $0.isNumber }
                    if denominator == "5" { return (value, strip(fraction.dropFirst(denominator.count))) }
                    if denominator == "10", let rating = RatingExtractor.rating(in: String(line.prefix(8))) {
                        return (rating, strip(fraction.dropFirst(2)))
                    }
                } else if rest.isEmpty || rest.first.map(separators.contains) == true {
                    return (value, strip(rest))
                } else if let unit = units.first(where: { rest.lowercased().hasPrefix($0) }) {
                    return (value, strip(rest.dropFirst(unit.count)))
                }
            }
        }
        // Words count only on a short line that asks nothing: "Is there a good way to…?" is a new question.
        let words = line.split { $0 == " " || $0 == "\t" }.count
        let cjk = line.unicodeScalars.contains { (0x3400...0x9FFF).contains($0.value) }
        guard line.count <= 60, !line.contains("?"), !line.contains("？"), cjk ? line.count <= 24 : words <= 6 else {
            return nil
        }
        if let rating = RatingExtractor.rating(in: line) {
            // "8/10" and "★★★★" are the rating alone; "给5分，谢谢" keeps its words.
            return (rating, line.allSatisfy { "0123456789/ ★⭐".contains($0) } ? "" : line)
        }
        let lower = line.lowercased()
        for (phrase, score) in phrases where contains(lower, phrase) {
            return (
                score, lower.trimmingCharacters(in: .punctuationCharacters.union(.whitespaces)) == phrase ? "" : line
            )
        }
        return nil
    }

    /// Whether `phrase` occurs in `text` as words (Latin phrases need word boundaries: "ok" is not in "book").
    static func contains(_ text: String, _ phrase: String) -> Bool {
        guard phrase.unicodeScalars.first.map({ $0.isASCII }) == true else { return text.contains(phrase) }
        var searchRange = text.startIndex..<text.endIndex
        while let found = text.range(of: phrase, range: searchRange) {
            let before = found.lowerBound == text.startIndex ? nil : text[text.index(before: found.lowerBound)]
            let after = found.upperBound == text.endIndex ? nil : text[found.upperBound]
            if before.map({ !$0.isLetter }) ?? true, after.map({ !$0.isLetter }) ?? true { return true }
            searchRange = found.upperBound..<text.endIndex
        }
        return false
    }

    /// Units that may follow a bare score: "4 stars", "4分", "4颗星".
    static let units = ["stars", "star", "分", "颗星", "顆星", "星", "points", "pts"]

    /// What may follow a bare score on its line.
    static let separators: Set<Character> = [
        "-", "–", "—", ".", ",", "，", "。", ":", "：", "!", "！", ")", "）", "、", ";", "；"
    ]

    /// Words of satisfaction, longest (and negated) forms first so that "不满意" is never read as "满意".
    static let phrases: [(String, Int)] = [
        ("非常不满意", 1), ("非常不滿意", 1), ("很不满意", 1), ("很不滿意", 1), ("极不满意", 1), ("極不滿意", 1),
        ("非常满意", 5), ("非常滿意", 5), ("很满意", 5), ("很滿意", 5), ("十分满意", 5), ("十分滿意", 5),
        ("不太满意", 2), ("不太滿意", 2), ("不满意", 2), ("不滿意", 2), ("不满", 2), ("不滿", 2),
        ("比较满意", 4), ("比較滿意", 4), ("基本满意", 4), ("基本滿意", 4), ("满意", 4), ("滿意", 4),
        ("一般", 3), ("还行", 3), ("還行", 3), ("还可以", 3), ("還可以", 3), ("凑合", 3), ("湊合", 3),
        ("很差", 1), ("太差", 1), ("差评", 1), ("差評", 1), ("好评", 5), ("好評", 5), ("很好", 5), ("非常好", 5),
        ("very dissatisfied", 1), ("extremely dissatisfied", 1), ("very unsatisfied", 1), ("terrible", 1), ("awful", 1),
        ("horrible", 1), ("very bad", 1), ("very poor", 1), ("worst", 1),
        ("not satisfied", 2), ("dissatisfied", 2), ("unsatisfied", 2), ("not happy", 2), ("unhappy", 2),
        ("not good", 2), ("poor", 2), ("bad", 2),
        ("very satisfied", 5), ("extremely satisfied", 5), ("excellent", 5), ("outstanding", 5), ("amazing", 5),
        ("perfect", 5), ("great", 5), ("fantastic", 5), ("very good", 5), ("very happy", 5),
        ("satisfied", 4), ("good", 4), ("happy", 4),
        ("neutral", 3), ("average", 3), ("okay", 3), ("so-so", 3), ("so so", 3), ("ok", 3), ("fine", 3)
    ]

    /// Full-width digits and stars read as their ASCII forms.
    static func normalised(_ line: String) -> String {
        String(
            String.UnicodeScalarView(
                line.unicodeScalars.map { scalar in
                    (0xFF10...0xFF19).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0xFF10 + 0x30)! : scalar
                }))
    }

    /// The comment part after a score: leading separators and spaces removed.
    static func strip(_ text: Substring) -> String {
        String(text.drop { $0 == " " || $0 == "\t" || separators.contains($0) })
    }
}
