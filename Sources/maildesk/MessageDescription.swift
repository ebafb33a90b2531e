import Foundation
import MIME

/// The human-readable summary `maildesk parse` prints.
struct MessageDescription {
    let message: Message

    init(_ message: Message) { self.message = message }

    var text: String {
        let summary = message
        var lines: [String] = []
        func add(_ label: String, _ value: String?) {
            if let value, !value.isEmpty { lines.append("\(label): \(value)") }
        }
        add("Message-ID", summary.messageID)
        add("Date", summary.date.map { MessageSummary.iso8601($0) })
        add("From", list(summary.from))
        add("To", list(summary.to))
        add("Cc", list(summary.cc))
        add("Reply-To", list(summary.replyTo))
        if let originator = summary.originator, originator.field != .from {
            add("Sender (from \(originator.field.rawValue))", list([originator.address]))
        }
        add("Subject", summary.subject)
        add("In-Reply-To", summary.inReplyTo)
        if !summary.references.isEmpty { add("References", "\(summary.references.count) id(s)") }
        if let reason = summary.autoSubmitted { add("Auto-submitted", "yes (\(reason.rawValue))") }
        if let dsn = summary.deliveryStatus {
            add(
                "Delivery status",
                "\(dsn.permanent ? "permanent failure" : "not permanent") for \(dsn.recipients.joined(separator: ", "))"
            )
        }
        lines.append("Structure:")
        tree(summary.root, depth: 1, into: &lines)
        if !summary.attachments.isEmpty {
            lines.append("Attachments:")
            for a in summary.attachments {
                let id = a.contentID.map { ", cid:\($0)" } ?? ""
                lines.append(
                    "  \(a.filename) (\(a.contentType), \(a.size) bytes, \(a.disposition)\(id), sha256 \(a.sha256.prefix(16))…)"
                )
            }
        }
        if !summary.problems.isEmpty {
            lines.append("Problems:")
            lines.append(contentsOf: summary.problems.map { "  - \($0)" })
        }
        lines.append("Text:")
        let body = summary.text.split(separator: "\n", omittingEmptySubsequences: false)
        lines.append(contentsOf: body.prefix(40).map { "  " + $0 })
        if body.count > 40 { lines.append("  … (\(body.count - 40) more lines)") }
        return lines.joined(separator: "\n")
    }

    private func list(_ addresses: [Address]) -> String {
        addresses.map { a in
            switch (a.name, a.address) {
            case let (name?, address?): return "\(name) <\(address)>"
            case let (nil, address?): return address
            case let (name?, nil): return name
            default: return ""
            }
        }.joined(separator: ", ")
    }

    private func tree(_ part: Part, depth: Int, into lines: inout [String]) {
        let indent = String(repeating: "  ", count: depth)
        var line = "\(indent)\(part.contentType.mimeType)"
        if let charset = part.contentType.charset { line += "; charset=\(charset)" }
        if let name = part.declaredFilename { line += " \"\(name.prefix(60))\"" }
        line += " [\(part.body.count) bytes]"
        switch part.content {
        case .single:
            lines.append(line)
        case .multipart(_, let parts, _):
            lines.append(line)
            for child in parts { tree(child, depth: depth + 1, into: &lines) }
        case .message(let inner):
            lines.append(line)
            tree(inner, depth: depth + 1, into: &lines)
        case .unparsed(let reason):
            lines.append(line + " (unparsed: \(reason))")
        }
    }
}
