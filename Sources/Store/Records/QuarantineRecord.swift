/// A message that could not go on, and why (`quarantine`).
public struct QuarantineRecord: IdentifiedRecord, Sendable {
    public static let databaseTableName = "quarantine"
    public var id: Int64?
    public var messageId: Int64
    public var stage: String
    public var reason: String
    public var at: String
}
