/// Which parts are the text body, the HTML body, and attachments: the algorithm of RFC 8621 §4.1.4 (JMAP),
/// which Fastmail, Stalwart and Apache James use, so maildesk reads mail the way those clients show it.
struct BodyStructure {
    var textBody: [Part]
    var htmlBody: [Part]
    var attachments: [Part]

    /// The algorithm shares lists between recursion levels and lets a level stop adding to one of them.
    private final class PartList {
        var parts: [Part] = []
    }

    init(root: Part) {
        let text = PartList(), html = PartList(), attachments = PartList()
        switch root.content {
        case .multipart(_, let parts, _):
            let sub = root.contentType.subtype
            Self.walk(
                parts, multipartType: sub, inAlternative: sub == "alternative",
                text: text, html: html, attachments: attachments)
        default:
            Self.walk(
                [root], multipartType: "mixed", inAlternative: false,
                text: text, html: html, attachments: attachments)
        }
        textBody = text.parts
        htmlBody = html.parts
        self.attachments = attachments.parts
    }

    private static func isInlineMedia(_ type: ContentType) -> Bool {
        type.type == "image" || type.type == "audio" || type.type == "video"
    }

    private static func walk(
        _ parts: [Part], multipartType: String, inAlternative: Bool,
        text textList: PartList?, html htmlList: PartList?, attachments: PartList
    ) {
        var text = textList
        var html = htmlList
        let textLength = text?.parts.count ?? -1
        let htmlLength = html?.parts.count ?? -1
        for (i, part) in parts.enumerated() {
            let type = part.contentType
            let isBodyType = type.mimeType == "text/plain" || type.mimeType == "text/html" || isInlineMedia(type)
            let isInline =
                part.disposition?.type != "attachment" && isBodyType
                && (i == 0 || (multipartType != "related" && (isInlineMedia(type) || part.declaredFilename == nil)))
            if case .multipart(_, let children, _) = part.content {
                let sub = type.subtype
                walk(
                    children, multipartType: sub, inAlternative: inAlternative || sub == "alternative",
                    text: text, html: html, attachments: attachments)
            } else if case .single = part.content, isInline {
                if multipartType == "alternative" {
                    switch type.mimeType {
                    case "text/plain": text?.parts.append(part)
                    case "text/html": html?.parts.append(part)
                    default: attachments.parts.append(part)
                    }
                    continue
                } else if inAlternative {
                    if type.mimeType == "text/plain" { html = nil }
                    if type.mimeType == "text/html" { text = nil }
                }
                text?.parts.append(part)
                html?.parts.append(part)
                if (text == nil || html == nil) && isInlineMedia(type) { attachments.parts.append(part) }
            } else {
                attachments.parts.append(part)
            }
        }
        if multipartType == "alternative", let text, let html {
            if textLength == text.parts.count && htmlLength != html.parts.count {
                text.parts.append(contentsOf: html.parts[max(htmlLength, 0)...])
            }
            if htmlLength == html.parts.count && textLength != text.parts.count {
                html.parts.append(contentsOf: text.parts[max(textLength, 0)...])
            }
        }
    }
}
