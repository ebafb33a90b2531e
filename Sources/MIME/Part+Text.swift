import Charset

extension Part {
    /// The body with its transfer encoding undone.
    func decodedBytes(problems: inout [String]) -> [UInt8] {
        let (bytes, problem) = TransferDecoder.decode(body, transferEncoding)
        if let problem { problems.append(problem) }
        return bytes
    }

    /// A text part's content as UTF-8 with LF line ends; HTML stays HTML.
    func decodedText(problems: inout [String]) -> String {
        let bytes = decodedBytes(problems: &problems)
        var label = contentType.charset
        if label == nil && contentType.subtype == "html" { label = HTMLText.declaredCharset(bytes) }
        let decoded = Charset.decode(bytes, label: label)
        if let problem = decoded.problem { problems.append("\(contentType.mimeType): \(problem)") }
        var text = Part.normaliseNewlines(decoded.text)
        if contentType.subtype == "plain", contentType.parameters["format"]?.lowercased() == "flowed" {
            text = FlowedText.unwrap(text, delSp: contentType.parameters["delsp"]?.lowercased() == "yes")
        }
        return text
    }

    /// CR LF and lone CR become LF; NUL bytes are dropped (they end strings in C and SQLite).
    static func normaliseNewlines(_ text: String) -> String {
        var needsWork = false
        for b in text.utf8 where b == 0x0D || b == 0x00 { needsWork = true; break }
        guard needsWork else { return text }
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count)
        var previousCR = false
        for b in text.utf8 {
            if b == 0x00 { continue }
            if b == 0x0D { out.append(0x0A); previousCR = true; continue }
            if b == 0x0A && previousCR { previousCR = false; continue }
            previousCR = false
            out.append(b)
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension HTMLText {
    /// The charset an HTML document declares in a `<meta>` tag within its first 4 KB, if any.
    static func declaredCharset(_ bytes: [UInt8]) -> String? {
        let head = bytes.prefix(4096).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        let needle = Array("charset=".utf8)
        guard head.count > needle.count else { return nil }
        var i = 0
        while i + needle.count < head.count {
            if head[i] == needle[0] && Array(head[i..<i + needle.count]) == needle {
                var j = i + needle.count
                while j < head.count, head[j] == UInt8(ascii: "\"") || head[j] == UInt8(ascii: "'") || head[j] == 0x20 {
                    j += 1
                }
                let start = j
                while j < head.count, let c = Optional(head[j]),
                    c > 0x20, c != UInt8(ascii: "\""), c != UInt8(ascii: "'"), c != UInt8(ascii: ";"),
                    c != UInt8(ascii: ">"), c != UInt8(ascii: "/")
                { j += 1 }
                if j > start { return String(decoding: head[start..<j], as: UTF8.self) }
            }
            i += 1
        }
        return nil
    }
}
