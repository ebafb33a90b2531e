/// Where the writer's own text is in a reply: what is cut from the end, which lines are quoted, where a trailing
/// signature begins. Every pass is linear in the number of lines; look-aheads are bounded or stop at the first
/// non-blank line, and every line is inspected a bounded number of times.
struct ReplyLayout {
    let lines: [ReplyLine]
    /// Lines from this index on are the earlier mail, forwarded text or signature, whatever they look like.
    let cutAt: Int
    /// Per line below `cutAt`: part of a quoted block (quoted lines, the attribution above them, and blank lines
    /// above and inside them, as email_reply_parser groups them).
    let quoted: [Bool]
    /// Lines from this index on are a trailing signature or trailing quotes.
    let hiddenFrom: Int

    init(_ lines: [ReplyLine], markers: [String]) {
        self.lines = lines
        let nextNonBlank = Self.nextNonBlank(lines)
        cutAt = Self.cut(lines, markers: markers, nextNonBlank: nextNonBlank)
        quoted = Self.quoteBlocks(lines, end: cutAt, nextNonBlank: nextNonBlank)
        hiddenFrom = Self.trailingSignature(lines, quoted: quoted, end: cutAt)
    }

    /// The writer's lines in order, trailing blanks removed from each.
    var ownLines: [Substring] {
        (0..<hiddenFrom).filter { !quoted[$0] }.map { lines[$0].withoutTrailingBlanks }
    }

    /// For each line, the index of the first non-blank line after it (lines.count if none).
    private static func nextNonBlank(_ lines: [ReplyLine]) -> [Int] {
        var next = [Int](repeating: lines.count, count: lines.count)
        var following = lines.count
        for index in lines.indices.reversed() {
            next[index] = following
            if !lines[index].isBlank { following = index }
        }
        return next
    }

    /// The first line of what follows the writer's text in every client: a caller's marker, the signature
    /// delimiter, a mobile footer, an "original message" separator, an Outlook header block (with the rule and
    /// blank lines before it), or an attribution that no quoted line follows (the original comes unquoted).
    private static func cut(_ lines: [ReplyLine], markers: [String], nextNonBlank: [Int]) -> Int {
        // Compared as UTF-8 bytes: String.contains works on Characters, and this runs for every line of every mail.
        let markers = markers.map { Array($0.trimmingBlanksString().utf8) }.filter { !$0.isEmpty }
        for (index, line) in lines.enumerated() {
            if !markers.isEmpty && markers.contains(where: { line.raw.utf8.containsBytes($0) }) { return index }
            if line.isQuoted || line.isBlank { continue }
            if Signatures.isDelimiter(line) || Signatures.isMobileFooter(line.trimmed) { return index }
            if QuoteSeparators.isOriginalMessage(line.trimmed)
                || QuoteSeparators.headerBlockStarts(at: index, in: lines)
            {
                return startOfRule(before: index, in: lines)
            }
            if let first = Attribution.start(endingAt: index, in: lines) {
                let next = nextNonBlank[index]
                if next == lines.count || !lines[next].isQuoted { return first }
            }
        }
        return lines.count
    }

    /// Moves a cut up over the blank lines and drawn rules right above it.
    private static func startOfRule(before index: Int, in lines: [ReplyLine]) -> Int {
        var start = index
        while start > 0, lines[start - 1].isBlank || QuoteSeparators.isRule(lines[start - 1].trimmed) { start -= 1 }
        return start
    }

    private static func quoteBlocks(_ lines: [ReplyLine], end: Int, nextNonBlank: [Int]) -> [Bool] {
        var quoted = lines[..<end].map(\.isQuoted)
        for index in 0..<end where !quoted[index] {
            guard let first = Attribution.start(endingAt: index, in: lines) else { continue }
            // The quote may lie past the cut (a marker line inside it): the attribution still introduces it.
            let next = nextNonBlank[index]
            if next < lines.count, lines[next].isQuoted { for line in first...index { quoted[line] = true } }
        }
        // Blank lines belong to the block below them when that is quoted, so removing a quote removes the gap
        // the writer left above it, and the writer's own paragraphs keep their spacing.
        var belowIsQuoted = false
        for index in (0..<end).reversed() {
            if lines[index].isBlank { quoted[index] = belowIsQuoted } else { belowIsQuoted = quoted[index] }
        }
        return quoted
    }

    /// email_reply_parser's hidden tail: from the bottom, quoted blocks and blank lines are hidden, and in the
    /// writer's last block of text the topmost signature opening hides everything below it; when nothing of the
    /// writer's is left in that block, the search goes on above.
    private static func trailingSignature(_ lines: [ReplyLine], quoted: [Bool], end: Int) -> Int {
        var index = end - 1
        while true {
            while index >= 0, quoted[index] || lines[index].isBlank { index -= 1 }
            guard index >= 0 else { return 0 }
            var top = index
            while top > 0, !quoted[top - 1] { top -= 1 }
            guard let opening = (top...index).first(where: { Signatures.opensBlock(at: $0, in: lines, end: end) })
            else { return index + 1 }
            if lines[top..<opening].contains(where: { !$0.isBlank }) { return opening }
            index = opening - 1
        }
    }
}

extension String {
    func trimmingBlanksString() -> String { String(Substring(self).trimmingBlanks()) }
}

extension Substring.UTF8View {
    /// Whether `needle` occurs in these bytes.
    func containsBytes(_ needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return false }
        if let found = withContiguousStorageIfAvailable({ haystack in
            guard haystack.count >= needle.count else { return false }
            var i = 0
            let last = haystack.count - needle.count
            while i <= last {
                guard let hit = haystack[i...last].firstIndex(of: first) else { return false }
                if haystack[hit..<hit + needle.count].elementsEqual(needle) { return true }
                i = hit + 1
            }
            return false
        }) {
            return found
        }
        var start = startIndex
        while let hit = self[start...].firstIndex(of: first) {
            if self[hit...].starts(with: needle) { return true }
            start = index(after: hit)
        }
        return false
    }
}
