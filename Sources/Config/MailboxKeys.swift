extension MailboxDefinition {
    /// The keys every mailbox file takes.
    enum Keys {
        static let name = ConfigKey<String>(
            "name", default: nil, doc: "The mailbox's name: lowercase letters, digits, '-' and '_'; unique.")
        static let url = ConfigKey<String>(
            "url", default: nil,
            doc: "Where its mail is: maildir:PATH, imaps://HOST[:PORT]/MAILBOX, imap://HOST[:PORT]/MAILBOX or pipe:.")
        static let kind = ConfigKey<String>(
            "kind", oneOf: ThreadKind.allCases.map(\.rawValue), default: "need",
            doc: "The kind of thread a new message starts.")
        static let address = ConfigKey<String>(
            "address", default: nil, doc: "The support address customers write to.")
        /// The demo keeps its sample mail untouched so that a clone stays clean.
        static let afterImport = ConfigKey<String>(
            "after_import", default: "seen", shipped: "keep",
            doc: "What becomes of imported mail in the source: \"seen\", \"keep\" or \"move:FOLDER\".")

        static let all: [any DeclaredKey] = [name, url, kind, address, afterImport]
    }
}

extension IMAPSettings {
    /// The extra keys of an `imap://` mailbox (`imaps://` takes them all but `starttls`).
    enum Keys {
        static let user = ConnectionKeys.Keys.user
        static let passwordEnv = ConnectionKeys.Keys.passwordEnv
        static let tlsCAFile = ConnectionKeys.Keys.tlsCAFile
        static let tlsVerify = ConnectionKeys.Keys.tlsVerify
        static let startTLS = ConnectionKeys.Keys.startTLS
        static let allowInsecure = ConnectionKeys.Keys.allowInsecure
        static let pollInterval = ConfigKey<Int>(
            "poll_interval", in: 2...86_400, default: 10,
            doc: "Seconds between polls, each a STATUS on a kept connection.")
        static let maxMessagesPerPoll = ConfigKey<Int>(
            "max_messages_per_poll", in: 1...100_000, default: 500, doc: "The most messages fetched in one poll.")
        static let connectTimeout = ConnectionKeys.Keys.connectTimeout
        static let timeout = ConnectionKeys.Keys.timeout.defaulting(to: 120)

        static let all: [any DeclaredKey] = [
            user, passwordEnv, tlsCAFile, tlsVerify, startTLS, allowInsecure, pollInterval, maxMessagesPerPoll,
            connectTimeout, timeout
        ]
    }
}
