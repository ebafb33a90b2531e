/// The gateway's settings from `config/maildesk.toml`, with every unset key at its default.
public struct GatewayConfig: Sendable, Equatable {
    /// The folder of mailbox definitions (one `*.toml` per watched mailbox), as written in the file.
    public var mailboxesDirectory: String
    /// The `[store]` section.
    public var store: StoreSettings
    /// The `[threading]` section.
    public var threading: ThreadingSettings
    /// The `[parser]` section.
    public var parser: ParserSettings
    /// The `[run]` section.
    public var run: RunSettings
    /// The `[classification]` section.
    public var classification: ClassificationSettings
    /// The `[assignment]` section.
    public var assignment: AssignmentSettings
    /// The `[smtp]` section.
    public var smtp: SMTPSettings
    /// The `[outbound]` section.
    public var outbound: OutboundSettings
    /// The `[agents]` section: answers by mail.
    public var agents: AgentReplySettings
    /// The `[robots]` section: bounces, auto-replies and bulk mail.
    public var robots: RobotSettings
    /// The `[care]` section: care campaigns.
    public var care: CareSettings
    /// The `[followup]` section: where the service levels are.
    public var followUp: FollowUpSettings
    /// The `[status]` section: when `maildesk status` warns or calls it critical.
    public var status: StatusSettings
    /// The `[http]` section: the health and metrics listener of `maildesk run`; nil when absent.
    public var http: HTTPSettings?
    /// The config file these settings came from, as the user named it (for messages).
    public var file: String

    /// The default folder of mailbox definitions.
    public static let defaultMailboxesDirectory = "mailboxes"

    /// Settings with the given values; every argument defaults to the documented default.
    public init(
        mailboxesDirectory: String = GatewayConfig.defaultMailboxesDirectory,
        store: StoreSettings = StoreSettings(),
        threading: ThreadingSettings = ThreadingSettings(),
        parser: ParserSettings = ParserSettings(),
        run: RunSettings = RunSettings(),
        classification: ClassificationSettings = ClassificationSettings(),
        assignment: AssignmentSettings = AssignmentSettings(),
        smtp: SMTPSettings = SMTPSettings(),
        outbound: OutboundSettings = OutboundSettings(),
        agents: AgentReplySettings = AgentReplySettings(),
        robots: RobotSettings = RobotSettings(),
        care: CareSettings = CareSettings(),
        followUp: FollowUpSettings = FollowUpSettings(),
        status: StatusSettings = StatusSettings(),
        http: HTTPSettings? = nil,
        file: String = ConfigLoader.defaultConfigPath
    ) {
        self.mailboxesDirectory = mailboxesDirectory
        self.store = store
        self.threading = threading
        self.parser = parser
        self.run = run
        self.classification = classification
        self.assignment = assignment
        self.smtp = smtp
        self.outbound = outbound
        self.agents = agents
        self.robots = robots
        self.care = care
        self.followUp = followUp
        self.status = status
        self.http = http
        self.file = file
    }
}

/// `[store]`: where the database lives.
public struct StoreSettings: Sendable, Equatable {
    /// The SQLite database file, as written (relative to the working directory); created on first use.
    public var path: String

    /// The default database path.
    public static let defaultPath = "var/maildesk.sqlite"

    /// Store settings; `path` defaults to `var/maildesk.sqlite`.
    public init(path: String = StoreSettings.defaultPath) {
        self.path = path
    }
}

/// `[threading]`: how replies are matched to threads and how maildesk names its own messages.
public struct ThreadingSettings: Sendable, Equatable {
    /// Days within which a reply may join a thread by subject alone (1...3650).
    public var subjectWindowDays: Int
    /// The name of the environment variable that holds the HMAC secret for reply tokens (never the secret itself).
    public var secretEnv: String
    /// The domain for maildesk's own Message-IDs; nil means the domain of the first mailbox's address.
    public var domain: String?

    /// The default subject window, in days.
    public static let defaultSubjectWindowDays = 30
    /// The default name of the secret's environment variable.
    public static let defaultSecretEnv = "MAILDESK_SECRET"

    /// Threading settings; every argument defaults to the documented default.
    public init(
        subjectWindowDays: Int = ThreadingSettings.defaultSubjectWindowDays,
        secretEnv: String = ThreadingSettings.defaultSecretEnv,
        domain: String? = nil
    ) {
        self.subjectWindowDays = subjectWindowDays
        self.secretEnv = secretEnv
        self.domain = domain
    }

    /// The secret from the environment variable named by `secretEnv`, or nil when it is unset or empty.
    public func secret(in environment: [String: String]) -> String? {
        guard let value = environment[secretEnv], !value.isEmpty else { return nil }
        return value
    }
}

/// `[parser]`: the MIME parser's bounds on the work one message may cause (all positive).
public struct ParserSettings: Sendable, Equatable {
    /// Largest message parsed, in bytes; the rest is kept undecoded.
    public var maxMessageBytes: Int
    /// Deepest MIME nesting parsed.
    public var maxDepth: Int
    /// Most MIME parts parsed in one message.
    public var maxParts: Int
    /// Most header fields parsed in one header section.
    public var maxHeaderFields: Int

    /// Parser settings; the defaults match `MIME.Limits.default`.
    public init(
        maxMessageBytes: Int = 52_428_800, maxDepth: Int = 64, maxParts: Int = 2_000, maxHeaderFields: Int = 2_000
    ) {
        self.maxMessageBytes = maxMessageBytes
        self.maxDepth = maxDepth
        self.maxParts = maxParts
        self.maxHeaderFields = maxHeaderFields
    }
}

/// `[run]`: how `maildesk run` works as a service.
public struct RunSettings: Sendable, Equatable {
    public enum LogFormat: String, Sendable, Equatable, CaseIterable {
        /// One line per event: `2026-12-06T09:30:00Z info poll failed mailbox=support transient=true`.
        case text
        /// One JSON object per line, for log shippers.
        case json
    }

    /// Seconds between passes when nothing wakes the service earlier (at least 1). Each IMAP mailbox is still
    /// polled at most every `poll_interval`.
    public var interval: Int
    /// Seconds between runs of the time-driven stages: follow-up (SLA timers, reminders, surveys) and care.
    public var scheduleInterval: Int
    /// Seconds SIGTERM leaves for sending the outbox before the service exits.
    public var shutdownGrace: Int
    public var logFormat: LogFormat
    /// `trace`, `debug`, `info`, `notice`, `warning`, `error` or `critical`.
    public var logLevel: String

    public static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    public init(
        interval: Int = 5, scheduleInterval: Int = 60, shutdownGrace: Int = 10, logFormat: LogFormat = .text,
        logLevel: String = "info"
    ) {
        self.interval = interval
        self.scheduleInterval = scheduleInterval
        self.shutdownGrace = shutdownGrace
        self.logFormat = logFormat
        self.logLevel = logLevel
    }
}
