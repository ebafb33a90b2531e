/// RFC 5322 §3.4 address lists with the obsolete syntax of §4.4 and the breakage real mail carries.
///
/// One forward pass over the bytes, no recursion and no backtracking: every byte is looked at a bounded number of
/// times, so a hostile 1 MB header costs milliseconds. Groups are flattened into their members.
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

private extension UInt8 {
    static let space = UInt8(ascii: " "), quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
    static let at = UInt8(ascii: "@"), dot = UInt8(ascii: "."), comma = UInt8(ascii: ","), semicolon = UInt8(ascii: ";")
    static let colon = UInt8(ascii: ":"), open = UInt8(ascii: "("), close = UInt8(ascii: ")")
    static let lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">"), equals = UInt8(ascii: "="), question = UInt8(ascii: "?")

    var isBlank: Bool { self == 0x20 || self == 0x09 || self == 0x0D || self == 0x0A }
    /// Ends an atom: blanks and the specials that structure a list (`.`, `@`, `[`, `]` and 8-bit bytes are atom text).
    var endsAtom: Bool {
        isBlank || self == .comma || self == .semicolon || self == .colon || self == .open || self == .quote
            || self == .lt || self == .gt
    }
}

/// A word of the pending mailbox: an atom, or a quoted string's unescaped content, stored in `AddressScanner.bytes`.
private struct Word {
    var start, end: Int
    var quoted, spaceBefore, hasAt: Bool
}

private struct AddressScanner {
    let raw: UnsafeBufferPointer<UInt8>
    var i = 0
    var result: [Address] = []
    var problems: [String] = []
    var found: [String] = []  // problems from decoding names, merged into `problems` without repeats

    // The mailbox being collected; `finish()` turns it into Addresses.
    var bytes: [UInt8] = []  // the words' bytes back to back
    var words: [Word] = []
    var comments: [UInt8] = []  // comment contents outside angle brackets, blank separated
    var angle: [UInt8]?  // the cleaned content of `<...>`, once seen
    var wordsBeforeAngle = 0
    var hasAt = false  // an unquoted word holds "@": a colon is then part of an address, not a group name
    var spaceBefore = false

    // After an unterminated quote `"` is junk: rescanning every later quote to the end would be quadratic.
    var quotesDisabled = false
    var gtCursor = -1, ltCursor = -1  // the next ">" and "<": each searched forward once in total

    init(raw: UnsafeBufferPointer<UInt8>) { self.raw = raw }

    mutating func note(_ problem: String) {
        if !problems.contains(problem) { problems.append(problem) }
    }

    mutating func run() {
        while i < raw.count {
            switch raw[i] {
            case 0x20, 0x09, 0x0D, 0x0A, .gt:  // a stray ">" is junk
                spaceBefore = true
                i += 1
            case .comma, .semicolon:
                finish()
                i += 1
            case .colon where angle == nil && !hasAt:
                reset()  // "Group name:": not a recipient; members follow, and `;` (or nothing) closes the group
                i += 1
            case .open:
                comments.append(.space)
                i = skipComment(from: i, limit: raw.count, keep: true)
                spaceBefore = true
            case .quote where !quotesDisabled:
                quoted()
            case .quote:
                spaceBefore = true
                i += 1
            case .lt:
                angleAddress()
            default:
                atom()
            }
        }
        finish()
    }

