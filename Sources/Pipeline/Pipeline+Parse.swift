import Classification
import Config
import FastJSON
import Foundation
import MIME
import Store

extension Pipeline {
    /// Parse stage: `stored` → `parsed`, or `quarantined` when the bytes are not mail at all. Messages are read
    /// and parsed a few megabytes at a time (memory stays flat) and saved in batches, one transaction each.
    func parseStored(into summary: inout RunSummary) throws {
        try forEachBatch(in: .stored, size: 32) { ids in
            var parsed: [ParsedMessage] = []
            var parsedBytes = 0
            var unread = ids[...]
            while !unread.isEmpty {
                // One read for the batch's raw bytes, 2 MB at a time (the message that passes the mark included):
                // parsing on all cores then holds at most one large message's decoded text beside small ones.
                let chunk = try store.rawBytes(messageIDs: Array(unread), maxBytes: Self.parseChunkBytes)
                unread = unread.dropFirst(chunk.count)
                // Parsing is CPU work on bytes already read: the chunk's messages are parsed on all cores.
                let outbound = configuration.gateway.outbound, limits = limits
                let outcomes = Self.concurrentMap(chunk) { item -> Result<ParsedMessage, NotAMessage> in
                    Result { () throws(NotAMessage) -> ParsedMessage in
                        let message = try MessageParser.parse(item.bytes, limits: limits)
                        return ParsedMessage(
                            messageID: item.id, fields: Self.fields(of: message, outbound: outbound),
                            attachments: Self.attachments(of: message))
                    }
                }
                for (outcome, item) in zip(outcomes, chunk) {
                    switch outcome {
                    case .success(let message):
                        parsed.append(message)
                        // What the batch holds until it is saved: the decoded text and HTML, and the attachments.
                        parsedBytes +=
                            message.fields.text.utf8.count + (message.fields.html?.utf8.count ?? 0)
                            + message.attachments.reduce(0) { $0 + $1.bytes.count }
                    case .failure(let error):
                        let reason =
                            "not a mail message: \(error.reason) (\(item.bytes.count) bytes stored raw; see `maildesk messages raw \(item.id)`)"
                        try store.quarantine(messageID: item.id, stage: "parse", reason: reason, at: now())
                        summary.quarantined += 1
                        logger.warning(
                            "quarantined",
                            metadata: ["message": "\(item.id)", "stage": "parse", "reason": "\(error.reason)"]
                        )
                    }
                    // A batch holding large texts or attachments is saved early: they are never in memory together.
                    if parsedBytes >= Self.parseBatchBytes {
                        summary.parsed += try store.recordParsed(parsed, at: now())
                        parsed.removeAll()
                        parsedBytes = 0
                    }
                }
            }
            summary.parsed += try store.recordParsed(parsed, at: now())
        }
    }

    /// Bytes of parsed text and attachments after which a parse batch is saved before it is full.
    static let parseBatchBytes = 8 << 20

    /// Raw bytes read (and parsed together) at a time, the message that passes the mark included.
    static let parseChunkBytes = 2 << 20

    static func fields(of m: Message, outbound: OutboundSettings) -> ParsedFields {
        let deliveredTo = (m.header.all("delivered-to") + m.header.all("x-original-to"))
            .map { $0.value.trimmingCharacters(in: CharacterSet(charactersIn: "<> \t")) }
        var deliveryStatus: String?
        if let dsn = m.deliveryStatus {
            deliveryStatus = "{\"permanent\":\(dsn.permanent),\"recipients\":\(JSONText.strings(dsn.recipients))}"
        }
        let robot = RobotMail.detect(m)
        // The customer: From, or Reply-To, Sender, Return-Path for mail without a usable From (noted).
        let originator = m.originator
        let senderNote = originator.flatMap {
            $0.field == .from ? nil : "sender from \($0.field.rawValue): no usable From"
        }
        let sender = SenderAuthentication.check(
            from: originator?.address.address, returnPath: m.header.all("return-path").last?.value,
            results: m.header.all("authentication-results").map(\.value),
            trustedAuthservID: outbound.trustedAuthservID,
            requireAlignedReturnPath: outbound.requireAlignedReturnPath)
        return ParsedFields(
            messageID: m.messageID, subject: m.subject, fromAddress: originator?.address.address?.lowercased(),
            fromName: originator?.address.name ?? m.from.first?.name, toJSON: JSONText.addresses(m.to),
            ccJSON: JSONText.addresses(m.cc),
            deliveredTo: deliveredTo.isEmpty ? nil : deliveredTo.joined(separator: ", "),
            date: m.date, inReplyTo: m.inReplyTo, referencesJSON: JSONText.strings(m.references), text: m.text,
            html: m.html, autoSubmitted: m.autoSubmitted?.rawValue, deliveryStatusJSON: deliveryStatus,
            problemsJSON: JSONText.strings(m.problems), robot: robot?.kind.rawValue,
            robotJSON: robot.flatMap { try? String(decoding: JSONEncoder().encode($0), as: UTF8.self) },
            senderAuth: sender.verdict.rawValue, senderAuthNote: sender.reason, senderNote: senderNote,
            recipients: (m.to + m.cc).compactMap(\.address) + deliveredTo.filter { !$0.isEmpty },
            decisionHeadersJSON: JSONText.objects(
                m.header.fields.filter { decisionHeaderNames.contains($0.key) }.map {
                    ["name": $0.key, "value": $0.value]
                }
            ))
    }

    /// The header fields the classify stage decides with besides rules that name their own: the priority
    /// signals', Date (the customer's time zone) and maildesk's marker (never answer ourselves).
    static let decisionHeaderNames = Set(
        PrioritySignals.headerNames + ["date", AutoReplyPolicy.markerHeader.lowercased()])

    static func attachments(of m: Message) -> [NewAttachment] {
        m.attachments.map {
            NewAttachment(
                sha256: $0.sha256, bytes: $0.data, filename: $0.filename, contentType: $0.contentType,
                disposition: $0.disposition, contentID: $0.contentID)
        }
    }
}
