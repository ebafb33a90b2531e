import Foundation

/// A rating the customer wrote: "5分", "给五星", "4/5", "★★★★", "10/10", "five stars" → 1...5.
public enum RatingExtractor {
    public static func rating(in text: String) -> Int? {
        // Stars are counted as Characters ("⭐️" is one), only when a star's bytes occur at all.
        let raw = SearchText(verbatim: text)  // the triggers are written in each case that matters
        if raw.contains("★") || raw.contains("⭐") {
            let stars = text.filter { $0 == "★" || $0 == "⭐" }.count
            if (1...5).contains(stars) { return stars }
        }
        // Each pattern needs its trigger in the text: most messages skip the regular expressions entirely.
        for (regex, scale, trigger) in compiled.patterns where trigger.contains(where: raw.contains) {
            guard let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
                let range = Range(match.range(at: 1), in: text)
            else { continue }
            let token = String(text[range])
            guard let value = Int(token) ?? chineseNumbers[token] ?? englishNumbers[token.lowercased()] else {
                continue
            }
            let scaled = scale == 10 ? Int((Double(value) / 2).rounded()) : value
            if (1...5).contains(scaled) { return scaled }
        }
        return nil
    }

    /// The patterns compiled once (matching with a compiled NSRegularExpression is thread-safe).
    private struct Compiled: @unchecked Sendable {
        let patterns: [(NSRegularExpression, Int, [String])]
    }

    private static let compiled = Compiled(
        patterns: patterns.map { pattern, scale, trigger in
            (try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive]), scale, trigger)
        })

    /// Pattern, scale, and the strings one of which must occur for the pattern to be tried.
    private static let patterns: [(String, Int, [String])] = [
        (#"(10|[0-9])\s*/\s*10\b"#, 10, ["/"]),
        (#"\b([1-5])\s*/\s*5\b"#, 5, ["/"]),
        (#"(?:打|给|給|评|評)\s*([1-5一二两兩三四五])\s*(?:分|星|顆星|颗星)"#, 5, ["分", "星"]),
        (#"([1-5一二两兩三四五])\s*(?:分|星|顆星|颗星)(?:好评|好評|满分|滿分)?"#, 5, ["分", "星"]),
        (#"\b([1-5]|one|two|three|four|five)[ -]stars?\b"#, 5, ["star", "Star", "STAR"])
    ]
    private static let chineseNumbers = ["一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5]
    private static let englishNumbers = ["one": 1, "two": 2, "three": 3, "four": 4, "five": 5]
}
