import Foundation
import GRDB

extension Store {
    /// Migration 001: the tables every later migration builds on, and the store's token secret.
    static func createInitialSchema(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE meta (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                ) STRICT;

                -- The exact bytes of every message ever fetched, stored once per content.
                CREATE TABLE raw_message (
                    sha256 TEXT PRIMARY KEY NOT NULL CHECK (length(sha256) = 64),
                    size INTEGER NOT NULL CHECK (size >= 0),
                    bytes BLOB NOT NULL,
                    stored_at TEXT NOT NULL
                ) STRICT;

                -- Every sighting of a message in a source: the sync state. A (mailbox, uidvalidity, item) is
                -- imported once; the same bytes seen twice give two rows and one message.
                CREATE TABLE ingest_ledger (
                    id INTEGER PRIMARY KEY,
                    source TEXT NOT NULL CHECK (source IN ('maildir', 'imap', 'file')),
                    mailbox TEXT NOT NULL,
                    uidvalidity INTEGER NOT NULL DEFAULT 0,
                    item TEXT NOT NULL,
                    sha256 TEXT NOT NULL REFERENCES raw_message(sha256),
                    first_seen TEXT NOT NULL,
                    UNIQUE (mailbox, uidvalidity, item)
                ) STRICT;
                CREATE INDEX ingest_ledger_sha256 ON ingest_ledger(sha256);

                CREATE TABLE customer (
                    id INTEGER PRIMARY KEY,
                    address TEXT NOT NULL UNIQUE,
                    name TEXT,
                    first_contact TEXT NOT NULL,
                    last_contact TEXT NOT NULL
                ) STRICT;

                CREATE TABLE thread (
                    id INTEGER PRIMARY KEY,
                    token TEXT UNIQUE,
                    kind TEXT NOT NULL CHECK (kind IN ('need', 'feedback')),
                    category TEXT,
                    priority TEXT,
                    language TEXT,
                    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'pending', 'resolved', 'closed')),
                    subject TEXT NOT NULL,
                    subject_key TEXT NOT NULL,
                    mailbox TEXT NOT NULL,
                    customer_id INTEGER REFERENCES customer(id),
                    assignee TEXT,
                    created_at TEXT NOT NULL,
                    updated_at TEXT NOT NULL,
                    last_message_at TEXT NOT NULL
                ) STRICT;
                CREATE INDEX thread_status ON thread(status, updated_at);
                CREATE INDEX thread_subject ON thread(subject_key, customer_id, status);

                -- One row per distinct content; `state` moves forward one stage at a time.
                CREATE TABLE message (
                    id INTEGER PRIMARY KEY,
                    sha256 TEXT NOT NULL UNIQUE REFERENCES raw_message(sha256),
                    mailbox TEXT NOT NULL,
                    direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
                    state TEXT NOT NULL CHECK (state IN ('stored', 'parsed', 'threaded', 'done', 'quarantined')),
                    message_id TEXT,
                    subject TEXT,
                    from_address TEXT,
                    from_name TEXT,
                    to_json TEXT NOT NULL DEFAULT '[]',
                    cc_json TEXT NOT NULL DEFAULT '[]',
                    delivered_to TEXT,
                    date TEXT,
                    in_reply_to TEXT,
                    references_json TEXT NOT NULL DEFAULT '[]',
                    text TEXT,
                    html TEXT,
                    auto_submitted TEXT,
                    delivery_status_json TEXT,
                    problems_json TEXT NOT NULL DEFAULT '[]',
                    thread_id INTEGER REFERENCES thread(id),
                    received_at TEXT NOT NULL
                ) STRICT;
                CREATE INDEX message_state ON message(state, id);
                CREATE INDEX message_message_id ON message(message_id);
                CREATE INDEX message_thread ON message(thread_id, id);

                -- Attachments are content-addressed: stored once, referenced from every message that carries them.
                CREATE TABLE attachment_blob (
                    sha256 TEXT PRIMARY KEY NOT NULL CHECK (length(sha256) = 64),
                    size INTEGER NOT NULL,
                    bytes BLOB NOT NULL
                ) STRICT;
                CREATE TABLE message_attachment (
                    message_id INTEGER NOT NULL REFERENCES message(id),
                    position INTEGER NOT NULL,
                    sha256 TEXT NOT NULL REFERENCES attachment_blob(sha256),
                    filename TEXT NOT NULL,
                    content_type TEXT NOT NULL,
                    disposition TEXT NOT NULL CHECK (disposition IN ('attachment', 'inline')),
                    content_id TEXT,
                    PRIMARY KEY (message_id, position)
                ) STRICT;

                CREATE TABLE quarantine (
                    id INTEGER PRIMARY KEY,
                    message_id INTEGER NOT NULL UNIQUE REFERENCES message(id),
                    stage TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    at TEXT NOT NULL
                ) STRICT;

                -- The audit log: who or what changed what, and why. Append-only, enforced below.
                CREATE TABLE event (
                    id INTEGER PRIMARY KEY,
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    entity TEXT NOT NULL CHECK (entity IN ('message', 'thread', 'customer', 'quarantine')),
                    entity_id INTEGER NOT NULL,
                    action TEXT NOT NULL,
                    detail TEXT
                ) STRICT;
                CREATE INDEX event_entity ON event(entity, entity_id);
                CREATE TRIGGER event_no_update BEFORE UPDATE ON event BEGIN SELECT RAISE(ABORT, 'event log is append-only'); END;
                CREATE TRIGGER event_no_delete BEFORE DELETE ON event BEGIN SELECT RAISE(ABORT, 'event log is append-only'); END;
                """)
        var secret = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for i in secret.indices { secret[i] = UInt8.random(in: 0...255, using: &generator) }
        let hex = secret.map { String($0, radix: 16).leftPadded(to: 2) }.joined()
        try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('token_secret', ?)", arguments: [hex])
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
