/// uuencoded blocks (`begin 644 name` … `end`) inside text bodies, as old clients and some scanners send.
enum UUEncode {
    struct Block {
        var filename: String
        var bytes: [UInt8]
    }

    /// Removes complete uuencoded blocks from `text` and returns them decoded. Lines around a block stay.
    static func extract(from text: String) -> (text: String, blocks: [Block]) {
        guard mayHaveBeginLine(text) else { return (text, []) }
        var kept: [Substring] = []
        var blocks: [Block] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var i = 0
        while i < lines.count {
            guard let name = beginLine(lines[i]) else { kept.append(lines[i]); i += 1; continue }
            // Find the matching "end"; without one the text is left alone.
            var j = i + 1
            var data: [UInt8] = []
            var valid = true
            while j < lines.count {
                let line = lines[j].trimmingTrailingCR()
                if line == "end" { break }
                if let bytes = decodeLine(line) { data.append(contentsOf: bytes) } else { valid = false; break }
                j += 1
            }
            if valid && j < lines.count {
                blocks.append(Block(filename: name, bytes: data))
                i = j + 1
            } else {
                kept.append(lines[i])
                i += 1
            }
        }
        return (kept.joined(separator: "\n"), blocks)
    }

    /// Whether some line starts with "begin " (a byte scan: most bodies have none).
    private static func mayHaveBeginLine(_ text: String) -> Bool {
        let needle = Array("begin ".utf8)
        var atLineStart = true
        var matched = 0
        for b in text.utf8 {
            if matched > 0 || atLineStart {
                if b == needle[matched] {
                    matched += 1
                    if matched == needle.count { return true }
                    atLineStart = false
                    continue
                }
                matched = 0
            }
            atLineStart = b == 0x0A
        }
        return false
    }

    /// `begin 644 file.txt` → "file.txt".
    private static func beginLine(_ line: Substring) -> String? {
        let l = line.trimmingTrailingCR()
        guard l.hasPrefix("begin ") else { return nil }
        let rest = l.dropFirst(6)
        guard let space = rest.firstIndex(of: " ") else { return nil }
        let mode = rest[..<space]
        guard (3...4).contains(mode.count), mode.allSatisfy({ ("0"..."7").contains($0) }) else { return nil }
        let name = rest[rest.index(after: space)...].trimmingBlanksSub()
        return name.isEmpty ? nil : String(name)
    }

    /// One encoded line: a length character, then groups of four characters for three bytes.
    private static func decodeLine(_ line: Substring) -> [UInt8]? {
        let chars = Array(line.utf8)
        guard let first = chars.first else { return [] }
        let count = Int((first &- 0x20) & 0x3F)
        if count == 0 { return [] }
        var out: [UInt8] = []
        out.reserveCapacity(count)
        var k = 1
        func value(_ idx: Int) -> UInt8? {
            guard idx < chars.count else { return 0 }  // trailing blanks are often stripped
            let c = chars[idx]
            guard c >= 0x20 && c <= 0x60 else { return nil }
            return (c &- 0x20) & 0x3F
        }
        while out.count < count {
            guard let a = value(k), let b = value(k + 1), let c = value(k + 2), let d = value(k + 3) else { return nil }
            out.append(a << 2 | b >> 4)
            if out.count < count { out.append((b & 0x0F) << 4 | c >> 2) }
            if out.count < count { out.append((c & 0x03) << 6 | d) }
            k += 4
        }
        return out
    }
}

extension Substring {
    func trimmingTrailingCR() -> Substring { last == "\r" ? dropLast() : self }

    func trimmingBlanksSub() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return s
    }
}
