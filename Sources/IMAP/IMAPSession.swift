import Curl

/// What STATUS says about a mailbox.
public struct MailboxStatus: Sendable, Equatable {
    public var uidValidity: UInt32
    public var uidNext: UInt32
    public var messages: Int
    public var unseen: Int
}

/// One logged-in connection to one mailbox, over one reused libcurl handle.
///
/// Message bodies are fetched only by URL (`.../MAILBOX;UIDVALIDITY=V/;UID=N`), which libcurl reads as one
/// literal, byte for byte. Custom requests are used only for commands whose responses carry no literals
/// (CAPABILITY, STATUS, UID SEARCH, UID STORE, UID MOVE/COPY, UID EXPUNGE, CREATE): libcurl 7.88 parses a
/// custom FETCH's literal as protocol, so a hostile message could desynchronise the connection.
public final class IMAPSession {
    public let account: IMAPAccount
    private let handle: CurlHandle
    public private(set) var capabilities: Set<String> = []

    /// Logs in (by asking for CAPABILITY); throws a login, TLS or network error.
    public init(_ account: IMAPAccount) throws(CurlError) {
        self.account = account
        handle = try CurlHandle()
        configure()
        capabilities = IMAPResponse.capabilities(try command("CAPABILITY", scoped: false, operation: "login"))
    }

    private func configure() {
        handle.setCredentials(user: account.user, password: account.password)
        handle.setTimeouts(connect: account.connectTimeout, stallSeconds: account.timeout)
        handle.useLargestBuffer()
        handle.setTLS(
            implicit: account.implicitTLS, startTLS: account.startTLS, caFile: account.caFile,
            verify: account.verifyTLS)
    }

    private var mailboxURL: String {
        account.serverURL + MailboxName.urlPath(MailboxName.modifiedUTF7(account.mailbox))
    }

    /// A literal-free command; `scoped` commands run with the mailbox selected (libcurl SELECTs it first).
    private func command(_ text: String, scoped: Bool, operation: String) throws(CurlError) -> [UInt8] {
        handle.setURL(scoped ? mailboxURL : account.serverURL)
        handle.setCustomRequest(text)
        handle.watchProtocol(true)
        defer {
            handle.setCustomRequest(nil)
            handle.watchProtocol(false)
        }
        let response = try handle.perform(operation, limit: 64 << 20)
        if handle.infoTexts.contains(where: { $0.contains("Excessive server response line length") }) {
            throw .protocolError(
                operation, "server response line longer than libcurl's buffer; the answer would be cut")
        }
        return response
    }

    public func status() throws(CurlError) -> MailboxStatus {
        let name = MailboxName.quoted(MailboxName.modifiedUTF7(account.mailbox))
        let fields = IMAPResponse.status(
            try command(
                "STATUS \(name) (MESSAGES UIDNEXT UIDVALIDITY UNSEEN)",
                scoped: false, operation: "STATUS \(account.mailbox)"))
        guard let validity = fields["UIDVALIDITY"] else {
            throw .notFound("STATUS \(account.mailbox)", "mailbox '\(account.mailbox)' not found or no UIDVALIDITY")
        }
        return MailboxStatus(
            uidValidity: UInt32(truncatingIfNeeded: validity),
            uidNext: UInt32(truncatingIfNeeded: fields["UIDNEXT"] ?? 0),
            messages: Int(fields["MESSAGES"] ?? 0), unseen: Int(fields["UNSEEN"] ?? 0))
    }

    /// Every UID in the mailbox, ascending: ESEARCH's compact ranges when offered, else plain SEARCH in
    /// bounded UID windows (each response line stays far below libcurl's buffer). A server listing more UIDs
    /// than STATUS gave messages (plus those that may arrive meanwhile), or UIDs outside what was asked, is
    /// refused: a hostile server's `1:4000000000` must not become a 16 GB array.
    public func allUIDs(below uidNext: UInt32, messages: Int) throws(CurlError) -> [UInt32] {
        let bound = messages + Self.arrivalAllowance
        if capabilities.contains("ESEARCH") {
            let response = try command("UID SEARCH RETURN (ALL) ALL", scoped: true, operation: "UID SEARCH")
            switch IMAPResponse.esearch(response, limit: bound) {
            case .some(.some(let uids)): return uids.sorted()
            case .some(.none): throw Self.tooMany(bound)
            case .none: break  // no ESEARCH line: fall back to SEARCH
            }
        }
        var uids = Set<UInt32>()
        let window: UInt32 = 5_000
        var low: UInt32 = 1
        let high = max(uidNext, 1)
        repeat {
            let top = low &+ window &- 1
            let last = top >= high ? "*" : String(top)
            let found = IMAPResponse.search(
                try command("UID SEARCH UID \(low):\(last)", scoped: true, operation: "UID SEARCH"))
            // `n:*` also matches the highest UID when it is below n: keep only what was asked for.
            for uid in found where uid >= low && (last == "*" || uid <= top) { uids.insert(uid) }
            if uids.count > bound { throw Self.tooMany(bound) }
            low = top &+ 1
        } while low < high && low > 0
        return uids.sorted()
    }

