import Config
import Crypto
import Foundation
import Logging
import Maildir
import Store

extension Pipeline {
    /// Fetch stage: every pending item of a mailbox is stored raw with its ledger row in one transaction;
    /// only then is it marked seen or moved. A failing mailbox is reported and the others go on.
    func fetch(_ mailbox: MailboxDefinition, into summary: inout RunSummary) {
        switch mailbox.source {
        case .maildir(let path):
            let maildir = Maildir(path: ConfigPaths.absolute(path, workingDirectory: workingDirectory))
            let entries: [Maildir.Entry]
            do {
                entries = try maildir.pending()
            } catch {
                summary.errors.append("mailbox \(mailbox.name): \(error)")
                logger.error("mailbox unreadable", metadata: ["mailbox": "\(mailbox.name)", "error": "\(error)"])
                return
            }
            for entry in entries {
                fetchMaildirEntry(entry, of: maildir, mailbox: mailbox, into: &summary)
            }
        }
    }

    private func fetchMaildirEntry(_ entry: Maildir.Entry, of maildir: Maildir, mailbox: MailboxDefinition,
                                   into summary: inout RunSummary) {
        let item = SourceItem(source: "maildir", mailbox: mailbox.name, item: entry.uniqueName)
        do {
            // A file already in the ledger (a crash between commit and rename, or after_import = "keep").
            if try store.isImported(item) {
                summary.alreadyImported += 1
                try afterImport(entry, of: maildir, mailbox: mailbox)
                return
            }
            let raw: [UInt8]
            do {
                raw = try maildir.read(entry)
            } catch where !FileManager.default.fileExists(atPath: entry.path.path) {
                // Gone since listing: another maildesk process imported and moved it, or a mail client did.
                if try store.isImported(item) { summary.alreadyImported += 1 }
                return
            }
            summary.fetched += 1
            let sha = SHA256.hash(data: raw).map { String($0, radix: 16).leftPadded() }.joined()
            switch try store.recordFetched(raw: raw, sha256: sha, from: item) {
            case .stored: summary.stored += 1
            case .duplicate: summary.duplicates += 1
            case .alreadyImported: summary.alreadyImported += 1
            }
            try afterImport(entry, of: maildir, mailbox: mailbox)
        } catch {
            summary.errors.append("mailbox \(mailbox.name): \(entry.path.lastPathComponent): \(error)")
            logger.error("fetch failed", metadata: ["mailbox": "\(mailbox.name)", "item": "\(entry.uniqueName)",
                                                    "error": "\(error)"])
        }
    }

    private func afterImport(_ entry: Maildir.Entry, of maildir: Maildir, mailbox: MailboxDefinition) throws {
        switch mailbox.afterImport {
        case .keep: return
        case .seen: try maildir.markSeen(entry)
        case .move(let folder): try maildir.move(entry, toFolder: folder)
        }
    }
}

extension String {
    func leftPadded() -> String { count >= 2 ? self : "0" + self }
}
