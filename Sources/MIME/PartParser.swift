import Glibc

/// Builds the MIME tree of one message buffer.
///
/// Each entity is parsed within the byte range its parent cut for it, so a child that lacks its final
/// boundary ends where the parent's next boundary begins. Limits on depth and part count turn the remainder
/// into `.unparsed` parts; nothing is dropped.
final class PartParser {
    private let raw: [UInt8]
    private let bytes: UnsafeBufferPointer<UInt8>
    private let limits: Limits
    private let headerParser: HeaderParser
    var problems: [String] = []
    private(set) var partCount = 0
    private var partLimitReported = false

    init(raw: [UInt8], bytes: UnsafeBufferPointer<UInt8>, limits: Limits) {
        self.raw = raw
        self.bytes = bytes
        self.limits = limits
        self.headerParser = HeaderParser(bytes: bytes, limits: limits)
    }

    /// Parses the entity in `start..<end`.
    func parseEntity(_ start: Int, _ end: Int, depth: Int, defaultType: ContentType, topLevel: Bool) -> Part {
        let index = partCount
        partCount += 1
        let parsed = headerParser.parse(from: start, end: end, topLevel: topLevel, problems: &problems)
        let header = parsed.header
        var contentType = defaultType
        var explicit = false
        if let field = header["content-type"], let type = ContentType.parse(field.raw, problems: &problems) {
            contentType = type
            explicit = true
        }
        let disposition = header["content-disposition"].map { ContentDisposition.parse($0.raw, problems: &problems) }
        let encoding = TransferEncoding.parse(header["content-transfer-encoding"]?.value, problems: &problems)
        let bodyStart = min(parsed.bodyStart, end)
        var part = Part(
            index: index, header: header, contentType: contentType, hasExplicitType: explicit,
            disposition: disposition, transferEncoding: encoding,
            body: raw[bodyStart..<end], content: .single)

        if contentType.isMultipart {
            guard depth < limits.maxDepth else {
                problems.append("MIME nesting deeper than \(limits.maxDepth); inner parts kept undecoded")
                part.content = .unparsed(reason: "MIME depth limit")
                return part
            }
            guard let boundary = contentType.boundary.map({ Array($0.trimmingBlanks().utf8) }), !boundary.isEmpty
            else {
                problems.append("\(contentType.mimeType) without boundary read as text/plain")
                part.contentType = ContentType(type: "text", subtype: "plain", parameters: contentType.parameters)
                return part
            }
            part.content = parseMultipart(
                bodyStart, end, boundary: boundary, depth: depth,
                digest: contentType.subtype == "digest")
            if case .multipart(_, let parts, _) = part.content, parts.isEmpty {
                problems.append("no boundary line found in \(contentType.mimeType); body read as text/plain")
                part.contentType = ContentType(type: "text", subtype: "plain", parameters: contentType.parameters)
                part.content = .single
            }
        } else if contentType.type == "message" && (contentType.subtype == "rfc822" || contentType.subtype == "global")
        {
            guard depth < limits.maxDepth else {
                problems.append("attached message nested deeper than \(limits.maxDepth); kept undecoded")
                part.content = .unparsed(reason: "MIME depth limit")
                return part
            }
            part.content = parseAttachedMessage(part, bodyStart, end, depth: depth)
        }
        return part
    }

    private func parseAttachedMessage(_ part: Part, _ start: Int, _ end: Int, depth: Int) -> Part.Content {
        switch part.transferEncoding {
        case .base64, .quotedPrintable, .uuencode:
            // Encoded attached messages exist in the wild: decode, then parse the result on its own.
            problems.append("attached message with \(part.transferEncoding.rawValue) encoding")
            let decoded = TransferDecoder.decode(part.body, part.transferEncoding).bytes
            let inner = decoded.withUnsafeBufferPointer { buffer -> (Part, [String], Int) in
                let nested = PartParser(raw: decoded, bytes: buffer, limits: limits)
                nested.partCount = partCount
                let p = nested.parseEntity(0, buffer.count, depth: depth + 1, defaultType: .textPlain, topLevel: true)
                return (p, nested.problems, nested.partCount)
            }
            problems.append(contentsOf: inner.1)
            partCount = inner.2
            return .message(inner.0)
        default:
            return .message(parseEntity(start, end, depth: depth + 1, defaultType: .textPlain, topLevel: true))
        }
    }

