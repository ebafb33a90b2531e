/// Mail a machine sent, by what it means for a helpdesk: robots never become work for agents.
public enum RobotKind: String, Sendable, CaseIterable, Codable {
    /// A delivery failure or delay report: an RFC 3464 DSN or one of the non-standard bounces (Exchange, QQ,
    /// 163, Gmail wording in English and Chinese).
    case bounce
    /// An out-of-office or vacation reply, `自动回复`: a person's robot answering mail it received.
    case autoReply = "auto_reply"
    /// Newsletters, notifications and list mail: `List-Id`, `List-Unsubscribe`, `Precedence: bulk`,
    /// `Auto-Submitted: auto-generated`.
    case bulk
}

/// What the parser found about a message a machine sent: its kind, why, and for bounces what failed.
public struct RobotMail: Sendable, Equatable, Codable {
    public var kind: RobotKind
    /// The evidence, for the event log (`list-id`, `delivery-status report`, `bounce subject`, …).
    public var reason: String
    /// Bounces: a 5.x.x failure (the address is bad) rather than a delay or an unknown cause.
    public var permanent: Bool
    /// Bounces: the recipients that failed, as reported (may be empty for non-standard bounces).
    public var recipients: [String]
    /// Bounces and replies: the Message-IDs the report quotes (the returned message's own), so the store can
    /// find which of its outgoing messages failed.
    public var reportedMessageIDs: [String]
    /// Bounces: the status code or the server's words, for `outbox show`.
    public var diagnostic: String?

    /// Classifies a parsed message; nil for mail a person wrote. Only strong signals count: a person's mail
    /// taken for a robot would never reach an agent.
    public static func detect(_ message: Message) -> RobotMail? {
        let header = message.header
        let subject = message.subject ?? ""
        let senderLocals = message.from.compactMap { $0.address?.split(separator: "@").first?.lowercased() }
        let fromDaemon = senderLocals.contains { ["mailer-daemon", "mailerdaemon", "postmaster"].contains($0) }
        let autoSubmitted = header["auto-submitted"].map { firstToken($0.value) }
        let precedence = header["precedence"].map { firstToken($0.value) }
        let nullSender =
            header.all("return-path").last.map {
                $0.value.filter { $0 != "<" && $0 != ">" && $0 != " " && $0 != "\t" }.isEmpty
            } ?? false

        if let dsn = message.deliveryStatus {
            return bounce(
                message, reason: "delivery-status report", permanent: dsn.permanent,
                recipients: dsn.recipients)
        }
        if isBounceSubject(subject) && (fromDaemon || nullSender || autoSubmitted.map { $0 != "no" } == true) {
            let (permanent, diagnostic) = statusInText(message.text)
            var report = bounce(
                message, reason: fromDaemon ? "bounce from \(senderLocals[0])" : "bounce subject",
                permanent: permanent, recipients: [])
            report.diagnostic = diagnostic
            return report
        }
        if autoSubmitted == "auto-replied" {
            return RobotMail(kind: .autoReply, reason: "Auto-Submitted: auto-replied", message)
        }
        if precedence == "auto_reply" || precedence == "auto-reply" {
            return RobotMail(kind: .autoReply, reason: "Precedence: \(precedence!)", message)
        }
        for name in ["x-autoreply", "x-autorespond"] {
            if let value = header[name]?.value, firstToken(value) != "no" {
                return RobotMail(kind: .autoReply, reason: name, message)
            }
        }
        if AutoSubmittedReason.isOutOfOffice(subject) {
            return RobotMail(kind: .autoReply, reason: "out-of-office subject", message)
        }
        if let precedence, ["bulk", "list", "junk"].contains(precedence) {
            return RobotMail(kind: .bulk, reason: "Precedence: \(precedence)", message)
        }
        if header.contains("list-id") { return RobotMail(kind: .bulk, reason: "List-Id", message) }
        if header.contains("list-unsubscribe") { return RobotMail(kind: .bulk, reason: "List-Unsubscribe", message) }
        if let autoSubmitted, autoSubmitted != "no" {
            return RobotMail(kind: .bulk, reason: "Auto-Submitted: \(autoSubmitted)", message)
        }
        if fromDaemon {
            // Mail from the mail system that is not a bounce (a quota warning, a digest of held mail).
            return RobotMail(kind: .bulk, reason: "from \(senderLocals[0])", message)
        }
        if nullSender {
            // RFC 3834: automatic responses go out with a null sender; people never write with one.
            return RobotMail(kind: .autoReply, reason: "empty Return-Path", message)
        }
        return nil
    }

    private init(kind: RobotKind, reason: String, _ message: Message) {
        self.kind = kind
        self.reason = reason
        permanent = false
        recipients = []
        reportedMessageIDs = Self.repliedTo(message)
        diagnostic = nil
    }

    public init(
        kind: RobotKind, reason: String, permanent: Bool, recipients: [String], reportedMessageIDs: [String],
        diagnostic: String?
    ) {
        self.kind = kind
        self.reason = reason
        self.permanent = permanent
        self.recipients = recipients
        self.reportedMessageIDs = reportedMessageIDs
        self.diagnostic = diagnostic
    }

    private static func bounce(_ message: Message, reason: String, permanent: Bool, recipients: [String]) -> RobotMail {
        // The returned message's Message-ID (in a message/rfc822 or text/rfc822-headers part, or quoted in the
        // text of a non-standard bounce), then what the bounce itself replies to.
        var ids = quotedMessageIDs(message.raw).filter { $0 != message.messageID }
        for id in repliedTo(message) where !ids.contains(id) { ids.append(id) }
        var diagnostic: String?
        if let code = statusInText(message.text).diagnostic { diagnostic = code }
        return RobotMail(
            kind: .bounce, reason: reason, permanent: permanent, recipients: recipients,
            reportedMessageIDs: Array(ids.prefix(20)), diagnostic: diagnostic)
    }

