/// Reads the commands at the top of an agent's reply: lines starting with `#` (or the full-width `＃`), blank
/// lines between them allowed. The first other line ends the block; it and everything after it is the text to
/// relay. A `#` line inside the text is text. Unknown commands and bad arguments are reported with their line so
/// that the caller can refuse to relay and tell the agent.
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
        let rest = lines[index...].map { $0.raw }.joined(separator: "\n")
        return (commands, rest, problems)
    }

    /// "#priority high" → ("priority", "high"); "#分配：张三" → ("分配", "张三"). Nil when the line is not a command:
    /// no `#`, or no letter right after it ("#1 on the list", "# Heading").
    static func commandParts(_ line: Substring) -> (word: String, argument: String)? {
        guard let hash = line.first, hash == "#" || hash == "＃" else { return nil }
        let body = line.dropFirst()
        guard let first = body.first, first.isLetter else { return nil }
        let end = body.firstIndex { $0.isReplyBlank || $0 == ":" || $0 == "：" } ?? body.endIndex
        let argument = body[end...].trimmingCharacters { $0.isReplyBlank || $0 == ":" || $0 == "：" }
        return (String(body[..<end]).lowercased(), String(argument))
    }
}
