import Config
import Crypto
import Curl
import Foundation
import IMAP
import Logging
import MIME
import Store

extension Pipeline {
    /// Fetch stage for an IMAP mailbox. The ledger, keyed by (mailbox, UIDVALIDITY, UID), is the sync state —
    /// never `\Seen` alone, so another client reading the mailbox hides nothing. Every UID on the server that
    /// is not in the ledger is fetched (after a crash or a UIDVALIDITY change too; the store recognises bytes it
    /// already has), committed in batches, and only then flagged, unflagged or moved.
    func fetchIMAP(
        _ mailbox: MailboxDefinition, _ settings: IMAPSettings, into summary: inout RunSummary,
        progress: FetchProgress? = nil
    ) {
        guard let password = configuration.password(for: settings, environment: environment) else {
            summary.errors.append(
                "mailbox \(mailbox.name): environment variable \(settings.passwordEnv) is not set (set it to the password of \(settings.user) at \(settings.host))"
            )
            return
        }
        if !settings.tlsVerify {
            logger.warning(
                "TLS certificate verification is off (tls_verify = false)", metadata: ["mailbox": "\(mailbox.name)"])
        }
        if respectBackoff, let state = try? store.mailboxState(mailbox.name) {
            if let next = state.nextAttemptAt, let at = Timestamp.date(next), at > now() {
                logger.info("waiting after an error", metadata: ["mailbox": "\(mailbox.name)", "until": "\(next)"])
                return
            }
            if state.failures == 0, let last = state.lastSuccessAt.flatMap(Timestamp.date),
                now().timeIntervalSince(last) < Double(settings.pollInterval)
            {
                return  // polled less than poll_interval ago
            }
        }
        let account = IMAPAccount(
            implicitTLS: settings.tls, host: settings.host, port: settings.port, mailbox: settings.mailbox,
            user: settings.user, password: password, caFile: settings.tlsCAFile,
            verifyTLS: settings.tlsVerify, startTLS: settings.startTLS,
            connectTimeout: settings.connectTimeout, timeout: settings.timeout)
        do {
            let status = try watchedStatus(mailbox.name, account)
            // Nothing arrived or left since the mailbox was last read to the end: the poll was one round trip.
            if imapConnections.isUnchanged(mailbox.name, status) {
                logger.debug(
                    "mailbox unchanged", metadata: ["mailbox": "\(mailbox.name)", "uidnext": "\(status.uidNext)"])
            } else {
                imapConnections.settle(mailbox.name, nil)
                try poll(mailbox, settings, IMAPSession(account), status: status, into: &summary, progress: progress)
            }
            try store.recordPoll(mailbox: mailbox.name, .success, at: now())
        } catch let error as CurlError {
            let message = Self.describe(error, mailbox: mailbox, settings: settings)
            let outcome = try? store.recordPoll(
                mailbox: mailbox.name, .failure(message, transient: error.isTransient), at: now())
            if !respectBackoff || outcome?.report ?? true { summary.errors.append(message) }
            logger.error("poll failed", metadata: ["mailbox": "\(mailbox.name)", "transient": "\(error.isTransient)"])
        } catch {
            let message = "mailbox \(mailbox.name): \(error)"
            summary.errors.append(message)
            _ = try? store.recordPoll(mailbox: mailbox.name, .failure(message, transient: true), at: now())
        }
    }

    /// The mailbox's STATUS, asked on the connection kept for it. That connection never selects a mailbox: a
    /// server answers STATUS for the selected mailbox from the session's last view of it (Dovecot does), which
    /// would hide new mail. Fetching uses a connection of its own. A kept connection the server closed meanwhile
    /// (a restart, an idle timeout) is replaced once before the poll counts as failed.
    private func watchedStatus(_ mailbox: String, _ account: IMAPAccount) throws(CurlError) -> MailboxStatus {
        if let kept = imapConnections.take(mailbox), let status = try? kept.status() {
            imapConnections.keep(kept, for: mailbox)
            return status
        }
        let fresh = try IMAPSession(account)
        let status = try fresh.status()
        imapConnections.keep(fresh, for: mailbox)
        return status
    }

