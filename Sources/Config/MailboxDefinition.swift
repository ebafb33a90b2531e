@_exported import enum Curl.StartTLS
@_exported import ThreadFields
/// One watched mailbox, from one `mailboxes/*.toml` file.
public struct MailboxDefinition: Sendable, Equatable {
    /// The mailbox's name: `[a-z0-9][a-z0-9_-]*`, unique across files.
    public var name: String
    /// Where its mail comes from.
    public var source: MailboxSource
    /// The kind given to threads this mailbox starts.
    public var kind: ThreadKind
    /// The support address customers write to (`local@domain`, as written).
    public var address: String
    /// What happens to a message in the source once it is imported.
    public var afterImport: AfterImport
    /// The definition file, as the user would name it (e.g. `mailboxes/demo.toml`), for messages.
    public var file: String

    /// A mailbox definition; `kind` defaults to `.need` and `afterImport` to `.seen`.
    public init(
        name: String, source: MailboxSource, kind: ThreadKind = .need, address: String,
        afterImport: AfterImport = .seen, file: String
    ) {
        self.name = name
        self.source = source
        self.kind = kind
        self.address = address
        self.afterImport = afterImport
        self.file = file
    }

    /// The domain part of `address` (after the last `@`).
    public var addressDomain: String {
        guard let at = address.lastIndex(of: "@") else { return address }
        return String(address[address.index(after: at)...])
    }
}

/// What to do with a source message once it is imported.
public enum AfterImport: Sendable, Equatable {
    /// Mark it seen (Maildir: move to `cur/` with the `:2,S` flag; IMAP: the `\Seen` flag); the default.
    case seen
    /// Leave it untouched.
    case keep
    /// Move it to another folder of the same mailbox.
    case move(folder: String)
}

/// Where a mailbox's mail comes from, read from its `url` key (and, for IMAP, its connection keys).
public enum MailboxSource: Sendable, Equatable {
    // Adding a source: (1) a case here; (2) its extra keys declared (as `IMAPSettings.Keys` are) and listed in
    // `MailboxSchema.sourceKeys`, keyed by URL scheme (other sources' keys are then refused with "only for …"
    // through `TableSchema.elsewhere`); (3) its URL form in `MailboxFields.source(fromURL:)` and its keys read in
    // `MailboxReader.read`; (4) its paths (if any) in `Configuration.resolvingPaths(against:)` and its checks on
    // disk (if any) in `ConfigLoader.loadMailbox`.

    /// A local Maildir folder (`url = "maildir:PATH"`), PATH as written (relative to the working directory).
    case maildir(path: String)
    /// An IMAP server's mailbox (`url = "imaps://HOST[:PORT]/MAILBOX"` or `imap://…`), with its login and limits.
    case imap(IMAPSettings)
    /// Mail an MTA hands over through `maildesk deliver` (`url = "pipe:"`): nothing to poll.
    case pipe
}

/// An IMAP mailbox to poll: where it is, how to log in and how to connect; the password itself is never here.
public struct IMAPSettings: Sendable, Equatable {
    /// Whether TLS starts at once (`imaps://`, default port 993) rather than on a plain connection (`imap://`, 143).
    public var tls: Bool
    /// The server's host name or IP address (an IPv6 address without its brackets).
    public var host: String
    /// The server's TCP port.
    public var port: Int
    /// The mailbox to read, percent-decoded (e.g. `INBOX` or `客服`); `INBOX` when the URL names none.
    public var mailbox: String
    /// The login name (`user`).
    public var user: String
    /// The NAME of the environment variable holding the password (`password_env`), never the password.
    public var passwordEnv: String
    /// A CA bundle for a private CA (`tls_ca_file`), as written (relative to the working directory); nil: the system's.
    public var tlsCAFile: String?
    /// Whether the server's certificate is verified (`tls_verify`); false is allowed, and should be warned about.
    public var tlsVerify: Bool
    /// Whether an `imap://` connection upgrades with STARTTLS (`starttls`); always `.required` for `imaps://`.
    public var startTLS: StartTLS
    /// Seconds between polls (`poll_interval`, 2...86400): each a STATUS on a kept connection.
    public var pollInterval: Int
    /// The most messages fetched in one poll (`max_messages_per_poll`, 1...100000).
    public var maxMessagesPerPoll: Int
    /// Seconds allowed to connect (`connect_timeout`, 1...600).
    public var connectTimeout: Int
    /// Seconds an operation may stall before it is abandoned (`timeout`, a low-speed limit, 5...3600).
    public var timeout: Int

    /// The default `poll_interval`, in seconds.
    public static let defaultPollInterval = 10
    /// The default `max_messages_per_poll`.
    public static let defaultMaxMessagesPerPoll = 500
    /// The default `connect_timeout`, in seconds.
    public static let defaultConnectTimeout = 15
    /// The default `timeout`, in seconds.
    public static let defaultTimeout = 120
    /// The port used when the URL gives none: 993 for `imaps://`, 143 for `imap://`.
    public static func defaultPort(tls: Bool) -> Int { tls ? 993 : 143 }

    /// IMAP settings; every argument after `passwordEnv` defaults to the documented default (port: by `tls`).
    public init(
        tls: Bool, host: String, port: Int? = nil, mailbox: String = "INBOX", user: String, passwordEnv: String,
        tlsCAFile: String? = nil, tlsVerify: Bool = true, startTLS: StartTLS = .required,
        pollInterval: Int = IMAPSettings.defaultPollInterval,
        maxMessagesPerPoll: Int = IMAPSettings.defaultMaxMessagesPerPoll,
        connectTimeout: Int = IMAPSettings.defaultConnectTimeout, timeout: Int = IMAPSettings.defaultTimeout
    ) {
        self.tls = tls
        self.host = host
        self.port = port ?? IMAPSettings.defaultPort(tls: tls)
        self.mailbox = mailbox
        self.user = user
        self.passwordEnv = passwordEnv
        self.tlsCAFile = tlsCAFile
        self.tlsVerify = tlsVerify
        self.startTLS = startTLS
        self.pollInterval = pollInterval
        self.maxMessagesPerPoll = maxMessagesPerPoll
        self.connectTimeout = connectTimeout
        self.timeout = timeout
    }

    /// "imaps://host:port/MAILBOX" without credentials, for messages.
    public var displayURL: String {
        let shownHost = host.contains(":") ? "[" + host + "]" : host
        var shownMailbox = ""
        for scalar in mailbox.unicodeScalars {
            // Only what would change how the URL reads back; other characters (e.g. 客服) stay readable.
            switch scalar {
            case "%", "?", "#", " ", "@": shownMailbox += "%" + String(scalar.value, radix: 16, uppercase: true)
            default: shownMailbox.unicodeScalars.append(scalar)
            }
        }
        return (tls ? "imaps://" : "imap://") + shownHost + ":\(port)/" + shownMailbox
    }
}
