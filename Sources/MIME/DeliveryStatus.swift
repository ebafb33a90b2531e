/// What a delivery-status report (RFC 3464) says: whether delivery failed for good, and for whom.
public struct DeliveryStatus: Sendable, Equatable, Codable {
    /// A 5.x.x status or `Action: failed`; false for delays (4.x.x, `Action: delayed`) and successes.
    public var permanent: Bool
    /// The failed recipients, or the delayed ones when none failed.
    public var recipients: [String]

    /// Reads the first message/delivery-status part of the tree, if any.
    static func find(in root: Part, problems: inout [String]) -> DeliveryStatus? {
        var statusPart: Part?
        root.walk { part in
            let t = part.contentType
            if statusPart == nil, t.type == "message",
                t.subtype == "delivery-status" || t.subtype == "global-delivery-status"
            {
                statusPart = part
            }
        }
        guard let statusPart else { return nil }
        let text = String(decoding: statusPart.decodedBytes(problems: &problems), as: UTF8.self)
        return parse(Part.normaliseNewlines(text))
    }

    /// Per-recipient blocks are header-like groups separated by blank lines; the first block is per-message.
    /// `text` has LF line ends.
    static func parse(_ text: String) -> DeliveryStatus {
        var failed: [String] = []
        var delayed: [String] = []
        var fields: [String: String] = [:]
        var lastKey: String?
        func endBlock() {
            defer { fields = [:]; lastKey = nil }
            guard let recipient = (fields["final-recipient"] ?? fields["original-recipient"]).map(address) else {
                return
            }
            let action = fields["action"]?.lowercased() ?? ""
            let status = fields["status"] ?? ""
            if action.hasPrefix("failed") || status.hasPrefix("5") {
                failed.append(recipient)
            } else if action.hasPrefix("delayed") || status.hasPrefix("4") {
                delayed.append(recipient)
            }
        }
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.trimmingTrailingCR()
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { endBlock(); continue }
            if line.first == " " || line.first == "\t", let key = lastKey {
                fields[key, default: ""] += " " + line.trimmingBlanksSub()
                continue
            }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[..<colon].trimmingBlanksSub().lowercased()
            if fields[key] == nil { fields[key] = String(line[line.index(after: colon)...].trimmingBlanksSub()) }
            lastKey = key
        }
        endBlock()
        if !failed.isEmpty { return DeliveryStatus(permanent: true, recipients: failed) }
        return DeliveryStatus(permanent: false, recipients: delayed)
    }

    /// `rfc822; user@example.com` → `user@example.com`.
    private static func address(_ value: String) -> String {
        var v = Substring(value)
        if let semicolon = v.firstIndex(of: ";") { v = v[v.index(after: semicolon)...] }
        v = v.trimmingBlanksSub()
        if v.first == "<" && v.last == ">" { v = v.dropFirst().dropLast() }
        return String(v)
    }
}
