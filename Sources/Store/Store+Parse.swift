import Foundation
import GRDB

/// The fields the parse stage extracts, as stored.
public struct ParsedFields: Sendable {
    public var messageID: String?
    public var subject: String?
    public var fromAddress: String?
    public var fromName: String?
    public var toJSON: String
    public var ccJSON: String
    public var deliveredTo: String?
    /// Every address it was sent to: To, Cc, then Delivered-To and X-Original-To.
    public var recipients: [String]
    public var date: Date?
    public var inReplyTo: String?
    public var referencesJSON: String
    public var text: String
    public var html: String?
    public var autoSubmitted: String?
    public var deliveryStatusJSON: String?
    public var problemsJSON: String
    /// What kind of machine sent it (`bounce`, `auto_reply`, `bulk`), or nil for a person's mail.
    public var robot: String?
    /// The robot's details (`RobotMail` as JSON): reason, failed recipients, the Message-IDs a bounce reports.
    public var robotJSON: String?
    /// Whether the receiving server vouched for the From address (`pass`, `fail`, `none`), and why.
    public var senderAuth: String?
    public var senderAuthNote: String?
    /// Set when `fromAddress` is not the From field's (`sender from Reply-To: no From field`); logged with the
    /// `parsed` event so the guess stays visible.
    public var senderNote: String?
    /// The header fields the classify stage decides with (priority, Date, maildesk's marker), as
    /// `[{"name": …, "value": …}]` with lowercased names; nil: not recorded (the stage reads the raw header).
    public var decisionHeadersJSON: String?

    public init(
        messageID: String?, subject: String?, fromAddress: String?, fromName: String?, toJSON: String,
        ccJSON: String, deliveredTo: String?, date: Date?, inReplyTo: String?, referencesJSON: String,
        text: String, html: String?, autoSubmitted: String?, deliveryStatusJSON: String?, problemsJSON: String,
        robot: String? = nil, robotJSON: String? = nil, senderAuth: String? = nil, senderAuthNote: String? = nil,
        senderNote: String? = nil, recipients: [String] = [], decisionHeadersJSON: String? = nil
    ) {
        self.decisionHeadersJSON = decisionHeadersJSON
        self.recipients = recipients
        self.senderNote = senderNote
        self.senderAuth = senderAuth
        self.senderAuthNote = senderAuthNote
        self.robot = robot
        self.robotJSON = robotJSON
        self.messageID = messageID
        self.subject = subject
        self.fromAddress = fromAddress
        self.fromName = fromName
        self.toJSON = toJSON
        self.ccJSON = ccJSON
        self.deliveredTo = deliveredTo
        self.date = date
        self.inReplyTo = inReplyTo
        self.referencesJSON = referencesJSON
        self.text = text
        self.html = html
        self.autoSubmitted = autoSubmitted
        self.deliveryStatusJSON = deliveryStatusJSON
        self.problemsJSON = problemsJSON
    }
}

/// A parsed message to save.
public struct ParsedMessage: Sendable {
    public var messageID: Int64
    public var fields: ParsedFields
    public var attachments: [NewAttachment]

    public init(messageID: Int64, fields: ParsedFields, attachments: [NewAttachment]) {
        self.messageID = messageID
        self.fields = fields
        self.attachments = attachments
    }
}

/// An attachment to store with a parsed message.
public struct NewAttachment: Sendable {
    public var sha256: String
    public var bytes: [UInt8]
    public var filename: String
    public var contentType: String
    public var disposition: String
    public var contentID: String?

    public init(
        sha256: String, bytes: [UInt8], filename: String, contentType: String, disposition: String, contentID: String?
    ) {
        self.sha256 = sha256
        self.bytes = bytes
        self.filename = filename
        self.contentType = contentType
        self.disposition = disposition
        self.contentID = contentID
    }
}

extension Store {
    /// Ids of messages waiting in `state`, oldest first; with `before`, only those older than that state's
    /// oldest message (the threading stage must not overtake a message another process is still parsing).
    public func messageIDs(in state: MessageState, limit: Int = 500, before: MessageState? = nil) throws -> [Int64] {
        try read { db in
            if let before {
                return try Int64.fetchAll(
                    db.cachedStatement(
                        sql: """
                            SELECT id FROM message WHERE state = ?
                            AND id < coalesce((SELECT min(id) FROM message WHERE state = ?), 9223372036854775807)
                            ORDER BY id LIMIT ?
                            """), arguments: [state.rawValue, before.rawValue, limit])
            }
            return try Int64.fetchAll(
                db.cachedStatement(sql: "SELECT id FROM message WHERE state = ? ORDER BY id LIMIT ?"),
                arguments: [state.rawValue, limit])
        }
    }

    /// The messages with these ids, in the order given (missing ones left out).
    public func messages(_ ids: [Int64]) throws -> [MessageRecord] {
        let found = try read { db in try MessageRecord.fetchAll(db, keys: ids) }
        let byID = Dictionary(uniqueKeysWithValues: found.map { ($0.id!, $0) })
        return ids.compactMap { byID[$0] }
    }

    public func message(_ id: Int64) throws -> MessageRecord? {
        try read { db in try MessageRecord.fetchOne(db, key: id) }
    }

    /// Saves what the parser read and moves the message to `parsed`; false if another process already did.
    public func recordParsed(
        messageID: Int64, _ fields: ParsedFields, attachments: [NewAttachment],
        at now: Date
    ) throws -> Bool {
        try recordParsed([ParsedMessage(messageID: messageID, fields: fields, attachments: attachments)], at: now) == 1
    }

