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

    enum Keys {
        static let anyAgentMayAnswer = ConfigKey<Bool>(
            "any_agent_may_answer", default: false,
            doc: "Whether any active agent may answer with another agent's notification.")
        static let requireAuthentication = ConfigKey<Bool>(
            "require_authentication", default: false,
            doc: "Also require dkim=pass or spf=pass for the agent's domain in Authentication-Results.")
        static let relayName = ConfigKey<String>(
            "relay_name", oneOf: RelayName.allCases.map(\.rawValue), default: "agent",
            doc: "Whose name customers see on an answer: \"agent\" or \"company\".")
        static let noticesPerHour = ConfigKey<Int>(
            "notices_per_hour", in: 0...100, default: 3,
            doc: "Mails per agent and hour at most explaining why their mail was not relayed.")

        static let all: [any DeclaredKey] = [anyAgentMayAnswer, requireAuthentication, relayName, noticesPerHour]
    }

    static func read(_ table: TableReader, into settings: inout AgentReplySettings) {
        settings.anyAgentMayAnswer = table.bool(Keys.anyAgentMayAnswer) ?? settings.anyAgentMayAnswer
        settings.requireAuthentication = table.bool(Keys.requireAuthentication) ?? settings.requireAuthentication
        settings.noticesPerHour = table.integer(Keys.noticesPerHour) ?? settings.noticesPerHour
        if let name = table.string(Keys.relayName) {
            if let value = RelayName(rawValue: name) {
                settings.relayName = value
            } else {
                let known = RelayName.allCases.map(\.rawValue)
                table.fail(
                    Keys.relayName,
                    "'relay_name' must be \"agent\" or \"company\""
                        + (Suggestions.closest(to: name, among: known).map { " — did you mean '\($0)'?" } ?? ""))
            }
        }
    }
}
