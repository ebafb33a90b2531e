import Config
import Testing
@testable import Routing

/// One assignment: agents, loads, the request, the day; the expected owner (nil: queue) and a word of the reason.
struct AssignmentCase: CustomTestStringConvertible, Sendable {
    let name: String
    var agents: [AgentDefinition]
    var loads: [String: AgentLoad] = [:]
    var request = AssignmentRequest(category: "technical", language: "en")
    var today = CalendarDay(year: 2026, month: 11, day: 21)
    var sticky = true
    let expected: String?
    let reason: String
    var testDescription: String { name }
}

let ann = AgentDefinition(name: "Ann", address: "ann@x.test", categories: ["technical"], languages: ["en"], maxOpen: 3)
let bob = AgentDefinition(
    name: "Bob", address: "bob@x.test", categories: ["technical", "billing"], languages: ["en", "zh"])
let cai = AgentDefinition(name: "Cai", address: "cai@x.test", categories: ["billing"], languages: ["zh"])
let dee = AgentDefinition(name: "Dee", address: "dee@x.test")  // every category and language

func with(_ agent: AgentDefinition, _ change: (inout AgentDefinition) -> Void) -> AgentDefinition {
    var copy = agent
    change(&copy)
    return copy
}

let teams = [TeamDefinition(name: "Tech", categories: ["technical"], queue: "tech@x.test")]

@Suite("assignment")
struct AssignmentPolicyTests {
    static let cases: [AssignmentCase] = [
        // Least open.
        AssignmentCase(
            name: "fewest open wins", agents: [ann, bob],
            loads: ["ann@x.test": AgentLoad(open: 2), "bob@x.test": AgentLoad(open: 1)],
            expected: "bob@x.test", reason: "fewest open threads (1)"),
        AssignmentCase(
            name: "skills filter before load", agents: [cai, ann], loads: ["ann@x.test": AgentLoad(open: 2)],
            expected: "ann@x.test", reason: "among 1 matching agent"),
        AssignmentCase(
            name: "an agent without lists handles everything", agents: [dee],
            request: AssignmentRequest(category: "billing", language: "ko"),
            expected: "dee@x.test", reason: "fewest"),
        // Ties.
        AssignmentCase(
            name: "tie: never assigned first, then file order", agents: [ann, bob], expected: "ann@x.test",
            reason: "tie with bob@x.test broken round-robin"),
        AssignmentCase(
            name: "tie: longest since last assignment", agents: [ann, bob],
            loads: [
                "ann@x.test": AgentLoad(open: 1, lastAssigned: 9), "bob@x.test": AgentLoad(open: 1, lastAssigned: 4)
            ],
            expected: "bob@x.test", reason: "round-robin"),
        AssignmentCase(
            name: "tie: one never assigned beats one assigned", agents: [ann, bob],
            loads: ["ann@x.test": AgentLoad(open: 0, lastAssigned: 3)], expected: "bob@x.test", reason: "round-robin"),
        // Capacity.
        AssignmentCase(
            name: "max_open excludes a full agent", agents: [ann, bob],
            loads: ["ann@x.test": AgentLoad(open: 3), "bob@x.test": AgentLoad(open: 10)], expected: "bob@x.test",
            reason: "fewest open threads (10)"),
        AssignmentCase(
            name: "everyone full: team queue", agents: [ann], loads: ["ann@x.test": AgentLoad(open: 3)],
            expected: nil, reason: "ann@x.test at max_open 3"),
        // Availability.
        AssignmentCase(
            name: "unavailable agent skipped", agents: [with(ann) { $0.available = false }, bob],
            expected: "bob@x.test", reason: "fewest"),
        AssignmentCase(
            name: "away range includes its first day",
            agents: [
                with(ann) {
                    $0.awayFrom = CalendarDay(year: 2026, month: 11, day: 21);
                    $0.awayUntil = CalendarDay(year: 2026, month: 11, day: 30)
                }, bob
            ],
            expected: "bob@x.test", reason: "fewest"),
        AssignmentCase(
            name: "away range includes its last day",
            agents: [
                with(ann) {
                    $0.awayFrom = CalendarDay(year: 2026, month: 11, day: 1);
                    $0.awayUntil = CalendarDay(year: 2026, month: 11, day: 21)
                }, bob
            ],
            expected: "bob@x.test", reason: "fewest"),
        AssignmentCase(
            name: "back the day after away_until",
            agents: [
                with(ann) {
                    $0.awayFrom = CalendarDay(year: 2026, month: 11, day: 1);
                    $0.awayUntil = CalendarDay(year: 2026, month: 11, day: 20)
                }, bob
            ],
            expected: "ann@x.test", reason: "round-robin"),
        AssignmentCase(
            name: "away from a day on, open-ended",
            agents: [with(ann) { $0.awayFrom = CalendarDay(year: 2026, month: 11, day: 20) }, bob],
            expected: "bob@x.test", reason: "fewest"),
        AssignmentCase(
            name: "nobody available: queue names the reasons", agents: [with(ann) { $0.available = false }],
            expected: nil, reason: "ann@x.test marked unavailable"),
        AssignmentCase(name: "no agents at all", agents: [], expected: nil, reason: "no agents configured"),
        AssignmentCase(
            name: "no team for the category: no queue", agents: [],
            request: AssignmentRequest(category: "billing", language: "en"),
            expected: nil, reason: "no team queue"),
        // Languages.
        AssignmentCase(
            name: "zh agent answers zh-Hant", agents: [ann, bob],
            request: AssignmentRequest(category: "technical", language: "zh-Hant"),
            expected: "bob@x.test", reason: "among 1 matching agent"),
        AssignmentCase(
            name: "unknown language needs no skill", agents: [ann],
            request: AssignmentRequest(category: "technical", language: "und"),
            expected: "ann@x.test", reason: "fewest"),
        AssignmentCase(
            name: "nobody speaks it", agents: [ann], request: AssignmentRequest(category: "technical", language: "ja"),
            expected: nil, reason: "does not answer in ja"),
        // Sticky.
        AssignmentCase(
            name: "sticky beats a lighter agent", agents: [ann, bob], loads: ["ann@x.test": AgentLoad(open: 2)],
            request: AssignmentRequest(category: "technical", language: "en", previousAgents: ["ann@x.test"]),
            expected: "ann@x.test", reason: "sticky"),
        AssignmentCase(
            name: "sticky off", agents: [ann, bob], loads: ["ann@x.test": AgentLoad(open: 2)],
            request: AssignmentRequest(category: "technical", language: "en", previousAgents: ["ann@x.test"]),
            sticky: false,
            expected: "bob@x.test", reason: "fewest"),
        AssignmentCase(
            name: "sticky agent away", agents: [with(ann) { $0.available = false }, bob],
            request: AssignmentRequest(category: "technical", language: "en", previousAgents: ["ann@x.test"]),
            expected: "bob@x.test", reason: "previous agent ann@x.test marked unavailable"),
        AssignmentCase(
            name: "sticky agent lacks the skill", agents: [ann, bob],
            request: AssignmentRequest(category: "billing", language: "en", previousAgents: ["ann@x.test"]),
            expected: "bob@x.test", reason: "does not handle billing"),
        AssignmentCase(
            name: "sticky agent full", agents: [ann, bob], loads: ["ann@x.test": AgentLoad(open: 3)],
            request: AssignmentRequest(category: "technical", language: "en", previousAgents: ["ann@x.test"]),
            expected: "bob@x.test", reason: "at max_open 3"),
        AssignmentCase(
            name: "second previous agent when the first cannot", agents: [ann, bob, dee],
            request: AssignmentRequest(
                category: "technical", language: "en", previousAgents: ["gone@x.test", "dee@x.test"]),
            expected: "dee@x.test", reason: "sticky"),
        // A rule's agent.
        AssignmentCase(
            name: "rule agent regardless of skills", agents: [ann, cai],
            request: AssignmentRequest(category: "technical", language: "en", ruleAgent: ("cai@x.test", "rule:Legal")),
            expected: "cai@x.test", reason: "rule:Legal"),
        AssignmentCase(
            name: "rule agent away: normal policy", agents: [ann, with(cai) { $0.available = false }],
            request: AssignmentRequest(category: "technical", language: "en", ruleAgent: ("cai@x.test", "rule:Legal")),
            expected: "ann@x.test", reason: "rule:Legal named cai@x.test, who is marked unavailable"),
        AssignmentCase(
            name: "rule agent full: normal policy", agents: [with(cai) { $0.maxOpen = 1 }, ann],
            loads: ["cai@x.test": AgentLoad(open: 1)],
            request: AssignmentRequest(category: "technical", language: "en", ruleAgent: ("cai@x.test", "rule:Legal")),
            expected: "ann@x.test", reason: "at max_open 1")
    ]

