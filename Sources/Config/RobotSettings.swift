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

    static let keys = ["bulk"]

    static func read(_ table: TableReader, into settings: inout RobotSettings) {
        guard let value = table.string("bulk") else { return }
        if let filing = BulkFiling(rawValue: value) {
            settings.bulk = filing
        } else {
            let known = BulkFiling.allCases.map(\.rawValue)
            table.fail(
                "bulk",
                "'bulk' must be \"thread\" or \"drop\""
                    + (Suggestions.closest(to: value, among: known).map { " — did you mean '\($0)'?" } ?? ""))
        }
    }
}
