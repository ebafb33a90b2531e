/// Reads one `mailboxes/*.toml` file into a `MailboxDefinition`, recording every problem.
enum MailboxReader {
    /// The definition, or nil when the file has any problem (all of them recorded).
    static func read(_ document: TOMLDocument, log: Diagnostics) -> MailboxDefinition? {
        let before = log.count
        let root = TableReader(document: document, log: log)

        let stem = fileStem(document.file)
        let nameExample = FieldChecks.isMailboxName(stem) ? stem : "support"
        let name = required(root, "name", "the mailbox's name, unique across files, e.g. name = \"\(nameExample)\"")
        if let name, let problem = FieldChecks.mailboxName("name", name) { root.fail("name", problem) }

        let url = required(root, "url", "where its mail is, e.g. url = \"maildir:mailboxes/support\"")
        root.rejectUnknownKeys(MailboxSchema.schema(scheme: url.flatMap(MailboxFields.scheme(ofURL:))),
                               root: MailboxSchema.schema(scheme: nil))

        let address = required(
            root, "address", "the support address customers write to, e.g. address = \"support@example.com\"")
        if let address, let problem = FieldChecks.address("address", address) { root.fail("address", problem) }

        let source = url.flatMap { value in check(root, "url", MailboxFields.source(fromURL: value)) }
        let kind = root.string("kind").map { value in check(root, "kind", MailboxFields.kind(value)) } ?? .need
        let afterImport = root.string("after_import").map { value in
            check(root, "after_import", MailboxFields.afterImport(value))
        } ?? .seen

        guard log.count == before, let name, let source, let address, let kind, let afterImport else { return nil }
        return MailboxDefinition(
            name: name, source: source, kind: kind, address: address, afterImport: afterImport, file: document.file)
    }

    /// The string at `key`, recording "missing required key" (with `help`) when absent.
    private static func required(_ table: TableReader, _ key: String, _ help: String) -> String? {
        guard table.has(key) else {
            table.fail(nil, "missing required key '\(key)' (\(help))")
            return nil
        }
        return table.string(key)
    }

    /// The parsed value, or nil with its problem recorded at `key`.
    private static func check<T>(_ table: TableReader, _ key: String, _ result: Result<T, ConfigProblem>) -> T? {
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
