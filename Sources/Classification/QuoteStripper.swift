/// The customer's own words: quoted earlier messages, forwarded blocks and signatures removed, so neither
/// training nor prediction learns from text the customer did not write.
public enum QuoteStripper {
    public static func strip(_ text: String) -> String {
        var kept: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = trim(line)
            if endsOwnText(trimmed) { break }
            if trimmed.hasPrefix(">") || trimmed.hasPrefix("＞") { continue }
            kept.append(line)
        }
        return kept.joined(separator: "\n")
    }

    /// A line after which everything is quoted, forwarded or signature.
    static func endsOwnText(_ line: String) -> Bool {
        if line == "--" || line == "-- " || line == "__" { return true }
        // Lowercasing is the costly part, and only ASCII capitals matter for the markers.
        let lower = line.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) ? line.lowercased() : line
        if SearchText(verbatim: lower).containsAny(markers) { return true }
        // "On Mon, 16 Nov 2026 ..., Ann <ann@x> wrote:" and "在 2026年11月16日 ... 写道："
        if (lower.hasPrefix("on ") && lower.hasSuffix("wrote:")) || (line.hasPrefix("在") && (line.hasSuffix("写道：") || line.hasSuffix("写道:") || line.hasSuffix("寫道："))) {
            return true
        }
        return false
    }

    /// The line without leading and trailing blanks (spaces, tabs, ideographic spaces, CR).
    static func trim(_ line: Substring) -> String {
        var text = line
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{3000}" || $0 == "\r" || $0 == "\u{A0}" }
        while let first = text.first, blank(first) { text.removeFirst() }
        while let last = text.last, blank(last) { text.removeLast() }
        return String(text)
    }

    private static let markers = [
        "原始邮件", "原始郵件", "-----original message-----", "----- original message -----", "---- 回复的原邮件 ----",
        "begin forwarded message", "forwarded message", "转发的邮件", "發自我的", "发自我的", "sent from my iphone",
        "sent from my android", "sent from my ipad", "sent from outlook", "get outlook for",
    ]
}

import Foundation
