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

    static func isCJK(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0x20000...0x2FA1F: return true
        default: return false
        }
    }

    /// Full-width ASCII (ＡＢＣ１２３) as ASCII.
    static func halfWidth(_ s: Unicode.Scalar) -> Unicode.Scalar {
        if s.value >= 0xFF01 && s.value <= 0xFF5E { return Unicode.Scalar(s.value - 0xFEE0)! }
        return s
    }
}
