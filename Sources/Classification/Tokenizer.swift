/// Tokens that work for Chinese and English alike: lowercased words for Latin script, character unigrams and
/// bigrams for Han, kana and hangul runs (Chinese has no spaces; bigrams carry most of its word meaning).
public enum Tokenizer {
    public static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        visit(text) { tokens.append(String(decoding: $0, as: UTF8.self)) }
        return tokens
    }

    /// The keys (`FeatureTable.key`) of a text's tokens, of their stems, and with `marking` of `^` + stem (the
    /// subject's words), computed from the tokens' bytes: the same keys as hashing `tokens(_:)`'s strings, without
    /// making one String per token (that was most of a prediction's cost).
    struct Keys {
        var plain: [UInt64] = []
        var stemmed: [UInt64] = []
        var marked: [UInt64] = []
    }

    static func keys(_ text: String, marking: Bool) -> Keys {
        var keys = Keys()
        let caret = FeatureTable.hash(byte: UInt8(ascii: "^"), FeatureTable.offsetBasis)
        visit(text) { token in
            let stem = stemmed(token)
            // The stem's key continuing from `seed`: its kept bytes, then its `y`.
            func stemKey(from seed: UInt64) -> UInt64 {
                let key = FeatureTable.hash(UnsafeBufferPointer(rebasing: token[..<stem.keep]), seed)
                return stem.y ? FeatureTable.hash(byte: UInt8(ascii: "y"), key) : key
            }
            let plain = FeatureTable.hash(token)
            keys.plain.append(plain)
            keys.stemmed.append(stem.keep == token.count ? plain : stemKey(from: FeatureTable.offsetBasis))
            if marking { keys.marked.append(stemKey(from: caret)) }
        }
        return keys
    }

    /// Calls `body` with each token's UTF-8 bytes, in order, in a buffer reused from one token to the next. One pass
    /// over the scalars with an ASCII fast path: this runs on every new thread's text, and Character or per-scalar
    /// String work would cost more than the model.
    static func visit(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var word: [UInt8] = []
        word.reserveCapacity(128)
        var wordScalars = 0
        var wordIsASCII = true
        var cjk: [Unicode.Scalar] = []
        var pair: [UInt8] = []
        pair.reserveCapacity(8)
        func flushWord() {
            // Up to 30 characters (grapheme clusters): one per scalar in ASCII, counted in other scripts.
            if wordScalars >= 2 {
                let length = wordIsASCII ? wordScalars : String(decoding: word, as: UTF8.self).count
                if length >= 2 && length <= 30 { word.withUnsafeBufferPointer(body) }
            }
            word.removeAll(keepingCapacity: true)
            wordScalars = 0
            wordIsASCII = true
        }
        func flushCJK() {
            for i in cjk.indices {
                pair.removeAll(keepingCapacity: true)
                UTF8.encode(cjk[i]) { pair.append($0) }
                pair.withUnsafeBufferPointer(body)
                if i + 1 < cjk.count {
                    UTF8.encode(cjk[i + 1]) { pair.append($0) }
                    pair.withUnsafeBufferPointer(body)
                }
            }
            cjk.removeAll(keepingCapacity: true)
        }
        for scalar in text.unicodeScalars {
            let s = halfWidth(scalar)
            if s.value < 0x80 {
                let v = UInt8(s.value)
                if (v >= 0x61 && v <= 0x7A) || (v >= 0x30 && v <= 0x39) {
                    if !cjk.isEmpty { flushCJK() }
                    word.append(v)
                    wordScalars += 1
                } else if v >= 0x41 && v <= 0x5A {
                    if !cjk.isEmpty { flushCJK() }
                    word.append(v + 0x20)
                    wordScalars += 1
                } else {
                    flushWord()
                    if !cjk.isEmpty { flushCJK() }
                }
            } else if isCJK(s) {
                flushWord()
                cjk.append(s)
            } else if s.properties.isAlphabetic {
                if !cjk.isEmpty { flushCJK() }
                for lower in s.properties.lowercaseMapping.unicodeScalars {
                    UTF8.encode(lower) { word.append($0) }
                    wordScalars += 1
                }
                wordIsASCII = false
            } else {
                flushWord()
                if !cjk.isEmpty { flushCJK() }
            }
        }
        flushWord()
        flushCJK()
    }

    /// A light English stem, enough for a handful of examples to generalise: `invoices`, `invoiced` and
    /// `invoicing` meet at `invoic`/`invoice`, `replies` at `reply`. Only ASCII words of five letters or more are
    /// touched; Chinese and short words are returned as they are.
    public static func stem(_ token: String) -> String {
        var token = token
        return token.withUTF8 { bytes in
            let stem = stemmed(bytes)
            return String(decoding: bytes[..<stem.keep], as: UTF8.self) + (stem.y ? "y" : "")
        }
    }

    /// How many of a token's bytes its stem keeps, and whether a `y` follows them (`replies` → `repl` + `y`).
    static func stemmed(_ token: UnsafeBufferPointer<UInt8>) -> (keep: Int, y: Bool) {
        let n = token.count
        guard n > 4, token.allSatisfy({ $0 < 0x80 }) else { return (n, false) }
        func ends(_ suffix: StaticString) -> Bool {
            let m = suffix.utf8CodeUnitCount
            for i in 0..<m where token[n - m + i] != suffix.utf8Start[i] { return false }
            return true
        }
        if ends("ies") { return (n - 3, true) }
        if ends("ing") && n > 5 { return (n - 3, false) }
        if ends("ed") { return (n - 2, false) }
        if ends("s") && !ends("ss") { return (n - 1, false) }
        return (n, false)
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
