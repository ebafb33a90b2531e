/// A file sent with a message: an attachment, or an inline image the HTML refers to by `cid:`.
public struct OutgoingAttachment: Sendable, Equatable {
    public var filename: String
    /// `image/png`; anything that is not `type/subtype` in plain tokens is sent as application/octet-stream.
    public var contentType: String
    public var bytes: [UInt8]
    /// Without angle brackets; set for an inline image (`<img src="cid:…">`).
    public var contentID: String?

    public init(filename: String, contentType: String, bytes: [UInt8], contentID: String? = nil) {
        self.filename = filename
        self.contentType = contentType
        self.bytes = bytes
        self.contentID = contentID
    }

    /// The part: base64 in 76-character lines, the name RFC 2231-encoded when it is not plain ASCII.
    func part() -> BodyEncoder.Part {
        let type = Self.isToken(contentType) ? contentType.lowercased() : "application/octet-stream"
        let name = Self.parameter(
            "filename", HeaderWriter.clean(filename).isEmpty ? "attachment" : HeaderWriter.clean(filename))
        var headers = ["Content-Type: \(type)", "Content-Transfer-Encoding: base64"]
        if let id = contentID.flatMap(MessageIDText.clean) {
            headers += ["Content-ID: <\(id)>", "Content-Disposition: inline;\r\n \(name)"]
        } else {
            headers.append("Content-Disposition: attachment;\r\n \(name)")
        }
        let encoded = Base64Text.encode(bytes)
        var lines: [Substring] = []
        var start = encoded.startIndex
        while start < encoded.endIndex {
            let end = encoded.index(start, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(encoded[start..<end])
            start = end
        }
        return BodyEncoder.Part(headers: headers, body: Array((lines.joined(separator: "\r\n") + "\r\n").utf8))
    }

    /// `filename="report.pdf"`, or `filename*=utf-8''%E6%8A%A5%E5%91%8A.pdf` (RFC 2231) when not plain ASCII.
    static func parameter(_ key: String, _ value: String) -> String {
        let plain = value.unicodeScalars.allSatisfy { $0.value >= 32 && $0.value < 127 && $0 != "\"" && $0 != "\\" }
        if plain { return "\(key)=\"\(value)\"" }
        let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
        var encoded = ""
        for byte in value.utf8 {
            if unreserved.contains(byte) {
                encoded.append(Character(UnicodeScalar(byte)))
            } else {
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return "\(key)*=utf-8''\(encoded)"
    }

    /// `type/subtype` of RFC 2045 token characters.
    static func isToken(_ type: String) -> Bool {
        let parts = type.split(separator: "/", omittingEmptySubsequences: false)
        let special = Set("()<>@,;:\\\"/[]?= ".unicodeScalars)
        return parts.count == 2
            && parts.allSatisfy { part in
                !part.isEmpty
                    && part.unicodeScalars.allSatisfy { $0.value > 32 && $0.value < 127 && !special.contains($0) }
            }
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
