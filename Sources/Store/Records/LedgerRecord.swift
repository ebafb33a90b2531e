/// One sighting of a message in a source (`ingest_ledger`): the sync state of every mailbox.
public struct LedgerRecord: IdentifiedRecord, Sendable {
    public static let databaseTableName = "ingest_ledger"
    public var id: Int64?
    public var source: String
    public var mailbox: String
    public var uidvalidity: Int64
    public var item: String
    public var sha256: String
    public var firstSeen: String
}
