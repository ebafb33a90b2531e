import FastJSON
import Foundation
import GRDB

/// A customer's whole record as marketing sees it: `customers show`, `customers export`, and what an import writes.
public struct CustomerProfile: Codable, Sendable, Equatable {
    public var address: String
    public var name: String?
    /// BirthdayRule text (`1990-05-17`, `05-17`, `lunar:08-15`).
    public var birthday: String?
    public var timezone: String?
    public var language: String?
    public var tags: [String]
    /// nil: the import does not say; an import never clears an opt-out.
    public var optOut: Bool?
    public var attributes: [String: String]
    public var undeliverable: Bool
    public var optOutAt: String?
    /// When the customer asked for no satisfaction surveys, or nil.
    public var surveyOptOutAt: String? = nil
    public var firstContact: String?
    public var lastContact: String?
    public var threads: Int

    public init(
        address: String, name: String? = nil, birthday: String? = nil, timezone: String? = nil,
        language: String? = nil, tags: [String] = [], optOut: Bool? = nil, attributes: [String: String] = [:],
        undeliverable: Bool = false, optOutAt: String? = nil, surveyOptOutAt: String? = nil,
        firstContact: String? = nil, lastContact: String? = nil, threads: Int = 0
    ) {
        self.surveyOptOutAt = surveyOptOutAt
        self.address = address
        self.name = name
        self.birthday = birthday
        self.timezone = timezone
        self.language = language
        self.tags = tags
        self.optOut = optOut
        self.attributes = attributes
        self.undeliverable = undeliverable
        self.optOutAt = optOutAt
        self.firstContact = firstContact
        self.lastContact = lastContact
        self.threads = threads
    }
}

/// What an import did (or, in a dry run, would do).
public struct ImportCounts: Codable, Sendable, Equatable {
    public var created = 0
    public var updated = 0
    public var unchanged = 0
    public init() {}
}

/// One field `customers set` changes; nil values clear it.
public enum CustomerChange: Sendable, Equatable {
    case name(String?), birthday(String?), timezone(String?), language(String?), tags([String])
    case optOut(Bool), undeliverable(Bool), attribute(String, String?)
    /// No satisfaction surveys (true), or surveys again (false).
    case surveyOptOut(Bool)
}

extension Store {
    /// Merges imported customers into the store in ONE transaction (prepared statements, so 100,000 rows take
    /// seconds): a new address is created, a known one (case-insensitive) gets the fields the file gives, tags and
    /// attributes added; an empty field changes nothing, so importing the same file again changes nothing. With
    /// `dryRun` the transaction is rolled back and only the counts are returned. `progress` hears the rows done,
    /// every 1,000 and at the end.
    public func importCustomers(
        _ profiles: [CustomerProfile], dryRun: Bool, actor: String, source: String,
        at now: Date, progress: ((Int) -> Void)? = nil
    ) throws -> ImportCounts {
        let at = Timestamp.string(now)
        var counts = ImportCounts()
        try writer.writeWithoutTransaction { db in
            try db.inTransaction {
                let find = try db.cachedStatement(
                    sql: """
                        SELECT id, name, birthday, timezone, language, tags_json, attributes_json, care_opt_out_at
                        FROM customer WHERE address = ?
                        """)
                let insert = try db.cachedStatement(
                    sql: """
                        INSERT INTO customer (address, name, birthday, timezone, language, tags_json, attributes_json,
                            care_opt_out_at, first_contact, last_contact) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """)
                let update = try db.cachedStatement(
                    sql: """
                        UPDATE customer SET name = ?, birthday = ?, timezone = ?, language = ?, tags_json = ?,
                            attributes_json = ?, care_opt_out_at = ? WHERE id = ?
                        """)
                for (done, p) in profiles.enumerated() {
                    if done % 1_000 == 0 { progress?(done) }
                    let key = p.address.lowercased()
                    guard let row = try Row.fetchOne(find, arguments: [key]) else {
                        try insert.execute(arguments: [
                            key, p.name, p.birthday, p.timezone, p.language, Self.jsonArray(p.tags),
                            Self.jsonObject(p.attributes), p.optOut == true ? at : nil, at, at
                        ])
                        counts.created += 1
                        try Self.log(db, at: at, actor: actor, .customer, db.lastInsertedRowID, "imported", source)
                        continue
                    }
                    let id: Int64 = row["id"]
                    let oldTags = Self.jsonStrings(row["tags_json"])
                    let tags = oldTags + p.tags.filter { !oldTags.contains($0) }
                    let oldAttributes = Self.jsonDictionary(row["attributes_json"])
                    let attributes = oldAttributes.merging(p.attributes) { _, new in new }
                    let oldOptOut: String? = row["care_opt_out_at"]
                    let optOut = oldOptOut ?? (p.optOut == true ? at : nil)
                    let old: [String?] = [row["name"], row["birthday"], row["timezone"], row["language"]]
                    let new: [String?] = [
                        p.name ?? old[0], p.birthday ?? old[1], p.timezone ?? old[2], p.language ?? old[3]
                    ]
                    if new == old && tags == oldTags && attributes == oldAttributes && optOut == oldOptOut {
                        counts.unchanged += 1
                        continue
                    }
                    try update.execute(arguments: [
                        new[0], new[1], new[2], new[3], Self.jsonArray(tags), Self.jsonObject(attributes),
                        optOut, id
                    ])
                    counts.updated += 1
                    try Self.log(db, at: at, actor: actor, .customer, id, "imported", source)
                }
                return dryRun ? .rollback : .commit
            }
        }
        return counts
    }

