/// The connection keys `[smtp]` and IMAP mailbox files share — `starttls`, `tls_ca_file`, `tls_verify`,
/// `connect_timeout`, `timeout` — read by one reader so that their checks and messages cannot drift apart.
struct ConnectionKeys {
    var startTLS = StartTLS.required
    var tlsCAFile: String?
    var tlsVerify = true
    var connectTimeout: Int
    var timeout: Int

    /// Reads the keys over `defaults`, recording each problem at its line. `readsStartTLS`: false where TLS is
    /// implicit (imaps://), whose schema refuses `starttls` already.
    static func read(_ table: TableReader, readsStartTLS: Bool, defaults: ConnectionKeys) -> ConnectionKeys {
        var keys = defaults
        if let path = table.string(Keys.tlsCAFile) {
            if let problem = FieldChecks.path(Keys.tlsCAFile.name, path) { table.fail(Keys.tlsCAFile, problem) }
            keys.tlsCAFile = path
        }
        keys.tlsVerify = table.bool(Keys.tlsVerify) ?? keys.tlsVerify
        if readsStartTLS, table.has(Keys.startTLS) {
            if table.table[Keys.startTLS.name]?.bool != nil {
                table.fail(
                    Keys.startTLS,
                    "'starttls' must be \"required\", \"optional\" or \"never\", got a boolean"
                        + " (write starttls = \"required\" to always encrypt)")
            } else if let value = table.string(Keys.startTLS) {
                switch MailboxFields.startTLS(value) {
                case .success(let policy):
                    keys.startTLS = policy
                    if policy == .never {
                        for key in [Keys.tlsCAFile.name, Keys.tlsVerify.name] where table.has(key) {
                            table.fail(
                                key,
                                "'\(key)' has no effect with starttls = \"never\" (no TLS): remove it, or use"
                                    + " starttls = \"required\"")
                        }
                    }
                case .failure(let problem): table.fail(Keys.startTLS, problem.message)
                }
            }
        }
        keys.connectTimeout = table.integer(Keys.connectTimeout) ?? keys.connectTimeout
        keys.timeout = table.integer(Keys.timeout) ?? keys.timeout
        return keys
    }
}

extension ConnectionKeys {
    /// The login and connection keys of `[smtp]` and of IMAP mailbox files, declared once for both.
    enum Keys {
        static let user = ConfigKey<String>(
            "user", default: nil, doc: "The login name (required for an IMAP mailbox, optional for SMTP).")
        static let passwordEnv = ConfigKey<String>(
            "password_env", default: nil,
            doc: "The NAME of the environment variable holding the password, never the password itself.")
        static let startTLS = ConfigKey<String>(
            "starttls", oneOf: StartTLS.allCases.map(\.rawValue), default: "required",
            doc: "Whether a plain connection upgrades to TLS: \"required\", \"optional\" or \"never\".")
        static let tlsCAFile = ConfigKey<String>(
            "tls_ca_file", default: nil, doc: "A CA bundle for a private CA (absent: the system's).")
        static let tlsVerify = ConfigKey<Bool>(
            "tls_verify", default: true, doc: "Whether the server's certificate is verified.")
        static let allowInsecure = ConfigKey<Bool>(
            "allow_insecure", default: false,
            doc: "Allow a remote server without required STARTTLS or certificate checks.")
        static let connectTimeout = ConfigKey<Int>(
            "connect_timeout", in: 1...600, default: 15, doc: "Seconds allowed to connect.")
        /// Each table gives its own default (`defaulting(to:)`): an SMTP exchange stalls less than an IMAP fetch.
        static let timeout = ConfigKey<Int>(
            "timeout", in: 5...3_600, default: nil, doc: "Seconds an operation may stall before it is abandoned.")
    }
}
