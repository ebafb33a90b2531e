import Config
import Crypto
import Foundation
import Logging
import Maildir
import MIME
import Store

extension Pipeline {
    /// Fetch stage: every pending item of a mailbox is stored raw with its ledger row in one transaction;
    /// only then is it marked seen or moved. A failing mailbox is reported and the others go on.
    func fetch(_ mailbox: MailboxDefinition, into summary: inout RunSummary, progress: FetchProgress? = nil) {
        if importing?.mailbox != mailbox.name, let unfinished = unfinishedImport(mailbox) {
            summary.errors.append(unfinished)
            return
        }
        switch mailbox.source {
        case .pipe:
            return  // its mail arrives through `maildesk deliver`
        case .imap(let settings):
            fetchIMAP(mailbox, settings, into: &summary, progress: progress)
        case .maildir(let path):
            let maildir = Maildir(path: ConfigPaths.absolute(path, workingDirectory: workingDirectory))
            let entries: [Maildir.Entry]
            do {
                entries = try maildir.pending()
            } catch {
                summary.errors.append("mailbox \(mailbox.name): \(error)")
                logger.error("mailbox unreadable", metadata: ["mailbox": "\(mailbox.name)", "error": "\(error)"])
                _ = try? store.recordPoll(
                    mailbox: mailbox.name, .failure("mailbox \(mailbox.name): \(error)", transient: false),
                    at: now())
                return
            }
            let errorsBefore = summary.errors.count
            defer { recordMaildirPoll(mailbox, errors: summary.errors[errorsBefore...]) }
            // Batches of files share one transaction: fewer commits, and still all-or-nothing.
            var batch: [(Maildir.Entry, FetchedMessage)] = []
            var batchBytes = 0
            fetchEvents?(.found(entries.count))
            for entry in entries {
                if isStopping { break }  // the batch in hand is still committed below
                if let fetched = read(entry, of: maildir, mailbox: mailbox, into: &summary) {
                    batch.append((entry, fetched))
                    batchBytes += fetched.raw.count
                } else {
                    fetchEvents?(.handled(1))
                }
                if batch.count >= 64 || batchBytes >= 32 << 20 {
                    commit(batch, of: maildir, mailbox: mailbox, into: &summary, progress: progress)
                    batch.removeAll()
                    batchBytes = 0
                }
            }
            commit(batch, of: maildir, mailbox: mailbox, into: &summary, progress: progress)
        }
    }

    /// A Maildir poll succeeded when no entry failed; otherwise its first error is the poll's error.
    private func recordMaildirPoll(_ mailbox: MailboxDefinition, errors: ArraySlice<String>) {
        let outcome: PollOutcome = errors.first.map { .failure($0, transient: true) } ?? .success
        _ = try? store.recordPoll(mailbox: mailbox.name, outcome, at: now())
    }

    /// Reads an entry not yet in the ledger; entries already imported only get their after-import action
    /// (a crash between commit and rename, or `after_import = "keep"`).
    private func read(
        _ entry: Maildir.Entry, of maildir: Maildir, mailbox: MailboxDefinition,
        into summary: inout RunSummary
    ) -> FetchedMessage? {
        let item = SourceItem(source: "maildir", mailbox: mailbox.name, item: entry.uniqueName)
        do {
            if try store.isImported(item) {
                summary.alreadyImported += 1
                try afterImport(entry, of: maildir, mailbox: mailbox)
                return nil
            }
            let raw: [UInt8]
            do {
                raw = try maildir.read(entry)
            } catch  where !FileManager.default.fileExists(atPath: entry.path.path) {
                // Gone since listing: another maildesk process imported and moved it, or a mail client did.
                if try store.isImported(item) { summary.alreadyImported += 1 }
                return nil
            }
            summary.fetched += 1
            let mark = historyMark(
                raw,
                arrived: {
                    (try? FileManager.default.attributesOfItem(atPath: entry.path.path))?[.modificationDate] as? Date
                })
            return FetchedMessage(raw: raw, sha256: SHA256.hash(data: raw).hex, item: item, history: mark)
        } catch {
            report(error, entry, mailbox, into: &summary)
            return nil
        }
    }

    /// Stores a batch in one transaction, then applies the after-import action to each file.
    private func commit(
        _ batch: [(Maildir.Entry, FetchedMessage)], of maildir: Maildir, mailbox: MailboxDefinition,
        into summary: inout RunSummary, progress: FetchProgress?
    ) {
        guard !batch.isEmpty else { return }
        do {
            for outcome in try store.recordFetched(batch.map(\.1), at: now()) {
                switch outcome {
                case .stored: summary.stored += 1
                case .duplicate: summary.duplicates += 1
                case .alreadyImported: summary.alreadyImported += 1
                }
            }
        } catch {
            summary.errors.append("mailbox \(mailbox.name): storing \(batch.count) message(s) failed: \(error)")
            logger.error("store failed", metadata: ["mailbox": "\(mailbox.name)", "error": "\(error)"])
            return
        }
        progress?.committed()
        fetchEvents?(.handled(batch.count))
        for (entry, _) in batch {
            do { try afterImport(entry, of: maildir, mailbox: mailbox) } catch {
                report(error, entry, mailbox, into: &summary)
            }
        }
    }

    private func report(
        _ error: any Error, _ entry: Maildir.Entry, _ mailbox: MailboxDefinition, into summary: inout RunSummary
    ) {
        summary.errors.append("mailbox \(mailbox.name): \(entry.path.lastPathComponent): \(error)")
        logger.error(
            "fetch failed", metadata: ["mailbox": "\(mailbox.name)", "item": "\(entry.uniqueName)", "error": "\(error)"]
        )
    }

    private func afterImport(_ entry: Maildir.Entry, of maildir: Maildir, mailbox: MailboxDefinition) throws {
        switch mailbox.afterImport {
        case .keep: return
        case .seen: try maildir.markSeen(entry)
        case .move(let folder): try maildir.move(entry, toFolder: folder)
        }
    }
}
