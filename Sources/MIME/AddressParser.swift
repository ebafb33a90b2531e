/// RFC 5322 §3.4 address lists with the obsolete syntax of §4.4 and the breakage real mail carries.
///
/// One forward pass over the bytes, no recursion and no backtracking: every byte is looked at a bounded
/// number of times, so a hostile 1 MB header costs milliseconds. Groups are flattened into their members.
enum AddressParser {
    /// Parses an address-list header value (unfolded raw bytes, may contain 8-bit bytes). Groups are flattened into their members.
    static func parse(_ raw: [UInt8], problems: inout [String]) -> [Address] {
        raw.withUnsafeBufferPointer { buffer in
            var scanner = AddressScanner(raw: buffer)
            scanner.run()
            for problem in scanner.problems where !problems.contains(problem) { problems.append(problem) }
            return scanner.result
        }
    }
}

/// A word of the pending mailbox: an atom, or a quoted string's unescaped content, kept in `AddressScanner.words`.
private struct Word {
    var start: Int
    var end: Int
    var quoted: Bool
    var spaceBefore: Bool
    var hasAt: Bool
}

private enum Byte {
    static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
    static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), at = UInt8(ascii: "@"), dot = UInt8(ascii: ".")
    static let open = UInt8(ascii: "("), close = UInt8(ascii: ")"), lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">")
    static let comma = UInt8(ascii: ","), semicolon = UInt8(ascii: ";"), colon = UInt8(ascii: ":")
    static let equals = UInt8(ascii: "="), question = UInt8(ascii: "?")

    static func isBlank(_ c: UInt8) -> Bool { c == space || c == tab || c == cr || c == lf }
}

private struct AddressScanner {
    let raw: UnsafeBufferPointer<UInt8>
    var i = 0
    var result: [Address] = []
    var problems: [String] = []

    // The mailbox being collected; `finish()` turns it into an Address.
    var bytes: [UInt8] = []  // the words' bytes back to back
    var words: [Word] = []
    var comments: [UInt8] = []  // comment contents outside angle brackets, space separated
    var angle: [UInt8]?  // the cleaned content of `<...>`, once seen
    var hasAt = false  // an unquoted word holds "@": a colon is then part of an address, not a group name
    var spaceBefore = false

    var quotesDisabled = false  // after an unterminated quote, `"` is junk: rescanning every later quote would be quadratic
    var gtCursor = -1, ltCursor = -1  // next ">" and "<", searched forward only once in total

    init(raw: UnsafeBufferPointer<UInt8>) {
        self.raw = raw
    }

    mutating func note(_ problem: String) {
        if !problems.contains(problem) { problems.append(problem) }
    }

    mutating func run() {
        let n = raw.count
        while i < n {
            let c = raw[i]
            switch c {
            case Byte.space, Byte.tab, Byte.cr, Byte.lf, Byte.gt:
                spaceBefore = true
                i += 1
            case Byte.comma, Byte.semicolon:
                finish()
                i += 1
            case Byte.colon where angle == nil && !hasAt:
                // "Group name:" — the name is not a recipient; members follow, `;` closes (or nothing does).
                reset()
                i += 1
            case Byte.open:
                comments.append(Byte.space)
                i = skipComment(from: i, limit: n, keep: true)
                spaceBefore = true
            case Byte.quote:
                if quotesDisabled {
                    spaceBefore = true
                    i += 1
                } else {
                    quoted()
                }
            case Byte.lt:
                angleAddress()
            default:
                atom()
            }
        }
        finish()
    }

    /// An atom: everything up to the next special, blank or quote. Dots, `@`, `[`, `]`, `?`, `)` and 8-bit bytes are atom text.
    mutating func atom() {
        let n = raw.count
        let start = bytes.count
        var j = i
        var at = false
        // Broken encoders leave specials inside Q-encoded words ("=?utf-8?Q?Doe,_John?="): keep such a word whole.
        if raw[j] == Byte.equals, let end = encodedWordEnd(at: j) {
            bytes.append(contentsOf: raw[j..<end])
            j = end
        }
        while j < n {
            let c = raw[j]
            if j > i {
                if Byte.isBlank(c) || c == Byte.comma || c == Byte.semicolon || c == Byte.colon || c == Byte.open
                    || c == Byte.quote || c == Byte.lt || c == Byte.gt { break }
            }
            if c == Byte.at { at = true }
            bytes.append(c)
            j += 1
        }
        words.append(Word(start: start, end: bytes.count, quoted: false, spaceBefore: spaceBefore, hasAt: at))
        hasAt = hasAt || at
        spaceBefore = false
        i = j
    }

