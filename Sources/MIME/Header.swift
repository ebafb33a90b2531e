/// One header field, unfolded.
public struct HeaderField: Sendable, Equatable {
    /// The name as written (`Subject`, `X-Mailer`).
    public var name: String
    /// `name` lowercased, for lookups.
    public var key: String
    /// The value's bytes after unfolding, leading and trailing blanks removed, undecoded.
    public var raw: [UInt8]
    /// The value decoded for reading: encoded words and 8-bit bytes decoded, control characters removed.
    public var value: String

    /// The raw value as text, for structured fields whose syntax is ASCII.
    public var rawText: String { String(decoding: raw, as: UTF8.self) }
}

/// A header section: fields in their original order, with case-insensitive lookup.
public struct Header: Sendable, Equatable {
    public var fields: [HeaderField]

    public init(fields: [HeaderField] = []) { self.fields = fields }

    /// The first field named `name` (case-insensitive).
    public subscript(_ name: String) -> HeaderField? {
        let key = name.lowercased()
        return fields.first { $0.key == key }
    }

    /// Every field named `name`, in order.
    public func all(_ name: String) -> [HeaderField] {
        let key = name.lowercased()
        return fields.filter { $0.key == key }
    }

    public func contains(_ name: String) -> Bool { self[name] != nil }
}
