/// `[agents]` in `config/maildesk.toml`: who may answer customers by mail, and how their answers go out.
public struct AgentReplySettings: Sendable, Equatable {
    /// Whose name the customer sees on a relayed answer.
    public enum RelayName: String, Sendable, Equatable, CaseIterable {
        /// `"Wang Fang via Lumo" <support@…>`.
        case agent
        /// `"Lumo Support" <support@…>` (the `[smtp] from_name`).
        case company
    }

    /// True: any active agent may answer with a notification's address (teams that share threads). False: only
    /// the agent the notification was sent to.
    public var anyAgentMayAnswer: Bool
    /// Also require the receiving server's `Authentication-Results` to show `dkim=pass` or `spf=pass` for the
    /// agent's domain (for mailboxes that can receive forged mail from outside).
    public var requireAuthentication: Bool
    public var relayName: RelayName
    /// Mails telling an agent why their mail was not relayed, at most this many per agent per hour.
    public var noticesPerHour: Int

    public init(
        anyAgentMayAnswer: Bool = false, requireAuthentication: Bool = false, relayName: RelayName = .agent,
        noticesPerHour: Int = 3
    ) {
        self.anyAgentMayAnswer = anyAgentMayAnswer
        self.requireAuthentication = requireAuthentication
        self.relayName = relayName
        self.noticesPerHour = noticesPerHour
    }

    static let keys = ["any_agent_may_answer", "require_authentication", "relay_name", "notices_per_hour"]

    static func read(_ table: TableReader, into settings: inout AgentReplySettings) {
        settings.anyAgentMayAnswer = table.bool("any_agent_may_answer") ?? settings.anyAgentMayAnswer
        settings.requireAuthentication = table.bool("require_authentication") ?? settings.requireAuthentication
        settings.noticesPerHour = table.integer("notices_per_hour", in: 0...100) ?? settings.noticesPerHour
        if let name = table.string("relay_name") {
            if let value = RelayName(rawValue: name) {
                settings.relayName = value
            } else {
                let known = RelayName.allCases.map(\.rawValue)
                table.fail(
                    "relay_name",
                    "'relay_name' must be \"agent\" or \"company\""
                        + (Suggestions.closest(to: name, among: known).map { " — did you mean '\($0)'?" } ?? ""))
            }
        }
    }
}
