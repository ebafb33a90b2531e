/// One line of a plain-text reply, with its blank-trimmed form computed once (a hostile mail may have huge lines).
struct ReplyLine {
    /// The line as written, without its line break.
    let raw: Substring
    /// Without leading and trailing blanks (spaces, tabs, no-break and ideographic spaces).
    let trimmed: Substring

    init(_ raw: Substring) {
        self.raw = raw
        trimmed = raw.trimmingBlanks()
    }

    var isBlank: Bool { trimmed.isEmpty }

    /// Quoted earlier mail: `>` or the full-width `＞` Chinese input methods produce, after optional indentation.
    var isQuoted: Bool { trimmed.first == ">" || trimmed.first == "＞" }

    /// The line without trailing blanks, as it is given back (email_reply_parser drops them too).
    var withoutTrailingBlanks: Substring {
        var end = raw.endIndex
        while end > raw.startIndex, raw[raw.index(before: end)].isReplyBlank { end = raw.index(before: end) }
        return raw[..<end]
    }

    /// The lines of a text; CRLF and lone CR count as line breaks.
    static func split(_ text: String) -> [ReplyLine] {
        // "\r\n" is one Character in Swift, so splitting on "\n" alone would not see it.
        let normalized = text.utf8.contains(0x0D) ? crToLineFeeds(text) : text
        // Split at the bytes: a lone "\n" (CRs are gone) always ends a Character, so its UTF-8 index is a valid
        // Substring bound, and splitting by Characters cost more than all the reading of the lines.
        var lines: [ReplyLine] = []
        let bytes = normalized.utf8
        var start = bytes.startIndex
        while let end = bytes[start...].firstIndex(of: 0x0A) {
            lines.append(ReplyLine(normalized[start..<end]))
            start = bytes.index(after: end)
        }
        lines.append(ReplyLine(normalized[start...]))
        return lines
    }

    /// CRLF → LF, then a lone CR → LF, in one pass over the bytes.
    private static func crToLineFeeds(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var previousCR = false
        for byte in text.utf8 {
            if byte == 0x0D {
                bytes.append(0x0A)
                previousCR = true
                continue
            }
            if !(byte == 0x0A && previousCR) { bytes.append(byte) }
            previousCR = false
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Character {
    /// Blank for reply parsing: ASCII space and tab, no-break space, ideographic space (U+3000), stray CR.
    var isReplyBlank: Bool { self == " " || self == "\t" || self == "\u{A0}" || self == "\u{3000}" || self == "\r" }
}

extension Substring {
    func trimmingBlanks() -> Substring {
        // Most lines neither start nor end with a blank's first or last byte (space, tab, CR, U+00A0 = C2 A0,
        // U+3000 = E3 80 80): nothing to trim, and no Character is read.
        guard let first = utf8.first, let last = utf8.last else { return self }
        let mayStartBlank = first == 0x20 || first == 0x09 || first == 0x0D || first == 0xC2 || first == 0xE3
        let mayEndBlank = last == 0x20 || last == 0x09 || last == 0x0D || last == 0xA0 || last == 0x80
        if !mayStartBlank && !mayEndBlank { return self }
        var start = startIndex, end = endIndex
        while start < end, self[start].isReplyBlank { start = index(after: start) }
        while end > start, self[index(before: end)].isReplyBlank { end = index(before: end) }
        return self[start..<end]
    }

    /// ASCII-lowercased copy of at most the first `limit` characters; marker checks never need more.
    func lowercasedPrefix(_ limit: Int) -> String {
        String(prefix(limit)).lowercased()
    }
}
