import Curl
/// `[smtp]` in `config/maildesk.toml`: how outbound mail leaves.
public struct SMTPSettings: Sendable, Equatable {
    /// Where mail goes.
    public enum Transport: Sendable, Equatable {
        /// An SMTP server: `smtps://` (`tls`, port 465 by default) or `smtp://` (587, STARTTLS per `startTLS`).
        case smtp(tls: Bool, host: String, port: Int)
        /// A folder: each message becomes an `.eml` file there instead of being sent (the demo's transport).
        case file(path: String)
    }

    public var url: String
    public var transport: Transport
    public var user: String?
    /// The NAME of the environment variable holding the SMTP password.
    public var passwordEnv: String?
    /// The support address customers see in From.
    public var from: String?
    /// The display name in From (`Lumo Support`).
    public var fromName: String
    /// The envelope sender (MAIL FROM), where bounces go; default: `from`.
    public var envelopeFrom: String?
    public var startTLS: StartTLS
    public var tlsCAFile: String?
    public var tlsVerify: Bool
    public var connectTimeout: Int
    public var timeout: Int
    /// Parallel SMTP connections of the send stage (each its own libcurl handle and thread).
    public var connections = 2

    public static let defaultURL = "file:var/outbox"

    public init(
        url: String = SMTPSettings.defaultURL, transport: Transport = .file(path: "var/outbox"),
        user: String? = nil, passwordEnv: String? = nil, from: String? = nil, fromName: String = "Support",
        envelopeFrom: String? = nil, startTLS: StartTLS = .required, tlsCAFile: String? = nil,
        tlsVerify: Bool = true, connectTimeout: Int = 15, timeout: Int = 60
    ) {
        self.url = url
        self.transport = transport
        self.user = user
        self.passwordEnv = passwordEnv
        self.from = from
        self.fromName = fromName
        self.envelopeFrom = envelopeFrom
        self.startTLS = startTLS
        self.tlsCAFile = tlsCAFile
        self.tlsVerify = tlsVerify
        self.connectTimeout = connectTimeout
        self.timeout = timeout
    }
}

/// `[outbound]` in `config/maildesk.toml`: what maildesk answers, and how persistently it sends.
public struct OutboundSettings: Sendable, Equatable {
    /// The templates folder (`templates/<locale>/<name>.txt`).
    public var templates: String
    /// The locale used when the thread's language has no templates (`ja`, `und`, …).
    public var defaultLocale: String
    /// Acknowledge each new thread once (needs and feedback).
    public var acknowledge: Bool
    /// Tell the assigned agent (or the team queue) about each thread they get.
    public var notifyAgents: Bool
    /// Automated replies to one address in 24 hours (`+tags` removed), the backstop against loops with robots.
    public var maxAutoRepliesPerDay: Int
    /// Automated replies to one domain in 24 hours, and to anyone in an hour and in 24 hours: what a flood of
    /// forged senders can make maildesk send at most (backscatter).
    public var maxAutoRepliesPerDomainPerDay: Int
    public var maxAutoRepliesPerHour: Int
    public var maxAutoRepliesTotalPerDay: Int
    /// Whose `Authentication-Results` are read: the receiving server's authserv-id; empty reads the topmost header.
    public var trustAuthservID: String
    /// Without authentication results, acknowledge only when the Return-Path domain matches the From domain.
    public var requireAlignedReturnPath: Bool
    /// A message still not accepted after this many hours of transient failures is given up (`failed`).
    public var giveUpAfterHours: Int
    /// The company's name in templates (`{{company.name}}`).
    public var companyName: String

    public init(
        templates: String = "templates", defaultLocale: String = "en", acknowledge: Bool = true,
        notifyAgents: Bool = true, maxAutoRepliesPerDay: Int = 3, giveUpAfterHours: Int = 48,
        companyName: String = "maildesk", maxAutoRepliesPerDomainPerDay: Int = 200,
        maxAutoRepliesPerHour: Int = 200, maxAutoRepliesTotalPerDay: Int = 2_000, trustAuthservID: String = "",
        requireAlignedReturnPath: Bool = true
    ) {
        self.maxAutoRepliesPerDomainPerDay = maxAutoRepliesPerDomainPerDay
        self.maxAutoRepliesPerHour = maxAutoRepliesPerHour
        self.maxAutoRepliesTotalPerDay = maxAutoRepliesTotalPerDay
        self.trustAuthservID = trustAuthservID
        self.requireAlignedReturnPath = requireAlignedReturnPath
        self.templates = templates
        self.defaultLocale = defaultLocale
        self.acknowledge = acknowledge
        self.notifyAgents = notifyAgents
        self.maxAutoRepliesPerDay = maxAutoRepliesPerDay
        self.giveUpAfterHours = giveUpAfterHours
        self.companyName = companyName
    }
}

