import Foundation

/// The exact bytes of a fetched message (`raw_message`).
public struct RawMessageRecord: SnakeCaseRecord, Sendable {
    public static let databaseTableName = "raw_message"
    public var sha256: String
    public var size: Int
    public var bytes: Data
    public var storedAt: String
}