    /// An atom: its first byte, then everything up to a blank or a structuring special.
    mutating func atom() {
        let start = bytes.count
        var j = i
        // Broken encoders leave blanks and commas in Q-encoded words ("=?utf-8?Q?Doe, John?="): keep the word whole.
        if let end = encodedWordEnd(at: j) {
            bytes.append(contentsOf: raw[j..<end])
            j = end
        }
        var at = false
        while j < raw.count, j == i || !raw[j].endsAtom {
            at = at || raw[j] == .at
            bytes.append(raw[j])
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
        let start = bytes.count
        var j = i + 1
        while j < raw.count {
            let c = raw[j]
            if c == .quote {
                words.append(Word(start: start, end: bytes.count, quoted: true, spaceBefore: spaceBefore, hasAt: false))
                spaceBefore = false
                i = j + 1
                return
            }
            // `"张三\" <a@b>`: after an 8-bit byte, a backslash right before the closing quote is a GBK trail byte.
            if c == .backslash, j + 1 < raw.count, raw[j + 1] == .quote || raw[j + 1] == .backslash,
                !(raw[j + 1] == .quote && j > i + 1 && raw[j - 1] >= 0x81 && closesHere(j + 2))
            {
                j += 1
            }
            bytes.append(raw[j])
            j += 1
        }
        bytes.removeSubrange(start...)  // unterminated: the quote mark is junk, and so is every later one
        note("unterminated quoted string in address")
        quotesDisabled = true
        spaceBefore = true
        i += 1
    }

    /// Whether only blanks stand between `k` and a `<`, `,`, `;` or the end.
    func closesHere(_ k: Int) -> Bool {
        var k = k
        while k < raw.count, raw[k].isBlank { k += 1 }
        return k == raw.count || raw[k] == .lt || raw[k] == .comma || raw[k] == .semicolon
    }

    /// Skips a comment (nested, with escapes) at `from`, keeping its content in `comments` if asked; an unterminated
    /// comment runs to `limit`. Iterative: nesting depth costs nothing.
    mutating func skipComment(from: Int, limit: Int, keep: Bool) -> Int {
        var depth = 0
        var j = from
        while j < limit {
            var c = raw[j]
            if c == .backslash, j + 1 < limit {
                j += 1
                c = raw[j]
            } else if c == .open {
                depth += 1
                if depth == 1 { j += 1; continue }
            } else if c == .close {
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
    /// the first blank, comma or semicolon. Comments and blanks inside are dropped, and so is a source route.
    mutating func angleAddress() {
        if angle != nil {
            // "A <a@x> B <b@y>": a missing comma; the words after the first address name the second.
            let carried = words[wordsBeforeAngle...].map { (Array(bytes[$0.start..<$0.end]), $0) }
            words.removeSubrange(wordsBeforeAngle...)
            finish()
            for (text, word) in carried {
                words.append(
                    Word(
                        start: bytes.count, end: bytes.count + text.count, quoted: word.quoted,
                        spaceBefore: word.spaceBefore, hasAt: word.hasAt))
                bytes.append(contentsOf: text)
                hasAt = hasAt || word.hasAt
            }
        }
        let close = nextIndex(of: .gt, from: i + 1, cursor: &gtCursor)
        let terminated = close < nextIndex(of: .lt, from: i + 1, cursor: &ltCursor)
        let limit = terminated ? close : raw.count
        var address: [UInt8] = []
        var j = i + 1
        while j < limit {
            let c = raw[j]
            if c == .open {
                j = skipComment(from: j, limit: limit, keep: false)
            } else if c == .quote {  // a quoted local part is the address: quotes and escapes kept
                repeat {
                    if raw[j] == .backslash, j + 1 < limit { address.append(raw[j]); j += 1 }
                    address.append(raw[j])
                    j += 1
                } while j < limit && raw[j] != .quote
                if j < limit { address.append(.quote); j += 1 }
            } else if !terminated && (c == .comma || c == .semicolon || c == .lt || (c.isBlank && !address.isEmpty)) {
                break
            } else {
                if !c.isBlank { address.append(c) }
                j += 1
            }
        }
        if !terminated { note("missing '>' in address") }
        i = terminated ? close + 1 : j
        angle = Self.withoutRoute(address)
        wordsBeforeAngle = words.count
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

    /// The end of an RFC 2047 encoded word at `start`, if one is there: a charset, B or Q, then at most 256 bytes of
    /// text without line breaks, brackets, quotes or parentheses.
    func encodedWordEnd(at start: Int) -> Int? {
        let n = raw.count
        guard raw[start] == .equals, start + 1 < n, raw[start + 1] == .question else { return nil }
        var k = start + 2
        while k < n, raw[k] != .question {
            if raw[k] <= 0x20 || raw[k] >= 0x7F || k - start > 66 { return nil }
            k += 1
        }
        guard k > start + 2, k + 2 < n, raw[k + 2] == .question, "bBqQ".utf8.contains(raw[k + 1]) else { return nil }
        let textStart = k + 3
        k = textStart
        while k + 1 < n, k - textStart < 256 {
            let c = raw[k]
            if c == .question && raw[k + 1] == .equals { return k + 2 }
            if c < 0x20 || c == .lt || c == .gt || c == .quote || c == .open || c == .close { return nil }
            k += 1
        }
        return nil
    }

    /// Drops an obsolete source route, `@relay1,@relay2:user@host` → `user@host`.
    static func withoutRoute(_ address: [UInt8]) -> [UInt8] {
        guard address.first == .at, let colon = address.firstIndex(of: .colon) else { return address }
        return Array(address[(colon + 1)...])
    }

    /// Whether adjacent words belong to one addr-spec: no blank between them, or a dot or `@` at the seam (the
    /// obsolete blanks of `jdoe@test . example`).
    func joined(_ a: Word, _ b: Word) -> Bool {
        let last = a.quoted ? UInt8.quote : bytes[a.end - 1], first = b.quoted ? UInt8.quote : bytes[b.start]
        return !b.spaceBefore || last == .dot || last == .at || first == .dot || first == .at
    }

    /// Turns the pending mailbox into Addresses. Without angle brackets every run of joined words holding an "@" is
    /// an address (`a@x b@y` is a forgotten comma), named by the words before it.
    mutating func finish() {
        defer { reset() }
        var k = 0
        if angle != nil {
            // Words after `<a@x>` name it (`<a@b> Doe`), unless they hold an address: `<a@x> b@y` lacks a comma.
            let bare = words[wordsBeforeAngle...].contains { $0.hasAt }
            let named = 0..<(bare ? wordsBeforeAngle : words.count)
            emit(address: angle, nameWords: named, except: 0..<0, comments: !bare)
            guard bare else { return }
            k = wordsBeforeAngle
        } else if !hasAt {
            emit(address: nil, nameWords: 0..<words.count, except: 0..<0, comments: true)
            return
        }
        var spans: [Range<Int>] = []
        while k < words.count {
            var hi = k
            while hi + 1 < words.count, joined(words[hi], words[hi + 1]) { hi += 1 }
            if words[k...hi].contains(where: { $0.hasAt }) { spans.append(k..<(hi + 1)) }
            k = hi + 1
        }
        for (index, span) in spans.enumerated() {
            let last = index == spans.count - 1
            let from = index > 0 ? spans[index - 1].upperBound : angle == nil ? 0 : wordsBeforeAngle
            // The last address also takes the words after it, and the comments: `a@b (Bob Smith)`.
            emit(
                address: addrSpec(span), nameWords: from..<(last ? words.count : span.lowerBound), except: span,
                comments: last)
        }
    }

    /// The bare address the words of `span` write: quoted words re-quoted, a route dropped, `[a@b]` unwrapped.
    func addrSpec(_ span: Range<Int>) -> [UInt8] {
        var spec: [UInt8] = []
        for w in words[span] {
            if w.quoted { spec.append(.quote) }
            for c in bytes[w.start..<w.end] {
                if w.quoted && (c == .quote || c == .backslash) { spec.append(.backslash) }
                spec.append(c)
            }
            if w.quoted { spec.append(.quote) }
        }
        if spec.count > 2, spec.first == UInt8(ascii: "["), spec.last == UInt8(ascii: "]") {
            spec = Array(spec.dropFirst().dropLast())  // "Name [a@b]": square brackets for angle brackets
        }
        return Self.withoutRoute(spec)
    }

    /// Appends one Address named by the words of `nameWords` outside `except`, or else by the comments if asked.
    mutating func emit(address: [UInt8]?, nameWords: Range<Int>, except: Range<Int>, comments withComments: Bool) {
        defer {
            for problem in found { note(problem) }
            found.removeAll()
        }
        var phrase: [UInt8] = []
        var previous = -1
        for index in nameWords where !except.contains(index) {
            if !phrase.isEmpty && (words[index].spaceBefore || index != previous + 1) { phrase.append(.space) }
            phrase.append(contentsOf: bytes[words[index].start..<words[index].end])
            previous = index
        }
        let text = address.flatMap { $0.isEmpty ? nil : HeaderText.sanitise($0) }
        let displayName = Address.displayText(capped(phrase), problems: &found)
        // A comment alone is not a mailbox (RFC 5322): "unlisted-recipients:; (no To-header on input)" names nobody.
        guard displayName != nil || text != nil else { return }
        // A comment is the name only when there is no other (`a@b (Bob Smith)`): beside a phrase it is an aside,
        // `"Bob Jones" <bob@x> (work)` is "Bob Jones" (fixture 004).
        let comment = displayName == nil && withComments ? Address.displayText(capped(comments), problems: &found) : nil
        result.append(Address(name: displayName ?? comment, address: text))
    }

    /// A name is a line at most (998 bytes, RFC 5322 §2.1.1): anything longer is junk, and decoding junk full of "=?"
    /// costs time quadratic in its length.
    mutating func capped(_ text: [UInt8]) -> [UInt8] {
        guard text.count > 998 else { return text }
        note("display name longer than 998 bytes truncated")
        return Array(text[..<998])
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

extension Address {
    /// The addresses of one address-list header field (`Sender`, `Resent-From`, …) with the parser messages use.
    public static func list(_ field: HeaderField) -> [Address] {
        var problems: [String] = []
        return AddressParser.parse(field.raw, problems: &problems)
    }
}