/// `[smtp] url` values: `smtp://HOST[:PORT]`, `smtps://HOST[:PORT]`, `file:PATH`.
public enum OutboundTransportURL {
    /// The transport, or the problem's message.
    public static func parse(_ url: String) -> Result<SMTPSettings.Transport, URLError> {
        OutboundReader.transport(url).mapError { URLError(message: $0.message) }
    }

    public struct URLError: Error, Sendable { public let message: String }
}

/// Reads `[smtp]` and `[outbound]`.
enum OutboundReader {
    static let smtpKeys = [
        "url", "user", "password_env", "from", "from_name", "envelope_from", "starttls", "tls_ca_file",
        "tls_verify", "allow_insecure", "connect_timeout", "timeout"
    ]
    static let outboundKeys = [
        "templates", "default_locale", "acknowledge", "notify_agents", "max_auto_replies_per_day",
        "max_auto_replies_per_domain_per_day", "max_auto_replies_per_hour",
        "max_auto_replies_total_per_day", "trust_authserv_id", "require_aligned_return_path",
        "give_up_after_hours", "company_name"
    ]

    static func readSMTP(_ table: TableReader, into settings: inout SMTPSettings) {
        if let url = table.string("url") {
            switch transport(url) {
            case .success(let transport):
                settings.url = url
                settings.transport = transport
            case .failure(let problem): table.fail("url", problem.message)
            }
        }
        let isSMTP: Bool
        if case .smtp = settings.transport { isSMTP = true } else { isSMTP = false }
        if let user = table.string("user") {
            if user.isEmpty || user.unicodeScalars.contains(where: FieldChecks.isControl) {
                table.fail("user", "'user' must be the SMTP login, without control characters")
            } else {
                settings.user = user
            }
        }
        if let name = table.string("password_env") {
            if let problem = FieldChecks.environmentName("password_env", name, example: "MAILDESK_SMTP_PASSWORD") {
                table.fail("password_env", problem)
            } else {
                settings.passwordEnv = name
            }
        }
        if settings.user != nil && settings.passwordEnv == nil {
            table.fail(
                "user", "'user' needs password_env = \"VARIABLE\" (the environment variable holding the SMTP password)")
        }
        for key in ["from", "envelope_from"] {
            if let address = table.string(key) {
                if let problem = FieldChecks.address(key, address) {
                    table.fail(key, problem)
                } else if key == "from" {
                    settings.from = address.lowercased()
                } else {
                    settings.envelopeFrom = address.lowercased()
                }
            }
        }
        if let name = table.string("from_name") {
            if name.unicodeScalars.contains(where: FieldChecks.isControl) {
                table.fail("from_name", "'from_name' must not contain control characters")
            } else {
                settings.fromName = name
            }
        }
        let connection = ConnectionKeys.read(
            table, readsStartTLS: true,
            defaults: ConnectionKeys(
                startTLS: settings.startTLS, tlsCAFile: settings.tlsCAFile, tlsVerify: settings.tlsVerify,
                connectTimeout: settings.connectTimeout, timeout: settings.timeout))
        settings.startTLS = connection.startTLS
        settings.tlsCAFile = connection.tlsCAFile
        settings.tlsVerify = connection.tlsVerify
        settings.connectTimeout = connection.connectTimeout
        settings.timeout = connection.timeout
        if case .smtp(let tls, let host, _) = settings.transport {
            FieldChecks.insecure(
                table, host: host, startTLSRequired: tls || settings.startTLS == .required,
                tlsVerify: settings.tlsVerify)
        }
        if !isSMTP {
            for key in ["user", "password_env", "starttls", "tls_ca_file", "tls_verify", "allow_insecure"]
            where table.has(key) {
                table.fail(
                    key, "'\(key)' has no effect with a file: transport — remove it, or set url = \"smtp://HOST\"")
            }
        } else if settings.from == nil {
            table.fail("url", "an SMTP transport needs from = \"support@example.com\" (the address customers see)")
        }
    }

