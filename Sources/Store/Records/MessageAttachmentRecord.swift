import Foundation

/// An attachment of one message, pointing at its content (`message_attachment`).
public struct MessageAttachmentRecord: SnakeCaseRecord, Sendable {
    public static let databaseTableName = "message_attachment"
    public var messageId: Int64
    public var position: Int
    public var sha256: String
    public var filename: String
    public var contentType: String
    public var disposition: String
    public var contentId: String?
}
