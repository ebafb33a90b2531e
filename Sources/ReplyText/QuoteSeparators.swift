/// Lines after which a client puts the earlier mail without `>` quoting: "-----Original Message-----",
/// QQ/Foxmail's "------------------ 原始邮件 ------------------", NetEase's "---- 回复的原邮件 ----", and Outlook's
/// header block ("From:/Sent:/To:/Subject:" in English, German, simplified and traditional Chinese).
enum QuoteSeparators {
    /// A dashed line naming the original message.
    static func isOriginalMessage(_ line: Substring) -> Bool {
        guard line.first == "-" else { return false }
        let words = line.trimmingCharacters { $0 == "-" || $0.isReplyBlank }
        guard !words.isEmpty, words.count <= 24 else { return false }
        let key = words.lowercased().replacingEach(of: "\u{A0}", with: " ")
        return originalMessageWords.contains(key)
    }

    private static let originalMessageWords: Set<String> = [
        "original message", "original", "原始邮件", "原始郵件", "回复的原邮件", "回覆的原郵件", "原邮件", "原郵件"
    ]

    /// A line drawn with dashes, underscores or equals signs (Outlook's "________________________________").
    static func isRule(_ line: Substring) -> Bool {
        line.count >= 5 && line.allSatisfy { "-_=─━—".contains($0) }
    }

    enum HeaderLabel { case from, other }

    /// The label of an Outlook header line: "From:", "*From:*" (Gmail's rendering of bold), "发件人：", "寄件者:".
    static func headerLabel(_ line: Substring) -> HeaderLabel? {
        // No colon (":", or "：" = EF BC 9A) anywhere: no label, and no Character read.
        guard line.utf8.containsColon else { return nil }
        let start = line.drop { $0 == "*" || $0.isReplyBlank }
        guard let colon = start.prefix(16).firstIndex(where: { $0 == ":" || $0 == "：" }) else { return nil }
        let label = start[..<colon].trimmingCharacters { $0 == "*" || $0.isReplyBlank }.lowercased()
        if fromLabels.contains(label) { return .from }
        if otherLabels.contains(label) { return .other }
        return nil
    }

    private static let fromLabels: Set<String> = ["from", "von", "发件人", "發件人", "寄件者", "寄件人"]
    private static let otherLabels: Set<String> = [
        "sent", "date", "to", "cc", "subject", "gesendet", "datum", "an", "betreff",
        "发送时间", "發送時間", "时间", "日期", "收件人", "抄送", "主题", "主題",
        "寄件日期", "收件者", "副本", "主旨"
    ]

    /// Whether an Outlook header block starts on line `index`: a From line and, within the next lines (a long To:
    /// list wraps), at least two more header labels. One "From:" in the writer's own text is not enough.
    static func headerBlockStarts(at index: Int, in lines: [ReplyLine]) -> Bool {
        guard headerLabel(lines[index].trimmed) == .from else { return false }
        let window = lines[(index + 1)..<min(lines.count, index + 9)]
        return window.filter { headerLabel($0.trimmed) == .other }.count >= 2
    }
}

extension Substring {
    func trimmingCharacters(where drop: (Character) -> Bool) -> Substring {
        var start = startIndex, end = endIndex
        while start < end, drop(self[start]) { start = index(after: start) }
        while end > start, drop(self[index(before: end)]) { end = index(before: end) }
        return self[start..<end]
    }
}

extension String {
    func replacingEach(of character: Character, with replacement: Character) -> String {
        String(map { $0 == character ? replacement : $0 })
    }
}

extension Substring.UTF8View {
    /// Whether the bytes hold ":" or the full-width "：".
    var containsColon: Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in self {
            if byte == 0x3A || (byte == 0x9A && previous == (0xEF, 0xBC)) { return true }
            previous = (previous.1, byte)
        }
        return false
    }
}