    static func readOutbound(_ table: TableReader, into settings: inout OutboundSettings) {
        if let path = table.string("templates") {
            if let problem = FieldChecks.path("templates", path) {
                table.fail("templates", problem)
            } else {
                settings.templates = path
            }
        }
        // Whether a folder of the templates holds it is checked by the loader, which sees the files.
        if let locale = table.string("default_locale") { settings.defaultLocale = locale }
        settings.acknowledge = table.bool("acknowledge") ?? settings.acknowledge
        settings.notifyAgents = table.bool("notify_agents") ?? settings.notifyAgents
        settings.maxAutoRepliesPerDay =
            table.integer("max_auto_replies_per_day", in: 0...1_000) ?? settings.maxAutoRepliesPerDay
        settings.maxAutoRepliesPerDomainPerDay =
            table.integer("max_auto_replies_per_domain_per_day", in: 0...1_000_000)
            ?? settings.maxAutoRepliesPerDomainPerDay
        settings.maxAutoRepliesPerHour =
            table.integer("max_auto_replies_per_hour", in: 0...1_000_000)
            ?? settings.maxAutoRepliesPerHour
        settings.maxAutoRepliesTotalPerDay =
            table.integer("max_auto_replies_total_per_day", in: 0...10_000_000)
            ?? settings.maxAutoRepliesTotalPerDay
        if let id = table.string("trust_authserv_id") {
            if id.contains(where: { $0 == " " || $0 == ";" })
                || id.unicodeScalars.contains(where: FieldChecks.isControl)
            {
                table.fail(
                    "trust_authserv_id",
                    "'trust_authserv_id' is the receiving server's name as it writes it "
                        + "first in Authentication-Results (e.g. \"mx.example.com\"), without spaces or ';'")
            } else {
                settings.trustAuthservID = id
            }
        }
        settings.requireAlignedReturnPath =
            table.bool("require_aligned_return_path") ?? settings.requireAlignedReturnPath
        settings.giveUpAfterHours = table.integer("give_up_after_hours", in: 1...720) ?? settings.giveUpAfterHours
        if let name = table.string("company_name") {
            if name.unicodeScalars.contains(where: FieldChecks.isControl) {
                table.fail("company_name", "'company_name' must not contain control characters")
            } else {
                settings.companyName = name
            }
        }
    }

    /// `smtp://HOST[:PORT]`, `smtps://HOST[:PORT]` or `file:PATH`.
    static func transport(_ url: String) -> Result<SMTPSettings.Transport, ConfigProblem> {
        let forms = "smtp://HOST[:PORT], smtps://HOST[:PORT] or file:PATH"
        if url.hasPrefix("file:") {
            let path = String(url.dropFirst(5))
            if path.isEmpty || path.hasPrefix("//") {
                return .failure(ConfigProblem("'url' is file:PATH (a folder), e.g. url = \"file:var/outbox\""))
            }
            if let problem = FieldChecks.path("url", path) { return .failure(ConfigProblem(problem)) }
            return .success(.file(path: path))
        }
        let tls: Bool
        let rest: Substring
        if url.hasPrefix("smtps://") {
            tls = true; rest = url.dropFirst(8)
        } else if url.hasPrefix("smtp://") {
            tls = false; rest = url.dropFirst(7)
        } else {
            return .failure(ConfigProblem("'url' must be \(forms)"))
        }
        if rest.contains("@") {
            return .failure(ConfigProblem("'url' must not contain a user name or password: set user and password_env"))
        }
        var authority = rest
        while authority.last == "/" { authority.removeLast() }
        if authority.contains("/") || authority.contains("?") {
            return .failure(ConfigProblem("'url' is \(forms), nothing after the host and port"))
        }
        var host = authority, port = tls ? 465 : 587
        if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            guard let number = Int(authority[authority.index(after: colon)...]), (1...65535).contains(number) else {
                return .failure(
                    ConfigProblem("'url' port must be a number from 1 to 65535, e.g. smtp://mail.example.com:587"))
            }
            port = number
        }
        guard FieldChecks.isDomain(String(host)) else {
            return .failure(ConfigProblem("'url' needs a server name, e.g. smtp://mail.example.com:587"))
        }
        return .success(.smtp(tls: tls, host: String(host), port: port))
    }
}
