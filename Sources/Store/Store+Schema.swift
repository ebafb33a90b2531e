import Foundation
import GRDB

extension Store {
    /// Migrations are numbered and never edited once landed: add a new one instead.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("001-initial", migrate: createInitialSchema)
        migrator.registerMigration("002-mailbox-state") { db in
            // Per-mailbox polling health: backoff after failures, and which error was last reported.
            try db.execute(
                sql: """
                    CREATE TABLE mailbox_state (
                        mailbox TEXT PRIMARY KEY NOT NULL,
                        last_success_at TEXT,
                        last_error TEXT,
                        last_error_at TEXT,
                        failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),
                        next_attempt_at TEXT,
                        reported_error TEXT
                    ) STRICT
                    """)
        }
        migrator.registerMigration("003-routing") { db in
            // What decided each thread, who owns it, and the customer tags rules and priorities read.
            try db.execute(
                sql: """
                    ALTER TABLE thread ADD COLUMN feedback_type TEXT
                        CHECK (feedback_type IS NULL OR feedback_type IN ('praise', 'complaint', 'suggestion'));
                    ALTER TABLE thread ADD COLUMN sentiment TEXT;
                    ALTER TABLE thread ADD COLUMN rating INTEGER;
                    ALTER TABLE thread ADD COLUMN confidence REAL;
                    ALTER TABLE thread ADD COLUMN decided_by TEXT;
                    ALTER TABLE thread ADD COLUMN needs_review INTEGER NOT NULL DEFAULT 0;
                    -- NULL until the classify stage has decided the thread.
                    ALTER TABLE thread ADD COLUMN classified_at TEXT;
                    -- Set when an agent corrects kind, category or priority: such threads feed `classifier train`.
                    ALTER TABLE thread ADD COLUMN corrected_at TEXT;
                    -- An agent a rule named, tried first by the assign stage.
                    ALTER TABLE thread ADD COLUMN rule_agent TEXT;
                    ALTER TABLE thread ADD COLUMN rule_agent_by TEXT;
                    -- The team queue address while no agent fits.
                    ALTER TABLE thread ADD COLUMN queue TEXT;
                    ALTER TABLE thread ADD COLUMN assigned_at TEXT;
                    -- 1 when the owner must be decided again (the customer reopened a settled thread).
                    ALTER TABLE thread ADD COLUMN reassign INTEGER NOT NULL DEFAULT 0;
                    CREATE INDEX thread_assignee ON thread(assignee, status);
                    CREATE INDEX thread_unclassified ON thread(id) WHERE classified_at IS NULL;
                    CREATE INDEX thread_customer ON thread(customer_id, id);

                    ALTER TABLE customer ADD COLUMN tags_json TEXT NOT NULL DEFAULT '[]';

                    -- Round-robin among equally loaded agents: the sequence number of each agent's latest assignment.
                    CREATE TABLE agent_state (
                        address TEXT PRIMARY KEY NOT NULL,
                        last_assigned INTEGER NOT NULL DEFAULT 0
                    ) STRICT;
                    """)
        }
        migrator.registerMigration("004-outbox") { db in
            // The transactional outbox: finished bytes, written in the transaction that decided to send them.
            try db.execute(
                sql: """
                    CREATE TABLE outbox (
                        id INTEGER PRIMARY KEY,
                        thread_id INTEGER REFERENCES thread(id),
                        purpose TEXT NOT NULL CHECK (purpose IN ('acknowledgement', 'notification', 'reply')),
                        template TEXT,
                        message_id TEXT NOT NULL UNIQUE,
                        envelope_from TEXT NOT NULL,
                        recipients_json TEXT NOT NULL,
                        -- The first recipient, for the per-address cap on automated replies.
                        to_address TEXT NOT NULL,
                        subject TEXT NOT NULL,
                        bytes BLOB NOT NULL,
                        state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'failed')),
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at TEXT NOT NULL,
                        last_error TEXT,
                        results_json TEXT,
                        -- The process sending it now (a lease: a live other process leaves it alone).
                        sending_pid INTEGER,
                        sending_since TEXT,
                        created_at TEXT NOT NULL,
                        sent_at TEXT
                    ) STRICT;
                    CREATE INDEX outbox_due ON outbox(state, next_attempt_at, id);
                    CREATE INDEX outbox_to ON outbox(to_address, created_at);
                    CREATE INDEX outbox_thread ON outbox(thread_id, id);

                    -- NULL until the answer stage has decided; then 'queued' (an acknowledgement is in the outbox)
                    -- or 'skipped' (with the reason in ack_note).
                    ALTER TABLE thread ADD COLUMN ack_state TEXT CHECK (ack_state IS NULL OR ack_state IN ('queued', 'skipped'));
                    ALTER TABLE thread ADD COLUMN ack_note TEXT;
                    -- Why the first message must not be answered automatically (a robot, a list, ourselves), or NULL.
                    ALTER TABLE thread ADD COLUMN no_autoreply TEXT;
                    -- The owner (agent or queue address) last told about the thread.
                    ALTER TABLE thread ADD COLUMN notified_owner TEXT;
                    -- Threads from before outbound mail are not acknowledged or notified after the upgrade.
                    UPDATE thread SET ack_state = 'skipped', ack_note = 'existed before outbound mail',
                        notified_owner = coalesce(assignee, queue);
                    """)
        }
        migrator.registerMigration("005-agent-replies") { db in
            // Agents answer by mail: who wrote each message, internal notes, first response, thread tags.
            try db.execute(
                sql: """
                    -- 'agent' for an agent's mail (relayed, a note, or refused) and for the answer relayed from it.
                    ALTER TABLE message ADD COLUMN author TEXT NOT NULL DEFAULT 'customer'
                        CHECK (author IN ('customer', 'agent'));
                    -- The agent's address on an agent's mail.
                    ALTER TABLE message ADD COLUMN agent TEXT;
                    -- 1 for an internal note (never sent to the customer) and for agent mail that was not relayed.
                    ALTER TABLE message ADD COLUMN internal INTEGER NOT NULL DEFAULT 0 CHECK (internal IN (0, 1));
                    ALTER TABLE thread ADD COLUMN first_response_at TEXT;
                    ALTER TABLE thread ADD COLUMN last_agent_reply_at TEXT;
                    ALTER TABLE thread ADD COLUMN tags_json TEXT NOT NULL DEFAULT '[]';
                    -- Set by an agent's #spam: the customer's later threads are flagged for review, never acknowledged.
                    ALTER TABLE customer ADD COLUMN spam INTEGER NOT NULL DEFAULT 0 CHECK (spam IN (0, 1));
                    """)
        }
        migrator.registerMigration("006-care") { db in
            // Care mail: customer records marketing imports, campaigns' greetings, and care mail in the outbox.
            try db.execute(
                sql: """
                    -- BirthdayRule text (1990-05-17, 05-17, lunar:08-15), an IANA zone, a locale tag.
                    ALTER TABLE customer ADD COLUMN birthday TEXT;
                    ALTER TABLE customer ADD COLUMN timezone TEXT;
                    ALTER TABLE customer ADD COLUMN language TEXT;
                    -- Columns of an import that maildesk does not know, kept as a JSON object.
                    ALTER TABLE customer ADD COLUMN attributes_json TEXT NOT NULL DEFAULT '{}';
                    -- When the customer opted out of care mail (never of support), and whether that was confirmed.
                    ALTER TABLE customer ADD COLUMN care_opt_out_at TEXT;
                    ALTER TABLE customer ADD COLUMN care_opt_out_confirmed INTEGER NOT NULL DEFAULT 0;
                    -- Set when mail to the address bounces for good, or by hand: no care mail goes there.
                    ALTER TABLE customer ADD COLUMN undeliverable INTEGER NOT NULL DEFAULT 0 CHECK (undeliverable IN (0, 1));
                    -- Set by `customers forget`: personal data erased, the threads kept anonymised.
                    ALTER TABLE customer ADD COLUMN forgotten_at TEXT;

                    -- Care mail is a purpose of its own: SQLite cannot change a CHECK, so the outbox is rebuilt.
                    CREATE TABLE outbox_new (
                        id INTEGER PRIMARY KEY,
                        thread_id INTEGER REFERENCES thread(id),
                        purpose TEXT NOT NULL CHECK (purpose IN ('acknowledgement', 'notification', 'reply', 'care')),
                        template TEXT,
                        message_id TEXT NOT NULL UNIQUE,
                        envelope_from TEXT NOT NULL,
                        recipients_json TEXT NOT NULL,
                        to_address TEXT NOT NULL,
                        subject TEXT NOT NULL,
                        bytes BLOB NOT NULL,
                        state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'failed')),
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at TEXT NOT NULL,
                        last_error TEXT,
                        results_json TEXT,
                        sending_pid INTEGER,
                        sending_since TEXT,
                        created_at TEXT NOT NULL,
                        sent_at TEXT
                    ) STRICT;
                    INSERT INTO outbox_new SELECT * FROM outbox;
                    DROP TABLE outbox;
                    ALTER TABLE outbox_new RENAME TO outbox;
                    CREATE INDEX outbox_due ON outbox(state, next_attempt_at, id);
                    CREATE INDEX outbox_to ON outbox(to_address, created_at);
                    CREATE INDEX outbox_thread ON outbox(thread_id, id);

                    -- One row per (campaign, customer, occasion date), written with its outbox row in one transaction:
                    -- the UNIQUE key is what makes a restart, a second process or a kill -9 never greet twice.
                    CREATE TABLE greeting (
                        id INTEGER PRIMARY KEY,
                        campaign TEXT NOT NULL,
                        customer_id INTEGER NOT NULL REFERENCES customer(id),
                        occasion TEXT NOT NULL,
                        occasion_date TEXT NOT NULL,
                        -- 'queued' (outbox_id set) or 'skipped' (reason set).
                        state TEXT NOT NULL CHECK (state IN ('queued', 'skipped')),
                        reason TEXT,
                        due_at TEXT NOT NULL,
                        local_time TEXT NOT NULL,
                        timezone TEXT NOT NULL,
                        template TEXT,
                        outbox_id INTEGER REFERENCES outbox(id),
                        created_at TEXT NOT NULL,
                        UNIQUE (campaign, customer_id, occasion_date)
                    ) STRICT;
                    CREATE INDEX greeting_customer ON greeting(customer_id, state, created_at);

                    -- Operators' pause, resume and cancel, over the state the campaign file gives; and when the
                    -- scheduler first saw the campaign (occasions before that are not greeted late).
                    CREATE TABLE campaign_state (
                        name TEXT PRIMARY KEY NOT NULL,
                        state TEXT CHECK (state IS NULL OR state IN ('active', 'paused', 'cancelled')),
                        changed_at TEXT,
                        changed_by TEXT,
                        first_seen_at TEXT
                    ) STRICT;
                    """)
        }
        migrator.registerMigration("007-robots") { db in
            // Robots never become work for agents: bounces, auto-replies and bulk mail are marked at parse time,
            // bounces are recorded on the outbox row they report, and threads may be of kind bulk or system.
            try db.execute(
                sql: """
                    ALTER TABLE message ADD COLUMN robot TEXT CHECK (robot IS NULL OR robot IN ('bounce', 'auto_reply', 'bulk'));
                    ALTER TABLE message ADD COLUMN robot_json TEXT;
                    -- Whether the receiving server vouched for the From address ('pass', 'fail', 'none'), and why.
                    ALTER TABLE message ADD COLUMN sender_auth TEXT CHECK (sender_auth IS NULL OR sender_auth IN ('pass', 'fail', 'none'));
                    ALTER TABLE message ADD COLUMN sender_auth_note TEXT;
                    -- The caps on automated replies count by purpose and time.
                    CREATE INDEX outbox_purpose_created ON outbox(purpose, created_at);
                    -- The first delivery failure reported for this outbox row, and what it said (RobotMail JSON).
                    ALTER TABLE outbox ADD COLUMN bounced_at TEXT;
                    ALTER TABLE outbox ADD COLUMN bounce_json TEXT;
                    ALTER TABLE outbox ADD COLUMN bounces INTEGER NOT NULL DEFAULT 0;
                    """)
            try Self.widenCheck(
                db, table: "thread", from: "kind IN ('need', 'feedback')",
                to: "kind IN ('need', 'feedback', 'bulk', 'system')")
        }
        migrator.registerMigration("008-fetch-failures") { db in
            try db.execute(
                sql: """
                    -- A message the IMAP server would not hand over (a NO for its UID, over the size limit): one row per
                    -- (mailbox, UIDVALIDITY, UID) with its attempts, so one bad message never stops a mailbox. After
                    -- `[fetch] attempts` (or at once when retrying cannot help) it is skipped: `given_up_at` is set.
                    CREATE TABLE fetch_failure (
                        mailbox TEXT NOT NULL,
                        uidvalidity INTEGER NOT NULL,
                        uid INTEGER NOT NULL,
                        attempts INTEGER NOT NULL,
                        reason TEXT NOT NULL,
                        first_at TEXT NOT NULL,
                        last_at TEXT NOT NULL,
                        given_up_at TEXT,
                        PRIMARY KEY (mailbox, uidvalidity, uid)
                    ) STRICT;
                    -- The send lease names its holder by a random instance id (process ids are reused, and two
                    -- containers on one volume are both pid 1) and expires; the host says when the pid may be checked.
                    ALTER TABLE outbox ADD COLUMN lease_owner TEXT;
                    ALTER TABLE outbox ADD COLUMN lease_host TEXT;
                    ALTER TABLE outbox ADD COLUMN lease_until TEXT;
                    """)
        }
        migrator.registerMigration("009-followup", migrate: createFollowUpSchema)
        migrator.registerMigration("010-report-indexes") { db in
            // `maildesk report` counts and ranks by time ranges: each of its queries reads one index range
            // instead of every row (a report over a million messages answers in seconds).
            try db.execute(
                sql: """
                    -- Threads opened in a period, by kind (volumes, weeks, feedback, topics).
                    CREATE INDEX thread_created ON thread(created_at, kind);
                    -- Threads first answered in a period (first response times).
                    CREATE INDEX thread_first_response ON thread(first_response_at) WHERE first_response_at IS NOT NULL;
                    -- Customer mail and answers per week, counted from the index alone.
                    CREATE INDEX message_received ON message(received_at, direction, author, robot);
                    -- Status changes in a period (resolution times): the few `corrected` events among millions,
                    -- with what the query reads of them.
                    CREATE INDEX event_thread_corrected ON event(at, entity_id, detail)
                        WHERE entity = 'thread' AND action = 'corrected';
                    """)
        }
        migrator.registerMigration("011-daemon-state", migrate: createDaemonState)
        migrator.registerMigration("012-history-and-deliver", migrate: createHistorySchema)
        migrator.registerMigration("013-recipients") { db in
            // Every address a message was sent to (To, Cc, Delivered-To, X-Original-To), one per line, written at
            // parse time: the later stages read it as it is instead of decoding JSON and splitting a joined list.
            // Messages parsed but not yet threaded get it from the columns they have.
            try db.execute(
                sql: """
                    ALTER TABLE message ADD COLUMN recipients TEXT;
                    UPDATE message SET recipients = (
                        SELECT group_concat(address, char(10)) FROM (
                            SELECT json_extract(value, '$.address') AS address FROM json_each(
                                CASE WHEN json_valid(message.to_json) THEN message.to_json ELSE '[]' END)
                            UNION ALL
                            SELECT json_extract(value, '$.address') FROM json_each(
                                CASE WHEN json_valid(message.cc_json) THEN message.cc_json ELSE '[]' END)
                        ) WHERE address IS NOT NULL
                    ) || CASE WHEN delivered_to IS NULL THEN '' ELSE char(10) || replace(delivered_to, ', ', char(10)) END
                    WHERE state = 'parsed';
                    """)
        }
        migrator.registerMigration("014-decision-headers") { db in
            // The header fields the classify stage decides with, written at parse time so that it does not parse
            // the raw header again. Older messages have none: the stage reads their raw header as before.
            try db.execute(sql: "ALTER TABLE message ADD COLUMN decision_headers TEXT")
        }
        migrator.registerMigration("015-outbox-body") { db in
            // A message's bytes in a table of their own: the send stage changes an outbox row's state two or three
            // times per message, and SQLite rewrites a whole row (its overflow pages with it) on each change. The
            // bytes are written once and read once.
            try db.execute(
                sql: """
                    CREATE TABLE outbox_body (
                        outbox_id INTEGER PRIMARY KEY REFERENCES outbox(id),
                        bytes BLOB NOT NULL
                    ) STRICT;
                    INSERT INTO outbox_body (outbox_id, bytes) SELECT id, bytes FROM outbox;
                    ALTER TABLE outbox DROP COLUMN bytes;
                    """)
        }
        migrator.registerMigration("016-awaiting-answer") { db in
            // The threads the answer stage has work for, by id: without it each batch (and `status`) read every
            // thread from the first, answered ones included (a pass over a large store read them all again per
            // batch). The WHERE is `Store.awaitingAnswer` term for term, so that SQLite sees the query implies it
            // (QueryPlanTests checks that the stage's query uses it).
            try db.execute(
                sql: """
                    CREATE INDEX thread_awaiting_answer ON thread(id) WHERE classified_at IS NOT NULL AND (
                        ack_state IS NULL OR (
                            coalesce(assignee, queue) IS NOT NULL AND coalesce(assignee, queue) IS NOT notified_owner
                            AND status IN ('open', 'pending')))
                    """)
        }
        migrator.registerMigration("017-awaiting-owner") { db in
            // The same for the assign stage: each batch read every open and pending thread (the status index) to
            // find the few without an owner. The WHERE is `Store.awaitingOwner` term for term.
            try db.execute(
                sql: """
                    CREATE INDEX thread_awaiting_owner ON thread(id) WHERE status IN ('open', 'pending')
                        AND classified_at IS NOT NULL AND (assignee IS NULL OR reassign = 1) AND kind IN ('need', 'feedback')
                    """)
        }
        return migrator
    }

    /// SQLite cannot change a CHECK constraint: the table is rebuilt from its own schema text with the one
    /// constraint replaced (SQLite's documented 12-step procedure; foreign keys are checked after the migration).
    static func widenCheck(_ db: Database, table: String, from: String, to: String) throws {
        guard
            let sql = try String.fetchOne(
                db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                arguments: [table]), sql.contains(from)
        else {
            throw StoreError.corrupt("table \(table) has no constraint \(from) to widen")
        }
        // Indexes and triggers go with the dropped table: they are created again on the new one.
        let indexes = try String.fetchAll(
            db,
            sql: """
                SELECT sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name = ? AND sql IS NOT NULL
                """, arguments: [table])
        let created = sql.replacingOccurrences(of: from, with: to)
            .replacingOccurrences(of: "CREATE TABLE \(table) (", with: "CREATE TABLE \(table)_new (")
            .replacingOccurrences(of: "CREATE TABLE \"\(table)\" (", with: "CREATE TABLE \(table)_new (")
        try db.execute(sql: created)
        try db.execute(sql: "INSERT INTO \(table)_new SELECT * FROM \(table)")
        try db.execute(sql: "DROP TABLE \(table)")
        try db.execute(sql: "ALTER TABLE \(table)_new RENAME TO \(table)")
        for index in indexes { try db.execute(sql: index) }
    }
}
