import Occasions

/// A customer as the care scheduler reads them.
public struct CareCustomer: Sendable {
    public var id: Int64
    public var address: String
    public var name: String?
    public var birthday: BirthdayRule?
    /// The customer's zone, nil for the `[care] default_timezone`.
    public var timezone: String?
    public var language: String?
    public var tags: [String]
    /// When they opted out of care mail, if they did.
    public var optedOutAt: String?
    public var undeliverable: Bool

    public init(
        id: Int64, address: String, name: String? = nil, birthday: BirthdayRule? = nil, timezone: String? = nil,
        language: String? = nil, tags: [String] = [], optedOutAt: String? = nil, undeliverable: Bool = false
    ) {
        self.id = id
        self.address = address
        self.name = name
        self.birthday = birthday
        self.timezone = timezone
        self.language = language
        self.tags = tags
        self.optedOutAt = optedOutAt
        self.undeliverable = undeliverable
    }
}
