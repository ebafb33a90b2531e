/// `[robots]` in `config/maildesk.toml`: what becomes of mail machines sent (bounces, auto-replies, bulk).
public struct RobotSettings: Sendable, Equatable {
    /// What a newsletter, notification or list mail that answers none of our threads becomes.
    public enum BulkFiling: String, Sendable, Equatable, CaseIterable {
        /// A thread of kind `bulk`: never classified, assigned or acknowledged; hidden from `threads list`.
        case thread
        /// Stored, parsed and kept without a thread (`messages list` shows it).
        case drop
    }

    public var bulk: BulkFiling

    public init(bulk: BulkFiling = .thread) {
        self.bulk = bulk
    }

    enum Keys {
        static let bulk = ConfigKey<String>(
            "bulk", oneOf: BulkFiling.allCases.map(\.rawValue), default: "thread",
            doc: "Newsletters and list mail: \"thread\" (a thread of kind bulk) or \"drop\" (stored, no thread).")

        static let all: [any DeclaredKey] = [bulk]
    }

    static func read(_ table: TableReader, into settings: inout RobotSettings) {
        guard let value = table.string(Keys.bulk) else { return }
        if let filing = BulkFiling(rawValue: value) {
            settings.bulk = filing
        } else {
            let known = BulkFiling.allCases.map(\.rawValue)
            table.fail(
                Keys.bulk,
                "'bulk' must be \"thread\" or \"drop\""
                    + (Suggestions.closest(to: value, among: known).map { " — did you mean '\($0)'?" } ?? ""))
        }
    }
}
