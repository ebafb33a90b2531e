/// Field names that mail systems write, used to tell a header section from text that happens to hold a colon.
enum MailFields {
    /// A field a mail system or client writes (the name lowercased).
    static func isMailField(_ key: String) -> Bool {
        known.contains(key) || key.hasPrefix("x-") || key.hasPrefix("content-") || key.hasPrefix("resent-")
            || key.hasPrefix("list-") || key.hasPrefix("arc-")
    }

    /// A field that names who sent the message.
    static func isOriginator(_ key: String) -> Bool {
        key == "from" || key == "sender" || key == "reply-to" || key == "return-path"
    }

    /// A field that mail software writes and that the header block a mail client quotes in a reply body
    /// (`From:`, `Sent:`, `To:`, `Subject:`) never holds.
    static func isWrittenByMailSystem(_ key: String) -> Bool {
        writtenByMailSystem.contains(key) || key.hasPrefix("content-") || key.hasPrefix("x-")
            || key.hasPrefix("arc-") || key.hasPrefix("list-")
    }

    private static let known: Set<String> = [
        "from", "to", "cc", "bcc", "subject", "date", "message-id", "received", "return-path", "delivered-to",
        "mime-version", "reply-to", "sender", "in-reply-to", "references", "dkim-signature", "authentication-results",
        "received-spf", "thread-topic", "thread-index", "importance", "priority", "precedence", "auto-submitted",
        "newsgroups", "path", "organization", "user-agent", "comments", "keywords", "envelope-to", "x-mailer"
    ]

    private static let writtenByMailSystem: Set<String> = [
        "received", "return-path", "delivered-to", "message-id", "mime-version", "dkim-signature",
        "authentication-results", "received-spf", "envelope-to", "user-agent"
    ]
}
