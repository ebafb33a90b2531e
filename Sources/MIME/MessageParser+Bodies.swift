extension MessageParser {
    /// The text and HTML bodies. uuencoded blocks found in plain text become attachments.
    static func bodies(
        _ structure: BodyStructure, limits: Limits, attachments: inout [OrderedAttachment],
        problems: inout [String]
    ) -> (text: String, html: String?) {
        var decoded: [Int: String] = [:]
        func content(_ part: Part) -> String {
            if let cached = decoded[part.index] { return cached }
            var text = part.decodedText(problems: &problems)
            if part.contentType.subtype == "plain" {
                let extracted = UUEncode.extract(from: text)
                for (k, block) in extracted.blocks.enumerated() {
                    let type = "application/octet-stream"
                    attachments.append(
                        OrderedAttachment(
                            order: Double(part.index) + Double(k + 1) / Double(extracted.blocks.count + 1),
                            Attachment(
                                filename: Filename.sanitise(block.filename, contentType: type), contentType: type,
                                disposition: "attachment", contentID: nil, data: block.bytes)))
                }
                text = extracted.text
            }
            decoded[part.index] = text
            return text
        }
        func rendered(_ parts: [Part]) -> String {
            var pieces: [String] = []
            for part in parts where part.contentType.isText {
                let text = content(part)
                guard part.contentType.subtype == "html" else { pieces.append(text); continue }
                if text.utf8.count > limits.maxHTMLRenderBytes {
                    problems.append(
                        "HTML body of \(text.utf8.count) bytes: text rendered from the first \(limits.maxHTMLRenderBytes)"
                    )
                    pieces.append(
                        HTMLText.render(String(decoding: text.utf8.prefix(limits.maxHTMLRenderBytes), as: UTF8.self)))
                } else {
                    pieces.append(HTMLText.render(text))
                }
            }
            return pieces.joined(separator: "\n")
        }

        var text = rendered(structure.textBody)
        let htmlParts = structure.htmlBody.filter { $0.contentType.mimeType == "text/html" }
        if text.allSatisfy(\.isWhitespace), !htmlParts.isEmpty {
            // An empty plain alternative (some webmail sends one) must not hide the HTML.
            text = rendered(structure.htmlBody)
        }
        let html = htmlParts.isEmpty ? nil : htmlParts.map(content).joined(separator: "\n")
        return (trimBlankLines(text), html)
    }

    /// Parts shown as attachments: what the body algorithm set aside, plus media inside the body lists.
    static func attachmentParts(_ structure: BodyStructure) -> [Part] {
        var seen = Set<Int>()
        var result: [Part] = []
        for part in structure.attachments + structure.textBody + structure.htmlBody {
            let isBodyText = part.contentType.mimeType == "text/plain" || part.contentType.mimeType == "text/html"
            if case .single = part.content, isBodyText,
                !structure.attachments.contains(where: { $0.index == part.index })
            {
                continue
            }
            if seen.insert(part.index).inserted { result.append(part) }
        }
        return result
    }

    static func attachment(for part: Part, problems: inout [String]) -> OrderedAttachment {
        let type = part.contentType.mimeType
        var data: [UInt8]
        var declared = part.declaredFilename
        switch part.content {
        case .unparsed:
            data = Array(part.body)
        case .message(let inner):
            data = part.decodedBytes(problems: &problems)
            if declared == nil, let subject = inner.header["subject"]?.value, !subject.isEmpty {
                declared = String(subject.prefix(120)) + ".eml"
            }
        default:
            data = part.decodedBytes(problems: &problems)
        }
        let disposition: String
        switch part.disposition?.type {
        case "inline": disposition = "inline"
        case "attachment": disposition = "attachment"
        default: disposition = part.contentID != nil ? "inline" : "attachment"
        }
        return OrderedAttachment(
            order: Double(part.index),
            Attachment(
                filename: Filename.sanitise(declared, contentType: type), contentType: type,
                disposition: disposition, contentID: part.contentID, data: data))
    }

    /// Leading and trailing blank lines removed; trailing blanks of each line kept as the sender wrote them.
    /// Works on the UTF-8 bytes: String's Character-level splitting is slow on long bodies.
    static func trimBlankLines(_ text: String) -> String {
        let bytes = Array(text.utf8)
        func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x0B || b == 0x0C }
        // Start: the beginning of the first line holding a non-blank byte.
        guard let firstContent = bytes.firstIndex(where: { !isBlank($0) }) else { return "" }
        var start = firstContent
        while start > 0 && bytes[start - 1] != 0x0A { start -= 1 }
        // End: the end of the last line holding a non-blank byte.
        let lastContent = bytes.lastIndex(where: { !isBlank($0) })!
        var end = lastContent + 1
        while end < bytes.count && bytes[end] != 0x0A { end += 1 }
        if start == 0 && end == bytes.count { return text }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
