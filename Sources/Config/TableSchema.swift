/// The keys and sub-tables allowed in one TOML table, for unknown-key checks and suggestions.
struct TableSchema {
    /// Keys holding values.
    var keys: [String]
    /// Keys holding tables (`[name]` sections), each with its own schema.
    var tables: [String: TableSchema] = [:]

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
            "run": TableSchema(keys: ["interval"]),
        ]
    )
}

/// The schema of a `mailboxes/*.toml` file: common keys plus the keys of its source's URL scheme.
enum MailboxSchema {
    /// Keys every mailbox takes.
    static let commonKeys = ["name", "url", "kind", "address", "after_import"]

    /// Extra keys per supported URL scheme (IMAP's host, user and password variable will go here).
    static let sourceKeys: [String: [String]] = ["maildir": []]

    /// The schema for a mailbox whose URL has `scheme` (nil when unknown: every source's keys are allowed).
    static func schema(scheme: String?) -> TableSchema {
        if let scheme, let extra = sourceKeys[scheme] { return TableSchema(keys: commonKeys + extra) }
        return TableSchema(keys: commonKeys + sourceKeys.keys.sorted().flatMap { sourceKeys[$0]! })
    }
}
