import Foundation
import GRDB
@testable import Store
import Testing

@Suite("migration 009-followup")
struct FollowUpMigrationTests {
    /// A store from before follow-up: settled threads never get a survey, the status log starts from each thread's
    /// status, open and pending threads get their timers computed, and the outbox keeps its rows.
    @Test func anExistingStoreUpgrades() throws {
        let queue = try DatabaseQueue()
        try Store.migrator.migrate(queue, upTo: "007-robots")
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO customer (address, first_contact, last_contact) VALUES ('ann@example.com', 'x', 'x');
                    INSERT INTO thread (id, kind, status, subject, subject_key, mailbox, customer_id, created_at, updated_at, last_message_at)
                    VALUES (1, 'need', 'open', 's', 's', 'support', 1, '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z', 'x'),
                           (2, 'need', 'pending', 's', 's', 'support', 1, '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z', 'x'),
                           (3, 'need', 'resolved', 's', 's', 'support', 1, '2026-11-01T00:00:00Z', '2026-11-03T00:00:00Z', 'x');
                    INSERT INTO outbox (thread_id, purpose, message_id, envelope_from, recipients_json, to_address, subject, bytes,
                        state, next_attempt_at, created_at) VALUES (3, 'acknowledgement', 'm1@x', 'a@x', '["ann@example.com"]',
                        'ann@example.com', 'Re', X'41', 'sent', 't', 't');
                    """)
        }
        try Store.migrator.migrate(queue)
        try queue.write { db in
            #expect(
                try Row.fetchAll(db, sql: "SELECT thread_id, state, reason FROM csat").map {
                    "\($0[0] as Int64) \($0[1] as String) \($0[2] as String)"
                }
                    == ["3 skipped resolved before satisfaction surveys"])
            #expect(
                try String.fetchAll(
                    db, sql: "SELECT thread_id || ' ' || new_status || ' ' || at FROM thread_status_change ORDER BY id")
                    == ["2 pending 2026-11-02T00:00:00Z", "3 resolved 2026-11-03T00:00:00Z"])
            #expect(try Int64.fetchAll(db, sql: "SELECT thread_id FROM followup_dirty ORDER BY thread_id") == [1, 2])
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox WHERE purpose = 'acknowledgement'") == 1)
            for purpose in ["followup", "survey"] {
                try db.execute(
                    sql: """
                        INSERT INTO outbox (purpose, message_id, envelope_from, recipients_json, to_address, subject, state,
                            next_attempt_at, created_at) VALUES (?, ?, 'a@x', '[]', 'x', 'x', 'queued', 't', 't')
                        """, arguments: [purpose, "m-\(purpose)@x"])
            }
            let indexes = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox'")
            #expect(Set(indexes).isSuperset(of: ["outbox_due", "outbox_to", "outbox_thread", "outbox_purpose_created"]))
            // The triggers log a status change with the time of the same statement, and mark the thread for its timers.
            try db.execute(sql: "DELETE FROM followup_dirty")
            try db.execute(
                sql: "UPDATE thread SET status = 'resolved', updated_at = '2026-12-01T10:00:00Z' WHERE id = 1")
            #expect(
                try String.fetchOne(db, sql: "SELECT at FROM thread_status_change WHERE thread_id = 1")
                    == "2026-12-01T10:00:00Z")
            #expect(try Int64.fetchAll(db, sql: "SELECT thread_id FROM followup_dirty") == [1])
            try db.execute(sql: "UPDATE thread SET subject = 'x' WHERE id = 1")
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM thread_status_change WHERE thread_id = 1") == 1)
            #expect(try db.foreignKeyViolations().next() == nil)
        }
    }
}
