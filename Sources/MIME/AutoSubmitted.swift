/// Why a message was sent by a machine and must never be answered automatically (RFC 3834 and practice).
public enum AutoSubmittedReason: String, Sendable, CaseIterable, Codable {
    case autoSubmitted = "auto-submitted"
    case precedence
    case xAutoreply = "x-autoreply"
    case xAutorespond = "x-autorespond"
    case xAutoResponseSuppress = "x-auto-response-suppress"
    case listID = "list-id"
    case listUnsubscribe = "list-unsubscribe"
    case emptyReturnPath = "empty-return-path"
    case mailerDaemon = "mailer-daemon"
    case postmaster
    case deliveryStatusReport = "delivery-status-report"
    case outOfOfficeSubject = "out-of-office-subject"

    /// The first reason that applies, in the order of the cases.
    static func detect(header: Header, from: [Address], subject: String?, isReport: Bool) -> AutoSubmittedReason? {
        if let v = header["auto-submitted"]?.value, firstToken(v) != "no" { return .autoSubmitted }
        if let v = header["precedence"]?.value,
            ["bulk", "junk", "list", "auto_reply", "auto-reply"].contains(firstToken(v))
        {
            return .precedence
        }
        if let v = header["x-autoreply"]?.value, firstToken(v) != "no" { return .xAutoreply }
        if let v = header["x-autorespond"]?.value, firstToken(v) != "no" { return .xAutorespond }
        if let v = header["x-auto-response-suppress"]?.value, !["", "none"].contains(firstToken(v)) {
            return .xAutoResponseSuppress
        }
        if header.contains("list-id") { return .listID }
        if header.contains("list-unsubscribe") { return .listUnsubscribe }
        if let returnPath = header.all("return-path").last?.value {
            let bare = returnPath.filter { $0 != "<" && $0 != ">" && $0 != " " && $0 != "\t" }
            if bare.isEmpty { return .emptyReturnPath }
        }
        let locals = from.compactMap { $0.address?.split(separator: "@").first?.lowercased() }
        if locals.contains(where: { $0 == "mailer-daemon" || $0 == "mailerdaemon" }) { return .mailerDaemon }
        if locals.contains("postmaster") { return .postmaster }
        if isReport { return .deliveryStatusReport }
        if let subject, isOutOfOffice(subject) { return .outOfOfficeSubject }
        return nil
    }

    private static func firstToken(_ value: String) -> String {
        let token = value.split(whereSeparator: { $0 == ";" || $0 == " " || $0 == "\t" || $0 == "(" }).first ?? ""
        return token.lowercased()
    }

    /// Out-of-office and auto-reply subjects as Outlook, Exchange, Gmail, QQ Mail, Foxmail and 163 write them.
    static func isOutOfOffice(_ subject: String) -> Bool {
        PhraseBytes.lowercased(subject, containsAnyOf: outOfOfficePhraseBytes)
    }

    private static let outOfOfficePhraseBytes = outOfOfficePhrases.map { Array($0.utf8) }

    private static let outOfOfficePhrases = [
        "out of office", "out-of-office", "out of the office", "automatic reply", "auto reply", "auto-reply",
        "autoreply", "auto response", "auto-response", "autoresponse", "vacation reply", "abwesenheitsnotiz",
        "automatische antwort", "réponse automatique", "respuesta automática",
        "自动回复", "自動回覆", "自动答复", "自動答覆", "自动应答", "自動回复", "自動返信", "自動応答", "休假自动回复",
        "不在办公室", "外出自动回复"
    ]
}

/// Phrases looked for in a subject as UTF-8 bytes: Foundation's `contains` costs more than the rest of the header.
enum PhraseBytes {
    /// Whether `text`, lowercased, contains one of `phrases` (lowercase UTF-8).
    static func lowercased(_ text: String, containsAnyOf phrases: [[UInt8]]) -> Bool {
        let bytes = Array(text.lowercased().utf8)
        return phrases.contains { bytes.contains(subsequence: $0) }
    }
}

fileprivate extension Array where Element == UInt8 {
    /// Whether `needle` occurs in these bytes.
    func contains(subsequence needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard needle.count <= count else { return false }
        let first = needle[0]
        var i = 0
        while i <= count - needle.count {
            if self[i] == first {
                var j = 1
                while j < needle.count && self[i + j] == needle[j] { j += 1 }
                if j == needle.count { return true }
            }
            i += 1
        }
        return false
    }
}