    /// The customer at `address` (case-insensitive), or nil.
    public func customerProfile(_ address: String) throws -> CustomerProfile? {
        try read { db in
            try CustomerProfile.fetchOne(
                db, sql: "\(Self.profileSelect) WHERE c.address = ? AND c.forgotten_at IS NULL",
                arguments: [address.lowercased()]
            )
        }
    }

    /// Every customer not forgotten, by address.
    public func customerProfiles() throws -> [CustomerProfile] {
        try read { db in
            try CustomerProfile.fetchAll(
                db, sql: "\(Self.profileSelect) WHERE c.forgotten_at IS NULL ORDER BY c.address")
        }
    }

    /// Applies `changes` to the customer at `address` (created if new); returns the record after.
    public func updateCustomer(
        _ address: String, _ changes: [CustomerChange], actor: String,
        at now: Date
    ) throws -> CustomerProfile {
        let at = Timestamp.string(now)
        let key = address.lowercased()
        return try write { db in
            var id = try Int64.fetchOne(
                db, sql: "SELECT id FROM customer WHERE address = ? AND forgotten_at IS NULL",
                arguments: [key])
            if id == nil {
                try db.execute(
                    sql: "INSERT INTO customer (address, first_contact, last_contact) VALUES (?, ?, ?)",
                    arguments: [key, at, at])
                id = db.lastInsertedRowID
                try Self.log(db, at: at, actor: actor, .customer, id!, "created", key)
            }
            for change in changes {
                let (sql, arguments, detail): (String, StatementArguments, String)
                switch change {
                case .name(let v): (sql, arguments, detail) = ("name = ?", [v], "name")
                case .birthday(let v): (sql, arguments, detail) = ("birthday = ?", [v], "birthday \(v ?? "cleared")")
                case .timezone(let v): (sql, arguments, detail) = ("timezone = ?", [v], "timezone \(v ?? "cleared")")
                case .language(let v): (sql, arguments, detail) = ("language = ?", [v], "language \(v ?? "cleared")")
                case .tags(let v):
                    (sql, arguments, detail) = (
                        "tags_json = ?", [Self.jsonArray(v)], "tags \(v.joined(separator: ", "))"
                    )
                case .optOut(let v):
                    (sql, arguments, detail) = (
                        v
                            ? "care_opt_out_at = coalesce(care_opt_out_at, ?)"
                            : "care_opt_out_at = NULL, care_opt_out_confirmed = 0",
                        v ? [at] : [], v ? "opted out of care mail" : "opted in to care mail again"
                    )
                case .undeliverable(let v):
                    (sql, arguments, detail) = ("undeliverable = ?", [v ? 1 : 0], "undeliverable \(v)")
                case .surveyOptOut(let v):
                    (sql, arguments, detail) = (
                        v ? "survey_opt_out_at = coalesce(survey_opt_out_at, ?)" : "survey_opt_out_at = NULL",
                        v ? [at] : [], v ? "opted out of satisfaction surveys" : "opted in to satisfaction surveys"
                    )
                case .attribute(let name, let v):
                    var attributes = Self.jsonDictionary(
                        try String.fetchOne(
                            db, sql: "SELECT attributes_json FROM customer WHERE id = ?", arguments: [id!]))
                    attributes[name] = v
                    (sql, arguments, detail) = (
                        "attributes_json = ?", [Self.jsonObject(attributes)], "attribute \(name)"
                    )
                }
                try db.execute(sql: "UPDATE customer SET \(sql) WHERE id = ?", arguments: arguments + [id!])
                try Self.log(db, at: at, actor: actor, .customer, id!, "changed", detail)
            }
            return try CustomerProfile.fetchOne(db, sql: "\(Self.profileSelect) WHERE c.id = ?", arguments: [id!])!
        }
    }

