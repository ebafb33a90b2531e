/// A parsed Content-Type: lowercased type and subtype, and parameters.
public struct ContentType: Sendable, Equatable {
    public var type: String
    public var subtype: String
    public var parameters: Parameters

    public var mimeType: String { "\(type)/\(subtype)" }
    public var charset: String? { parameters["charset"] }
    public var boundary: String? { parameters["boundary"] }
    public var isMultipart: Bool { type == "multipart" }
    public var isText: Bool { type == "text" }

    public init(type: String, subtype: String, parameters: Parameters = Parameters()) {
        self.type = type
        self.subtype = subtype
        self.parameters = parameters
    }

    static let textPlain = ContentType(type: "text", subtype: "plain")
    static let messageRFC822 = ContentType(type: "message", subtype: "rfc822")

    /// Parses a Content-Type value. Nil when there is no usable type at all; the caller applies the default.
    static func parse(_ raw: [UInt8], problems: inout [String]) -> ContentType? {
        let semicolon = raw.firstIndex(of: UInt8(ascii: ";")) ?? raw.endIndex
        let typeText = HeaderComments.removed(from: String(decoding: raw[..<semicolon], as: UTF8.self))
            .trimmingBlanks().lowercased()
        let parameters = Parameters.parse(raw[semicolon...], problems: &problems)
        let pieces = typeText.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let type = pieces.first.map { String($0).trimmingBlanks() } ?? ""
        var subtype = pieces.count > 1 ? String(pieces[1]).trimmingBlanks() : ""
        // "text/plain foo" or "text/html,": keep the leading token only.
        if let stop = subtype.firstIndex(where: { $0 == " " || $0 == "," || $0 == "\t" }) {
            subtype = String(subtype[..<stop])
        }
        guard !type.isEmpty, type.allSatisfy(isTokenCharacter) else {
            problems.append("unusable Content-Type '\(typeText.prefix(60))'")
            return nil
        }
        if subtype.isEmpty || !subtype.allSatisfy(isTokenCharacter) {
            problems.append("Content-Type '\(typeText.prefix(60))' has no valid subtype")
            switch type {
            case "text": subtype = "plain"
            case "multipart": subtype = "mixed"
            case "message": subtype = "rfc822"
            default: subtype = "octet-stream"
            }
        }
        return ContentType(type: type, subtype: subtype, parameters: parameters)
    }

    private static func isTokenCharacter(_ c: Character) -> Bool {
        guard let a = c.asciiValue else { return false }
        return a > 32 && a < 127 && !"()<>@,;:\\\"/[]?=".utf8.contains(a)
    }
}

/// A parsed Content-Disposition: `inline` or `attachment` (others kept as written) and parameters.
public struct ContentDisposition: Sendable, Equatable {
    public var type: String
    public var parameters: Parameters

    public var filename: String? { parameters["filename"] }

    static func parse(_ raw: [UInt8], problems: inout [String]) -> ContentDisposition {
        let semicolon = raw.firstIndex(of: UInt8(ascii: ";")) ?? raw.endIndex
        let type = String(decoding: raw[..<semicolon], as: UTF8.self).trimmingBlanks().lowercased()
        return ContentDisposition(type: type, parameters: Parameters.parse(raw[semicolon...], problems: &problems))
    }
}

extension String {
    func trimmingBlanks() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}
