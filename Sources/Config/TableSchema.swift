/// The keys and sub-tables allowed in one TOML table, for unknown-key checks and suggestions.
struct TableSchema {
    /// Keys holding values.
    var keys: [String]
    /// Keys holding tables (`[name]` sections), each with its own schema.
    var tables: [String: TableSchema] = [:]
    /// Keys refused here that are valid elsewhere (another kind of mailbox), each with its whole message.
    var elsewhere: [String: String] = [:]

    /// The table paths (relative to this one) where `key` is a valid value key.
    func homes(of key: String) -> [[String]] {
        var found: [[String]] = keys.contains(key) ? [[]] : []
        for name in tables.keys.sorted() {
            found += tables[name]!.homes(of: key).map { [name] + $0 }
        }
        return found
    }
}

/// The schema of `config/maildesk.toml`.
enum GatewaySchema {
    /// Every key and section the config file may hold.
    static let root = TableSchema(
        keys: ["mailboxes"],
        tables: [
            "store": TableSchema(keys: ["path"]),
            "threading": TableSchema(keys: ["subject_window_days", "secret_env", "domain"]),
            "parser": TableSchema(keys: ["max_message_bytes", "max_depth", "max_parts", "max_header_fields"]),
            "run": TableSchema(keys: ["interval", "schedule_interval", "shutdown_grace", "log_format", "log_level"]),
            "classification": TableSchema(keys: ["categories", "threshold", "vip_tags", "rules", "training_data"]),
            "assignment": TableSchema(keys: ["agents", "rebalance_unavailable", "sticky"]),
            "smtp": TableSchema(keys: OutboundReader.smtpKeys, elsewhere: FieldChecks.plaintextPasswordMessages),
            "outbound": TableSchema(keys: OutboundReader.outboundKeys),
            "agents": TableSchema(keys: AgentReplySettings.keys),
            "robots": TableSchema(keys: RobotSettings.keys),
            "care": TableSchema(keys: CareSettings.keys),
            "followup": TableSchema(keys: FollowUpSettings.keys),
            "status": TableSchema(keys: StatusSettings.keys),
            "http": TableSchema(keys: HTTPSettings.keys)
        ]
    )
}

/// The schema of a `mailboxes/*.toml` file: common keys plus the keys of its source's URL scheme.
enum MailboxSchema {
    /// Keys every mailbox takes.
    static let commonKeys = ["name", "url", "kind", "address", "after_import"]

    /// The keys of an IMAP mailbox, in documentation order.
    static let imapKeys = [
        "user", "password_env", "tls_ca_file", "tls_verify", "starttls", "allow_insecure",
        "poll_interval", "max_messages_per_poll", "connect_timeout", "timeout"
    ]

    /// Extra keys per supported URL scheme; `starttls` only upgrades a plain `imap://` connection.
    static let sourceKeys: [String: [String]] = [
        "maildir": [],
        "pipe": [],
        "imap": imapKeys,
        "imaps": imapKeys.filter { $0 != "starttls" }
    ]

    /// How each scheme is written in messages.
    private static let schemeForms = ["maildir": "maildir:", "imap": "imap://", "imaps": "imaps://", "pipe": "pipe:"]

    /// The schema for a mailbox whose URL has `scheme` (nil when unknown: every source's keys are allowed).
    static func schema(scheme: String?) -> TableSchema {
        guard let scheme, let extra = sourceKeys[scheme] else {
            var all = commonKeys
            for name in sourceKeys.keys.sorted() { all += sourceKeys[name]!.filter { !all.contains($0) } }
            return TableSchema(keys: all)
        }
        var schema = TableSchema(keys: commonKeys + extra)
        for name in sourceKeys.keys.sorted() {
            for key in sourceKeys[name]! where !schema.keys.contains(key) && schema.elsewhere[key] == nil {
                schema.elsewhere[key] = misplaced(key, in: scheme)
            }
        }
        if extra.contains("password_env") {
            schema.elsewhere.merge(FieldChecks.plaintextPasswordMessages) { _, password in password }
        }
        return schema
    }

    /// "'user' is only for imap:// and imaps:// mailboxes — …": `key` in a mailbox of another `scheme`.
    private static func misplaced(_ key: String, in scheme: String) -> String {
        let owners = sourceKeys.keys.sorted().filter { sourceKeys[$0]!.contains(key) }.map { schemeForms[$0] ?? $0 }
        let list = owners.count > 1 ? owners.dropLast().joined(separator: ", ") + " and " + owners.last! : owners[0]
        let message = "'\(key)' is only for \(list) mailboxes"
        if scheme == "imaps", key == "starttls" {
            return message + " — remove it: imaps:// is encrypted from the first byte"
        }
        return message + " — remove it from this \(schemeForms[scheme] ?? scheme) mailbox"
    }
}
