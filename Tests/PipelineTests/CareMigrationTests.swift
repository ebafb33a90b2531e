import Foundation
import GRDB
@testable import Store
import Testing

@Suite("migration 006-care")
struct CareMigrationTests {
    /// A store from before care mail keeps its outbox rows (the table is rebuilt for the new purpose) and customers.
    @Test func anExistingStoreUpgradesWithItsOutboxAndCustomers() throws {
        let queue = try DatabaseQueue()
        try Store.migrator.migrate(queue, upTo: "005-agent-replies")
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO customer (address, name, first_contact, last_contact) VALUES ('ann@example.com', 'Ann', 'x', 'x');
                    INSERT INTO outbox (purpose, message_id, envelope_from, recipients_json, to_address, subject, bytes, state,
                        next_attempt_at, created_at) VALUES ('acknowledgement', 'm1@x', 'a@x', '["ann@example.com"]',
                        'ann@example.com', 'Re', X'41', 'sent', 't', 't');
                    """)
        }
        try Store.migrator.migrate(queue)
        try queue.write { db in
            #expect(
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM outbox WHERE purpose = 'acknowledgement' AND state = 'sent'") == 1)
            #expect(try String.fetchOne(db, sql: "SELECT attributes_json FROM customer") == "{}")
            try db.execute(
                sql: """
                    INSERT INTO outbox (purpose, message_id, envelope_from, recipients_json, to_address, subject, state,
                        next_attempt_at, created_at) VALUES ('care', 'm2@x', 'a@x', '[]', 'ann@example.com', 'Hi', 'queued', 't', 't')
                    """)
            #expect(throws: DatabaseError.self) {
                try db.execute(
                    sql: """
                        INSERT INTO outbox (purpose, message_id, envelope_from, recipients_json, to_address, subject, state,
                            next_attempt_at, created_at) VALUES ('spam', 'm3@x', 'a@x', '[]', 'x', 'x', 'queued', 't', 't')
                        """)
            }
            let indexes = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox'")
            #expect(Set(indexes).isSuperset(of: ["outbox_due", "outbox_to", "outbox_thread"]))
            #expect(try db.foreignKeyViolations().next() == nil)
        }
    }
}
