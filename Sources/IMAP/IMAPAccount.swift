import Curl
/// Where and how to reach one IMAP mailbox. The password is held only in memory, never printed.
public struct IMAPAccount: Sendable {
    public var implicitTLS: Bool
    public var host: String
    public var port: Int
    public var mailbox: String
    public var user: String
    public var password: String
    public var caFile: String?
    public var verifyTLS: Bool
    public var startTLS: StartTLS
    public var connectTimeout: Int
    /// Seconds without progress after which a transfer is abandoned.
    public var timeout: Int

    public init(
        implicitTLS: Bool, host: String, port: Int, mailbox: String, user: String, password: String,
        caFile: String? = nil, verifyTLS: Bool = true, startTLS: StartTLS = .required,
        connectTimeout: Int = 15, timeout: Int = 120
    ) {
        self.implicitTLS = implicitTLS
        self.host = host
        self.port = port
        self.mailbox = mailbox
        self.user = user
        self.password = password
        self.caFile = caFile
        self.verifyTLS = verifyTLS
        self.startTLS = startTLS
        self.connectTimeout = connectTimeout
        self.timeout = timeout
    }

    /// `imaps://host:993/` (no credentials, no mailbox).
    var serverURL: String {
        let h = host.contains(":") ? "[\(host)]" : host
        return "\(implicitTLS ? "imaps" : "imap")://\(h):\(port)/"
    }

    /// `user at host:port`, for messages.
    public var label: String { "\(user) at \(host):\(port)" }
}
