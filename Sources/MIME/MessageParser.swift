import Foundation

/// Entry point of the parser: raw bytes in, a `Message` out.
///
/// Reads: the bytes of one message, LF or CRLF, 8-bit allowed. Trusts nothing in them. Writes nothing.
/// Fails only when the input is not mail at all; every other defect becomes a line in `problems`.
public enum MessageParser {
    /// Only the header section of a message, unfolded and decoded as `parse` would (the body is not read).
    public static func parseHeader(_ raw: [UInt8], limits: Limits = .default) -> Header {
        raw.withUnsafeBufferPointer { buffer in
            var problems: [String] = []
            return HeaderParser(bytes: buffer, limits: limits)
                .parse(from: 0, end: min(raw.count, limits.maxMessageBytes), topLevel: true, problems: &problems).header
        }
    }

    /// Why `raw` is not mail at all (what `parse` would throw), from its header alone; nil when it is mail.
    public static func notMailReason(_ raw: [UInt8], limits: Limits = .default) -> String? {
        raw.isEmpty ? "empty input" : notMailReason(parseHeader(raw, limits: limits))
    }

    /// The moment in the Date field, when there is one that can be read (the header alone is parsed).
    public static func headerDate(_ raw: [UInt8], limits: Limits = .default) -> Date? {
        parseHeader(raw, limits: limits)["date"].flatMap { DateParser.parse($0.value).date }
    }

    public static func parse(_ raw: [UInt8], limits: Limits = .default) throws(NotAMessage) -> Message {
        guard !raw.isEmpty else { throw NotAMessage(reason: "empty input") }
        var problems: [String] = []
        let parsedLength = min(raw.count, limits.maxMessageBytes)
        if parsedLength < raw.count {
            problems.append(
                "message of \(raw.count) bytes exceeds the size limit (\(limits.maxMessageBytes)); the rest is kept as an undecoded attachment"
            )
        }
        let (root, treeProblems) = raw.withUnsafeBufferPointer { buffer -> (Part, [String]) in
            let parser = PartParser(raw: raw, bytes: buffer, limits: limits)
            let root = parser.parseEntity(0, parsedLength, depth: 0, defaultType: .textPlain, topLevel: true)
            return (root, parser.problems)
        }
        problems.append(contentsOf: treeProblems)
        if let reason = notMailReason(root.header) { throw NotAMessage(reason: reason) }

        let header = root.header
        func addresses(_ name: String) -> [Address] {
            header.all(name).flatMap { AddressParser.parse($0.raw, problems: &problems) }
        }
        let from = addresses("from")
        let replyTo = addresses("reply-to")
        let sender = addresses("sender")
        let originator = Originator.find(
            from: from, replyTo: replyTo, sender: sender, header: header, problems: &problems)
        let subject = header["subject"]?.value
        var date: Date?
        if let field = header["date"] {
            let parsed = DateParser.parse(field.value)
            date = parsed.date
            if let problem = parsed.problem { problems.append(problem) }
        }

        let structure = BodyStructure(root: root)
        var attachments: [OrderedAttachment] = []
        let (text, html) = bodies(structure, limits: limits, attachments: &attachments, problems: &problems)
        for part in attachmentParts(structure) {
            attachments.append(attachment(for: part, problems: &problems))
        }
        attachments.sort { $0.order < $1.order }
        if parsedLength < raw.count {
            attachments.append(
                OrderedAttachment(
                    order: .infinity,
                    Attachment(
                        filename: "unparsed-remainder.eml", contentType: "application/octet-stream",
                        disposition: "attachment", contentID: nil, data: Array(raw[parsedLength...]))))
        }

        let deliveryStatus = DeliveryStatus.find(in: root, problems: &problems)
        let isReport = root.contentType.mimeType == "multipart/report" || deliveryStatus != nil
        return Message(
            raw: raw, root: root,
            messageID: header["message-id"].flatMap { MessageIDs.parse($0.value).first },
            subject: subject,
            from: from, sender: sender, to: addresses("to"), cc: addresses("cc"),
            replyTo: replyTo, originator: originator,
            date: date,
            inReplyTo: header["in-reply-to"].flatMap { MessageIDs.parse($0.value).first },
            references: header["references"].map { MessageIDs.parse($0.value) } ?? [],
            text: text, html: html,
            attachments: attachments.map(\.attachment),
            autoSubmitted: AutoSubmittedReason.detect(header: header, from: from, subject: subject, isReport: isReport),
            deliveryStatus: deliveryStatus,
            problems: problems)
    }

    /// Mail has at least one field a mail system writes; a text file with a colon in its first line does not.
    private static func notMailReason(_ header: Header) -> String? {
        if header.fields.contains(where: { MailFields.isMailField($0.key) }) { return nil }
        return header.fields.isEmpty
            ? "no header field at the start of the input"
            : "no mail header field (From, To, Subject, Date, Message-ID, Received, ...) found"
    }

    /// A part in document order, so attachments come out in the order the sender attached them.
    struct OrderedAttachment {
        var order: Double
        var attachment: Attachment
        init(order: Double, _ attachment: Attachment) { self.order = order; self.attachment = attachment }
    }
}
