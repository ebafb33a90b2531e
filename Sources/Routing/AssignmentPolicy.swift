import ThreadFields

/// An agent's current load, as the store counts it.
public struct AgentLoad: Sendable, Equatable {
    /// Open and pending threads assigned to the agent.
    public var open: Int
    /// The sequence number of the agent's latest assignment (0: never), for round-robin among equals.
    public var lastAssigned: Int64

    public init(open: Int = 0, lastAssigned: Int64 = 0) {
        self.open = open
        self.lastAssigned = lastAssigned
    }
}

/// A thread waiting for an owner.
public struct AssignmentRequest: Sendable {
    public var category: String
    public var language: String
    /// Agents the customer worked with before, most recent first (the thread's previous owner on a reopen).
    public var previousAgents: [String]
    /// An agent a rule named, and the rule.
    public var ruleAgent: (agent: String, by: String)?

    public init(
        category: String, language: String, previousAgents: [String] = [],
        ruleAgent: (agent: String, by: String)? = nil
    ) {
        self.category = category
        self.language = language
        self.previousAgents = previousAgents.map { $0.lowercased() }
        self.ruleAgent = ruleAgent
    }
}

/// Who gets a thread, and why.
public enum AssignmentDecision: Sendable, Equatable {
    /// An agent (their address).
    case agent(String, reason: String)
    /// Nobody fits: the thread waits unassigned in its category's team queue (nil when no team has it).
    case queue(String?, reason: String)

    public var agent: String? {
        if case .agent(let address, _) = self { return address }
        return nil
    }

    public var reason: String {
        switch self {
        case .agent(_, let reason), .queue(_, let reason): return reason
        }
    }
}

/// The assignment policy: a rule's agent, then the customer's previous agent (sticky), then the matching agent
/// with the fewest open threads, ties broken round-robin; `max_open` and availability always hold. Pure: the
/// caller supplies loads and the day, and updates the loads after each decision.
public struct AssignmentPolicy: Sendable {
    public let agents: [AgentDefinition]
    public let teams: [TeamDefinition]
    public let sticky: Bool

    public init(agents: [AgentDefinition], teams: [TeamDefinition], sticky: Bool = true) {
        self.agents = agents
        self.teams = teams
        self.sticky = sticky
    }

    public func agent(_ address: String) -> AgentDefinition? {
        agents.first { $0.address == address.lowercased() }
    }

    /// The team queue for `category`, if a team has it.
    public func team(for category: String) -> TeamDefinition? {
        teams.first { $0.categories.contains(category) }
    }

    /// Why `agent` cannot take the request's thread, or nil when they can. `skills: false` skips the category
    /// and language checks (a rule's explicit choice).
    public func obstacle(
        _ agent: AgentDefinition, _ request: AssignmentRequest, loads: [String: AgentLoad],
        today: CalendarDay, skills: Bool = true
    ) -> String? {
        if let away = agent.unavailability(on: today) { return away }
        if skills && !agent.handles(category: request.category) { return "does not handle \(request.category)" }
        if skills && !agent.speaks(request.language) { return "does not answer in \(request.language)" }
        if let max = agent.maxOpen, (loads[agent.address]?.open ?? 0) >= max { return "at max_open \(max)" }
        return nil
    }

    public func decide(_ request: AssignmentRequest, loads: [String: AgentLoad], today: CalendarDay)
        -> AssignmentDecision
    {
        var notes: [String] = []
        if let (address, rule) = request.ruleAgent {
            if let agent = agent(address) {
                guard let obstacle = obstacle(agent, request, loads: loads, today: today, skills: false) else {
                    return .agent(agent.address, reason: rule)
                }
                notes.append("\(rule) named \(agent.address), who is \(obstacle)")
            } else {
                notes.append("\(rule) named \(address), who is not an agent")
            }
        }
        if sticky {
            for address in request.previousAgents {
                guard let agent = agent(address) else { continue }
                if let obstacle = obstacle(agent, request, loads: loads, today: today) {
                    notes.append("previous agent \(agent.address) \(obstacle)")
                    continue
                }
                return .agent(
                    agent.address, reason: (["sticky: the customer's previous agent"] + notes).joined(separator: "; "))
            }
        }
        var candidates: [(index: Int, agent: AgentDefinition, load: AgentLoad)] = []
        var refusals: [String] = []
        for (index, agent) in agents.enumerated() {
            if let obstacle = obstacle(agent, request, loads: loads, today: today) {
                refusals.append("\(agent.address) \(obstacle)")
            } else {
                candidates.append((index, agent, loads[agent.address] ?? AgentLoad()))
            }
        }
        guard let fewest = candidates.map(\.load.open).min() else {
            let team = team(for: request.category)
            var reason = "no agent available for \(request.category) in \(request.language)"
            if agents.isEmpty {
                reason += " (no agents configured)"
            } else if !refusals.isEmpty {
                reason += " (" + refusals.joined(separator: "; ") + ")"
            }
            reason += team.map { "; waiting in team \($0.name)'s queue \($0.queue)" } ?? "; no team queue for it"
            return .queue(team?.queue, reason: (notes + [reason]).joined(separator: "; "))
        }
        let tied = candidates.filter { $0.load.open == fewest }
        // Round-robin among equals: whoever was assigned longest ago (never: first), then file order.
        let chosen = tied.min { ($0.load.lastAssigned, $0.index) < ($1.load.lastAssigned, $1.index) }!
        var reason =
            "fewest open threads (\(fewest)) among \(candidates.count) matching agent\(candidates.count == 1 ? "" : "s")"
        if tied.count > 1 {
            reason +=
                ", tie with \(tied.filter { $0.index != chosen.index }.map(\.agent.address).joined(separator: ", ")) broken round-robin"
        }
        return .agent(chosen.agent.address, reason: (notes + [reason]).joined(separator: "; "))
    }
}
