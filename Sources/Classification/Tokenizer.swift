/// Tokens that work for Chinese and English alike: lowercased words for Latin script, character unigrams and
/// bigrams for Han, kana and hangul runs (Chinese has no spaces; bigrams carry most of its word meaning).
public enum Tokenizer {
    public static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var word = ""
        var cjk: [Character] = []
        func flushWord() {
            if word.count >= 2 && word.count <= 30 { tokens.append(word) }
            word = ""
        }
        func flushCJK() {
            for (i, c) in cjk.enumerated() {
                tokens.append(String(c))
                if i + 1 < cjk.count { tokens.append(String(c) + String(cjk[i + 1])) }
            }
            cjk.removeAll()
        }
        for scalar in text.unicodeScalars {
            let s = halfWidth(scalar)
            if isCJK(s) {
                flushWord()
                cjk.append(Character(s))
            } else if s.properties.isAlphabetic || ("0"..."9").contains(s) {
                flushCJK()
                word.unicodeScalars.append(contentsOf: s.properties.lowercaseMapping.unicodeScalars)
            } else {
                flushWord()
                flushCJK()
            }
        }
        flushWord()
        flushCJK()
        return tokens
    }

    /// A light English stem, enough for a handful of examples to generalise: `invoices`, `invoiced` and
    /// `invoicing` meet at `invoic`/`invoice`, `replies` at `reply`. Only ASCII words of five letters or more are
    /// touched; Chinese and short words are returned as they are.
    public static func stem(_ token: String) -> String {
        guard token.utf8.count > 4, token.utf8.allSatisfy({ $0 < 0x80 }) else { return token }
        if token.hasSuffix("ies") { return String(token.dropLast(3)) + "y" }
        if token.hasSuffix("ing") && token.utf8.count > 5 { return String(token.dropLast(3)) }
        if token.hasSuffix("ed") { return String(token.dropLast(2)) }
        if token.hasSuffix("s") && !token.hasSuffix("ss") { return String(token.dropLast()) }
        return token
    }

    static func isCJK(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0x20000...0x2FA1F:
            return true
        default: return false
        }
    }

    /// Full-width ASCII (ＡＢＣ１２３) as ASCII.
    static func halfWidth(_ s: Unicode.Scalar) -> Unicode.Scalar {
        if s.value >= 0xFF01 && s.value <= 0xFF5E { return Unicode.Scalar(s.value - 0xFEE0)! }
        return s
    }
}
