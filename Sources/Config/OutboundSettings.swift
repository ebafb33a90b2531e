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
    /// The `file:` transport also writes each message's envelope beside it.
    public var writeEnvelope = false

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
    /// `trustAuthservID`, nil when empty (as `SenderAuthentication.check` takes it).
    public var trustedAuthservID: String? { trustAuthservID.isEmpty ? nil : trustAuthservID }
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
    static func readSMTP(_ table: TableReader, into settings: inout SMTPSettings) {
        typealias Keys = SMTPSettings.Keys
        if let url = table.string(Keys.url) {
            switch transport(url) {
            case .success(let transport):
                settings.url = url
                settings.transport = transport
            case .failure(let problem): table.fail(Keys.url, problem.message)
            }
        }
        let isSMTP: Bool
        if case .smtp = settings.transport { isSMTP = true } else { isSMTP = false }
        if let user = table.string(Keys.user) {
            if user.isEmpty || user.unicodeScalars.contains(where: FieldChecks.isControl) {
                table.fail(Keys.user, "'user' must be the SMTP login, without control characters")
            } else {
                settings.user = user
            }
        }
        if let name = table.string(Keys.passwordEnv) {
            if let problem = FieldChecks.environmentName(Keys.passwordEnv.name, name, example: "MAILDESK_SMTP_PASSWORD")
            {
                table.fail(Keys.passwordEnv, problem)
            } else {
                settings.passwordEnv = name
            }
        }
        if settings.user != nil && settings.passwordEnv == nil {
            table.fail(
                Keys.user,
                "'user' needs password_env = \"VARIABLE\" (the environment variable holding the SMTP password)")
        }
        for key in [Keys.from, Keys.envelopeFrom] {
            if let address = table.string(key) {
                if let problem = FieldChecks.address(key.name, address) {
                    table.fail(key, problem)
                } else if key.name == Keys.from.name {
                    settings.from = address.lowercased()
                } else {
                    settings.envelopeFrom = address.lowercased()
                }
            }
        }
        if let name = table.string(Keys.fromName) {
            if name.unicodeScalars.contains(where: FieldChecks.isControl) {
                table.fail(Keys.fromName, "'from_name' must not contain control characters")
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
        settings.connections = table.integer(Keys.connections) ?? settings.connections
        settings.writeEnvelope = table.bool(Keys.writeEnvelope) ?? settings.writeEnvelope
        if case .smtp(let tls, let host, _) = settings.transport {
            FieldChecks.insecure(
                table, host: host, startTLSRequired: tls || settings.startTLS == .required,
                tlsVerify: settings.tlsVerify)
        }
        if !isSMTP {
            for key in Keys.serverOnly where table.has(key) {
                table.fail(
                    key,
                    "'\(key.name)' has no effect with a file: transport — remove it, or set url = \"smtp://HOST\"")
            }
        } else if settings.from == nil {
            table.fail(Keys.url, "an SMTP transport needs from = \"support@example.com\" (the address customers see)")
        }
    }

    static func readOutbound(_ table: TableReader, into settings: inout OutboundSettings) {
        typealias Keys = OutboundSettings.Keys
        if let path = table.string(Keys.templates) {
            if let problem = FieldChecks.path(Keys.templates.name, path) {
                table.fail(Keys.templates, problem)
            } else {
                settings.templates = path
            }
        }
        // Whether a folder of the templates holds it is checked by the loader, which sees the files.
        if let locale = table.string(Keys.defaultLocale) { settings.defaultLocale = locale }
        settings.acknowledge = table.bool(Keys.acknowledge) ?? settings.acknowledge
        settings.notifyAgents = table.bool(Keys.notifyAgents) ?? settings.notifyAgents
        settings.maxAutoRepliesPerDay = table.integer(Keys.maxAutoRepliesPerDay) ?? settings.maxAutoRepliesPerDay
        settings.maxAutoRepliesPerDomainPerDay =
            table.integer(Keys.maxAutoRepliesPerDomainPerDay) ?? settings.maxAutoRepliesPerDomainPerDay
        settings.maxAutoRepliesPerHour = table.integer(Keys.maxAutoRepliesPerHour) ?? settings.maxAutoRepliesPerHour
        settings.maxAutoRepliesTotalPerDay =
            table.integer(Keys.maxAutoRepliesTotalPerDay) ?? settings.maxAutoRepliesTotalPerDay
        if let id = table.string(Keys.trustAuthservID) {
            if id.contains(where: { $0 == " " || $0 == ";" })
                || id.unicodeScalars.contains(where: FieldChecks.isControl)
            {
                table.fail(
                    Keys.trustAuthservID,
                    "'trust_authserv_id' is the receiving server's name as it writes it "
                        + "first in Authentication-Results (e.g. \"mx.example.com\"), without spaces or ';'")
            } else {
                settings.trustAuthservID = id
            }
        }
        settings.requireAlignedReturnPath =
            table.bool(Keys.requireAlignedReturnPath) ?? settings.requireAlignedReturnPath
        settings.giveUpAfterHours = table.integer(Keys.giveUpAfterHours) ?? settings.giveUpAfterHours
        if let name = table.string(Keys.companyName) {
            if name.unicodeScalars.contains(where: FieldChecks.isControl) {
                table.fail(Keys.companyName, "'company_name' must not contain control characters")
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
