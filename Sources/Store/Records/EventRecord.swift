/// One line of the append-only audit log (`event`).
public struct EventRecord: IdentifiedRecord, Sendable {
    public static let databaseTableName = "event"
    public var id: Int64?
    public var at: String
    public var actor: String
    public var entity: String
    public var entityId: Int64
    public var action: String
    public var detail: String?
}
