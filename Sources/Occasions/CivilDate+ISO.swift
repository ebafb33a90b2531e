/// Why a string is not an ISO `YYYY-MM-DD` date.
public enum CivilDateParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not of the shape `YYYY-MM-DD` (four, two and two ASCII digits).
    case malformed(String)
    /// The shape is right but the day does not exist (`2025-02-29`, `2025-13-01`).
    case nonexistent(String)

    public var description: String {
        switch self {
        case .malformed(let text): "'\(text)' is not a date of the form YYYY-MM-DD"
        case .nonexistent(let text): "'\(text)' is not a day of the Gregorian calendar"
        }
    }
}

extension CivilDate {
    /// Parses `YYYY-MM-DD` strictly: no time, no zone, no missing zero padding.
    public init(iso text: some StringProtocol) throws(CivilDateParseError) {
        let fields = text.split(separator: "-", omittingEmptySubsequences: false)
        guard fields.count == 3, fields[0].count == 4, fields[1].count == 2, fields[2].count == 2,
            let year = Int(digits: fields[0]), let month = Int(digits: fields[1]), let day = Int(digits: fields[2])
        else { throw .malformed(String(text)) }
        guard let date = CivilDate(year: year, month: month, day: day) else { throw .nonexistent(String(text)) }
        self = date
    }
}

extension CivilDate: Codable {
    /// Decodes from the ISO string, so JSON carries `"2025-01-29"` rather than an object.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            self = try CivilDate(iso: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}

extension Int {
    /// An integer from ASCII digits only: unlike `Int(_:)` it refuses signs, so `-1-01` is not a year.
    init?(digits: some StringProtocol) {
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = Int(digits) else {
            return nil
        }
        self = value
    }
}