    /// Erases the personal data of the customer at `address`: the record keeps only an anonymous address, and their
    /// messages, raw mail and outbox copies lose sender, recipients and text; so do the agents' mail about their
    /// threads, the answers relayed to them and the notifications about them (which quote them), keeping the
    /// agent as author; what is still queued about them is not sent. Threads, states and the audit log stay (who
    /// did what, never what was written). Returns the number of messages anonymised, nil if unknown.
    public func forgetCustomer(_ address: String, actor: String, at now: Date) throws -> Int? {
        let at = Timestamp.string(now)
        let key = address.lowercased()
        return try write { db in
            guard
                let id = try Int64.fetchOne(
                    db, sql: "SELECT id FROM customer WHERE address = ? AND forgotten_at IS NULL",
                    arguments: [key])
            else { return nil }
            let anonymous = "forgotten-\(id)@customer.invalid"
            try db.execute(
                sql: """
                    UPDATE customer SET address = ?, name = NULL, birthday = NULL, timezone = NULL, language = NULL,
                        tags_json = '[]', attributes_json = '{}', forgotten_at = ? WHERE id = ?
                    """, arguments: [anonymous, at, id])
            let messages = try Int64.fetchAll(
                db,
                sql: """
                    SELECT id FROM message WHERE lower(from_address) = ?
                        OR (thread_id IN (SELECT id FROM thread WHERE customer_id = ?) AND direction = 'in' AND author = 'customer')
                    """, arguments: [key, id])
            for message in messages { try Self.erase(db, message: message, sender: anonymous) }
            // The rest of their threads' messages (agents' mail, relayed answers) quote or address them: text,
            // recipients and raw mail go, the agent stays as the author.
            let others = try Int64.fetchAll(
                db,
                sql: """
                    SELECT id FROM message WHERE thread_id IN (SELECT id FROM thread WHERE customer_id = ?)
                        AND from_address IS NOT ?
                    """, arguments: [id, anonymous])
            for message in others {
                try Self.erase(db, message: message, sender: nil)
                try db.execute(
                    sql: "UPDATE message_attachment SET filename = 'erased' WHERE message_id = ?", arguments: [message])
            }
            // Mail about their threads to anyone (notifications quote them): bodies erased, and what is still
            // queued is not sent.
            try db.execute(
                sql: """
                    UPDATE outbox SET state = 'failed', last_error = 'not sent: the customer''s data was erased'
                    WHERE state = 'queued' AND (to_address = ? OR thread_id IN (SELECT id FROM thread WHERE customer_id = ?))
                    """, arguments: [key, id])
            try db.execute(
                sql: """
                    UPDATE outbox_body SET bytes = X'' WHERE outbox_id IN (
                        SELECT id FROM outbox WHERE thread_id IN (SELECT id FROM thread WHERE customer_id = ?))
                    """, arguments: [id])
            try db.execute(
                sql: """
                    UPDATE outbox SET subject = '[erased]' WHERE thread_id IN (SELECT id FROM thread WHERE customer_id = ?)
                    """, arguments: [id])
            // Their attachments: names erased, and the bytes unless another message shares them.
            try db.execute(
                sql: """
                    UPDATE attachment_blob SET bytes = X'', size = 0 WHERE sha256 IN (
                        SELECT sha256 FROM message_attachment WHERE message_id IN (SELECT id FROM message WHERE from_address = ?))
                    AND NOT EXISTS (SELECT 1 FROM message_attachment a JOIN message m ON m.id = a.message_id
                                    WHERE a.sha256 = attachment_blob.sha256 AND m.from_address IS NOT ?)
                    """, arguments: [anonymous, anonymous])
            try db.execute(
                sql: """
                    UPDATE message_attachment SET filename = 'erased' WHERE message_id IN (SELECT id FROM message WHERE from_address = ?)
                    """, arguments: [anonymous])
            try db.execute(
                sql: """
                    UPDATE outbox_body SET bytes = X'' WHERE outbox_id IN (SELECT id FROM outbox WHERE to_address = ?)
                    """, arguments: [key])
            try db.execute(
                sql: """
                    UPDATE outbox SET to_address = ?, recipients_json = ?, subject = '[erased]' WHERE to_address = ?
                    """, arguments: [anonymous, Self.jsonArray([anonymous]), key])
            try db.execute(sql: "UPDATE thread SET subject = '[erased]' WHERE customer_id = ?", arguments: [id])
            try Self.log(db, at: at, actor: actor, .customer, id, "forgotten", "personal data erased")
            return messages.count + others.count
        }
    }

