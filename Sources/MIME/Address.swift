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

extension Address {
    /// Display-name text from raw phrase or comment bytes: RFC 2047 words decoded (inside quoted strings too, as
    /// Outlook and QQ write them), raw 8-bit bytes decoded, blanks collapsed and trimmed; nil if nothing is left.
    static func displayText(_ raw: [UInt8], problems: inout [String]) -> String? {
        guard raw.contains(where: { $0 > 0x20 }) else { return nil }
        let text = HeaderText.decode(raw, problems: &problems)  // control characters come back as spaces
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var blank = false
        for c in text.utf8 {
            if c == 0x20 {
                blank = !out.isEmpty
            } else {
                if blank { out.append(0x20) }
                blank = false
                out.append(c)
            }
        }
        return out.isEmpty ? nil : String(decoding: out, as: UTF8.self)
    }
}
