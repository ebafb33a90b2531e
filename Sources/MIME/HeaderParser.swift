import Glibc

/// Splits a header section off an entity and unfolds its fields.
///
/// Reads bytes from `start`; stops at the first empty line (the body starts after it), at a line that cannot
/// be a header (the body starts at that line, a problem is recorded), or at the end. Never fails.
///
/// Lenient where real mail is broken and mail clients still read it (each recorded as a problem):
/// - a line that is neither a field nor indented, inside the header, is read as a continuation of the field
///   before it when it completes an encoded word that field left open, or when a mail field follows before the
///   blank line (the header demonstrably goes on); otherwise the header ends there and the line starts the body;
/// - at the top of a message, up to `maxLeadingJunkLines` lines that are not fields (a `---- Original
///   message ----` banner, mbox `From ` lines, blanks) are skipped when a header follows that names a sender
///   and holds a field only mail systems write (Received, Message-ID, MIME-Version, ...): the header a mail
///   client quotes in a reply body (From, Sent, To, Subject) has none, so a reply's text is never taken for mail.
struct HeaderParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let limits: Limits

    /// Lines before the first field skipped at most; more than a few is a text file, not a mangled message.
    static let maxLeadingJunkLines = 5
    /// Bytes of a field value searched for an encoded word left open; a longer word is not rescued that way.
    static let openWordWindow = 4096

    struct Result {
        var header: Header
        /// Offset of the first body byte.
        var bodyStart: Int
    }

    func parse(from start: Int, end: Int, topLevel: Bool, problems: inout [String]) -> Result {
        parse(from: start, end: end, topLevel: topLevel, skipJunk: topLevel, problems: &problems)
    }

    private func parse(from start: Int, end: Int, topLevel: Bool, skipJunk: Bool, problems: inout [String]) -> Result {
        var fields: [HeaderField] = []
        var i = start
        var name: String?
        var value: [UInt8] = []
        var sectionBytes = 0
        var stoppedAtLimit = false
        // A look-ahead found a mail field at this offset: the stray lines before it belong to the header.
        var headerGoesOnUntil = -1
        var reportedStrayLine = false

        func finish(_ problems: inout [String]) {
            guard let n = name else { return }
            if fields.count >= limits.maxHeaderFields {
                if !stoppedAtLimit {
                    problems.append("header field limit (\(limits.maxHeaderFields)) reached; further fields not parsed")
                    stoppedAtLimit = true
                }
            } else {
                let trimmed = trim(value)
                fields.append(
                    HeaderField(
                        name: n, key: n.lowercased(), raw: trimmed,
                        value: HeaderText.decode(trimmed, problems: &problems)))
            }
            name = nil
            value.removeAll(keepingCapacity: true)
        }

        // A UTF-8 byte order mark, as some Windows tools save .eml files.
        if topLevel, end - i >= 3, bytes[i] == 0xEF, bytes[i + 1] == 0xBB, bytes[i + 2] == 0xBF {
            i += 3
            problems.append("byte order mark before the header skipped")
        }
        // An mbox "From " separator line (or its munged ">From " form) before the first field.
        if topLevel, hasPrefix(i, end, "From ") || hasPrefix(i, end, ">From ") {
            i = lineEnd(i, end).next
            problems.append("mbox 'From ' line before the header skipped")
        }

        while i < end {
            let (contentEnd, next) = lineEnd(i, end)
            let length = contentEnd - i
            if length > limits.maxLineBytes {
                problems.append("header line of \(length) bytes exceeds the line limit (\(limits.maxLineBytes))")
            }
            if length == 0 {
                if skipJunk, fields.isEmpty, name == nil, let found = headerAfterJunk(i, end, &problems) {
                    return found
                }
                finish(&problems)
                return Result(header: Header(fields: fields), bodyStart: next)
            }
            sectionBytes += next - i
            if sectionBytes > limits.maxHeaderBytes {
                if !stoppedAtLimit {
                    problems.append("header section exceeds \(limits.maxHeaderBytes) bytes; the rest is not parsed")
                    stoppedAtLimit = true
                }
                finish(&problems)
                name = nil
                i = next
                continue
            }
            let first = bytes[i]
            if first == 0x20 || first == 0x09 {
                if name != nil {
                    value.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<contentEnd]))
                } else if fields.isEmpty && !topLevel {
                    // A part whose header is missing: its content starts with indented text.
                    problems.append("part without header section")
                    return Result(header: Header(fields: fields), bodyStart: i)
                } else {
                    problems.append("continuation line without a field ignored")
                }
                i = next
                continue
            }
            guard let colon = fieldNameEnd(i, contentEnd) else {
                // A line starting with "--" is a boundary (or a signature separator): never part of a header.
                if let current = name, !hasPrefix(i, contentEnd, "--") {
                    let joinsWord = endsInOpenEncodedWord(value) && !containsBlank(i, contentEnd)
                    if !joinsWord && i >= headerGoesOnUntil {
                        headerGoesOnUntil = mailFieldAhead(after: next, end) ?? -1
                    }
                    if joinsWord || i < headerGoesOnUntil {
                        // An unfolded continuation (a long encoded subject wrapped without indentation, say).
                        if !joinsWord { value.append(0x20) }
                        value.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<contentEnd]))
                        if !reportedStrayLine {
                            problems.append(
                                "header line that is not a field (no colon, not indented) read as a continuation of \(current)"
                            )
                            reportedStrayLine = true
                        }
                        i = next
                        continue
                    }
                }
                if skipJunk, fields.isEmpty, name == nil, let found = headerAfterJunk(i, end, &problems) {
                    return found
                }
                finish(&problems)
                if fields.isEmpty && topLevel && i == start {
                    // Not even one field: the caller decides whether this is mail at all.
                    return Result(header: Header(fields: fields), bodyStart: i)
                }
                problems.append("header ended by a line that is not a field; it starts the body")
                return Result(header: Header(fields: fields), bodyStart: i)
            }
            finish(&problems)
            var nameEnd = colon
            while nameEnd > i, bytes[nameEnd - 1] == 0x20 || bytes[nameEnd - 1] == 0x09 { nameEnd -= 1 }
            name = String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<nameEnd]), as: UTF8.self)
            value.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[(colon + 1)..<contentEnd]))
            i = next
        }
        finish(&problems)
        return Result(header: Header(fields: fields), bodyStart: end)
    }

    /// Lines at the top of a message that are not a header (a forwarding banner, mbox `From ` lines, blanks),
    /// skipped when at most `maxLeadingJunkLines` of them lead to a header with a sender and a field only mail
    /// systems write. A reply's text that quotes a header further down stays what it is: not mail.
    private func headerAfterJunk(_ start: Int, _ end: Int, _ problems: inout [String]) -> Result? {
        var i = start
        var skipped = 0
        while i < end {
            let (contentEnd, next) = lineEnd(i, end)
            if contentEnd - i > 998 { return nil }  // a junk line is short; a long one is text
            if contentEnd > i, bytes[i] != 0x20, bytes[i] != 0x09, fieldNameEnd(i, contentEnd) != nil { break }
            skipped += 1
            if skipped > Self.maxLeadingJunkLines { return nil }
            i = next
        }
        guard i < end else { return nil }
        var found: [String] = []
        let result = parse(from: i, end: end, topLevel: true, skipJunk: false, problems: &found)
        let keys = Set(result.header.fields.map(\.key))
        guard keys.contains(where: MailFields.isOriginator), keys.contains(where: MailFields.isWrittenByMailSystem)
        else {
            return nil
        }
        problems.append("\(skipped) line(s) before the header skipped, the first: \(quotedLine(start, end))")
        problems.append(contentsOf: found)
        return result
    }

    /// Where the next mail field starts if one follows `start` before the blank line ending the header; nil when
    /// the blank line (or the end) comes first, so a message missing its blank line keeps its body.
    private func mailFieldAhead(after start: Int, _ end: Int) -> Int? {
        var i = start
        while i < end {
            let (contentEnd, next) = lineEnd(i, end)
            if contentEnd == i || hasPrefix(i, contentEnd, "--") { return nil }
            if bytes[i] != 0x20, bytes[i] != 0x09, let colon = fieldNameEnd(i, contentEnd) {
                var nameEnd = colon
                while nameEnd > i, bytes[nameEnd - 1] == 0x20 || bytes[nameEnd - 1] == 0x09 { nameEnd -= 1 }
                let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<nameEnd]), as: UTF8.self)
                    .lowercased()
                if MailFields.isMailField(key) { return i }
            }
            i = next
        }
        return nil
    }

    /// Whether a field value ends inside an RFC 2047 encoded word (`=?UTF-8?B?5L2g` with no closing `?=`).
    /// Only the last `openWordWindow` bytes are searched, so a header of many stray lines stays linear.
    private func endsInOpenEncodedWord(_ value: [UInt8]) -> Bool {
        guard value.count >= 2 else { return false }
        var start = -1
        var k = value.count - 2
        let floor = max(0, value.count - Self.openWordWindow)
        while k >= floor {
            if value[k] == UInt8(ascii: "="), value[k + 1] == UInt8(ascii: "?") { start = k; break }
            k -= 1
        }
        guard start >= 0 else { return false }
        // =?charset?encoding?text: the closing ?= can only come after the second question mark.
        var marks = 0
        var j = start + 2
        while j < value.count {
            let c = value[j]
            if c == 0x20 || c == 0x09 { return false }
            if c == UInt8(ascii: "?") {
                if marks == 2, j + 1 < value.count, value[j + 1] == UInt8(ascii: "=") { return false }
                if marks < 2 { marks += 1 }
            }
            j += 1
        }
        return marks >= 1
    }

    private func containsBlank(_ start: Int, _ end: Int) -> Bool {
        for k in start..<end where bytes[k] == 0x20 || bytes[k] == 0x09 { return true }
        return false
    }

    /// A line for a problem message: printable ASCII only, at most 60 characters, quoted.
    private func quotedLine(_ start: Int, _ end: Int) -> String {
        let (contentEnd, _) = lineEnd(start, end)
        var out = ""
        for k in start..<min(contentEnd, start + 60) {
            let c = bytes[k]
            out.append(c >= 0x20 && c < 0x7F ? Character(Unicode.Scalar(c)) : "?")
        }
        if contentEnd - start > 60 { out += "…" }
        return "\"" + out + "\""
    }

    /// The index of the colon ending a field name, or nil when the line is not a field.
    private func fieldNameEnd(_ start: Int, _ end: Int) -> Int? {
        var i = start
        while i < end {
            let c = bytes[i]
            if c == UInt8(ascii: ":") { return i > start ? i : nil }
            if c == 0x20 || c == 0x09 {
                // "Subject : x" is tolerated: only blanks may follow before the colon.
                var j = i
                while j < end, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
                return j < end && bytes[j] == UInt8(ascii: ":") && i > start ? j : nil
            }
            if c < 33 || c > 126 { return nil }
            i += 1
        }
        return nil
    }

    /// Where the line starting at `i` ends (before CR LF or LF) and where the next line starts.
    func lineEnd(_ i: Int, _ end: Int) -> (contentEnd: Int, next: Int) {
        guard let base = bytes.baseAddress else { return (end, end) }
        if let found = memchr(base + i, 0x0A, end - i) {
            let nl = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            let contentEnd = nl > i && bytes[nl - 1] == 0x0D ? nl - 1 : nl
            return (contentEnd, nl + 1)
        }
        return (end, end)
    }

    private func hasPrefix(_ i: Int, _ end: Int, _ prefix: StaticString) -> Bool {
        let n = prefix.utf8CodeUnitCount
        guard end - i >= n else { return false }
        let p = prefix.utf8Start
        for k in 0..<n where bytes[i + k] != p[k] { return false }
        return true
    }

    private func trim(_ value: [UInt8]) -> [UInt8] {
        var lo = 0
        var hi = value.count
        while lo < hi, value[lo] == 0x20 || value[lo] == 0x09 || value[lo] == 0x0D { lo += 1 }
        while hi > lo, value[hi - 1] == 0x20 || value[hi - 1] == 0x09 || value[hi - 1] == 0x0D { hi -= 1 }
        return lo == 0 && hi == value.count ? value : Array(value[lo..<hi])
    }
}
