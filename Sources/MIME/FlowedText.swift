/// RFC 3676 `format=flowed`: soft line breaks (a line ending in a space) are joined, space-stuffing is
/// removed, quote depth is kept, and the signature separator `-- ` stays a hard break.
enum FlowedText {
    static func unwrap(_ text: String, delSp: Bool) -> String {
        var out: [String] = []
        var paragraph = ""
        var paragraphDepth = -1
        func flush() {
            guard paragraphDepth >= 0 else { return }
            out.append(quotePrefix(paragraphDepth) + paragraph)
            paragraph = ""
            paragraphDepth = -1
        }
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = rawLine.trimmingTrailingCR()
            var depth = 0
            while line.first == ">" { depth += 1; line = line.dropFirst() }
            if line.first == " " { line = line.dropFirst() }  // space-stuffing
            let isSignature = line == "-- "
            let soft = !isSignature && line.last == " "
            if paragraphDepth >= 0 && depth != paragraphDepth { flush() }
            var content = String(line)
            if soft && delSp { content.removeLast() }
            if paragraphDepth < 0 { paragraphDepth = depth }
            paragraph += content
            if !soft { flush() }
        }
        flush()
        return out.joined(separator: "\n")
    }

    private static func quotePrefix(_ depth: Int) -> String {
        depth == 0 ? "" : String(repeating: ">", count: depth) + " "
    }
}
