/// One mailbox of an address header: a display name, an address, or both (never neither).
public struct Address: Sendable, Hashable, Codable {
    /// Decoded display name (RFC 2047 and raw 8-bit decoded, whitespace collapsed), nil when absent.
    public var name: String?
    /// The address as written (domain case kept), without angle brackets, comments or route; nil for a bare name.
    public var address: String?

    public init(name: String? = nil, address: String? = nil) {
        self.name = name
        self.address = address
    }

    enum CodingKeys: String, CodingKey {
        case name, address
    }

    /// Writes absent values as JSON null: `parse --json` documents `name` and `address` as always present.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(address, forKey: .address)
    }
}