    /// Splits a multipart body at its delimiter lines and parses each part.
    private func parseMultipart(_ start: Int, _ end: Int, boundary: [UInt8], depth: Int, digest: Bool) -> Part.Content {
        var delimiters: [(lineStart: Int, next: Int, close: Bool)] = []
        var lineStart = start
        guard let base = bytes.baseAddress else {
            return .multipart(preamble: raw[start..<start], parts: [], epilogue: raw[end..<end])
        }
        var closed = false
        while lineStart < end {
            if lineStart + 1 < end, base[lineStart] == 0x2D, base[lineStart + 1] == 0x2D,
                let close = delimiterKind(lineStart, end, boundary)
            {
                let next = nextLine(lineStart, end)
                delimiters.append((lineStart, next, close))
                if close { closed = true; break }
                lineStart = next
                continue
            }
            lineStart = nextLine(lineStart, end)
        }
        guard let first = delimiters.first else {
            return .multipart(preamble: raw[start..<end], parts: [], epilogue: raw[end..<end])
        }
        if !closed {
            problems.append(
                "multipart without final boundary '--\(String(decoding: boundary.prefix(70), as: UTF8.self))--'")
        }

        let preamble = raw[start..<trimNewline(before: first.lineStart, floor: start)]
        var parts: [Part] = []
        let childDefault: ContentType = digest ? .messageRFC822 : .textPlain
        for (k, delimiter) in delimiters.enumerated() where !delimiter.close {
            let partStart = delimiter.next
            let partEnd =
                k + 1 < delimiters.count
                ? trimNewline(before: delimiters[k + 1].lineStart, floor: partStart) : end
            if partCount >= limits.maxParts {
                if !partLimitReported {
                    problems.append("more than \(limits.maxParts) MIME parts; the rest is kept as one undecoded part")
                    partLimitReported = true
                }
                let restEnd = closed ? trimNewline(before: delimiters.last!.lineStart, floor: partStart) : end
                parts.append(
                    Part(
                        index: partCount, header: Header(),
                        contentType: ContentType(type: "application", subtype: "octet-stream"),
                        hasExplicitType: false, disposition: nil, transferEncoding: .binary,
                        body: raw[partStart..<max(partStart, restEnd)], content: .unparsed(reason: "MIME part limit")))
                break
            }
            parts.append(parseEntity(partStart, partEnd, depth: depth + 1, defaultType: childDefault, topLevel: false))
        }
        let epilogue = closed ? raw[min(delimiters.last!.next, end)..<end] : raw[end..<end]
        return .multipart(preamble: preamble, parts: parts, epilogue: epilogue)
    }

    /// For a line starting with "--": nil if it is not a delimiter of `boundary`, else whether it closes.
    /// Only blanks may follow the boundary (RFC 2046 transport padding), so body lines that merely start
    /// with the boundary string are not delimiters.
    private func delimiterKind(_ lineStart: Int, _ end: Int, _ boundary: [UInt8]) -> Bool? {
        let b = lineStart + 2
        guard end - b >= boundary.count else { return nil }
        if memcmp(bytes.baseAddress! + b, boundary, boundary.count) != 0 { return nil }
        var i = b + boundary.count
        var close = false
        if i + 2 <= end, bytes[i] == 0x2D, bytes[i + 1] == 0x2D {
            close = true
            i += 2
        }
        while i < end {
            let c = bytes[i]
            if c == 0x0A { return close }
            if c != 0x20 && c != 0x09 && c != 0x0D { return nil }
            i += 1
        }
        return close
    }

    private func nextLine(_ i: Int, _ end: Int) -> Int {
        guard let base = bytes.baseAddress, let nl = memchr(base + i, 0x0A, end - i) else { return end }
        return base.distance(to: nl.assumingMemoryBound(to: UInt8.self)) + 1
    }

    /// The line break before a delimiter belongs to the delimiter (RFC 2046 §5.1.1).
    private func trimNewline(before i: Int, floor: Int) -> Int {
        var j = i
        if j > floor, bytes[j - 1] == 0x0A { j -= 1 }
        if j > floor, bytes[j - 1] == 0x0D { j -= 1 }
        return j
    }
}
