/// A subject reduced to what stays the same across replies and forwards, for the subject fallback:
/// reply and forward prefixes in the languages customers use (`Re:`, `AW:`, `回复：`, `转发:`, `Re[2]:`),
/// list and ticket tags in brackets, full-width punctuation, case and runs of blanks.
public enum SubjectKey {
    public static func normalise(_ subject: String) -> String {
        var s = Substring(subject.replacingFullWidthPunctuation())
        var changed = true
        while changed {
            changed = false
            s = s.drop { $0.isWhitespace }
            if let stripped = dropPrefix(s) { s = stripped; changed = true; continue }
            if let stripped = dropBracketTag(s) { s = stripped; changed = true }
        }
        // Ticket tags anywhere (`Help [#42-k7m2q9xd]`).
        var text = String(s)
        // (Foundation's `range(of:)` is slow; most subjects hold no bracket at all.)
        while text.utf8.contains(UInt8(ascii: "[")), let open = text.range(of: "[#"),
            let close = text[open.upperBound...].firstIndex(of: "]")
        {
            text.removeSubrange(open.lowerBound...close)
        }
        return text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ").lowercased()
    }

    private static let prefixes = [
        "re", "aw", "sv", "vs", "wg", "fw", "fwd", "rv", "tr", "antw", "ref", "odp", "res",
        "回复", "答复", "转发", "回覆", "轉寄", "轉發", "覆", "回", "答覆"
    ]

    /// `Re:`, `RE :`, `Re[2]:`, `Re(3):`, `回复：` → the rest.
    private static func dropPrefix(_ s: Substring) -> Substring? {
        // The prefixes are at most four characters: lowercasing the start is enough.
        let lower = s.prefix(8).lowercased()
        for prefix in prefixes where lower.hasPrefix(prefix) {
            var rest = s.dropFirst(prefix.count)
            if let first = rest.first, first == "[" || first == "(" {
                let close: Character = first == "[" ? "]" : ")"
                guard let end = rest.firstIndex(of: close),
                    rest[rest.index(after: rest.startIndex)..<end].allSatisfy(\.isNumber)
                else { continue }
                rest = rest[rest.index(after: end)...]
            }
            rest = rest.drop { $0 == " " }
            if rest.first == ":" { return rest.dropFirst() }
        }
        return nil
    }

    /// `[External]`, `【通知】`, `[#42-k7m2q9xd]` at the start.
    private static func dropBracketTag(_ s: Substring) -> Substring? {
        guard let first = s.first, first == "[" || first == "【" else { return nil }
        let close: Character = first == "[" ? "]" : "】"
        guard let end = s.firstIndex(of: close) else { return nil }
        let rest = s[s.index(after: end)...]
        // A subject that is only a bracket keeps it.
        return rest.allSatisfy(\.isWhitespace) ? nil : rest
    }
}

extension String {
    /// Full-width colon, brackets and spaces as their ASCII forms.
    func replacingFullWidthPunctuation() -> String {
        // Each of them starts with byte EF (U+FFxx) or E3 (U+3000): a subject with neither has none of them.
        guard utf8.contains(where: { $0 == 0xEF || $0 == 0xE3 }) else { return self }
        return String(
            map { c -> Character in
                switch c {
                case "：": return ":"
                case "［": return "["
                case "］": return "]"
                case "（": return "("
                case "）": return ")"
                case "\u{3000}": return " "
                default: return c
                }
            })
    }
}
