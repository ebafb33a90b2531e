import Foundation
import GRDB

/// How `maildesk import` marks a message it takes in from a mailbox's history. A marked message is threaded and
/// shown like any other, but nothing automatic ever follows from it: no acknowledgement, no agent notification,
/// no SLA timer, reminder, closing mail or survey, and it never reopens a thread. The mark is written with the raw
/// bytes, in the same transaction, so a killed and resumed import keeps it.
public enum HistoryMark: Sendable, Equatable {
    /// History: its threads stay open for agents, without any automatic mail.
    case open
    /// History that needs no answer (`--no-answer`): the threads it starts are resolved at once.
    case settled
    /// Older than the import's `--since`: kept raw (the ledger then never fetches it again), never threaded.
    case skipped(reason: String)

    /// `message.history`: 0 live mail, 1 open history, 2 settled history.
    enum Stored: Int {
        case live = 0, open = 1, settled = 2

        var threadNote: String {
            switch self {
            case .live: return ""
            case .open: return " (history from `maildesk import`: no automatic mail)"
            case .settled: return " (history from `maildesk import --no-answer`: resolved, no automatic mail)"
            }
        }
    }

    var stored: Stored {
        switch self {
        case .open, .skipped: return .open
        case .settled: return .settled
        }
    }

    /// Why a history thread gets no automatic mail (acknowledgement, follow-up, survey).
    static let noAutomaticMail = "history taken in by `maildesk import`: it is never answered automatically"
}

/// An import of a mailbox's history, from its start until it finishes: while it is unfinished, `maildesk run`
/// leaves the mailbox alone (its old mail must not arrive as new), and a rerun of the import resumes with the
/// same options.
public struct ImportRun: Sendable, Equatable {
    public var mailbox: String
    /// Only mail dated from this moment is threaded (`--since`); older mail is kept raw.
    public var since: Date?
    /// `--no-answer`: the threads it starts are resolved.
    public var settled: Bool
    public var startedAt: String
    public var finishedAt: String?

    public init(mailbox: String, since: Date?, settled: Bool, startedAt: String = "", finishedAt: String? = nil) {
        self.mailbox = mailbox
        self.since = since
        self.settled = settled
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }
}

extension Store {
    /// Migration 012: history marks on messages and threads, the import checkpoint, and `deliver` as a ledger source.
    static func createHistorySchema(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE message ADD COLUMN history INTEGER NOT NULL DEFAULT 0 CHECK (history IN (0, 1, 2));
                -- 1 while every message of the thread is history: nothing automatic follows from it.
                ALTER TABLE thread ADD COLUMN history INTEGER NOT NULL DEFAULT 0 CHECK (history IN (0, 1));
                CREATE TABLE import_run (
                    mailbox TEXT PRIMARY KEY NOT NULL,
                    since TEXT,
                    settled INTEGER NOT NULL CHECK (settled IN (0, 1)),
                    started_at TEXT NOT NULL,
                    finished_at TEXT
                ) STRICT;
                """)
        try widenCheck(
            db, table: "ingest_ledger", from: "source IN ('maildir', 'imap', 'file')",
            to: "source IN ('maildir', 'imap', 'file', 'deliver')")
    }

    /// The mailbox's import, finished or not; nil when it never had one.
    public func importRun(mailbox: String) throws -> ImportRun? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM import_run WHERE mailbox = ?", arguments: [mailbox]).map {
                ImportRun(
                    mailbox: $0["mailbox"], since: ($0["since"] as String?).flatMap(Timestamp.date),
                    settled: $0["settled"] as Bool, startedAt: $0["started_at"], finishedAt: $0["finished_at"])
            }
        }
    }

    /// Records the start of an import (replacing a finished one of the same mailbox); an unfinished one is
    /// returned as it is, to be resumed with its own options.
    public func beginImport(_ run: ImportRun, at now: Date) throws -> ImportRun {
        let at = Timestamp.string(now)
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO import_run (mailbox, since, settled, started_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (mailbox) DO UPDATE SET since = excluded.since, settled = excluded.settled,
                        started_at = excluded.started_at, finished_at = NULL
                    WHERE finished_at IS NOT NULL
                    """, arguments: [run.mailbox, run.since.map(Timestamp.string), run.settled, at])
        }
        guard let recorded = try importRun(mailbox: run.mailbox) else {
            throw StoreError.corrupt("import of \(run.mailbox) not recorded")
        }
        return recorded
    }

    public func finishImport(mailbox: String, at now: Date) throws {
        try write { db in
            try db.execute(
                sql: "UPDATE import_run SET finished_at = ? WHERE mailbox = ? AND finished_at IS NULL",
                arguments: [Timestamp.string(now), mailbox])
        }
    }
}
