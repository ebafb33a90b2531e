import Foundation
import MIME
import Store

extension Pipeline {
    /// Parse stage: `stored` → `parsed`, or `quarantined` when the bytes are not mail at all.
    func parseStored(into summary: inout RunSummary) throws {
        try forEachMessage(in: .stored) { id in
            let raw = try store.rawBytes(messageID: id)
            let message: Message
            do throws(NotAMessage) {
                message = try MessageParser.parse(raw, limits: limits)
            } catch {
                let reason = "not a mail message: \(error.reason) (\(raw.count) bytes stored raw; see `maildesk messages raw \(id)`)"
                try store.quarantine(messageID: id, stage: "parse", reason: reason)
                summary.quarantined += 1
                logger.warning("quarantined", metadata: ["message": "\(id)", "stage": "parse", "reason": "\(error.reason)"])
                return
            }
            if try store.recordParsed(messageID: id, Self.fields(of: message), attachments: Self.attachments(of: message)) {
                summary.parsed += 1
            }
        }
    }

    static func fields(of m: Message) -> ParsedFields {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        func json<T: Encodable>(_ value: T) -> String {
            (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        }
        let deliveredTo = (m.header.all("delivered-to") + m.header.all("x-original-to"))
            .map { $0.value.trimmingCharacters(in: CharacterSet(charactersIn: "<> \t")) }
        return ParsedFields(
            messageID: m.messageID, subject: m.subject, fromAddress: m.from.first?.address?.lowercased(),
            fromName: m.from.first?.name, toJSON: json(m.to), ccJSON: json(m.cc),
            deliveredTo: deliveredTo.isEmpty ? nil : deliveredTo.joined(separator: ", "),
            date: m.date, inReplyTo: m.inReplyTo, referencesJSON: json(m.references), text: m.text, html: m.html,
            autoSubmitted: m.autoSubmitted?.rawValue, deliveryStatusJSON: m.deliveryStatus.map(json),
            problemsJSON: json(m.problems))
    }

    static func attachments(of m: Message) -> [NewAttachment] {
        m.attachments.map {
            NewAttachment(sha256: $0.sha256, bytes: $0.data, filename: $0.filename, contentType: $0.contentType,
                          disposition: $0.disposition, contentID: $0.contentID)
        }
    }
}
