import Occasions
import Testing

@testable import Config

/// Each key's declared default in the rules, agents, service levels and campaign files is the reader's built-in
/// default: `key = <declared default>` in a table that needs nothing else reads to what the table reads without it.
@Suite("declared defaults of the table files are the built-in defaults")
struct DeclaredTableDefaultsTests {
    static let file = "defaults.toml"

    @Test func serviceLevelKeys() throws {
        let context = ServiceLevelsReader.Context(categories: ["other"], mailboxes: [], teams: [])
        let read: (TOMLDocument, Diagnostics) -> ServiceLevels = {
            ServiceLevelsReader.read($0, context: context, log: $1)
        }
        var problems = try Self.problems(EscalationSettings.Keys.all, in: "[escalation]\n", read: read)
        problems += try Self.problems(PendingSettings.Keys.all, in: "[pending]\n", read: read)
        problems += try Self.problems(SurveySettings.Keys.all, in: "[csat]\n", read: read)
        let hours = "[[business_hours]]\nname = \"office\"\ntimezone = \"UTC\"\n"
        problems += try Self.problems(BusinessHoursDefinition.Keys.all, in: hours, read: read)
        let policy = "[[policy]]\nname = \"all\"\nfirst_response = \"4h\"\n"
        problems += try Self.problems(SLAPolicy.Keys.all, in: policy, read: read)
        #expect(problems.isEmpty, "\(problems.joined(separator: "; "))")
    }

    @Test func ruleAndAgentKeys() throws {
        let names = RulesReader.Context(categories: ["billing"], mailboxes: [], agents: [])
        let rule = "[[rule]]\nname = \"r\"\nsubject_contains = [\"x\"]\nset_category = \"billing\"\n"
        var problems = try Self.problems(RuleDefinition.Keys.all, in: rule) {
            RulesReader.read($0, context: names, log: $1)
        }
        let agent = "[[agent]]\naddress = \"alice@example.com\"\n"
        problems += try Self.problems(AgentDefinition.Keys.all, in: agent) {
            AgentsReader.read($0, categories: ["other"], log: $1).agents
        }
        let team = "[[team]]\nname = \"T\"\ncategories = [\"other\"]\nqueue = \"t@example.com\"\n"
        problems += try Self.problems(TeamDefinition.Keys.all, in: team) {
            AgentsReader.read($0, categories: ["other"], log: $1).teams
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "; "))")
    }

    @Test func campaignAndOccasionKeys() throws {
        let read: (TOMLDocument, Diagnostics) -> CampaignDefinition? = {
            CampaignReader.read($0, holidays: .builtIn, log: $1)
        }
        var problems = try Self.problems(CampaignDefinition.Keys.all, in: "occasion = \"birthday\"\n", read: read)
        problems += try Self.problems(
            CampaignDefinition.SegmentKeys.all, in: "occasion = \"birthday\"\n[segment]\n", read: read)
        let occasion = "[[occasion]]\nid = \"anniversary\"\ndate = \"06-18\"\n"
        problems += try Self.problems(Holiday.Keys.all, in: occasion) { OccasionsReader.read($0, log: $1) }
        let override = "[[override]]\noccasion = \"new_year\"\nyear = 2027\ndate = 2027-01-02\n"
        problems += try Self.problems(HolidayCatalogue.Override.Keys.all, in: override) {
            OccasionsReader.read($0, log: $1)
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "; "))")
    }

    /// The keys of `keys` whose default, written after `context`, is refused or reads to something else.
    static func problems<Result: Equatable>(
        _ keys: [any DeclaredKey], in context: String, read: (TOMLDocument, Diagnostics) -> Result
    ) throws -> [String] {
        let plain = Diagnostics()
        let expected = read(try TOMLDocument.parse(context, file: file).get(), plain)
        guard plain.errors.isEmpty else { return ["the context \(context.debugDescription) is refused"] }
        var problems: [String] = []
        for key in keys {
            guard let literal = key.defaultLiteral else { continue }
            let log = Diagnostics()
            let document = try TOMLDocument.parse(context + "\(key.name) = \(literal)\n", file: file).get()
            if read(document, log) != expected || !log.errors.isEmpty {
                problems.append("\(key.name) = \(literal): " + DeclaredDefaultsTests.outcome(log))
            }
        }
        return problems
    }

    /// Each table's keys have distinct names and a one-line doc.
    @Test func declarationsAreComplete() {
        let tables: [String: [any DeclaredKey]] = [
            "rule": RuleDefinition.Keys.all, "agent": AgentDefinition.Keys.all, "team": TeamDefinition.Keys.all,
            "escalation": EscalationSettings.Keys.all, "pending": PendingSettings.Keys.all,
            "csat": SurveySettings.Keys.all, "business_hours": BusinessHoursDefinition.Keys.all,
            "policy": SLAPolicy.Keys.all, "campaign": CampaignDefinition.Keys.all,
            "segment": CampaignDefinition.SegmentKeys.all, "occasion": Holiday.Keys.all,
            "occasion name": LocalizedName.Keys.all, "override": HolidayCatalogue.Override.Keys.all
        ]
        for (table, keys) in tables {
            #expect(Set(keys.map(\.name)).count == keys.count, "[\(table)] declares a key twice")
            for key in keys {
                #expect(!key.doc.isEmpty && !key.doc.contains("\n"), "[\(table)] \(key.name): one line of doc")
            }
        }
    }
}
