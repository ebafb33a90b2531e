import Foundation
import GRDB

/// Where a message was seen: the ledger key.
public struct SourceItem: Sendable, Hashable {
    public var source: String
    public var mailbox: String
    public var uidvalidity: Int64
    public var item: String

    public init(source: String, mailbox: String, uidvalidity: Int64 = 0, item: String) {
        self.source = source
        self.mailbox = mailbox
        self.uidvalidity = uidvalidity
        self.item = item
    }
}

/// A message read from a source, to be recorded.
public struct FetchedMessage: Sendable {
    public var raw: [UInt8]
    public var sha256: String
    public var item: SourceItem
    /// Set by `maildesk import`: old mail that nothing automatic may follow from.
    public var history: HistoryMark?

    public init(raw: [UInt8], sha256: String, item: SourceItem, history: HistoryMark? = nil) {
        self.raw = raw
        self.sha256 = sha256
        self.item = item
        self.history = history
    }
}

/// What recording a fetched message did.
public enum FetchOutcome: Sendable, Equatable {
    /// New content: raw bytes, ledger row and a message in state `stored`.
    case stored(messageID: Int64)
    /// Content already stored (from another sighting): one more ledger row, no new message.
    case duplicate(messageID: Int64)
    /// This source item is already in the ledger (a rerun after a crash, or another process got it first).
    case alreadyImported
}

extension Store {
    /// Whether this source item was already imported.
    public func isImported(_ item: SourceItem) throws -> Bool {
        try read { db in
            try Bool.fetchOne(
                db.cachedStatement(
                    sql: """
                        SELECT EXISTS (SELECT 1 FROM ingest_ledger WHERE mailbox = ? AND uidvalidity = ? AND item = ?)
                        """), arguments: [item.mailbox, item.uidvalidity, item.item]) ?? false
        }
    }

    /// Stores the raw bytes and the ledger row in one transaction, creating the message if the content is new.
    /// Only after this returns may the source mark the message as read or move it.
    public func recordFetched(raw: [UInt8], sha256: String, from item: SourceItem, at now: Date) throws -> FetchOutcome
    {
        try recordFetched([FetchedMessage(raw: raw, sha256: sha256, item: item)], at: now)[0]
    }

    /// `recordFetched` for several messages in one transaction (all or none are committed).
    public func recordFetched(_ batch: [FetchedMessage], at now: Date) throws -> [FetchOutcome] {
        let at = Timestamp.string(now)
        return try write { db -> [FetchOutcome] in
            try batch.map { try Self.recordFetched($0, at: at, db) }
        }
    }

    /// `recordFetched` for one message that, when its content is new, is quarantined at `stage` in the same
    /// transaction (`reason` nil: it goes on to the parse stage like any other).
    public func recordFetched(
        _ fetched: FetchedMessage, quarantining reason: String?, stage: String,
        at now: Date
    ) throws -> FetchOutcome {
        let at = Timestamp.string(now)
        return try write { db in
            let outcome = try Self.recordFetched(fetched, at: at, db)
            if case .stored(let id) = outcome, let reason {
                try Self.quarantine(db, messageID: id, stage: stage, reason: reason, at: at)
            }
            return outcome
        }
    }

    private static func recordFetched(_ fetched: FetchedMessage, at: String, _ db: Database) throws -> FetchOutcome {
        let item = fetched.item
        let known = try db.cachedStatement(
            sql: """
                SELECT EXISTS (SELECT 1 FROM ingest_ledger WHERE mailbox = ? AND uidvalidity = ? AND item = ?)
                """)
        if try Bool.fetchOne(known, arguments: [item.mailbox, item.uidvalidity, item.item]) ?? false {
            return .alreadyImported
        }
        // The bytes are bound where they are (no Data copy; GRDB binds blobs without SQLite copying them), so a
        // large message is held once more only while SQLite assembles its row. (A `zeroblob` written in chunks
        // would not help here: `bytes` is not the row's last column, so SQLite would expand it in memory.)
        try fetched.raw.withUnsafeBytes { buffer in
            let bytes =
                buffer.baseAddress.map {
                    Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: $0), count: buffer.count, deallocator: .none)
                } ?? Data()
            try db.cachedStatement(
                sql: """
                    INSERT INTO raw_message (sha256, size, bytes, stored_at) VALUES (?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING
                    """
            ).execute(arguments: [fetched.sha256, fetched.raw.count, bytes, at])
        }
        try db.cachedStatement(
            sql: """
                INSERT INTO ingest_ledger (source, mailbox, uidvalidity, item, sha256, first_seen) VALUES (?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [item.source, item.mailbox, item.uidvalidity, item.item, fetched.sha256, at])
        if let existing = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT id FROM message WHERE sha256 = ?"),
            arguments: [fetched.sha256])
        {
            try log(
                db, at: at, actor: "fetch", .message, existing, "seen again",
                "\(item.mailbox) \(item.item) (same bytes)")
            return .duplicate(messageID: existing)
        }
        // Mail older than an import's --since is kept raw only: `done` at once, never threaded.
        var skipped: String?
        if case .skipped(let reason) = fetched.history { skipped = reason }
        try db.cachedStatement(
            sql: """
                INSERT INTO message (sha256, mailbox, direction, state, received_at, history) VALUES (?, ?, 'in', ?, ?, ?)
                """
        ).execute(arguments: [
            fetched.sha256, item.mailbox, skipped == nil ? "stored" : "done", at,
            (fetched.history?.stored ?? .live).rawValue
        ])
        let id = db.lastInsertedRowID
        try log(
            db, at: at, actor: "fetch", .message, id, "stored",
            "\(item.source) \(item.mailbox) \(item.item)"
                + (fetched.history?.stored ?? .live).threadNote + (skipped.map { "; not threaded: \($0)" } ?? ""))
        return .stored(messageID: id)
    }

    /// The exact stored bytes of a message.
    public func rawBytes(messageID: Int64) throws -> [UInt8] {
        try read { db in try Self.rawBytes(db, messageID: messageID) }
    }

    /// The raw bytes of as many of `ids` as fit in `maxBytes` (at least the first), in order, in one read: the
    /// parse stage reads a batch at a time, while a batch of large messages is never in memory at once.
    public func rawBytes(messageIDs ids: [Int64], maxBytes: Int) throws -> [(id: Int64, bytes: [UInt8])] {
        try read { db in
            var read: [(id: Int64, bytes: [UInt8])] = []
            var total = 0
            for id in ids {
                let bytes = try Self.rawBytes(db, messageID: id)
                read.append((id, bytes))
                total += bytes.count
                if total >= maxBytes { break }
            }
            return read
        }
    }

    private static func rawBytes(_ db: Database, messageID: Int64) throws -> [UInt8] {
        do {
            // Small messages come with the row; a large one is read from its blob in chunks.
            guard
                let row = try Row.fetchOne(
                    db.cachedStatement(
                        sql: """
                            SELECT r.rowid, CASE WHEN r.size < ? THEN r.bytes END FROM message m
                            JOIN raw_message r ON r.sha256 = m.sha256 WHERE m.id = ?
                            """), arguments: [Self.streamedBlobBytes, messageID])
            else {
                throw StoreError.notFound("no message \(messageID) (see `maildesk messages list`)")
            }
            if let bytes = try row.withUnsafeData(atIndex: 1, { $0.map { [UInt8]($0) } }) { return bytes }
            return try Self.readBlob(db, table: "raw_message", column: "bytes", rowID: row[0])
        }
    }
}
