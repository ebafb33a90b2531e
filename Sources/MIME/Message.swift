import Foundation

/// One parsed message: its MIME tree and what maildesk reads from it.
public struct Message: Sendable {
    /// The exact bytes parsed.
    public var raw: [UInt8]
    /// The top-level entity; its header is the message header.
    public var root: Part
    public var header: Header { root.header }

    public var messageID: String?
    public var subject: String?
    public var from: [Address]
    public var sender: [Address]
    public var to: [Address]
    public var cc: [Address]
    public var replyTo: [Address]
    /// Who wrote the message: From, or Reply-To, Sender, Return-Path when From has no address (see `Originator`).
    public var originator: Originator?
    /// The Date header as an instant; nil when missing or unparsable.
    public var date: Date?
    public var inReplyTo: String?
    public var references: [String]

    /// The best text body (see `BodyStructure`), UTF-8 with LF line ends.
    public var text: String
    /// The HTML body decoded to UTF-8, if the message has one.
    public var html: String?
    public var attachments: [Attachment]

    /// Set when the message was sent by a machine and must not be answered automatically.
    public var autoSubmitted: AutoSubmittedReason?
    public var deliveryStatus: DeliveryStatus?
    /// What was wrong with the message and tolerated, one line each.
    public var problems: [String]
}

/// The input is not a message at all (empty, binary, or no header field).
public struct NotAMessage: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}
