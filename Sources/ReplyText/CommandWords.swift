import ThreadFields
/// The command words, their Chinese aliases, and the check of each command's argument.
enum CommandWords {
    struct Problem: Error, Equatable {
        let message: String
    }

    private enum Name {
        case close, pending, open, priority, category, kind, assign, queue, note, spam, tag
    }

    /// Lowercased words (the `#` removed) and what they mean.
    private static let names: [String: Name] = [
        "close": .close, "resolve": .close, "关闭": .close, "關閉": .close, "解决": .close, "解決": .close,
        "pending": .pending, "待回复": .pending, "待回覆": .pending,
        "open": .open, "reopen": .open, "打开": .open, "打開": .open, "重开": .open, "重開": .open,
        "priority": .priority, "优先级": .priority, "優先級": .priority,
        "category": .category, "分类": .category, "分類": .category,
        "kind": .kind, "类型": .kind, "類型": .kind,
        "assign": .assign, "分配": .assign, "指派": .assign,
        "queue": .queue, "队列": .queue, "隊列": .queue,
        "note": .note, "备注": .note, "備註": .note,
        "spam": .spam, "垃圾": .spam, "垃圾邮件": .spam, "垃圾郵件": .spam,
        "tag": .tag, "标签": .tag, "標籤": .tag
    ]

    private static let priorities: [String: ThreadPriority] = [
        "urgent": .urgent, "high": .high, "normal": .normal, "low": .low,
        "紧急": .urgent, "緊急": .urgent, "高": .high, "普通": .normal, "中": .normal, "低": .low
    ]

    private static let kinds: [String: ThreadKind] = [
        "need": .need, "feedback": .feedback, "需求": .need, "反馈": .feedback, "反饋": .feedback
    ]

    /// Whether `word` (lowercased, without `#`) is a command's.
    static func isKnown(_ word: String) -> Bool { names[word] != nil }

    /// Whether `word` (lowercased, without `#`) names a note, whatever follows it.
    static func isNote(_ word: String) -> Bool { names[word] == .note }

    static let known = "#close #resolve #pending #open #priority #category #kind #assign #queue #note #spam #tag"

    static func command(word: String, argument: String) -> Result<ReplyCommand, Problem> {
        guard let name = names[word] else {
            return .failure(Problem(message: "unknown command #\(word); known: \(known)"))
        }
        switch name {
        case .close: return bare(.close, word, argument)
        case .pending: return bare(.pending, word, argument)
        case .open: return bare(.open, word, argument)
        case .note: return bare(.note, word, argument)
        case .spam: return bare(.spam, word, argument)
        case .priority:
            guard let priority = priorities[argument.lowercased()] else {
                return .failure(Problem(message: "#\(word) takes urgent, high, normal or low, not \"\(argument)\""))
            }
            return .success(.priority(priority))
        case .kind:
            guard let kind = kinds[argument.lowercased()] else {
                return .failure(Problem(message: "#\(word) takes need or feedback, not \"\(argument)\""))
            }
            return .success(.kind(kind))
        case .category: return named(word, argument, what: "a category name").map(ReplyCommand.category)
        case .assign: return named(word, argument, what: "an agent's address or name").map(ReplyCommand.assign)
        case .queue: return named(word, argument, what: "a team").map(ReplyCommand.queue)
        case .tag:
            if argument.contains(where: \.isReplyBlank) {
                return .failure(Problem(message: "#\(word) takes one tag without spaces, not \"\(argument)\""))
            }
            return named(word, argument, what: "a tag").map(ReplyCommand.tag)
        }
    }

    /// A command without argument: anything after it is a mistake worth telling ("#close tomorrow").
    private static func bare(_ command: ReplyCommand, _ word: String, _ argument: String)
        -> Result<ReplyCommand, Problem>
    {
        argument.isEmpty
            ? .success(command)
            : .failure(Problem(message: "#\(word) takes no argument, not \"\(argument)\""))
    }

    private static func named(_ word: String, _ argument: String, what: String) -> Result<String, Problem> {
        argument.isEmpty ? .failure(Problem(message: "#\(word) needs \(what)")) : .success(argument)
    }
}