    @Test(arguments: cases)
    func policy(_ c: AssignmentCase) {
        let policy = AssignmentPolicy(agents: c.agents, teams: teams, sticky: c.sticky)
        let decision = policy.decide(c.request, loads: c.loads, today: c.today)
        #expect(decision.agent == c.expected, "\(decision.reason)")
        #expect(decision.reason.contains(c.reason), "\(decision.reason)")
        if c.expected == nil, c.request.category == "technical" {
            #expect(decision == .queue("tech@x.test", reason: decision.reason))
        }
    }

    /// Ten threads for three equal agents, loads updated after each as the assign stage does: they spread 4/3/3
    /// in turn, and a full agent stops receiving.
    @Test func aBatchSpreadsRoundRobinAndRespectsCapacity() {
        let agents = [
            dee,
            with(dee) {
                $0.address = "eve@x.test"; $0.maxOpen = 2
            }, with(dee) { $0.address = "fay@x.test" }
        ]
        let policy = AssignmentPolicy(agents: agents, teams: [])
        var loads: [String: AgentLoad] = [:]
        var order: [String] = []
        for sequence in 1...10 {
            guard
                let agent = policy.decide(
                    AssignmentRequest(category: "other", language: "en"), loads: loads,
                    today: CalendarDay(year: 2026, month: 1, day: 1)
                ).agent
            else { break }
            order.append(String(agent.prefix(3)))
            loads[agent, default: AgentLoad()].open += 1
            loads[agent, default: AgentLoad()].lastAssigned = Int64(sequence)
        }
        #expect(order == ["dee", "eve", "fay", "dee", "eve", "fay", "dee", "fay", "dee", "fay"])
    }
}
