import Config
import Testing

enum AgentsFileCase: ErrorCaseFile { static let prefix = "config/agents.toml:" }
enum RulesFileCase: ErrorCaseFile { static let prefix = "config/rules.toml:" }

/// config/agents.toml and config/rules.toml: what loads, and each mistake with the exact line printed.
@Suite struct RoutingConfigTests {
    static let agent = "[[agent]]\nname = \"Ann\"\naddress = \"ann@example.com\"\n"

    static let agentCases: [ErrorCase<AgentsFileCase>] = [
        .init("[[agent]]\nname = \"Ann\"\n", "1: [[agent]] needs an address, e.g. address = \"alice@example.com\""),
        .init(
            agent + "categories = [\"tech\"]\n",
            "4: unknown category 'tech' (the categories are sales, technical, after_sales, billing, other; more can be added in [classification] categories) — did you mean 'technical'?"
        ),
        .init(
            agent + "languages = [\"zh-hant\"]\n",
            "4: unknown language 'zh-hant' (known: zh, zh-Hant, en, ja, ko) — did you mean 'zh-Hant'?"),
        .init(agent + "max_open = 0\n", "4: 'max_open' must be between 1 and 100000, got 0"),
        .init(
            agent + "away_from = 2026-12-24\naway_until = 2026-12-20\n",
            "5: away_until 2026-12-20 is before away_from 2026-12-24"),
        .init(
            agent + "away_from = \"24.12.2026\"\n",
            "4: 'away_from' must be a date written YYYY-MM-DD, e.g. away_from = 2026-12-24"),
        .init(agent + "avaliable = false\n", "4: unknown key 'avaliable' in [[agent]] #1 — did you mean 'available'?"),
        .init(
            agent + "supervisor = \"boss@example.com\"\n",
            "4: supervisor boss@example.com of ann@example.com is not an agent in this file — add them as an [[agent]] or fix the address"
        ),
        .init(
            agent + agent.replacingOccurrences(of: "Ann", with: "Ann B"),
            "6: agent ann@example.com is already defined at line 3 — each agent once"),
        .init(
            "[[agents]]\nname = \"x\"\n",
            "1: unknown table [[agents]] — did you mean [[agent]]? (this file holds [[agent]] and [[team]] tables)"),
        .init(
            "[[team]]\nname = \"Tech\"\ncategories = [\"technical\"]\n",
            "1: [[team]] needs a queue address, e.g. queue = \"tech@example.com\""),
        .init(
            "[[team]]\nname = \"A\"\ncategories = [\"technical\"]\nqueue = \"a@x.com\"\n[[team]]\nname = \"B\"\ncategories = [\"technical\"]\nqueue = \"b@x.com\"\n",
            "7: category 'technical' already belongs to team A — one queue per category")
    ]

    @Test(arguments: agentCases)
    func agentsFile(_ c: ErrorCase<AgentsFileCase>) {
        let sandbox = Sandbox.make()
        sandbox.write("config/agents.toml", c.toml)
        #expect(sandbox.errorLines() == c.expected)
    }

    static let rule = "[[rule]]\nname = \"R\"\n"

    static let ruleCases: [ErrorCase<RulesFileCase>] = [
        .init(
            "[[rule]]\nsubject_contains = [\"x\"]\nset_category = \"billing\"\n",
            "1: [[rule]] needs a name, e.g. name = \"Invoices go to billing\" (events cite it)"),
        .init(
            rule + "set_category = \"billing\"\n",
            "1: rule 'R' has no condition, so it would apply to every message — add one (e.g. subject_contains = [\"invoice\"]) or write always = true"
        ),
        .init(
            rule + "always = true\n",
            "1: rule 'R' does nothing — add an action: set_kind, set_feedback_type, set_category, set_priority, raise_priority, assign, tag_customer, review"
        ),
        .init(
            rule + "always = true\nset_category = \"invoices\"\n",
            "4: unknown category 'invoices' (the categories are sales, technical, after_sales, billing, other; more can be added in [classification] categories)"
        ),
        .init(
            rule + "always = true\nset_priority = \"critical\"\n",
            "4: 'set_priority' must be one of \"urgent\", \"high\", \"normal\", \"low\", got \"critical\""),
        .init(
            rule + "mailbox = \"suport\"\nset_priority = \"low\"\n",
            "3: unknown mailbox 'suport' (the mailboxes are support) — did you mean 'support'?"),
        .init(
            rule + "subject_matches = \"([a-z\"\nset_priority = \"low\"\n",
            "3: 'subject_matches' is not a valid regular expression (ICU syntax): \"([a-z\""),
        .init(
            rule + "always = true\nassign = \"nobody@example.com\"\n",
            "4: 'assign' names nobody@example.com, who is not an [[agent]] in the agents file"),
        .init(
            rule + "subjectcontains = [\"x\"]\nset_priority = \"low\"\n",
            "3: unknown key 'subjectcontains' in [[rule]] #1 — did you mean 'subject_contains'?",
            "1: rule 'R' has no condition, so it would apply to every message — add one (e.g. subject_contains = [\"invoice\"]) or write always = true"
        ),
        .init(
            rule + "always = true\nset_kind = \"need\"\nset_feedback_type = \"praise\"\n",
            "5: set_feedback_type needs set_kind = \"feedback\" (or no set_kind)"),
        .init(
            rule + "header = { \"X-Priority\" = 1 }\nset_priority = \"low\"\n",
            "3: 'X-Priority' must be a string or a list of strings, e.g. X-Priority = [\"one\", \"two\"]"),
        .init(
            rule + "always = true\nset_priority = \"low\"\n" + rule + "always = true\nset_priority = \"high\"\n",
            "6: rule name 'R' is already used at line 1 — names identify rules in the event log: make them unique")
    ]

