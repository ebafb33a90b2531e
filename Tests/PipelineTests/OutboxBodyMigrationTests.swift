import Foundation
import GRDB
@testable import Store
import Testing

@Suite("migration 015-outbox-body")
struct OutboxBodyMigrationTests {
    /// A store from before: every queued or sent message keeps its exact bytes, now in `outbox_body`, and a queued
    /// one is still leased and sent with them.
    @Test func anExistingOutboxKeepsItsBytes() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-body-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("store.sqlite").path
        let big = [UInt8](repeating: 0x61, count: 20_000) + [0x00, 0xFF, 0x0D, 0x0A]
        do {
            let queue = try DatabaseQueue(path: path)
            try Store.migrator.migrate(queue, upTo: "014-decision-headers")
            try queue.write { db in
                for (id, state, bytes) in [(1, "sent", [UInt8]("Subject: a\r\n\r\nA\r\n".utf8)), (2, "queued", big)] {
                    try db.execute(
                        sql: """
                            INSERT INTO outbox (id, purpose, message_id, envelope_from, recipients_json, to_address, subject,
                                bytes, state, next_attempt_at, created_at)
                            VALUES (?, 'acknowledgement', ?, 'a@x', '["ann@example.com"]', 'ann@example.com', 'Re', ?, ?,
                                '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')
                            """, arguments: [id, "m\(id)@x", Data(bytes), state])
                }
            }
        }
        let store = try Store(path: path)
        #expect(try store.outboxMessage(1)?.bytes == [UInt8]("Subject: a\r\n\r\nA\r\n".utf8))
        #expect(try store.outboxMessage(2)?.bytes == big)
        let lease = SendLease(owner: "test", host: "h", pid: 1, duration: 60)
        let taken = try store.leaseDueOutbox(
            now: Date(), lease: lease, limit: 10, maxBytes: 1 << 20, isAlive: { _ in false })
        #expect(taken.map(\.id) == [2])
        #expect(taken.first?.bytes == big)
        let columns = try store.read { db in try db.columns(in: "outbox").map(\.name) }
        #expect(columns.contains("state") && !columns.contains("bytes"))
        #expect(try store.read { db in try db.foreignKeyViolations().next() } == nil)
    }
}
