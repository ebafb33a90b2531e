/// Signature lines: the RFC 3676 delimiter, mobile footers, and the shapes email_reply_parser takes for the start
/// of a signature ("--Bob", "__________", "-Abhishek Kona", "Sent from my Verizon Wireless BlackBerry").
enum Signatures {
    /// "-- " (or "--"): everything after it is signature, wherever it stands.
    static func isDelimiter(_ line: ReplyLine) -> Bool {
        line.trimmed == "--" && (line.raw.hasPrefix("--"))
    }

    /// A device or app footer, unmistakable on its own line: "Sent from my iPhone", "Get Outlook for iOS",
    /// "Sent from Mail for Windows", "发自我的iPhone", "發自我的 iPhone".
    static func isMobileFooter(_ line: Substring) -> Bool {
        guard let first = line.utf8.first, line.utf8.count <= 64 else { return false }
        // The footers start with s, g (either case) or 发/發/获/獲 (lead bytes E5, E7, E8): skip the lowercasing.
        switch first | 0x20 {
        case 0x73, 0x67: break
        default: guard first == 0xE5 || first == 0xE7 || first == 0xE8 else { return false }
        }
        let lower = line.lowercased()
        return mobileFooterPrefixes.contains { lower.hasPrefix($0) }
    }

    private static let mobileFooterPrefixes = [
        "sent from my iphone", "sent from my ipad", "sent from my android", "sent from my huawei",
        "sent from my samsung", "get outlook for ios", "get outlook for android", "sent from mail for windows",
        "sent from outlook for ", "发自我的", "發自我的", "发自网易邮箱", "获取 outlook for", "獲取 outlook for"
    ]

    /// Whether line `index` opens a signature as email_reply_parser sees one: after a blank line, a line starting
    /// with "--" or "__", "Sent from my" and one to three words, or a "-Name" sign-off. The sign-off is kept to
    /// three words and must not be followed by another "-" line, so that a "-item" list is not taken for one.
    static func opensBlock(at index: Int, in lines: [ReplyLine], end: Int) -> Bool {
        guard index > 0, lines[index - 1].isBlank else { return false }
        let line = lines[index]
        let leading = line.raw.drop { $0.isReplyBlank }
        if leading.hasPrefix("--") || leading.hasPrefix("__") { return true }
        if isSentFromDevice(line.trimmed) { return true }
        guard line.raw.first == "-", let second = line.raw.dropFirst().first, second.isLetter || second.isNumber,
            line.trimmed.split(whereSeparator: \.isReplyBlank).count <= 3
        else { return false }
        let next = lines[(index + 1)..<end].first { !$0.isBlank }
        return next.map { $0.trimmed.first != "-" } ?? true
    }

    /// "Sent from my" followed by one to three words of letters and digits only.
    private static func isSentFromDevice(_ line: Substring) -> Bool {
        guard line.utf8.count <= 80, line.lowercased().hasPrefix("sent from my ") else { return false }
        let words = line.dropFirst("sent from my ".count).split(whereSeparator: \.isReplyBlank)
        return (1...3).contains(words.count) && words.allSatisfy { $0.allSatisfy { $0.isLetter || $0.isNumber } }
    }
}