    private func poll(
        _ mailbox: MailboxDefinition, _ settings: IMAPSettings, _ session: IMAPSession,
        status: MailboxStatus, into summary: inout RunSummary, progress: FetchProgress?
    ) throws {
        let failuresBefore = summary.fetchFailures
        var leftOver = 0
        defer {
            summary.leftForNextPass += leftOver
            // Read to the end, nothing left for the next pass or to retry: the next poll may stop at STATUS.
            if !isStopping && summary.fetchFailures == failuresBefore && leftOver == 0 {
                imapConnections.settle(mailbox.name, status)
            }
        }
        let uids = try session.allUIDs(below: status.uidNext, messages: status.messages)
        if uids.count != status.messages {
            logger.warning(
                "UID SEARCH and STATUS disagree",
                metadata: [
                    "mailbox": "\(mailbox.name)",
                    "uids": "\(uids.count)", "messages": "\(status.messages)"
                ])
        }
        let validity = Int64(status.uidValidity)
        let imported = try store.importedItems(mailbox: mailbox.name, uidvalidity: validity)
        // Messages the server would not hand over, given up after their attempts: they stay on the server.
        let skipped = try store.skippedUIDs(mailbox: mailbox.name, uidvalidity: validity)
        let missing = uids.filter { !imported.contains(String($0)) && !skipped.contains(String($0)) }
        let leftovers = uids.filter { imported.contains(String($0)) }
        summary.alreadyImported += leftovers.count
        // Imported before a crash, but not yet moved away.
        if case .move(let folder) = mailbox.afterImport, !leftovers.isEmpty {
            try session.move(uids: leftovers, to: folder)
        }
        let toFetch = Array(missing.prefix(settings.maxMessagesPerPoll))
        let failedEarlier = Set(
            try store.fetchFailures(mailbox: mailbox.name)
                .filter { $0.uidvalidity == validity }.map { String($0.uid) })
        leftOver = missing.count - toFetch.count
        fetchEvents?(.found(missing.count))
        guard !toFetch.isEmpty else { return }
        // `keep` needs to know which messages to mark unseen again; the other modes mark every UID of a window
        // (a message already \Seen costs the server nothing).
        let unseen: Set<UInt32>? =
            mailbox.afterImport == .keep ? try session.unseenUIDs(messages: status.messages) : nil

        // The UIDs are taken in windows. One UID STORE marks a window's unseen messages \Seen before they are
        // fetched: libcurl's URL fetch (BODY[], there is no PEEK form) would otherwise set \Seen message by
        // message, and on a Maildir server each such change is a rename plus an index sync, which made the
        // fetches several times slower. (Marking early hides nothing: the ledger, not \Seen, says what is
        // imported, and the fetch sets \Seen before the commit anyway.) Within a window, messages are committed
        // in small batches (few in memory; parse starts early); once the window is committed, its after-import
        // action is one command: `keep` puts back the unseen state, `move` moves, `seen` has nothing left to do.
        for windowStart in stride(from: 0, to: toFetch.count, by: Self.windowSize) {
            if isStopping {
                leftOver += toFetch.count - windowStart
                break
            }
            let window = Array(toFetch[windowStart..<min(windowStart + Self.windowSize, toFetch.count)])
            let marked = unseen.map { unseen in window.filter { unseen.contains($0) } } ?? window
            try session.setSeen(true, uids: marked)
            // A failure stops the poll before the window's action (the mailbox may have changed under it, e.g. a
            // new UIDVALIDITY): `move` moves the committed messages at the next poll; with `keep` the window's
            // messages stay \Seen.
            var committed: [UInt32] = []
            var next = 0
            var failedInARow = 0
            while next < window.count {
                var fetched: [FetchedMessage] = []
                var fetchedUIDs: [UInt32] = []
                var bytes = 0
                // After a stop request the message in hand is committed and the rest wait for the next start.
                if isStopping { leftOver += window.count - next; next = window.count }
                while next < window.count && fetched.count < Self.commitBatch && bytes < Self.commitBytes {
                    let uid = window[next]
                    next += 1
                    let raw: [UInt8]
                    switch Result(catching: { () throws(CurlError) in
                        try session.fetch(uid: uid, uidValidity: status.uidValidity, limit: fetchLimit)
                    }) {
                    case .success(let bytes):
                        raw = bytes
                        failedInARow = 0
                    case .failure(let error):
                        // Network trouble, a refused login or TLS stop the poll (retried with backoff). One
                        // message the server will not hand over must not stop the mailbox: record it, go on.
                        // Several in a row say the mailbox itself is wrong (deleted, UIDVALIDITY changed): stop.
                        if error.isTransient || error.isAuthenticationFailure || error.isTLSFailure { throw error }
                        failedInARow += 1
                        try recordFetchFailure(uid, error, mailbox: mailbox, validity: validity, into: &summary)
                        fetchEvents?(.handled(1))
                        if failedInARow >= Self.failuresInARowStoppingAPoll { throw error }
                        continue
                    }
                    summary.fetched += 1
                    bytes += raw.count
                    fetchedUIDs.append(uid)
                    // IMAP's INTERNALDATE is not fetched: a message without a Date field is taken in.
                    fetched.append(
                        FetchedMessage(
                            raw: raw, sha256: SHA256.hash(data: raw).hex,
                            item: SourceItem(
                                source: "imap", mailbox: mailbox.name,
                                uidvalidity: validity, item: String(uid)),
                            history: historyMark(raw, arrived: { nil })))
                }
                for outcome in try store.recordFetched(fetched, at: now()) {
                    switch outcome {
                    case .stored: summary.stored += 1
                    case .duplicate: summary.duplicates += 1
                    case .alreadyImported: summary.alreadyImported += 1
                    }
                }
                progress?.committed()
                fetchEvents?(.handled(fetched.count))
                committed += fetchedUIDs
                if !failedEarlier.isEmpty {
                    let recovered = fetchedUIDs.filter { failedEarlier.contains(String($0)) }.map(Int64.init)
                    try store.clearFetchFailures(mailbox: mailbox.name, uidvalidity: validity, uids: recovered)
                }
            }
            try afterImport(mailbox, session, committed: committed, marked: marked)
        }
    }

