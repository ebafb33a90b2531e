import Foundation
import GRDB
import Testing

@testable import Store

@Suite("migration 013-recipients")
struct RecipientsMigrationTests {
    /// Messages parsed but not yet threaded when the store upgrades get their recipients from the columns they
    /// have (To, Cc, then Delivered-To); threaded ones need none. The thread stage reads them as they are.
    @Test func parsedMessagesGetTheirRecipients() throws {
        let queue = try DatabaseQueue()
        try Store.migrator.migrate(queue, upTo: "012-history-and-deliver")
        try queue.write { db in
            for (id, state) in [(1, "parsed"), (2, "threaded"), (3, "parsed")] {
                let sha = String(repeating: "\(id)", count: 64)
                try db.execute(
                    sql: "INSERT INTO raw_message (sha256, size, bytes, stored_at) VALUES (?, 1, X'41', 't')",
                    arguments: [sha])
                try db.execute(
                    sql: """
                        INSERT INTO message (id, sha256, mailbox, direction, state, to_json, cc_json, delivered_to,
                            received_at) VALUES (?, ?, 'support', 'in', ?, ?, ?, ?, '2026-11-01T00:00:00Z')
                        """,
                    arguments: [
                        id, sha, state,
                        id == 3
                            ? "not json"
                            : #"[{"name":"Desk","address":"support+t1-abc@desk.example"},{"address":null}]"#,
                        id == 3 ? "[]" : #"[{"name":null,"address":"ann@example.com"}]"#,
                        id == 3 ? nil : "support@desk.example, desk@mx.example"
                    ])
            }
        }
        try Store.migrator.migrate(queue)
        try queue.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT id, recipients FROM message ORDER BY id")
            #expect(
                rows[0]["recipients"] as String?
                    == "support+t1-abc@desk.example\nann@example.com\nsupport@desk.example\ndesk@mx.example")
            #expect(rows[1]["recipients"] as String? == nil)
            #expect(rows[2]["recipients"] as String? == nil)  // nothing to take from: no recipients
        }
    }
}
