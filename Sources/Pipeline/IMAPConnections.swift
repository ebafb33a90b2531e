import Foundation
import IMAP

/// The IMAP connection a long-running pipeline keeps per mailbox for STATUS, and what each mailbox's STATUS said
/// when it was last read to the end.
///
/// libcurl has no IDLE, so a service polls: one STATUS on a kept connection is one round trip, and only when
/// UIDVALIDITY, UIDNEXT or the message count moved does the poll go on to UID SEARCH and the fetches. A new
/// message always gets a UID at or above UIDNEXT (RFC 9051 §2.3.1.1), so an unchanged UIDNEXT means nothing new.
/// Each mailbox is polled by one thread at a time; the lock guards the dictionaries only. (A fetch uses a
/// connection of its own: see `Pipeline.watchedStatus`.)
final class IMAPConnections: @unchecked Sendable {
    private let lock = NSLock()
    private var idle: [String: IMAPSession] = [:]
    private var settled: [String: MailboxStatus] = [:]

    /// The mailbox's kept connection, taken out while it is used (nil: open a new one).
    func take(_ mailbox: String) -> IMAPSession? {
        lock.withLock { idle.removeValue(forKey: mailbox) }
    }

    /// Keeps a connection that just worked for the next pass. One that failed is never put back.
    func keep(_ session: IMAPSession, for mailbox: String) {
        lock.withLock { idle[mailbox] = session }
    }

    /// Whether `status` shows the mailbox as it was when last read to the end.
    func isUnchanged(_ mailbox: String, _ status: MailboxStatus) -> Bool {
        lock.withLock {
            guard let last = settled[mailbox] else { return false }
            return last.uidValidity == status.uidValidity && last.uidNext == status.uidNext
                && last.messages == status.messages
        }
    }

    /// Records that every message `status` counted is imported (or given up); nil forgets it (read again next time).
    func settle(_ mailbox: String, _ status: MailboxStatus?) {
        lock.withLock { settled[mailbox] = status }
    }
}
