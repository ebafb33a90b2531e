import GRDB

extension Store {
    enum Entity: String { case message, thread, customer, quarantine }

    /// Appends to the audit log; called inside the transaction that made the change.
    static func log(
        _ db: Database, at: String, actor: String, _ entity: Entity, _ id: Int64, _ action: String,
        _ detail: String? = nil
    ) throws {
        try db.cachedStatement(
            sql: """
                INSERT INTO event (at, actor, entity, entity_id, action, detail) VALUES (?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [at, actor, entity.rawValue, id, action, detail])
    }

    /// The audit log of one entity, oldest first.
    public func events(entity: String, id: Int64) throws -> [EventRecord] {
        try read { db in
            try EventRecord.fetchAll(
                db, sql: "SELECT * FROM event WHERE entity = ? AND entity_id = ? ORDER BY id",
                arguments: [entity, id])
        }
    }
}
