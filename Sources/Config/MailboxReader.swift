import Curl
/// Reads one `mailboxes/*.toml` file into a `MailboxDefinition`, recording every problem.
enum MailboxReader {
    /// The definition, or nil when the file has any problem (all of them recorded).
    static func read(_ document: TOMLDocument, log: Diagnostics) -> MailboxDefinition? {
        typealias Keys = MailboxDefinition.Keys
        let before = log.count
        let root = TableReader(document: document, log: log)

        let stem = fileStem(document.file)
        let nameExample = FieldChecks.isMailboxName(stem) ? stem : "support"
        let name = required(root, Keys.name, "the mailbox's name, unique across files, e.g. name = \"\(nameExample)\"")
        if let name, let problem = FieldChecks.mailboxName(Keys.name.name, name) { root.fail(Keys.name, problem) }

        let url = required(root, Keys.url, "where its mail is, e.g. url = \"maildir:mailboxes/support\"")
        let scheme = url.flatMap(MailboxFields.scheme(ofURL:))
        root.rejectUnknownKeys(MailboxSchema.schema(scheme: scheme), root: MailboxSchema.schema(scheme: nil))

        let address = required(
            root, Keys.address, "the support address customers write to, e.g. address = \"support@example.com\"")
        if let address, let problem = FieldChecks.address(Keys.address.name, address) {
            root.fail(Keys.address, problem)
        }

        let sourceURL = url.flatMap { value in check(root, Keys.url, MailboxFields.source(fromURL: value)) }
        let kind = root.string(Keys.kind).map { value in check(root, Keys.kind, MailboxFields.kind(value)) } ?? .need
        let afterImport =
            root.string(Keys.afterImport).map { value in
                check(root, Keys.afterImport, MailboxFields.afterImport(value))
            } ?? .seen

        // An IMAP mailbox's keys are checked even when its URL is wrong, so that every problem shows at once.
        var source: MailboxSource?
        if scheme == "imap" || scheme == "imaps" {
            let mailboxName = name.flatMap { FieldChecks.isMailboxName($0) ? $0 : nil } ?? nameExample
            let keys = readIMAPKeys(root, tls: scheme == "imaps", mailboxName: mailboxName)
            if case .imap(let parts)? = sourceURL, let keys {
                FieldChecks.insecure(
                    root, host: parts.host, startTLSRequired: parts.tls || keys.connection.startTLS == .required,
                    tlsVerify: keys.connection.tlsVerify)
            }
            if case .imap(let parts)? = sourceURL, let keys, log.count == before {
                source = .imap(
                    IMAPSettings(
                        tls: parts.tls, host: parts.host, port: parts.port, mailbox: parts.mailbox, user: keys.user,
                        passwordEnv: keys.passwordEnv, tlsCAFile: keys.connection.tlsCAFile,
                        tlsVerify: keys.connection.tlsVerify,
                        startTLS: keys.connection.startTLS, pollInterval: keys.pollInterval,
                        maxMessagesPerPoll: keys.maxMessagesPerPoll, connectTimeout: keys.connection.connectTimeout,
                        timeout: keys.connection.timeout))
            }
        } else if case .maildir(let path)? = sourceURL {
            source = .maildir(path: path)
        } else if sourceURL == .pipe {
            source = .pipe
        }

        guard log.count == before, let name, let source, let address, let kind, let afterImport else { return nil }
        return MailboxDefinition(
            name: name, source: source, kind: kind, address: address, afterImport: afterImport, file: document.file)
    }

    /// An IMAP mailbox's keys besides `url`, with the defaults of those absent.
    private struct IMAPKeys {
        var user: String
        var passwordEnv: String
        var connection = ConnectionKeys(
            connectTimeout: IMAPSettings.defaultConnectTimeout, timeout: IMAPSettings.defaultTimeout)
        var pollInterval = IMAPSettings.defaultPollInterval
        var maxMessagesPerPoll = IMAPSettings.defaultMaxMessagesPerPoll
    }

    /// The login, TLS and polling keys of an `imap://` (`tls` false) or `imaps://` mailbox; nil when one has a
    /// problem (all recorded). `starttls` is read for `imap://` only (the schema refuses it for `imaps://`).
    private static func readIMAPKeys(_ table: TableReader, tls: Bool, mailboxName: String) -> IMAPKeys? {
        typealias Keys = IMAPSettings.Keys
        let before = table.log.count
        let user = required(table, Keys.user, "the IMAP login, e.g. user = \"support@example.com\"")
        if let user {
            if user.isEmpty {
                table.fail(
                    Keys.user,
                    "'user' must not be empty: write the IMAP login, e.g. "
                        + "user = \"support@example.com\"")
            } else if user.unicodeScalars.contains(where: FieldChecks.isControl) {
                table.fail(Keys.user, "'user' must not contain control characters")
            } else if user.trimmingSpaces != user {
                table.fail(Keys.user, "'user' must not start or end with blanks")
            }
        }
        let variable = "MAILDESK_" + String(mailboxName.uppercased().map { $0 == "-" ? "_" : $0 }) + "_PASSWORD"
        let passwordEnv = required(
            table, Keys.passwordEnv,
            "the name of the environment variable holding the IMAP "
                + "password, e.g. password_env = \"\(variable)\"")
        if let passwordEnv,
            let problem = FieldChecks.environmentName(Keys.passwordEnv.name, passwordEnv, example: variable)
        {
            table.fail(Keys.passwordEnv, problem)
        }

        var keys = IMAPKeys(user: user ?? "", passwordEnv: passwordEnv ?? "")
        keys.connection = ConnectionKeys.read(table, readsStartTLS: !tls, defaults: keys.connection)
        keys.pollInterval = table.integer(Keys.pollInterval) ?? keys.pollInterval
        keys.maxMessagesPerPoll = table.integer(Keys.maxMessagesPerPoll) ?? keys.maxMessagesPerPoll
        guard table.log.count == before, user != nil, passwordEnv != nil else { return nil }
        return keys
    }

    /// The string at `key`, recording "missing required key" (with `help`) when absent.
    private static func required(_ table: TableReader, _ key: ConfigKey<String>, _ help: String) -> String? {
        guard table.has(key) else {
            table.fail(nil, "missing required key '\(key.name)' (\(help))")
            return nil
        }
        return table.string(key)
    }

    /// The parsed value, or nil with its problem recorded at `key`.
    private static func check<T>(
        _ table: TableReader, _ key: ConfigKey<String>, _ result: Result<T, ConfigProblem>
    ) -> T? {
        switch result {
        case .success(let value): return value
        case .failure(let problem):
            table.fail(key, problem.message)
            return nil
        }
    }

    /// `mailboxes/support.toml` → `support`.
    private static func fileStem(_ file: String) -> String {
        let name = file.split(separator: "/").last.map(String.init) ?? file
        return name.hasSuffix(".toml") ? String(name.dropLast(5)) : name
    }
}