    private static func repliedTo(_ message: Message) -> [String] {
        var ids: [String] = []
        for id in (message.inReplyTo.map { [$0] } ?? []) + message.references.reversed() where !ids.contains(id) {
            ids.append(id)
        }
        return Array(ids.prefix(20))
    }

    /// Subjects of delivery failure reports as the common mail systems write them.
    static func isBounceSubject(_ subject: String) -> Bool {
        PhraseBytes.lowercased(subject, containsAnyOf: bouncePhraseBytes)
    }

    private static let bouncePhraseBytes = bouncePhrases.map { Array($0.utf8) }

    private static let bouncePhrases = [
        "undeliverable", "undelivered mail", "delivery status notification", "mail delivery failed",
        "delivery failure", "failure notice", "returned mail", "delivery has failed", "could not be delivered",
        "mail delivery subsystem", "message not delivered", "delivery notification", "nondeliverable",
        "退信", "投递失败", "投遞失敗", "无法投递", "無法投遞", "未能送达", "未能送達", "邮件退回", "郵件退回",
        "发送失败", "發送失敗", "递送失败", "遞送失敗", "系统退信", "無法傳遞", "无法传递"
    ]

    /// A 5.x.x / 4.x.x enhanced status code or a 5xx / 4xx SMTP reply in a bounce's text: permanent when 5,
    /// and the line it was found on. Unknown: not permanent (a soft bounce that only counts).
    static func statusInText(_ text: String) -> (permanent: Bool, diagnostic: String?) {
        var lines = 0
        for line in text.split(separator: "\n") {
            lines += 1
            if lines > 400 { break }
            let bytes = Array(line.utf8)
            var i = 0
            while i + 2 < bytes.count {
                let c = bytes[i]
                if (c == UInt8(ascii: "4") || c == UInt8(ascii: "5")), i == 0 || !isDigitOrDot(bytes[i - 1]) {
                    // d.d.d (enhanced status) or ddd followed by a blank or '-' (SMTP reply code)
                    if bytes[i + 1] == UInt8(ascii: "."), isDigit(bytes[i + 2]) {
                        var j = i + 2
                        while j < bytes.count, isDigit(bytes[j]) { j += 1 }
                        if j + 1 < bytes.count, bytes[j] == UInt8(ascii: "."), isDigit(bytes[j + 1]) {
                            return (
                                c == UInt8(ascii: "5"), String(line.prefix(200)).trimmingCharacters(in: .whitespaces)
                            )
                        }
                    } else if i + 3 <= bytes.count, isDigit(bytes[i + 1]), isDigit(bytes[i + 2]),
                        i + 3 == bytes.count || bytes[i + 3] == UInt8(ascii: " ") || bytes[i + 3] == UInt8(ascii: "-")
                    {
                        let code = Int(String(decoding: bytes[i..<(i + 3)], as: UTF8.self)) ?? 0
                        if (421...454).contains(code) || (500...554).contains(code) {
                            return (
                                c == UInt8(ascii: "5"), String(line.prefix(200)).trimmingCharacters(in: .whitespaces)
                            )
                        }
                    }
                }
                i += 1
            }
        }
        if text.contains("永久") { return (true, nil) }
        return (false, nil)
    }

    private static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
    private static func isDigitOrDot(_ b: UInt8) -> Bool { isDigit(b) || b == UInt8(ascii: ".") }

    /// `Message-ID: <…>` lines anywhere in the first 2 MB of the raw message (returned headers, quoted or
    /// attached), in order, without duplicates.
    static func quotedMessageIDs(_ raw: [UInt8]) -> [String] {
        let limit = min(raw.count, 2 << 20)
        let key = Array("message-id:".utf8)
        var ids: [String] = []
        var lineStart = 0
        var i = 0
        while i <= limit {
            if i == limit || raw[i] == UInt8(ascii: "\n") {
                var s = lineStart
                // quoted lines ("> Message-ID: …") and indentation are allowed
                while s < i, raw[s] == UInt8(ascii: ">") || raw[s] == UInt8(ascii: " ") || raw[s] == UInt8(ascii: "\t")
                { s += 1 }
                if i - s > key.count, zip(raw[s..<(s + key.count)], key).allSatisfy({ lower($0) == $1 }) {
                    var v = s + key.count
                    // the value may be folded onto the next line
                    var end = i
                    if !raw[v..<end].contains(UInt8(ascii: "<")), end + 1 < limit {
                        var next = end + 1
                        while next < limit, raw[next] != UInt8(ascii: "\n") { next += 1 }
                        v = end + 1
                        end = next
                    }
                    if let open = raw[v..<end].firstIndex(of: UInt8(ascii: "<")),
                        let close = raw[open..<end].firstIndex(of: UInt8(ascii: ">")), close - open > 1,
                        close - open < 250
                    {
                        let id = String(decoding: raw[(open + 1)..<close], as: UTF8.self)
                        if !id.contains(" "), !ids.contains(id) { ids.append(id) }
                    }
                }
                lineStart = i + 1
            }
            i += 1
        }
        return ids
    }

    private static func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }

    private static func firstToken(_ value: String) -> String {
        let token = value.split(whereSeparator: { $0 == ";" || $0 == " " || $0 == "\t" || $0 == "(" }).first ?? ""
        return token.lowercased()
    }
}
