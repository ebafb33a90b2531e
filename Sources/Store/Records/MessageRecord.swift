/// A message and how far it has gone through the pipeline (`message`).
public struct MessageRecord: IdentifiedRecord, Sendable {
    public static let databaseTableName = "message"
    public var id: Int64?
    public var sha256: String
    public var mailbox: String
    public var direction: String
    public var state: MessageState
    public var messageId: String?
    public var subject: String?
    public var fromAddress: String?
    public var fromName: String?
    public var toJson: String = "[]"
    public var ccJson: String = "[]"
    public var deliveredTo: String?
    public var date: String?
    public var inReplyTo: String?
    public var referencesJson: String = "[]"
    public var text: String?
    public var html: String?
    public var autoSubmitted: String?
    public var deliveryStatusJson: String?
    public var problemsJson: String = "[]"
    public var threadId: Int64?
    /// `customer`, or `agent` for an agent's mail and the answer relayed from it.
    public var author: String = "customer"
    /// The agent's address on an agent's mail.
    public var agent: String?
    /// An internal note, or agent mail that was not relayed: never sent to the customer.
    public var `internal`: Bool = false
    public var receivedAt: String
}

/// The pipeline stages a message passes: stored → parsed → threaded → done (classify and assign will sit
/// between threaded and done), or quarantined with a reason at any stage.
public enum MessageState: String, Codable, Sendable, CaseIterable {
    case stored, parsed, threaded, done, quarantined
}
