/// RFC 5322 comments in structured header values: `(…)`, nested, with quoted pairs; parentheses inside a
/// quoted string are text.
enum HeaderComments {
    /// The value with each comment replaced by one blank (`dkim=pass (2048-bit key; unprotected) header.d=x`
    /// → `dkim=pass   header.d=x`: a `;` inside a comment no longer splits a result).
    static func removed(from value: String) -> String {
        guard value.contains("(") else { return value }
        var out = ""
        var depth = 0
        var escaped = false
        var quoted = false
        for c in value {
            if escaped {
                escaped = false
                if depth == 0 { out.append(c) }
                continue
            }
            switch c {
            case "\\" where quoted || depth > 0:
                escaped = true
                if depth == 0 { out.append(c) }
            case "\"" where depth == 0:
                quoted.toggle()
                out.append(c)
            case "(" where !quoted:
                if depth == 0 { out.append(" ") }
                depth += 1
            case ")" where !quoted && depth > 0:
                depth -= 1
            default:
                if depth == 0 { out.append(c) }
            }
        }
        return out
    }
}
