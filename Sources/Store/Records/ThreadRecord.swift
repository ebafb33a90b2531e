/// A conversation with one customer about one need or piece of feedback (`thread`).
public struct ThreadRecord: IdentifiedRecord, Sendable {
    public static let databaseTableName = "thread"
    public var id: Int64?
    public var token: String?
    public var kind: String
    public var category: String?
    public var priority: String?
    public var language: String?
    public var status: String
    public var subject: String
    public var subjectKey: String
    public var mailbox: String
    public var customerId: Int64?
    public var assignee: String?
    public var createdAt: String
    public var updatedAt: String
    public var lastMessageAt: String
}