    /// `recordParsed` for several messages in one transaction; returns how many moved to `parsed`.
    public func recordParsed(_ batch: [ParsedMessage], at now: Date) throws -> Int {
        let at = Timestamp.string(now)
        return try write { db in
            var moved = 0
            for parsed in batch where try Self.recordParsed(parsed, at: at, db) { moved += 1 }
            return moved
        }
    }

    private static func recordParsed(_ parsed: ParsedMessage, at: String, _ db: Database) throws -> Bool {
        let messageID = parsed.messageID
        let fields = parsed.fields
        guard try state(db, messageID) == .stored else { return false }
        try db.cachedStatement(
            sql: """
                UPDATE message SET state = 'parsed', message_id = ?, subject = ?, from_address = ?, from_name = ?,
                    to_json = ?, cc_json = ?, delivered_to = ?, date = ?, in_reply_to = ?, references_json = ?,
                    text = ?, html = ?, auto_submitted = ?, delivery_status_json = ?, problems_json = ?,
                    robot = ?, robot_json = ?, sender_auth = ?, sender_auth_note = ?, recipients = ?,
                    decision_headers = ?
                WHERE id = ?
                """
        ).execute(arguments: [
            fields.messageID, fields.subject, fields.fromAddress, fields.fromName, fields.toJSON,
            fields.ccJSON, fields.deliveredTo, fields.date.map(Timestamp.string), fields.inReplyTo,
            fields.referencesJSON, fields.text, fields.html, fields.autoSubmitted,
            fields.deliveryStatusJSON, fields.problemsJSON, fields.robot, fields.robotJSON,
            fields.senderAuth, fields.senderAuthNote,
            fields.recipients.joined(separator: "\n"), fields.decisionHeadersJSON, messageID
        ])
        try db.cachedStatement(sql: "DELETE FROM message_attachment WHERE message_id = ?").execute(arguments: [
            messageID
        ])
        for (position, a) in parsed.attachments.enumerated() {
            if a.bytes.count >= streamedBlobBytes {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO attachment_blob (sha256, size, bytes) VALUES (?, ?, zeroblob(?)) ON CONFLICT (sha256) DO NOTHING
                        """
                ).execute(arguments: [a.sha256, a.bytes.count, a.bytes.count])
                if db.changesCount == 1 {
                    try writeBlob(db, table: "attachment_blob", column: "bytes", rowID: db.lastInsertedRowID, a.bytes)
                }
            } else {
                try db.cachedStatement(
                    sql: """
                        INSERT INTO attachment_blob (sha256, size, bytes) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING
                        """
                ).execute(arguments: [a.sha256, a.bytes.count, Data(a.bytes)])
            }
            try db.cachedStatement(
                sql: """
                    INSERT INTO message_attachment (message_id, position, sha256, filename, content_type, disposition, content_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(arguments: [messageID, position, a.sha256, a.filename, a.contentType, a.disposition, a.contentID])
        }
        let details = [
            parsed.attachments.isEmpty ? nil : "\(parsed.attachments.count) attachment(s)", fields.senderNote
        ]
        .compactMap { $0 }
        try log(
            db, at: at, actor: "parse", .message, messageID, "parsed",
            details.isEmpty ? nil : details.joined(separator: "; "))
        return true
    }

    /// Stops a message at `stage` with a reason an operator can act on.
    public func quarantine(messageID: Int64, stage: String, reason: String, at now: Date) throws {
        let at = Timestamp.string(now)
        try write { db in try Self.quarantine(db, messageID: messageID, stage: stage, reason: reason, at: at) }
    }

    static func quarantine(_ db: Database, messageID: Int64, stage: String, reason: String, at: String) throws {
        guard let state = try Self.state(db, messageID), state != .quarantined, state != .done else { return }
        try db.cachedStatement(sql: "UPDATE message SET state = 'quarantined' WHERE id = ?").execute(arguments: [
            messageID
        ])
        try db.cachedStatement(
            sql: """
                INSERT INTO quarantine (message_id, stage, reason, at) VALUES (?, ?, ?, ?)
                ON CONFLICT (message_id) DO UPDATE SET stage = excluded.stage, reason = excluded.reason, at = excluded.at
                """
        ).execute(arguments: [messageID, stage, reason, at])
        try Self.log(db, at: at, actor: stage, .message, messageID, "quarantined", reason)
    }

    /// Sends a quarantined message back to the start of the stage that stopped it.
    public func retryQuarantined(_ quarantineID: Int64, by actor: String = "operator", at now: Date) throws -> Int64 {
        let at = Timestamp.string(now)
        return try write { db in
            guard let q = try QuarantineRecord.fetchOne(db, key: quarantineID) else {
                throw StoreError.notFound("no quarantine entry \(quarantineID) (see `maildesk quarantine list`)")
            }
            let state: MessageState = q.stage == "thread" ? .parsed : .stored
            try db.cachedStatement(sql: "UPDATE message SET state = ? WHERE id = ?").execute(arguments: [
                state.rawValue, q.messageId
            ])
            try db.cachedStatement(sql: "DELETE FROM quarantine WHERE id = ?").execute(arguments: [quarantineID])
            try Self.log(
                db, at: at, actor: actor, .message, q.messageId, "quarantine retry", "back to \(state.rawValue)")
            return q.messageId
        }
    }

    static func state(_ db: Database, _ messageID: Int64) throws -> MessageState? {
        try String.fetchOne(db.cachedStatement(sql: "SELECT state FROM message WHERE id = ?"), arguments: [messageID])
            .flatMap(MessageState.init(rawValue:))
    }
}