    /// Messages that may arrive between STATUS and SEARCH.
    static let arrivalAllowance = 10_000

    private static func tooMany(_ bound: Int) -> CurlError {
        .protocolError(
            "UID SEARCH", "the server listed more than \(bound) UIDs, more than the mailbox's messages; refused")
    }

    /// UIDs without `\Seen`, bounded like `allUIDs`.
    public func unseenUIDs(messages: Int) throws(CurlError) -> Set<UInt32> {
        let bound = messages + Self.arrivalAllowance
        let response = try command(
            capabilities.contains("ESEARCH") ? "UID SEARCH RETURN (ALL) UNSEEN" : "UID SEARCH UNSEEN",
            scoped: true, operation: "UID SEARCH UNSEEN")
        switch IMAPResponse.esearch(response, limit: bound) {
        case .some(.some(let uids)): return Set(uids)
        case .some(.none): throw Self.tooMany(bound)
        case .none:
            let uids = IMAPResponse.search(response)
            if uids.count > bound { throw Self.tooMany(bound) }
            return Set(uids)
        }
    }

    /// The exact bytes of one message. Fails if the mailbox's UIDVALIDITY is no longer `uidValidity`.
    /// (libcurl sends `UID FETCH n BODY[]`, which also sets `\Seen`.)
    public func fetch(uid: UInt32, uidValidity: UInt32, limit: Int = 256 << 20) throws(CurlError) -> [UInt8] {
        handle.setURL("\(mailboxURL);UIDVALIDITY=\(uidValidity)/;UID=\(uid)")
        return try handle.perform("fetch UID \(uid)", limit: limit)
    }

    /// `UID STORE` with `+FLAGS.SILENT (\Seen)` or `-FLAGS.SILENT (\Seen)`.
    public func setSeen(_ seen: Bool, uids: [UInt32]) throws(CurlError) {
        guard !uids.isEmpty else { return }
        _ = try command(
            "UID STORE \(Self.set(uids)) \(seen ? "+" : "-")FLAGS.SILENT (\\Seen)", scoped: true,
            operation: "UID STORE")
    }

    /// Moves messages to `folder` (created if missing): UID MOVE, or COPY + \Deleted + UID EXPUNGE.
    public func move(uids: [UInt32], to folder: String) throws(CurlError) {
        guard !uids.isEmpty else { return }
        let target = MailboxName.quoted(MailboxName.modifiedUTF7(folder))
        do {
            _ = try command("CREATE \(target)", scoped: false, operation: "CREATE \(folder)")
        } catch {
            // Already there (NO [ALREADYEXISTS]) is the usual case; a real failure shows up in the move.
        }
        let set = Self.set(uids)
        if capabilities.contains("MOVE") {
            _ = try command("UID MOVE \(set) \(target)", scoped: true, operation: "UID MOVE")
        } else {
            _ = try command("UID COPY \(set) \(target)", scoped: true, operation: "UID COPY")
            _ = try command("UID STORE \(set) +FLAGS.SILENT (\\Deleted)", scoped: true, operation: "UID STORE")
            _ = try command(
                capabilities.contains("UIDPLUS") ? "UID EXPUNGE \(set)" : "EXPUNGE", scoped: true,
                operation: "EXPUNGE")
        }
    }

    /// `1:3,7` for [1, 2, 3, 7].
    static func set(_ uids: [UInt32]) -> String {
        let sorted = uids.sorted()
        var parts: [String] = []
        var i = 0
        while i < sorted.count {
            var j = i
            while j + 1 < sorted.count && sorted[j + 1] == sorted[j] + 1 { j += 1 }
            parts.append(i == j ? "\(sorted[i])" : "\(sorted[i]):\(sorted[j])")
            i = j + 1
        }
        return parts.joined(separator: ",")
    }
}
