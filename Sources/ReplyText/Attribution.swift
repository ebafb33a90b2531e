/// The line a mail client writes above the mail it quotes: "On Mon, 16 Nov 2026 at 10:00, Ann <ann@x.com> wrote:",
/// "在 2026年11月16日 10:00，张三 <z@x.com> 写道：", Gmail's Chinese "张三 <z@x.com> 于2026年11月16日周一 10:00写道：",
/// and German "Am … schrieb …:". Gmail wraps a long one over two or three lines; those count as one.
enum Attribution {
    /// The first line of the attribution that ends on line `end`, or nil when that line ends none.
    static func start(endingAt end: Int, in lines: [ReplyLine]) -> Int? {
        let last = lines[end]
        guard !last.isQuoted, let ending = ending(of: last.trimmed) else { return nil }
        // Earliest start first: "On Dec 16, 2011, at 12:47 PM, Corey Donohoe" / "<reply@x.com>" / "wrote:".
        for first in max(0, end - 2)...end {
            let span = lines[first...end]
            guard span.allSatisfy({ !$0.isBlank && !$0.isQuoted }) else { continue }
            if opens(lines[first].trimmed, ending: ending) { return first }
        }
        // Alone on its line, a Chinese attribution or one naming an address needs no opening words.
        if ending == .chinese || last.trimmed.contains("@") { return end }
        return nil
    }

    enum Ending { case english, german, chinese }

    static func ending(of line: Substring) -> Ending? {
        // Every ending is a colon, ":" or "：" (EF BC 9A): any other last byte ends none.
        guard let last = line.utf8.last, last == 0x3A || last == 0x9A else { return nil }
        if line.hasSuffix("写道：") || line.hasSuffix("写道:") || line.hasSuffix("寫道：") || line.hasSuffix("寫道:") {
            return .chinese
        }
        // Only the end needs lowercasing ("Wrote:" from some clients), never the whole (maybe huge) line.
        let tail = String(line.suffix(8)).lowercased()
        if tail.hasSuffix("wrote:") { return .english }
        if tail.hasSuffix("schrieb:") { return .german }
        // Gmail's German names the writer after the verb: "Am …, 10:00 Uhr schrieb Ann <ann@x.com>:".
        if tail.hasSuffix(":"), line.utf8.count <= 300, line.contains(" schrieb ") { return .german }
        return nil
    }

    /// Whether the line begins an attribution of this kind.
    private static func opens(_ line: Substring, ending: Ending) -> Bool {
        switch ending {
        case .english: return line.hasPrefix("On ")
        case .german: return line.hasPrefix("Am ")
        case .chinese: return line.hasPrefix("在") || line.contains("于") || line.contains("於")
        }
    }
}