    /// Records a message the server would not hand over, and says so once per attempt (the last one tells where
    /// to find it). A message over the fetch limit is given up at once: asking again cannot help.
    private func recordFetchFailure(
        _ uid: UInt32, _ error: CurlError, mailbox: MailboxDefinition, validity: Int64,
        into summary: inout RunSummary
    ) throws {
        let tooLarge = error.detail.hasPrefix("response larger than")
        let reason =
            tooLarge
            ? "the message is larger than \(fetchLimit) bytes (4 × [parser] max_message_bytes); it stays on the server"
            : "\(error.detail)\(error.responseCode.map { " (server replied \($0))" } ?? "")"
        let failure = try store.recordFetchFailure(
            mailbox: mailbox.name, uidvalidity: validity, uid: Int64(uid), reason: reason,
            attempts: Self.fetchAttempts, final: tooLarge, at: now())
        summary.fetchFailures += 1
        if failure.givenUpAt != nil {
            summary.errors.append(
                "mailbox \(mailbox.name): UID \(uid) could not be fetched (\(reason)); skipped from now on "
                    + "after \(failure.attempts) attempt(s), left on the server (`maildesk quarantine list` shows it)")
        } else {
            summary.errors.append(
                "mailbox \(mailbox.name): UID \(uid) could not be fetched (\(reason)); attempt "
                    + "\(failure.attempts) of \(Self.fetchAttempts), the rest of the mailbox goes on")
        }
        logger.error(
            "message not fetched", metadata: ["mailbox": "\(mailbox.name)", "uid": "\(uid)", "reason": "\(reason)"])
    }

    /// The largest message fetched: four times what the parser reads (it keeps the rest as an undecoded
    /// attachment), so nothing a customer sent within reason is refused, and no server can fill the memory.
    var fetchLimit: Int { Self.fetchLimit(configuration.gateway.parser) }

    /// `fetchLimit` for these parser settings (also the most `maildesk deliver` keeps from one message).
    public static func fetchLimit(_ parser: ParserSettings) -> Int { max(parser.maxMessageBytes, 1 << 16) * 4 }

    /// Attempts before a message the server will not hand over is skipped, and the failures in a row that
    /// mean the mailbox itself, not one message, is wrong.
    static let fetchAttempts = 3
    static let failuresInARowStoppingAPoll = 5

    /// The after-import action for a window: `keep` clears \Seen again on every message it marked (fetched or
    /// not), `move` moves the committed ones, `seen` has nothing to do (they are all \Seen already).
    private func afterImport(
        _ mailbox: MailboxDefinition, _ session: IMAPSession, committed: [UInt32],
        marked: [UInt32]
    ) throws {
        switch mailbox.afterImport {
        case .keep: try session.setSeen(false, uids: marked)
        case .seen: return
        case .move(let folder): try session.move(uids: committed, to: folder)
        }
    }

    /// UIDs per window (one STORE before, one STORE or MOVE after), messages per fetch transaction, and the
    /// bytes after which a batch is committed early (a few large messages are never held in memory together).
    static let windowSize = 1_000
    static let commitBatch = 32
    static let commitBytes = 8 << 20

    /// One line per failure, in the operator's words, with what to check. Never the password.
    static func describe(_ error: CurlError, mailbox: MailboxDefinition, settings: IMAPSettings) -> String {
        let server = "\(settings.host):\(settings.port)"
        if error.isAuthenticationFailure {
            return
                "mailbox \(mailbox.name): login failed for \(settings.user) at \(server) (check password_env \(settings.passwordEnv))"
        }
        if error.isTLSFailure {
            return
                "mailbox \(mailbox.name): TLS with \(server) failed: \(error.detail) (check tls_ca_file, or the server's certificate)"
        }
        if error.isTransient {
            return
                "mailbox \(mailbox.name): \(server) unreachable or stalled during \(error.operation): \(error.detail) (will retry with backoff)"
        }
        return "mailbox \(mailbox.name): \(error.operation) at \(server) failed: \(error.detail)"
    }
}
