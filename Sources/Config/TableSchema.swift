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

/// The schema of `config/maildesk.toml`, from the keys each section declares.
enum GatewaySchema {
    /// Each section's declared keys, by section name.
    static let sections: [String: [any DeclaredKey]] = [
        "store": StoreSettings.Keys.all,
        "threading": ThreadingSettings.Keys.all,
        "parser": ParserSettings.Keys.all,
        "run": RunSettings.Keys.all,
        "classification": ClassificationSettings.Keys.all,
        "assignment": AssignmentSettings.Keys.all,
        "smtp": SMTPSettings.Keys.all,
        "outbound": OutboundSettings.Keys.all,
        "agents": AgentReplySettings.Keys.all,
        "robots": RobotSettings.Keys.all,
        "care": CareSettings.Keys.all,
        "followup": FollowUpSettings.Keys.all,
        "status": StatusSettings.Keys.all,
        "http": HTTPSettings.Keys.all
    ]

    /// Every key and section the config file may hold.
    static let root: TableSchema = {
        var tables = sections.mapValues { TableSchema(declared: $0) }
        // A password written into [smtp] is refused with how to give it instead.
        tables["smtp"]?.elsewhere = FieldChecks.plaintextPasswordMessages
        return TableSchema(declared: GatewayConfig.Keys.all, tables: tables)
    }()
}

/// The schema of a `mailboxes/*.toml` file: common keys plus the keys of its source's URL scheme.
enum MailboxSchema {
    /// Keys every mailbox takes.
    static let commonKeys = MailboxDefinition.Keys.all.map(\.name)

    /// The keys of an IMAP mailbox, in documentation order.
    static let imapKeys = IMAPSettings.Keys.all.map(\.name)

    /// Extra keys per supported URL scheme; `starttls` only upgrades a plain `imap://` connection.
    static let sourceKeys: [String: [String]] = [
        "maildir": [],
        "pipe": [],
        "imap": imapKeys,
        "imaps": imapKeys.filter { $0 != IMAPSettings.Keys.startTLS.name }
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
        if extra.contains(IMAPSettings.Keys.passwordEnv.name) {
            schema.elsewhere.merge(FieldChecks.plaintextPasswordMessages) { _, password in password }
        }
        return schema
    }

    /// "'user' is only for imap:// and imaps:// mailboxes — …": `key` in a mailbox of another `scheme`.
    private static func misplaced(_ key: String, in scheme: String) -> String {
        let owners = sourceKeys.keys.sorted().filter { sourceKeys[$0]!.contains(key) }.map { schemeForms[$0] ?? $0 }
        let list = owners.count > 1 ? owners.dropLast().joined(separator: ", ") + " and " + owners.last! : owners[0]
        let message = "'\(key)' is only for \(list) mailboxes"
        if scheme == "imaps", key == IMAPSettings.Keys.startTLS.name {
            return message + " — remove it: imaps:// is encrypted from the first byte"
        }
        return message + " — remove it from this \(schemeForms[scheme] ?? scheme) mailbox"
    }
}
