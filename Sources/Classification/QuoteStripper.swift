/// The customer's own words: quoted earlier messages, forwarded blocks and signatures removed, so neither
/// training nor prediction learns from text the customer did not write.
public enum QuoteStripper {
    public static func strip(_ text: String) -> String {
        var kept: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if endsOwnText(trimmed) { break }
            if trimmed.hasPrefix(">") || trimmed.hasPrefix("＞") { continue }
            kept.append(line)
        }
        return kept.joined(separator: "\n")
    }

    /// A line after which everything is quoted, forwarded or signature.
    static func endsOwnText(_ line: String) -> Bool {
        if line == "--" || line == "-- " || line == "__" { return true }
        let lower = line.lowercased()
        if markers.contains(where: { lower.contains($0) }) { return true }
        // "On Mon, 16 Nov 2026 ..., Ann <ann@x> wrote:" and "在 2026年11月16日 ... 写道："
        if (lower.hasPrefix("on ") && lower.hasSuffix("wrote:")) || (line.hasPrefix("在") && (line.hasSuffix("写道：") || line.hasSuffix("写道:") || line.hasSuffix("寫道："))) {
            return true
        }
        return false
    }

    private static let markers = [
        "原始邮件", "原始郵件", "-----original message-----", "----- original message -----", "---- 回复的原邮件 ----",
        "begin forwarded message", "forwarded message", "转发的邮件", "發自我的", "发自我的", "sent from my iphone",
        "sent from my android", "sent from my ipad", "sent from outlook", "get outlook for",
    ]
}

import Foundation
