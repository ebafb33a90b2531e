import Crypto

/// A part that is not body text: a file, an inline image, an attached message.
public struct Attachment: Sendable {
    /// Safe to use as a file name: no path separators, no control characters, never empty.
    public var filename: String
    /// `type/subtype`, lowercased, without parameters.
    public var contentType: String
    /// `attachment` or `inline`.
    public var disposition: String
    public var contentID: String?
    /// The decoded bytes.
    public var data: [UInt8]
    /// Lowercase hex SHA-256 of `data`.
    public var sha256: String

    public var size: Int { data.count }

    init(filename: String, contentType: String, disposition: String, contentID: String?, data: [UInt8]) {
        self.filename = filename
        self.contentType = contentType
        self.disposition = disposition
        self.contentID = contentID
        self.data = data
        self.sha256 = SHA256.hash(data: data).hex
    }
}

extension Digest {
    /// Lowercase hex, as sha256 values are stored and printed everywhere in maildesk.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(Self.byteCount * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
