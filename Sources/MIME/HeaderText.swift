import Charset

/// Header text as a person should read it: RFC 2047 encoded words decoded, raw 8-bit bytes decoded by the
/// charset fallback chain, control characters (CR and LF above all) turned into spaces so that no decoded
/// value can ever start a new header line.
enum HeaderText {
    static func decode(_ raw: [UInt8], problems: inout [String]) -> String {
        raw.withUnsafeBufferPointer { decode($0, problems: &problems) }
    }

    static func decode(_ raw: ArraySlice<UInt8>, problems: inout [String]) -> String {
        raw.withUnsafeBufferPointer { decode($0, problems: &problems) }
    }

    static func decode(_ raw: UnsafeBufferPointer<UInt8>, problems: inout [String]) -> String {
        if !mayNeedDecoding(raw) { return String(decoding: raw, as: UTF8.self) }
        var out = [UInt8]()
        out.reserveCapacity(raw.count)
        var pending: (charset: String, bytes: [UInt8])?  // adjacent encoded words, joined before decoding
        var blanksAfterWord: [UInt8] = []  // dropped if another encoded word follows (RFC 2047 §6.2)
        var plain: [UInt8] = []

        func flushPending() {
            guard let p = pending else { return }
            let decoded = Charset.decode(p.bytes, label: p.charset)
            if let problem = decoded.problem { problems.append("encoded word: \(problem)") }
            out.append(contentsOf: decoded.text.utf8)
            pending = nil
        }
        func flushPlain() {
            guard !plain.isEmpty else { return }
            if Charset.isASCII(plain) {
                out.append(contentsOf: plain)
            } else {
                let decoded = Charset.decode(plain, label: nil)
                if decoded.charset != "UTF-8" {
                    problems.append("raw 8-bit header text decoded as \(decoded.charset)")
                }
                out.append(contentsOf: decoded.text.utf8)
            }
            plain.removeAll(keepingCapacity: true)
        }

        var i = 0
        let n = raw.count
        while i < n {
            let c = raw[i]
            if c == UInt8(ascii: "="), i + 1 < n, raw[i + 1] == UInt8(ascii: "?"),
                let word = EncodedWord.parse(raw, at: i)
            {
                if let p = pending, p.charset.lowercased() != word.charset.lowercased() { flushPending() }
                if pending == nil {
                    flushPlain()
                    pending = (word.charset, word.bytes)
                } else {
                    pending!.bytes.append(contentsOf: word.bytes)
                }
                if word.malformed { problems.append("malformed encoded word") }
                blanksAfterWord.removeAll()
                i = word.end
                continue
            }
            if pending != nil {
                if c == 0x20 || c == 0x09 {
                    blanksAfterWord.append(c)
                    i += 1
                    continue
                }
                flushPending()
                plain.append(contentsOf: blanksAfterWord)
                blanksAfterWord.removeAll()
            }
            plain.append(c)
            i += 1
        }
        flushPending()
        plain.append(contentsOf: blanksAfterWord)
        flushPlain()
        return sanitise(out)
    }

    /// Control characters become spaces (CR LF together one space): a decoded value never carries CR, LF,
    /// NUL or escapes, so it can never start a header line of its own.
    static func sanitise(_ utf8: [UInt8]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var previous: UInt8 = 0
        for b in utf8 {
            if b == 0x0A && previous == 0x0D { previous = b; continue }
            bytes.append(b < 0x20 || b == 0x7F ? 0x20 : b)
            previous = b
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Plain ASCII without `=?` or control characters needs no work.
    private static func mayNeedDecoding(_ raw: UnsafeBufferPointer<UInt8>) -> Bool {
        var previous: UInt8 = 0
        for c in raw {
            if c >= 0x80 || c < 0x20 || c == 0x7F { return true }
            if c == UInt8(ascii: "?") && previous == UInt8(ascii: "=") { return true }
            previous = c
        }
        return false
    }
}

/// One RFC 2047 encoded word, `=?charset[*lang]?B|Q?text?=`, with its text already transfer-decoded.
struct EncodedWord {
    var charset: String
    var bytes: [UInt8]
    /// Index just past the closing `?=`.
    var end: Int
    /// Base64 with garbage, or an invalid Q escape.
    var malformed: Bool

    static func parse(_ raw: UnsafeBufferPointer<UInt8>, at start: Int) -> EncodedWord? {
        let n = raw.count
        var i = start + 2
        let charsetStart = i
        while i < n, raw[i] != UInt8(ascii: "?") {
            let c = raw[i]
            if c <= 0x20 || c >= 0x7F || i - charsetStart > 64 { return nil }
            i += 1
        }
        guard i + 2 < n, i > charsetStart, raw[i + 2] == UInt8(ascii: "?") else { return nil }
        let charset = String(decoding: UnsafeBufferPointer(rebasing: raw[charsetStart..<i]), as: UTF8.self)
        let encoding = raw[i + 1] | 0x20
        guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q") else { return nil }
        let textStart = i + 3
        var j = textStart
        // The text ends at the first "?=". Broken encoders put blanks inside (`=?utf-8?Q?Doe, John?=`);
        // those are accepted only within the 75 bytes an encoded word may have (RFC 2047 §2), which keeps
        // a value full of unterminated "=?" linear.
        var sawBlank = false
        while j + 1 < n, !(raw[j] == UInt8(ascii: "?") && raw[j + 1] == UInt8(ascii: "=")) {
            let c = raw[j]
            if c == 0x0A || c == 0x0D { return nil }
            if c == 0x20 || c == 0x09 { sawBlank = true }
            if sawBlank && j - start > 75 { return nil }
            j += 1
        }
        guard j + 1 < n else { return nil }
        let text = UnsafeBufferPointer(rebasing: raw[textStart..<j])
        if encoding == UInt8(ascii: "b") {
            let decoded = Base64.decode(text)
            return EncodedWord(
                charset: charset, bytes: decoded.bytes, end: j + 2,
                malformed: decoded.garbage > 0 || decoded.truncated)
        }
        let decoded = QuotedPrintable.decode(text, header: true)
        return EncodedWord(charset: charset, bytes: decoded.bytes, end: j + 2, malformed: decoded.invalid > 0)
    }
}
