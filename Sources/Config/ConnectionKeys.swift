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
        if let path = table.string("tls_ca_file") {
            if let problem = FieldChecks.path("tls_ca_file", path) { table.fail("tls_ca_file", problem) }
            keys.tlsCAFile = path
        }
        keys.tlsVerify = table.bool("tls_verify") ?? keys.tlsVerify
        if readsStartTLS, table.has("starttls") {
            if table.table["starttls"]?.bool != nil {
                table.fail(
                    "starttls",
                    "'starttls' must be \"required\", \"optional\" or \"never\", got a boolean"
                        + " (write starttls = \"required\" to always encrypt)")
            } else if let value = table.string("starttls") {
                switch MailboxFields.startTLS(value) {
                case .success(let policy):
                    keys.startTLS = policy
                    if policy == .never {
                        for key in ["tls_ca_file", "tls_verify"] where table.has(key) {
                            table.fail(
                                key,
                                "'\(key)' has no effect with starttls = \"never\" (no TLS): remove it, or use"
                                    + " starttls = \"required\"")
                        }
                    }
                case .failure(let problem): table.fail("starttls", problem.message)
                }
            }
        }
        keys.connectTimeout = table.integer("connect_timeout", in: 1...600) ?? keys.connectTimeout
        keys.timeout = table.integer("timeout", in: 5...3_600) ?? keys.timeout
        return keys
    }
}
