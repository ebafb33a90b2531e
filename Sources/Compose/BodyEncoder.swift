/// A text body as a MIME part: UTF-8 with CRLF line ends, quoted-printable when it is mostly ASCII (readable
/// in the raw), base64 when it is mostly not (Chinese text is a third shorter than in quoted-printable).
enum BodyEncoder {
    struct Part {
        var headers: [String]
        var body: [UInt8]
    }

    static func part(contentType: String, text: String) -> Part {
        let bytes = crlfBytes(text)
        let nonASCII = bytes.reduce(0) { $0 + ($1 >= 0x80 ? 1 : 0) }
        if nonASCII * 3 > bytes.count {
            var lines: [String] = []
            let encoded = Base64Text.encode(bytes)
            var start = encoded.startIndex
            while start < encoded.endIndex {
                let end = encoded.index(start, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
                lines.append(String(encoded[start..<end]))
                start = end
            }
            return Part(
                headers: ["Content-Type: \(contentType)", "Content-Transfer-Encoding: base64"],
                body: Array((lines.joined(separator: "\r\n") + "\r\n").utf8))
        }
        return Part(
            headers: ["Content-Type: \(contentType)", "Content-Transfer-Encoding: quoted-printable"],
            body: quotedPrintable(bytes))
    }

    /// The text's UTF-8 with LF, CR and CRLF all as CRLF, ending with one line end; one pass over the bytes
    /// (Foundation's replacing took half of composing a notification).
    static func crlfBytes(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + text.utf8.count / 16 + 2)
        var afterCR = false
        for byte in text.utf8 {
            if byte == 0x0A && afterCR {
                afterCR = false
                continue
            }
            afterCR = byte == 0x0D
            if byte == 0x0D || byte == 0x0A {
                out.append(0x0D)
                out.append(0x0A)
            } else {
                out.append(byte)
            }
        }
        if out.count < 2 || out[out.count - 1] != 0x0A { out += [0x0D, 0x0A] }
        return out
    }

    /// RFC 2045 quoted-printable of CRLF text: lines at most 76 characters (soft breaks `=`), `=`, controls and
    /// 8-bit bytes as `=XX`, blanks before a line end encoded, a lone "." or "From " at a line start encoded so
    /// that no transport changes the body.
    static func quotedPrintable(_ bytes: [UInt8]) -> [UInt8] {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        var lineLength = 0
        var i = 0
        func emit(_ piece: [UInt8]) {
            if lineLength + piece.count > 75 {
                out += [UInt8(ascii: "="), 13, 10]
                lineLength = 0
            }
            out += piece
            lineLength += piece.count
        }
        while i < bytes.count {
            let b = bytes[i]
            if b == 13 && i + 1 < bytes.count && bytes[i + 1] == 10 {
                out += [13, 10]
                lineLength = 0
                i += 2
                continue
            }
            let atLineEnd = i + 1 >= bytes.count || bytes[i + 1] == 13
            // A byte that no longer fits goes after a soft break, so it starts a line too.
            let atLineStart = lineLength == 0 || lineLength + 1 > 75
            let needsEscape =
                b == UInt8(ascii: "=") || b >= 0x7F || (b < 0x20 && b != 9)
                || ((b == 32 || b == 9) && atLineEnd)
                || (atLineStart && b == UInt8(ascii: "."))
                || (atLineStart && b == UInt8(ascii: "F") && startsFrom(bytes, i))
            if needsEscape {
                emit([UInt8(ascii: "="), hex[Int(b >> 4)], hex[Int(b & 15)]])
            } else {
                emit([b])
            }
            i += 1
        }
        if out.suffix(2) != [13, 10] { out += [13, 10] }
        return out
    }

    private static func startsFrom(_ bytes: [UInt8], _ i: Int) -> Bool {
        let from = Array("From ".utf8)
        return i + from.count <= bytes.count && Array(bytes[i..<(i + from.count)]) == from
    }
}