    /// A quoted string, unescaped. Only `\"` and `\\` are escapes: a GBK or Big5 character whose second byte is 0x5C
    /// must keep its backslash, and real mailers escape nothing else.
    mutating func quoted() {
        let n = raw.count
        let start = bytes.count
        var j = i + 1
        while j < n {
            let c = raw[j]
            if c == Byte.quote {
                words.append(Word(start: start, end: bytes.count, quoted: true, spaceBefore: spaceBefore, hasAt: false))
                spaceBefore = false
                i = j + 1
                return
            }
            if c == Byte.backslash, j + 1 < n, raw[j + 1] == Byte.quote || raw[j + 1] == Byte.backslash {
                // `"张三\" <a@b>`: a GBK trail byte 0x5C before the closing quote, not an escape.
                if raw[j + 1] == Byte.quote, j > i + 1, raw[j - 1] >= 0x81, closesHere(j + 2) {
                    bytes.append(c)
                    j += 1
                    continue
                }
                bytes.append(raw[j + 1])
                j += 2
                continue
            }
            bytes.append(c)
            j += 1
        }
        // Unterminated: the quote mark is junk, and so is every later one.
        bytes.removeSubrange(start...)
        note("unterminated quoted string in address")
        quotesDisabled = true
        spaceBefore = true
        i += 1
    }

    /// Whether only blanks stand between `k` and a `<`, `,`, `;` or the end.
    func closesHere(_ k: Int) -> Bool {
        var k = k
        while k < raw.count, Byte.isBlank(raw[k]) { k += 1 }
        return k == raw.count || raw[k] == Byte.lt || raw[k] == Byte.comma || raw[k] == Byte.semicolon
    }

    /// Skips a comment (nested, with escapes) starting at `from`, appending its content to `comments` when `keep`.
    /// An unterminated comment runs to `limit`.
    mutating func skipComment(from: Int, limit: Int, keep: Bool) -> Int {
        var depth = 0
        var j = from
        while j < limit {
            let c = raw[j]
            if c == Byte.backslash, j + 1 < limit {
                if keep { comments.append(raw[j + 1]) }
                j += 2
                continue
            }
            if c == Byte.open {
                depth += 1
                if depth == 1 { j += 1; continue }
            } else if c == Byte.close {
                depth -= 1
                if depth == 0 { return j + 1 }
            }
            if keep { comments.append(c) }
            j += 1
        }
        note("unterminated comment in address")
        return limit
    }

    /// `<...>`: up to the next `>` unless another `<` comes first; then the `>` is missing and the address ends at
    /// the first blank, comma or semicolon. Comments and blanks inside are dropped, a source route is dropped.
    mutating func angleAddress() {
        let n = raw.count
        if angle != nil { finish() }  // "<a@x> <b@y>": a missing comma
        let from = i + 1
        let close = nextIndex(of: Byte.gt, from: from, cursor: &gtCursor)
        let open = nextIndex(of: Byte.lt, from: from, cursor: &ltCursor)
        let terminated = close < open
        let limit = terminated ? close : n
        var address: [UInt8] = []
        var j = from
        while j < limit {
            let c = raw[j]
            if c == Byte.open {
                j = skipComment(from: j, limit: limit, keep: false)
            } else if c == Byte.quote {
                // A quoted local part is part of the address, quotes and escapes included.
                address.append(c)
                j += 1
                while j < limit, raw[j] != Byte.quote {
                    if raw[j] == Byte.backslash, j + 1 < limit { address.append(raw[j]); j += 1 }
                    address.append(raw[j])
                    j += 1
                }
                if j < limit { address.append(Byte.quote); j += 1 }
            } else if Byte.isBlank(c) {
                if !terminated && !address.isEmpty { break }
                j += 1
            } else if !terminated && (c == Byte.comma || c == Byte.semicolon || c == Byte.lt) {
                break
            } else {
                address.append(c)
                j += 1
            }
        }
        if !terminated { note("missing '>' in address") }
        i = terminated ? close + 1 : j
        angle = Self.withoutRoute(address)
        spaceBefore = true
    }

    /// The first index of `byte` at or after `from` (or the end); the cursor makes all searches one pass in total.
    func nextIndex(of byte: UInt8, from: Int, cursor: inout Int) -> Int {
        if cursor < from {
            cursor = from
            while cursor < raw.count, raw[cursor] != byte { cursor += 1 }
        }
        return cursor
    }

