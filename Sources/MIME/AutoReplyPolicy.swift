/// Whether maildesk may answer a message automatically (an acknowledgement, a reminder, a survey): never what a
/// machine sent (RFC 3834), a robot's address, maildesk itself, or mail carrying maildesk's marker. The one
/// decision every automatic answer asks; the parse stage's `AutoSubmittedReason` is its header part.
public enum AutoReplyPolicy {
    /// Local parts that never get an automated answer (the part before any `+tag`).
    public static let robotLocalParts: Set<String> = [
        "noreply", "no-reply", "no_reply", "donotreply", "do-not-reply",
        "mailer-daemon", "postmaster", "bounce", "bounces", "notifications"
    ]

    /// The header maildesk puts on its own mail; a message carrying it is never answered automatically.
    public static let markerHeader = "X-Maildesk"

    /// Why the message must not be answered automatically, or nil when it may be.
    /// - Parameters:
    ///   - from: the sender's address; `automated`: the parse stage's `AutoSubmittedReason` (raw value), if any;
    ///   - headers: the header fields by lowercased name; `ownAddresses`: maildesk's own addresses, lowercased.
    public static func refusal(
        from: String?, automated: String?, headers: [String: [String]],
        ownAddresses: Set<String>
    ) -> String? {
        if let automated { return "sent by a machine (\(automated))" }
        guard let from = from?.lowercased(), let at = from.lastIndex(of: "@") else { return "no sender address" }
        let local = String(from[..<at]).split(separator: "+").first.map(String.init) ?? ""
        if robotLocalParts.contains(local) { return "sender \(from) is a robot address" }
        if ownAddresses.contains(from) { return "sender \(from) is maildesk's own address" }
        if headers[markerHeader.lowercased()] != nil { return "carries maildesk's marker header" }
        return nil
    }
}
