import Foundation
import GRDB

extension Store {
    /// Fills an empty store with `count` synthetic threads (a quarter of them open), one customer each, for
    /// the scale benchmark (`maildesk bench threads`). Refuses a store that already holds threads.
    public func seedSyntheticThreads(_ count: Int, at now: Date) throws {
        try write { db in
            guard try Int.fetchOne(db, sql: "SELECT count(*) FROM thread") == 0 else {
                throw StoreError.invalidState("the benchmark seeds only an empty store")
            }
            let statuses = ThreadStatus.names
            let customer = try db.makeStatement(
                sql: """
                    INSERT INTO customer (id, address, name, first_contact, last_contact) VALUES (?, ?, ?, ?, ?)
                    """)
            let thread = try db.makeStatement(
                sql: """
                    INSERT INTO thread (id, token, kind, status, subject, subject_key, mailbox, customer_id,
                        created_at, updated_at, last_message_at) VALUES (?, ?, ?, ?, ?, ?, 'bench', ?, ?, ?, ?)
                    """)
            for i in 1...count {
                let at = Timestamp.string(now.addingTimeInterval(TimeInterval(i - count)))
                try customer.execute(arguments: [i, "customer\(i)@example.com", "Customer \(i)", at, at])
                let subject = "Order \(100_000 + i) question"
                try thread.execute(arguments: [
                    i, "\(i)-bench", i % 5 == 0 ? "feedback" : "need", statuses[i % 4],
                    subject, subject.lowercased(), i, at, at, at
                ])
            }
        }
    }
}
