/// "Did you mean" suggestions and safe echoing of user values in messages.
public enum Suggestions {
    /// The candidate `word` most likely meant: same spelling up to case and `-`/`_`, at most 2 edits away, or a
    /// prefix match; nil when nothing is close or the prefix is ambiguous.
    public static func closest(to word: String, among candidates: [String]) -> String? {
        let normal = normalized(word)
        if let same = candidates.first(where: { normalized($0) == normal }) { return same }
        let limit = min(2, max(1, normal.count / 2))
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(normal, normalized(candidate))
            if distance <= limit, distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        if let best { return best.candidate }
        // `interval_secs` → `interval`: the longest candidate the word starts with.
        let containing = candidates.filter { normal.hasPrefix(normalized($0)) && $0.count >= 3 }
        if let longest = containing.max(by: { $0.count < $1.count }) { return longest }
        // `max_mess` → `max_message_bytes`: only when one candidate starts with the word.
        let extending = candidates.filter { normalized($0).hasPrefix(normal) }
        if normal.count >= 3, extending.count == 1 { return extending[0] }
        return nil
    }

    /// Lowercased, with `-` read as `_`.
    private static func normalized(_ word: String) -> String {
        String(word.lowercased().map { $0 == "-" ? "_" : $0 })
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, table[i - 2][j - 2] + 1)
                }
                table[i][j] = value
            }
        }
        return table[a.count][b.count]
    }

    /// The longest user value echoed whole; longer ones are cut so a pasted secret is never printed in full.
    static let maxEchoedLength = 60

    /// `value` in double quotes, control characters escaped, cut to `maxEchoedLength` characters with `…`.
    static func quoted(_ value: String) -> String {
        var text = value
        if text.count > maxEchoedLength { text = String(text.prefix(maxEchoedLength - 1)) + "…" }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out +=
                        "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                        + String(scalar.value, radix: 16, uppercase: true)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A key name for messages: bare when it is a bare TOML key, else quoted (and cut like a value).
    static func keyName(_ key: String) -> String {
        let bare =
            !key.isEmpty
            && key.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
                    || $0 == "-"
            }
        return bare && key.count <= maxEchoedLength ? key : quoted(key)
    }

    /// `a`, `a or b`, `a, b or c`.
    static func alternatives(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " or " + items[items.count - 1]
    }
}
