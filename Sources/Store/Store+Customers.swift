import Foundation
import GRDB

/// A customer as `maildesk customers list` shows them.
public struct CustomerSummary: Codable, Sendable {
    public var id: Int64
    public var address: String
    public var name: String?
    public var tags: [String]
    public var threads: Int
    public var firstContact: String
    public var lastContact: String
    /// A delivery failure was reported for the address: no automatic mail goes there.
    public var undeliverable: Bool = false
    /// When the customer opted out of care mail.
    public var careOptOutAt: String?
}

extension Store {
    /// Adds and removes tags of the customer at `address` (created if new); returns the tags after.
    public func tagCustomer(
        _ address: String, add: [String], remove: [String], actor: String,
        at now: Date
    ) throws -> [String] {
        let at = Timestamp.string(now)
        let key = address.lowercased()
        return try write { db in
            var id = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT id FROM customer WHERE address = ?"), arguments: [key])
            if id == nil {
                try db.cachedStatement(
                    sql: "INSERT INTO customer (address, first_contact, last_contact) VALUES (?, ?, ?)"
                ).execute(arguments: [key, at, at])
                id = db.lastInsertedRowID
                try Self.log(db, at: at, actor: actor, .customer, id!, "created", key)
            }
            try Self.addTags(db, customerID: id!, add, at: at, actor: actor)
            let tags = Self.jsonStrings(
                try String.fetchOne(
                    db.cachedStatement(sql: "SELECT tags_json FROM customer WHERE id = ?"), arguments: [id!]))
            let kept = tags.filter { !remove.map { $0.lowercased() }.contains($0) }
            if kept != tags {
                try db.cachedStatement(sql: "UPDATE customer SET tags_json = ? WHERE id = ?").execute(arguments: [
                    Self.jsonArray(kept), id!
                ])
                try Self.log(
                    db, at: at, actor: actor, .customer, id!, "untagged",
                    tags.filter { !kept.contains($0) }.joined(separator: ", "))
            }
            return kept
        }
    }

    /// Every customer with their tags and thread count, optionally only those with `tag`.
    public func customers(tag: String?, limit: Int, suppressed: Bool = false) throws -> [CustomerSummary] {
        try read { db in
            var sql = """
                SELECT c.*, (SELECT count(*) FROM thread t WHERE t.customer_id = c.id) AS threads
                FROM customer c
                """
            var arguments: StatementArguments = []
            var conditions: [String] = []
            if let tag {
                conditions.append("EXISTS (SELECT 1 FROM json_each(c.tags_json) WHERE value = ?)")
                arguments += [tag.lowercased()]
            }
            // Suppressed: no care mail goes there (undeliverable, or opted out).
            if suppressed { conditions.append("(c.undeliverable = 1 OR c.care_opt_out_at IS NOT NULL)") }
            if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
            sql += " ORDER BY c.last_contact DESC, c.id DESC"
            if limit > 0 {
                sql += " LIMIT ?"
                arguments += [limit]
            }
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                CustomerSummary(
                    id: row["id"], address: row["address"], name: row["name"],
                    tags: Self.jsonStrings(row["tags_json"]), threads: row["threads"],
                    firstContact: row["first_contact"], lastContact: row["last_contact"],
                    undeliverable: (row["undeliverable"] as Int?) == 1, careOptOutAt: row["care_opt_out_at"])
            }
        }
    }

    static func addTags(_ db: Database, customerID: Int64, _ add: [String], at: String, actor: String) throws {
        let tags = jsonStrings(
            try String.fetchOne(
                db.cachedStatement(sql: "SELECT tags_json FROM customer WHERE id = ?"), arguments: [customerID]))
        let new = add.map { $0.lowercased() }.filter { !tags.contains($0) }
        guard !new.isEmpty else { return }
        var seen = Set<String>()
        let merged = (tags + new).filter { seen.insert($0).inserted }
        try db.cachedStatement(sql: "UPDATE customer SET tags_json = ? WHERE id = ?").execute(arguments: [
            jsonArray(merged), customerID
        ])
        try Self.log(
            db, at: at, actor: actor, .customer, customerID, "tagged",
            merged.filter { new.contains($0) }.joined(separator: ", "))
    }
}
