/// Someone who writes to the company (`customer`), keyed by lowercased address.
public struct CustomerRecord: IdentifiedRecord, Sendable {
    public static let databaseTableName = "customer"
    public var id: Int64?
    public var address: String
    public var name: String?
    public var firstContact: String
    public var lastContact: String
}