    @Test(arguments: ruleCases)
    func rulesFile(_ c: ErrorCase<RulesFileCase>) {
        let sandbox = Sandbox.make()
        sandbox.write("config/rules.toml", c.toml)
        #expect(sandbox.errorLines().sorted() == c.expected.sorted())
    }

    @Test func theRepositorysFilesLoad() throws {
        let configuration = try ConfigLoader.load(configPath: "config/maildesk.toml", workingDirectory: repositoryRoot)
        #expect(configuration.routing.agents.count >= 3)
        #expect(configuration.routing.teams.count >= 1)
        #expect(configuration.routing.rules.count >= 3)
        #expect(configuration.gateway.classification.categories == ClassificationSettings.defaultCategories)
    }

    @Test func absentDefaultFilesMeanNoAgentsAndNoRules() throws {
        let configuration = try Sandbox.make().load()
        #expect(configuration.routing == Configuration.Routing())
        #expect(configuration.gateway.assignment.rebalanceUnavailable)
    }

    @Test func aNamedFileThatIsMissingIsAnError() {
        let sandbox = Sandbox.make(config: "[assignment]\nagents = \"config/team.toml\"\n")
        #expect(
            sandbox.errorLines() == [
                "config/maildesk.toml:2: config/team.toml: not found (relative to the working directory $ROOT) — create it or fix agents in [assignment]"
            ])
    }

    @Test func everythingReadsBack() throws {
        let sandbox = Sandbox.make(
            config: """
                [classification]
                categories = ["hardware", "software", "misc"]
                threshold = 0.55
                vip_tags = ["VIP", "gold"]
                [assignment]
                sticky = false
                """)
        sandbox.write(
            "config/agents.toml",
            """
            [[agent]]
            name = "Ann"
            address = "Ann@Example.com"
            categories = ["software"]
            languages = ["zh"]
            max_open = 7
            away_from = 2026-12-24
            away_until = "2027-01-02"

            [[team]]
            name = "Soft"
            categories = ["software", "misc"]
            queue = "soft@example.com"
            """)
        sandbox.write(
            "config/rules.toml",
            """
            [[rule]]
            name = "Gold"
            customer_tag = "gold"
            from = ["*@Partner.example"]
            header = { "X-Mailer" = ["Outlook", "Foxmail"], "List-Id" = "*" }
            raise_priority = "high"
            assign = "ann@example.com"
            stop = true
            """)
        let c = try sandbox.load()
        #expect(c.gateway.classification.categories == ["hardware", "software", "misc"])
        #expect(c.gateway.classification.fallbackCategory == "misc")
        #expect(c.gateway.classification.threshold == 0.55)
        #expect(c.gateway.classification.vipTags == ["vip", "gold"])
        #expect(!c.gateway.assignment.sticky)
        let ann = try #require(c.routing.agents.first)
        #expect(ann.address == "ann@example.com")
        #expect(ann.awayFrom == CalendarDay(year: 2026, month: 12, day: 24))
        #expect(ann.awayUntil == CalendarDay(year: 2027, month: 1, day: 2))
        #expect(ann.unavailability(on: CalendarDay(year: 2027, month: 1, day: 1)) == "away until 2027-01-02")
        #expect(ann.unavailability(on: CalendarDay(year: 2027, month: 1, day: 3)) == nil)
        #expect(
            c.routing.teams == [
                TeamDefinition(name: "Soft", categories: ["software", "misc"], queue: "soft@example.com")
            ])
        let rule = try #require(c.routing.rules.first)
        #expect(rule.customerTags == ["gold"])
        #expect(rule.from == ["*@partner.example"])
        #expect(rule.headers == ["x-mailer": ["outlook", "foxmail"], "list-id": ["*"]])
        #expect(rule.assign == "ann@example.com")
        #expect(rule.stop)
        #expect(rule.line == 1)
    }
}
