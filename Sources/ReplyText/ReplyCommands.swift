/// Reads the commands at the top of an agent's reply: lines starting with `#` (or the full-width `＃`), blank
/// lines between them allowed. The first other line ends the block; it and everything after it is the text to
/// relay. A `#` line inside the text is text, except a note's (`#note` on a line of its own anywhere): a note
/// must never leave by a slip of where it was written. Clients' decorations do not hide a command: bold or
/// italic marks (`*#note*`), invisible format characters, blanks after the `#`. Unknown commands and bad
/// arguments are reported with their line so that the caller can refuse to relay and tell the agent.
public enum ReplyCommands {
    public static func parse(_ visibleText: String) -> (
        commands: [ReplyCommand], remainingText: String,
        problems: [String]
    ) {
        var commands: [ReplyCommand] = []
        var problems: [String] = []
        let lines = ReplyLine.split(visibleText)
        var index = 0
        while index < lines.count {
            let line = lines[index].trimmed
            if line.isEmpty {
                index += 1
                continue
            }
            guard let (word, argument) = commandParts(line) else { break }
            switch CommandWords.command(word: word, argument: argument) {
            case .success(let command): commands.append(command)
            case .failure(let problem): problems.append("Line \(index + 1) \"\(line)\": \(problem.message)")
            }
            index += 1
        }
        // A note below the text keeps the whole mail internal, its line and all.
        if !commands.contains(.note),
            lines[index...].contains(where: { commandParts($0.trimmed).map { CommandWords.isNote($0.word) } ?? false })
        {
            commands.append(.note)
        }
        let rest = lines[index...].map { $0.raw }.joined(separator: "\n")
        return (commands, rest, problems)
    }

    /// "#priority high" → ("priority", "high"); "#分配：张三" → ("分配", "张三"); "*# note*" → ("note", ""). Nil when
    /// the line is not a command: no `#`, no letter after it and its blanks ("#1 on the list"), or blanks before a
    /// word that is no command ("# Summary", a heading).
    static func commandParts(_ raw: Substring) -> (word: String, argument: String)? {
        // Invisible format characters (zero-width space, BOM) go, then the marks of bold and italic around it.
        let scalars = raw.unicodeScalars.filter { $0.properties.generalCategory != .format }
        let visible = String(String.UnicodeScalarView(scalars))
        let line = visible[...].trimmingCharacters(where: isDecoration)
        guard let hash = line.first, hash == "#" || hash == "＃" else { return nil }
        let body = line.dropFirst().drop(while: \.isReplyBlank)
        guard let first = body.first, first.isLetter else { return nil }
        let end = body.firstIndex(where: isSeparator) ?? body.endIndex
        let word = String(body[..<end].trimmingCharacters(where: isDecoration)).lowercased()
        // "# Summary" is a heading; "# note" a command with a blank too many.
        if body.startIndex != line.index(after: line.startIndex) && !CommandWords.isKnown(word) { return nil }
        let argument = body[end...].trimmingCharacters(where: isSeparator)
        return (word, String(argument))
    }

    private static func isDecoration(_ c: Character) -> Bool { c == "*" || c == "_" || c == "~" || c.isReplyBlank }

    private static func isSeparator(_ c: Character) -> Bool { c.isReplyBlank || c == ":" || c == "：" }
}
