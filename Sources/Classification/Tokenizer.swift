/// Tokens that work for Chinese and English alike: lowercased words for Latin script, character unigrams and
/// bigrams for Han, kana and hangul runs (Chinese has no spaces; bigrams carry most of its word meaning).
public enum Tokenizer {
    public static func tokens(_ text: String) -> [String] {
        // One pass over the scalars with an ASCII fast path: this runs on every new thread's text, and Character
        // or per-scalar String work would cost more than the model.
        var tokens: [String] = []
        var word = String.UnicodeScalarView()
        var wordIsASCII = true
        var cjk: [Unicode.Scalar] = []
        func flushWord() {
            // Up to 30 characters (grapheme clusters): one per scalar in ASCII, counted in other scripts.
            if word.count >= 2 {
                let token = String(word)
                let length = wordIsASCII ? word.count : token.count
                if length >= 2 && length <= 30 { tokens.append(token) }
            }
            word.removeAll(keepingCapacity: true)
            wordIsASCII = true
        }
        func flushCJK() {
            for (i, c) in cjk.enumerated() {
                tokens.append(String(c))
                if i + 1 < cjk.count {
                    var pair = String.UnicodeScalarView()
                    pair.append(c)
                    pair.append(cjk[i + 1])
                    tokens.append(String(pair))
                }
            }
            cjk.removeAll(keepingCapacity: true)
        }
        for scalar in text.unicodeScalars {
            let s = halfWidth(scalar)
            if s.value < 0x80 {
                let v = s.value
                if (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) {
                    if !cjk.isEmpty { flushCJK() }
                    word.append(s)
                } else if v >= 0x41 && v <= 0x5A {
                    if !cjk.isEmpty { flushCJK() }
                    word.append(Unicode.Scalar(UInt8(v + 0x20)))
                } else {
                    flushWord()
                    if !cjk.isEmpty { flushCJK() }
                }
            } else if isCJK(s) {
                flushWord()
                cjk.append(s)
            } else if s.properties.isAlphabetic {
                if !cjk.isEmpty { flushCJK() }
                word.append(contentsOf: s.properties.lowercaseMapping.unicodeScalars)
                wordIsASCII = false
            } else {
                flushWord()
                if !cjk.isEmpty { flushCJK() }
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
