import Foundation

/// `[assignment]` in `config/maildesk.toml`: who gets new threads.
public struct AssignmentSettings: Sendable, Equatable {
    /// The agents file, as written; nil means no agents (every thread waits in its team queue).
    public var agentsFile: String?
    /// Whether the open threads of an agent who became unavailable are assigned again on the next pass.
    public var rebalanceUnavailable: Bool
    /// Whether a customer's new thread goes to the agent who handled their previous one, when that agent fits.
    public var sticky: Bool

    public static let defaultAgentsFile = "config/agents.toml"

    public init(
        agentsFile: String? = AssignmentSettings.defaultAgentsFile, rebalanceUnavailable: Bool = true,
        sticky: Bool = true
    ) {
        self.agentsFile = agentsFile
        self.rebalanceUnavailable = rebalanceUnavailable
        self.sticky = sticky
    }
}

extension AssignmentSettings {
    enum Keys {
        static let agents = ConfigKey<String>(
            "agents", default: "config/agents.toml",
            doc: "Agents and team queues (\"\" for none: every thread waits unassigned).")
        static let rebalanceUnavailable = ConfigKey<Bool>(
            "rebalance_unavailable", default: true,
            doc: "Give the open threads of an agent who became unavailable to someone else.")
        static let sticky = ConfigKey<Bool>(
            "sticky", default: true,
            doc: "A customer's new or reopened thread goes to the agent they had before, when that agent fits.")

        static let all: [any DeclaredKey] = [agents, rebalanceUnavailable, sticky]
    }
}
