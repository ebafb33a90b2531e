/// One watched mailbox, from one `mailboxes/*.toml` file.
public struct MailboxDefinition: Sendable, Equatable {
    /// The mailbox's name: `[a-z0-9][a-z0-9_-]*`, unique across files.
    public var name: String
    /// Where its mail comes from.
    public var source: MailboxSource
    /// The kind given to threads this mailbox starts.
    public var kind: ThreadKind
    /// The support address customers write to (`local@domain`, as written).
    public var address: String
    /// What happens to a message in the source once it is imported.
    public var afterImport: AfterImport
    /// The definition file, as the user would name it (e.g. `mailboxes/demo.toml`), for messages.
    public var file: String

    /// A mailbox definition; `kind` defaults to `.need` and `afterImport` to `.seen`.
    public init(
        name: String, source: MailboxSource, kind: ThreadKind = .need, address: String,
        afterImport: AfterImport = .seen, file: String
    ) {
        self.name = name
        self.source = source
        self.kind = kind
        self.address = address
        self.afterImport = afterImport
        self.file = file
    }

    /// The domain part of `address` (after the last `@`).
    public var addressDomain: String {
        guard let at = address.lastIndex(of: "@") else { return address }
        return String(address[address.index(after: at)...])
    }
}

/// The default kind of a thread a mailbox starts.
public enum ThreadKind: String, Sendable, Equatable, CaseIterable {
    /// Someone needs help (the default).
    case need
    /// Someone tells us something; no answer is owed.
    case feedback
}

/// What to do with a source message once it is imported.
public enum AfterImport: Sendable, Equatable {
    /// Mark it seen (Maildir: move to `cur/` with the `:2,S` flag); the default.
    case seen
    /// Leave it untouched.
    case keep
    /// Move it to another folder of the same mailbox.
    case move(folder: String)
}

/// Where a mailbox's mail comes from, read from its `url` key.
public enum MailboxSource: Sendable, Equatable {
    // Adding a source (IMAP): a case here, its extra keys in `MailboxSchema.sourceKeys`, its URL form in
    // `MailboxFields.source(fromURL:)`, and its paths (if any) in `Configuration.resolvingPaths(against:)`.

    /// A local Maildir folder (`url = "maildir:PATH"`), PATH as written (relative to the working directory).
    case maildir(path: String)
}
