/// The ids of a Message-ID, In-Reply-To or References header (RFC 5322 §3.6.4), as threading needs them.
enum MessageIDs {
    /// Most ids kept: a References header of a long thread is trimmed in the middle, as RFC 5322 §3.6.4 allows.
    static let maxCount = 500
    /// Longest id kept: RFC 5322's line limit. Anything longer is junk, and a truncated id could match another message.
    static let maxLength = 998

    /// Ids in a Message-ID / In-Reply-To / References value, without angle brackets, in order, duplicates removed.
    static func parse(_ value: String) -> [String] {
        let ids =
            value.utf8.withContiguousStorageIfAvailable { scan($0) }
            ?? Array(value.utf8).withUnsafeBufferPointer { scan($0) }
        var seen = Set<String>()
        var unique: [String] = []
        for id in ids where seen.insert(id).inserted { unique.append(id) }
        guard unique.count > maxCount else { return unique }
        // The first id is the thread's root; the last ones are the nearest parents.
        return [unique[0]] + unique[(unique.count - maxCount + 1)...]
    }

    private static let lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">"), quote = UInt8(ascii: "\"")
    private static let open = UInt8(ascii: "("), close = UInt8(ascii: ")"), backslash = UInt8(ascii: "\\")

    /// Blanks and control characters: folding and stray spaces inside brackets are not part of an id.
    private static func isBlank(_ c: UInt8) -> Bool { c <= 0x20 || c == 0x7F }

    /// Every `<...>` outside comments and quoted strings (the junk of "In-Reply-To: Your message of ..."), or the
    /// whole value when it is one bare token.
    private static func scan(_ raw: UnsafeBufferPointer<UInt8>) -> [String] {
        let n = raw.count
        var ids: [String] = []
        var i = 0
        var sawBracket = false
        // After an unterminated comment or quote, `(` and `"` are junk: rescanning each later one would be quadratic.
        var commentsOn = true, quotesOn = true
        while i < n {
            let c = raw[i]
            if c == open && commentsOn {
                if let end = commentEnd(raw, from: i) { i = end } else { commentsOn = false; i += 1 }
            } else if c == quote && quotesOn {
                if let end = quoteEnd(raw, from: i) { i = end } else { quotesOn = false; i += 1 }
            } else if c == lt {
                sawBracket = true
                var id: [UInt8] = []
                var firstBlank: Int?  // in `id`: where an unterminated id is cut
                var j = i + 1
                while j < n, raw[j] != gt, raw[j] != lt {
                    if isBlank(raw[j]) {
                        if firstBlank == nil, !id.isEmpty { firstBlank = id.count }
                    } else {
                        id.append(raw[j])
                    }
                    j += 1
                }
                let terminated = j < n && raw[j] == gt
                if !terminated, let cut = firstBlank { id.removeSubrange(cut...) }  // "<abc@def and some text"
                if !id.isEmpty, id.count <= maxLength { ids.append(String(decoding: id, as: UTF8.self)) }
                i = terminated ? j + 1 : j
            } else {
                i += 1
            }
        }
        if sawBracket { return ids }
        return bareToken(raw).map { [$0] } ?? []
    }

    /// The value without comments, trimmed, if it is a single token: `abc@def`, as broken mailers write it.
    private static func bareToken(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
        var token: [UInt8] = []
        var i = 0
        var ended = false
        var commentsOn = true
        while i < raw.count {
            let c = raw[i]
            if c == open && commentsOn {
                if let end = commentEnd(raw, from: i) {
                    i = end
                    if !token.isEmpty { ended = true }
                    continue
                }
                commentsOn = false
            }
            if isBlank(c) {
                if !token.isEmpty { ended = true }
            } else {
                if ended { return nil }  // two words: a phrase, not an id
                token.append(c)
            }
            i += 1
        }
        guard !token.isEmpty, token.count <= maxLength else { return nil }
        return String(decoding: token, as: UTF8.self)
    }

    /// The index after a (nested) comment starting at `from`, or nil if it never closes.
    private static func commentEnd(_ raw: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var depth = 0
        var i = from
        while i < raw.count {
            switch raw[i] {
            case backslash: i += 1
            case open: depth += 1
            case close:
                depth -= 1
                if depth == 0 { return i + 1 }
            default: break
            }
            i += 1
        }
        return nil
    }

    /// The index after a quoted string starting at `from`, or nil if it never closes.
    private static func quoteEnd(_ raw: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var i = from + 1
        while i < raw.count {
            if raw[i] == backslash {
                i += 2
                continue
            }
            if raw[i] == quote { return i + 1 }
            i += 1
        }
        return nil
    }
}