    /// A message's raw mail, subject, text and recipients erased; its sender replaced by `sender`, or kept (an
    /// agent stays the author of what they wrote) when nil.
    private static func erase(_ db: Database, message: Int64, sender: String?) throws {
        try db.execute(
            sql: """
                UPDATE raw_message SET bytes = X'', size = 0 WHERE sha256 = (SELECT sha256 FROM message WHERE id = ?)
                """, arguments: [message])
        try db.execute(
            sql: """
                UPDATE message SET from_address = coalesce(?, from_address), from_name = CASE WHEN ? IS NULL
                    THEN from_name END, subject = '[erased]', text = '[erased]', html = NULL, to_json = '[]',
                    cc_json = '[]' WHERE id = ?
                """, arguments: [sender, sender, message])
    }

    static let profileSelect = """
        SELECT c.*, (SELECT count(*) FROM thread t WHERE t.customer_id = c.id) AS threads FROM customer c
        """

    /// A stored JSON object of strings; empty when absent or not one.
    static func jsonDictionary(_ json: String?) -> [String: String] {
        json.flatMap(JSONText.decodeObject)?.compactMapValues { $0 } ?? [:]
    }

    /// Strings by key as a stored JSON object, keys sorted (so the same attributes are the same text).
    static func jsonObject(_ object: [String: String]) -> String {
        JSONText.object(object.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) })
    }
}

extension CustomerProfile: FetchableRecord {
    /// A `customer` row with its thread count (`threads`).
    public init(row: Row) {
        let optOutAt: String? = row["care_opt_out_at"]
        let undeliverable: Int = row["undeliverable"]
        self.init(
            address: row["address"], name: row["name"], birthday: row["birthday"],
            timezone: row["timezone"], language: row["language"], tags: Store.jsonStrings(row["tags_json"]),
            optOut: optOutAt != nil, attributes: Store.jsonDictionary(row["attributes_json"]),
            undeliverable: undeliverable != 0, optOutAt: optOutAt, surveyOptOutAt: row["survey_opt_out_at"],
            firstContact: row["first_contact"], lastContact: row["last_contact"], threads: row["threads"])
    }
}
