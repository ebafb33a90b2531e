/// A MIME entity: a header and a body, the body being content, a list of parts, or an attached message.
public struct Part: Sendable {
    /// Position in document order within its message (0 is the message itself).
    public var index: Int
    public var header: Header
    public var contentType: ContentType
    /// Whether `contentType` was written in the header (false: the RFC 2045/2046 default applies).
    public var hasExplicitType: Bool
    public var disposition: ContentDisposition?
    public var transferEncoding: TransferEncoding
    /// The body as transmitted (still transfer-encoded), a slice of the message's bytes.
    public var body: ArraySlice<UInt8>
    public var content: Content

    public indirect enum Content: Sendable {
        /// A leaf: decode `body` for its bytes.
        case single
        case multipart(preamble: ArraySlice<UInt8>, parts: [Part], epilogue: ArraySlice<UInt8>)
        /// message/rfc822 (or message/global), parsed recursively.
        case message(Part)
        /// Kept as transmitted because a limit was reached or it could not be parsed.
        case unparsed(reason: String)
    }

    /// The file name from Content-Disposition `filename` or Content-Type `name`, unsanitised.
    public var declaredFilename: String? {
        if let f = disposition?.filename, !f.isEmpty { return f }
        if let n = contentType.parameters["name"], !n.isEmpty { return n }
        return nil
    }

    /// `Content-ID` without angle brackets.
    public var contentID: String? {
        guard let raw = header["content-id"]?.value else { return nil }
        let trimmed = raw.trimmingBlanks()
        if let open = trimmed.firstIndex(of: "<"), let close = trimmed.lastIndex(of: ">"), open < close {
            let inner = String(trimmed[trimmed.index(after: open)..<close]).trimmingBlanks()
            return inner.isEmpty ? nil : inner
        }
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Every part of the tree in document order (depth first), this one included.
    public func walk(_ visit: (Part) -> Void) {
        var stack: [Part] = [self]
        while let part = stack.popLast() {
            visit(part)
            switch part.content {
            case .multipart(_, let parts, _): stack.append(contentsOf: parts.reversed())
            case .message(let inner): stack.append(inner)
            default: break
            }
        }
    }
}

/// Content-Transfer-Encoding.
public enum TransferEncoding: String, Sendable, Equatable {
    case sevenBit = "7bit"
    case eightBit = "8bit"
    case binary
    case base64
    case quotedPrintable = "quoted-printable"
    /// `x-uuencode` and friends.
    case uuencode = "x-uuencode"

    static func parse(_ value: String?, problems: inout [String]) -> TransferEncoding {
        guard let value else { return .sevenBit }
        let v = value.trimmingBlanks().lowercased()
        switch v {
        case "", "7bit", "7-bit": return .sevenBit
        case "8bit", "8-bit": return .eightBit
        case "binary": return .binary
        case "base64", "base-64", "b64": return .base64
        case "quoted-printable", "quoted_printable", "qp", "quotedprintable": return .quotedPrintable
        case "x-uuencode", "uuencode", "x-uue", "uue": return .uuencode
        default:
            problems.append("unknown Content-Transfer-Encoding '\(v.prefix(40))' read as 8bit")
            return .eightBit
        }
    }
}
