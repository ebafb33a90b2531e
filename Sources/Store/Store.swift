import FastJSON
import Foundation
import Glibc
import GRDB

/// The one owner of maildesk's SQL. Every write is a method named after the invariant it keeps.
///
/// SQLite in WAL mode with foreign keys on; the schema's constraints (UNIQUE ledger keys, NOT NULL states,
/// CHECKed enumerations) carry the integrity rules, so a bug or a second process cannot break them.
public final class Store: Sendable {
    let writer: any DatabaseWriter

    /// Opens (creating if needed) the database at `path` and brings its schema up to date. A write waits up to
    /// `busyTimeout` seconds for another process's transaction before failing with SQLITE_BUSY.
    public init(path: String, busyTimeout: TimeInterval = 30) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        // The store holds customers' mail and, unless MAILDESK_SECRET is set, the secret that signs reply tokens:
        // only its owner may read it. Folders maildesk creates are 0700, its files 0600 (SQLite gives the -wal
        // and -shm files the database file's mode).
        try FileManager.default.createDirectory(
            at: directory, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        // Two processes starting on a new database would race to switch it to WAL and to migrate it:
        // opening and migrating happen under an exclusive lock on a companion file.
        let lock = open(path + ".lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard lock >= 0 else {
            throw StoreError.notFound("cannot create \(path).lock: \(String(cString: strerror(errno)))")
        }
        defer { close(lock) }
        let database = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard database >= 0 else {
            throw StoreError.notFound("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        close(database)
        while flock(lock, LOCK_EX) != 0 && errno == EINTR {}
        writer = try Self.openPool(path: path, busyTimeout: busyTimeout)
        try Self.migrator.migrate(writer)
    }

    /// The pool on `path`. Opening it checks the size of the `-wal` file when it exists; another process's last
    /// connection closing at that moment (a `maildesk status`, a `sqlite3` shell, a monitoring probe) deletes
    /// the file in between and the open fails with "file doesn't exist" (seen once in 150 starts beside a
    /// polling reader). The file's owner is then gone: opening again succeeds.
    static func openPool(path: String, busyTimeout: TimeInterval) throws -> DatabasePool {
        try retryingVanishedFile {
            try DatabasePool(path: path, configuration: configuration(busyTimeout: busyTimeout))
        }
    }

    /// `open`, again (up to five times in all) while it fails on a file that vanished.
    static func retryingVanishedFile<T>(_ open: () throws -> T) throws -> T {
        var attempt = 1
        while true {
            do {
                return try open()
            } catch {
                let error = error as NSError
                let vanished =
                    error.domain == NSCocoaErrorDomain
                    && (error.code == CocoaError.fileReadNoSuchFile.rawValue
                        || error.code == CocoaError.fileNoSuchFile.rawValue)
                guard vanished, attempt < 5 else { throw error }
                attempt += 1
            }
        }
    }

    /// An in-memory copy of `other` (SQLite's backup), for dry runs: the stages run on it and it is thrown away.
    public init(copyOf other: Store) throws {
        let queue = try DatabaseQueue(configuration: Self.configuration())
        try other.writer.backup(to: queue)
        writer = queue
        try Self.migrator.migrate(writer)
    }

    /// A store on `writer` (tests: a connection configured to show statement arguments in traces).
    init(writer: any DatabaseWriter) throws {
        self.writer = writer
        try Self.migrator.migrate(writer)
    }

    /// An in-memory store, for tests.
    public init() throws {
        writer = try DatabaseQueue(configuration: Self.configuration())
        try Self.migrator.migrate(writer)
    }

    private static func configuration(busyTimeout: TimeInterval = 30) -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        // Another maildesk process may hold the write lock for one message's work; wait for it.
        config.busyMode = .timeout(busyTimeout)
        config.prepareDatabase { db in
            // Messages and attachments are blobs of tens of KB: larger pages mean fewer page writes.
            // (Takes effect only when the database file is created.)
            try db.execute(sql: "PRAGMA page_size = 16384")
            // WAL with NORMAL is durable against process crashes (every commit is in the WAL); a power loss
            // can lose the last commits, never corrupt the file.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        return config
    }

    /// The reply-token secret generated when the store was created (the pipeline prefers one from the
    /// environment, `[threading] secret_env`, when it is set).
    public func tokenSecret() throws -> [UInt8] {
        try writer.read { db in
            guard let hex = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'token_secret'") else {
                throw StoreError.corrupt("token secret missing")
            }
            return Array(hex.utf8)
        }
    }

    /// Runs `body` in one write transaction; SQLite's IMMEDIATE lock serialises writers across processes.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.write(body)
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.read(body)
    }
}

extension Store {
    /// Whether `error` is another process holding the database's lock past the busy timeout (try again later).
    public static func isLocked(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
    }
}

public enum StoreError: Error, CustomStringConvertible {
    case corrupt(String)
    case notFound(String)
    case invalidState(String)

    public var description: String {
        switch self {
        case .corrupt(let s): return "database is inconsistent: \(s)"
        case .notFound(let s): return s
        case .invalidState(let s): return s
        }
    }
}

/// Timestamps are stored as ISO 8601 UTC text (`2026-11-20T01:12:45Z`), which sorts and reads well in `sqlite3`.
public enum Timestamp {
    public static func string(_ date: Date) -> String {
        let t = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = t >= 0 ? t / 86_400 : (t - 86_399) / 86_400
        let seconds = t - days * 86_400
        let (y, m, d) = civil(fromDays: days)
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(m))-\(two(d))T\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))Z"
    }

    /// Reads a stored timestamp back; nil if it is not in the stored form.
    public static func date(_ text: String) -> Date? {
        let b = Array(text.utf8)
        guard b.count == 20, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A, b[19] == 0x5A
        else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var v: Int64 = 0
            for i in range {
                guard b[i] >= 0x30 && b[i] <= 0x39 else { return nil }
                v = v * 10 + Int64(b[i] - 0x30)
            }
            return v
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10), let hh = number(11..<13),
            let mm = number(14..<16), let ss = number(17..<19), (1...12).contains(m), (1...31).contains(d)
        else { return nil }
        // Days from civil (Howard Hinnant).
        let yy = m <= 2 ? y - 1 : y
        let era = (yy >= 0 ? yy : yy - 399) / 400
        let yoe = yy - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + hh * 3600 + mm * 60 + ss))
    }

    /// Howard Hinnant's days-to-civil algorithm.
    private static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}

extension Store {
    /// The strings of a stored JSON array (tags, recipients, references); empty when absent or not one.
    static func jsonStrings(_ json: String?) -> [String] {
        json.flatMap(JSONText.decodeStrings) ?? []
    }

    /// Strings as a stored JSON array.
    static func jsonArray(_ strings: [String]) -> String { JSONText.strings(strings) }
}
