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
