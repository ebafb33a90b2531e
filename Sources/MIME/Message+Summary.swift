import Foundation

/// The JSON contract of `maildesk parse --json` (docs/parse-json.md), which later stages and outside
/// checks rely on: keys are always present, absent values are `null`.
public struct MessageSummary: Encodable, Sendable {
    public struct AttachmentSummary: Encodable, Sendable {
        var filename: String
        var contentType: String
        var size: Int
        var sha256: String
        var disposition: String
        var contentID: String?

        enum CodingKeys: String, CodingKey {
            case filename, contentType = "content_type", size, sha256, disposition, contentID = "content_id"
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(filename, forKey: .filename)
            try c.encode(contentType, forKey: .contentType)
            try c.encode(size, forKey: .size)
            try c.encode(sha256, forKey: .sha256)
            try c.encode(disposition, forKey: .disposition)
            try c.encode(contentID, forKey: .contentID)
        }
    }

    /// Who wrote the message and which field says so (`From`, or a fallback: `Reply-To`, `Sender`, `Return-Path`).
    public struct OriginatorSummary: Encodable, Sendable {
        var field: String
        var name: String?
        var address: String?

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(field, forKey: .field)
            try c.encode(name, forKey: .name)
            try c.encode(address, forKey: .address)
        }

        enum CodingKeys: String, CodingKey { case field, name, address }
    }

    var messageID: String?
    var subject: String?
    var from, to, cc, replyTo: [Address]
    var originator: OriginatorSummary?
    var date: String?
    var inReplyTo: String?
    var references: [String]
    var text: String
    var html: String?
    var attachments: [AttachmentSummary]
    var autoSubmitted: Bool
    var autoReason: String?
    var deliveryStatus: DeliveryStatus?
    var problems: [String]

    public init(_ m: Message) {
        messageID = m.messageID
        subject = m.subject
        from = m.from
        to = m.to
        cc = m.cc
        replyTo = m.replyTo
        originator = m.originator.map {
            OriginatorSummary(field: $0.field.rawValue, name: $0.address.name, address: $0.address.address)
        }
        date = m.date.map(Self.iso8601)
        inReplyTo = m.inReplyTo
        references = m.references
        text = m.text
        html = m.html
        attachments = m.attachments.map {
            AttachmentSummary(
                filename: $0.filename, contentType: $0.contentType, size: $0.size, sha256: $0.sha256,
                disposition: $0.disposition, contentID: $0.contentID)
        }
        autoSubmitted = m.autoSubmitted != nil
        autoReason = m.autoSubmitted?.rawValue
        deliveryStatus = m.deliveryStatus
        problems = m.problems
    }

    enum CodingKeys: String, CodingKey {
        case messageID = "message_id", subject, from, to, cc, replyTo = "reply_to", originator, date
        case inReplyTo = "in_reply_to", references, text, html, attachments
        case autoSubmitted = "auto_submitted", autoReason = "auto_reason", deliveryStatus = "delivery_status", problems
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(messageID, forKey: .messageID)
        try c.encode(subject, forKey: .subject)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(cc, forKey: .cc)
        try c.encode(replyTo, forKey: .replyTo)
        try c.encode(originator, forKey: .originator)
        try c.encode(date, forKey: .date)
        try c.encode(inReplyTo, forKey: .inReplyTo)
        try c.encode(references, forKey: .references)
        try c.encode(text, forKey: .text)
        try c.encode(html, forKey: .html)
        try c.encode(attachments, forKey: .attachments)
        try c.encode(autoSubmitted, forKey: .autoSubmitted)
        try c.encode(autoReason, forKey: .autoReason)
        try c.encode(deliveryStatus, forKey: .deliveryStatus)
        try c.encode(problems, forKey: .problems)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`.
    public static func iso8601(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ v: Int?) -> String { let v = v ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        let year = c.year ?? 0
        let y = year < 1000 ? String(repeating: "0", count: 4 - String(year).count) + String(year) : String(year)
        return "\(y)-\(two(c.month))-\(two(c.day))T\(two(c.hour)):\(two(c.minute)):\(two(c.second))Z"
    }
}
