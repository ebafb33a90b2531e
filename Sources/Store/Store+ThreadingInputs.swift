import GRDB

/// The columns of a parsed message that the threading stage reads (not its text, HTML or raw bytes).
public struct ThreadingInput: Sendable {
    public var id: Int64
    public var mailbox: String
    public var receivedAt: String
    public var subject: String?
    public var fromAddress: String?
    public var fromName: String?
    /// Every address it was sent to (To, Cc, Delivered-To, X-Original-To), as the parse stage found them.
    public var recipients: [String]
    public var inReplyTo: String?
    public var referencesJSON: String
    /// `bounce`, `auto_reply`, `bulk` or nil, and its details as JSON (see the parse stage).
    public var robot: String?
    public var robotJSON: String?
}

extension Store {
    /// What threading needs of these messages, in the order given (missing ones left out). Read column by
    /// column: decoding whole `MessageRecord`s (bodies included) cost more than the threading itself.
    public func threadingInputs(_ ids: [Int64]) throws -> [ThreadingInput] {
        guard !ids.isEmpty else { return [] }
        let found = try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT id, mailbox, received_at, subject, from_address, from_name, recipients,
                        in_reply_to, references_json, robot, robot_json
                    FROM message WHERE id IN (\(ids.map { _ in "?" }.joined(separator: ",")))
                    """, arguments: StatementArguments(ids)
            ).map { row in
                ThreadingInput(
                    id: row[0], mailbox: row[1], receivedAt: row[2], subject: row[3], fromAddress: row[4],
                    fromName: row[5],
                    recipients: (row[6] as String?).map { $0.split(separator: "\n").map(String.init) } ?? [],
                    inReplyTo: row[7], referencesJSON: row[8], robot: row[9], robotJSON: row[10])
            }
        }
        let byID = Dictionary(uniqueKeysWithValues: found.map { ($0.id, $0) })
        return ids.compactMap { byID[$0] }
    }
}