    /// The end of an RFC 2047 encoded word starting at `at`, if one is there (charset, B or Q, at most 256 bytes of text).
    func encodedWordEnd(at start: Int) -> Int? {
        let n = raw.count
        guard start + 1 < n, raw[start + 1] == Byte.question else { return nil }
        var k = start + 2
        while k < n, raw[k] != Byte.question {
            if raw[k] <= 0x20 || raw[k] >= 0x7F || k - start > 66 { return nil }
            k += 1
        }
        guard k > start + 2, k + 2 < n, raw[k + 2] == Byte.question else { return nil }
        let encoding = raw[k + 1] | 0x20
        guard encoding == UInt8(ascii: "b") || encoding == UInt8(ascii: "q") else { return nil }
        let textStart = k + 3
        k = textStart
        while k + 1 < n, k - textStart < 256 {
            let c = raw[k]
            if c == Byte.question && raw[k + 1] == Byte.equals { return k + 2 }
            if c <= 0x20 || c == Byte.lt || c == Byte.gt || c == Byte.quote || c == Byte.open || c == Byte.close { return nil }
            k += 1
        }
        return nil
    }

    /// Drops an obsolete source route, `@relay1,@relay2:user@host` → `user@host`.
    static func withoutRoute(_ address: [UInt8]) -> [UInt8] {
        guard address.first == Byte.at, let colon = address.firstIndex(of: Byte.colon) else { return address }
        return Array(address[(colon + 1)...])
    }

    /// Whether two adjacent words belong to one addr-spec: no blank between them, or a dot or `@` at the seam
    /// (obsolete CFWS around dots: `jdoe@test . example`).
    func joined(_ a: Word, _ b: Word) -> Bool {
        if !b.spaceBefore { return true }
        let last = a.quoted ? Byte.quote : bytes[a.end - 1]
        let first = b.quoted ? Byte.quote : bytes[b.start]
        return last == Byte.dot || last == Byte.at || first == Byte.dot || first == Byte.at
    }

    /// Turns the pending words, comments and angle address into an Address, if there is anything to keep.
    mutating func finish() {
        defer { reset() }
        var address: [UInt8]? = angle
        var span = 0..<0  // words that form a bare addr-spec
        if angle == nil, hasAt, let k = words.lastIndex(where: { $0.hasAt }) {
            var lo = k, hi = k
            while lo > 0, joined(words[lo - 1], words[lo]) { lo -= 1 }
            while hi + 1 < words.count, joined(words[hi], words[hi + 1]) { hi += 1 }
            span = lo..<(hi + 1)
            var spec: [UInt8] = []
            for w in words[span] {
                if w.quoted {
                    spec.append(Byte.quote)
                    for c in bytes[w.start..<w.end] {
                        if c == Byte.quote || c == Byte.backslash { spec.append(Byte.backslash) }
                        spec.append(c)
                    }
                    spec.append(Byte.quote)
                } else {
                    spec.append(contentsOf: bytes[w.start..<w.end])
                }
            }
            address = Self.withoutRoute(spec)
        }
        var phrase: [UInt8] = []
        for (index, w) in words.enumerated() where !span.contains(index) {
            if !phrase.isEmpty && (w.spaceBefore || index == span.upperBound) { phrase.append(Byte.space) }
            phrase.append(contentsOf: bytes[w.start..<w.end])
        }
        let displayName = decoded(phrase)
        let comment = decoded(comments)
        let name: String?
        switch (displayName, comment) {
        case let (d?, c?): name = "\(d) (\(c))"  // as stalwart: a comment beside a name is kept, marked as one
        case let (d?, nil): name = d
        case let (nil, c?): name = c  // `a@b (Bob Smith)`: the comment is the only name there is
        case (nil, nil): name = nil
        }
        let text = address.flatMap { $0.isEmpty ? nil : HeaderText.sanitise($0) }
        if name == nil && text == nil { return }  // ", ,", "<>", an empty group
        result.append(Address(name: name, address: text))
    }

    /// Decodes name bytes (encoded words also inside quoted strings, as Outlook and QQ write them) and collapses blanks.
    mutating func decoded(_ raw: [UInt8]) -> String? {
        guard raw.contains(where: { !Byte.isBlank($0) }) else { return nil }
        var found: [String] = []
        let text = HeaderText.decode(raw, problems: &found)
        for problem in found { note(problem) }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var blank = false
        for c in text.utf8 {
            if c == Byte.space || c == Byte.tab {
                blank = !out.isEmpty
                continue
            }
            if blank { out.append(Byte.space); blank = false }
            out.append(c)
        }
        return out.isEmpty ? nil : String(decoding: out, as: UTF8.self)
    }

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        words.removeAll(keepingCapacity: true)
        comments.removeAll(keepingCapacity: true)
        angle = nil
        hasAt = false
        spaceBefore = false
    }
}
