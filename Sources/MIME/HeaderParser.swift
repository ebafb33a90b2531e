import Glibc

/// Splits a header section off an entity and unfolds its fields.
///
/// Reads bytes from `start`; stops at the first empty line (the body starts after it), at a line that cannot
/// be a header (the body starts at that line, a problem is recorded), or at the end. Never fails.
struct HeaderParser {
    let bytes: UnsafeBufferPointer<UInt8>
    let limits: Limits

    struct Result {
        var header: Header
        /// Offset of the first body byte.
        var bodyStart: Int
    }

    func parse(from start: Int, end: Int, topLevel: Bool, problems: inout [String]) -> Result {
        var fields: [HeaderField] = []
        var i = start
        var name: String?
        var value: [UInt8] = []
        var sectionBytes = 0
        var stoppedAtLimit = false

        func finish(_ problems: inout [String]) {
            guard let n = name else { return }
            if fields.count >= limits.maxHeaderFields {
                if !stoppedAtLimit {
                    problems.append("header field limit (\(limits.maxHeaderFields)) reached; further fields not parsed")
                    stoppedAtLimit = true
                }
            } else {
                let trimmed = trim(value)
                fields.append(HeaderField(name: n, key: n.lowercased(), raw: trimmed,
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
