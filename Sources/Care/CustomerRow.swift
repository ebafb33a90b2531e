import Occasions

/// One customer as a marketing import describes them: every field but the address optional, already checked.
public struct CustomerRow: Sendable, Equatable {
    /// Lowercased: addresses merge case-insensitively.
    public var address: String
    public var name: String?
    public var birthday: BirthdayRule?
    /// An IANA zone (`Asia/Shanghai`).
    public var timezone: String?
    /// A locale tag (`en`, `zh`, `zh-Hant`).
    public var language: String?
    public var tags: [String]
    /// nil: the file does not say (an import never clears an opt-out; `customers set` can).
    public var optOut: Bool?
    /// Columns maildesk does not know, by header.
    public var attributes: [String: String]
    /// The line of the file the row starts on.
    public var line: Int

    public init(
        address: String, name: String? = nil, birthday: BirthdayRule? = nil, timezone: String? = nil,
        language: String? = nil, tags: [String] = [], optOut: Bool? = nil, attributes: [String: String] = [:],
        line: Int = 0
    ) {
        self.address = address
        self.name = name
        self.birthday = birthday
        self.timezone = timezone
        self.language = language
        self.tags = tags
        self.optOut = optOut
        self.attributes = attributes
        self.line = line
    }
}

/// A row that was not imported: where, and why in words that say how to fix it.
public struct RowProblem: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var reason: String

    public var description: String { "line \(line): \(reason)" }
}
