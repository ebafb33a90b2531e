/// Reads `config/agents.toml`: `[[agent]]` and `[[team]]` tables, recording every problem at its line.
enum AgentsReader {
    static let schema = TableSchema(keys: [], tables: ["agent": agentSchema, "team": teamSchema])
    static let agentSchema = TableSchema(declared: AgentDefinition.Keys.all)
    static let teamSchema = TableSchema(declared: TeamDefinition.Keys.all)

    /// Languages an agent may list: the ones the classifier tells apart.
    static let knownLanguages = ["zh", "zh-Hant", "en", "ja", "ko"]

    static func read(_ document: TOMLDocument, categories: [String], log: Diagnostics)
        -> (agents: [AgentDefinition], teams: [TeamDefinition])
    {
        let root = TableReader(document: document, log: log)
        for (key, value) in root.table where value.type != .array {
            let guess = Suggestions.closest(to: key, among: ["agent", "team"])
            root.fail(
                key,
                "unknown key '\(Suggestions.keyName(key))' — this file holds only [[agent]] and [[team]] "
                    + "tables" + (guess.map { " (did you mean [[\($0)]]?)" } ?? ""))
        }
        for (key, value) in root.table where value.type == .array && !["agent", "team"].contains(key) {
            let guess = Suggestions.closest(to: key, among: ["agent", "team"])
            root.fail(
                key,
                "unknown table [[\(key)]]" + (guess.map { " — did you mean [[\($0)]]?" } ?? "")
                    + " (this file holds [[agent]] and [[team]] tables)")
        }

        var agents: [AgentDefinition] = []
        var firstLine: [String: Int?] = [:]
        for table in root.tables("agent") ?? [] {
            table.rejectUnknownKeys(agentSchema, root: schema)
            guard let agent = readAgent(table, categories: categories) else { continue }
            if let first = firstLine[agent.address] {
                table.fail(
                    AgentDefinition.Keys.address,
                    "agent \(agent.address) is already defined" + (first.map { " at line \($0)" } ?? "")
                        + " — each agent once")
                continue
            }
            firstLine[agent.address] = table.line(of: AgentDefinition.Keys.address.name)
            agents.append(agent)
        }
        let addresses = Set(agents.map(\.address))
        for (index, agent) in agents.enumerated() {
            if let supervisor = agent.supervisor, !addresses.contains(supervisor) {
                log.add(
                    document.file,
                    line: document.index.line(for: ["agent", String(index), AgentDefinition.Keys.supervisor.name]),
                    "supervisor \(supervisor) of \(agent.address) is not an agent in this file — add them as an "
                        + "[[agent]] or fix the address")
            }
        }

        var teams: [TeamDefinition] = []
        var claimed: [String: String] = [:]
        for table in root.tables("team") ?? [] {
            table.rejectUnknownKeys(teamSchema, root: schema)
            typealias Keys = TeamDefinition.Keys
            let name = table.string(Keys.name)
            if name == nil && !table.has(Keys.name) {
                table.fail(nil, "[[team]] needs a name, e.g. name = \"Technical\"")
            }
            let queue = table.string(Keys.queue)
            if queue == nil && !table.has(Keys.queue) {
                table.fail(nil, "[[team]] needs a queue address, e.g. queue = \"tech@example.com\"")
            }
            if let queue, let problem = FieldChecks.address(Keys.queue.name, queue) { table.fail(Keys.queue, problem) }
            let teamCategories = table.strings(Keys.categories) ?? []
            if !table.has(Keys.categories) {
                table.fail(nil, "[[team]] needs categories, e.g. categories = [\"technical\"]")
            }
            for category in teamCategories {
                if let problem = unknownCategory(category, categories) { table.fail(Keys.categories, problem) }
                if let owner = claimed[category] {
                    table.fail(
                        Keys.categories,
                        "category '\(category)' already belongs to team \(owner) — one queue per "
                            + "category")
                }
                if let name { claimed[category] = name }
            }
            if let name, let queue, FieldChecks.address(Keys.queue.name, queue) == nil {
                teams.append(TeamDefinition(name: name, categories: teamCategories, queue: queue))
            }
        }
        return (agents, teams)
    }

    private static func readAgent(_ table: TableReader, categories: [String]) -> AgentDefinition? {
        typealias Keys = AgentDefinition.Keys
        let before = table.log.count
        let address = table.string(Keys.address)
        if address == nil && !table.has(Keys.address) {
            table.fail(nil, "[[agent]] needs an address, e.g. address = \"alice@example.com\"")
        }
        if let address, let problem = FieldChecks.address(Keys.address.name, address) {
            table.fail(Keys.address, problem)
        }
        let name = table.string(Keys.name) ?? address ?? ""
        let skills = table.strings(Keys.categories) ?? []
        for category in skills {
            if let problem = unknownCategory(category, categories) { table.fail(Keys.categories, problem) }
        }
        let languages = table.strings(Keys.languages) ?? []
        for language in languages where !knownLanguages.contains(language) {
            var message = "unknown language '\(language)' (known: \(knownLanguages.joined(separator: ", ")))"
            if let guess = Suggestions.closest(to: language, among: knownLanguages) {
                message += " — did you mean '\(guess)'?"
            }
            table.fail(Keys.languages, message)
        }
        let maxOpen = table.integer(Keys.maxOpen)
        let available = table.bool(Keys.available) ?? true
        let from = table.calendarDate(Keys.awayFrom)
        let until = table.calendarDate(Keys.awayUntil)
        if let from, let until, until < from {
            table.fail(Keys.awayUntil, "away_until \(until) is before away_from \(from)")
        }
        let supervisor = table.string(Keys.supervisor)
        if let supervisor, let problem = FieldChecks.address(Keys.supervisor.name, supervisor) {
            table.fail(Keys.supervisor, problem)
        }
        guard table.log.count == before, let address else { return nil }
        return AgentDefinition(
            name: name, address: address, categories: skills, languages: languages, maxOpen: maxOpen,
            available: available, awayFrom: from, awayUntil: until,
            supervisor: supervisor?.lowercased())
    }

    /// The message for a category that `[classification] categories` does not list, or nil.
    static func unknownCategory(_ category: String, _ categories: [String]) -> String? {
        if categories.contains(category) { return nil }
        var message =
            "unknown category '\(category)' (the categories are \(categories.joined(separator: ", ")); "
            + "more can be added in [classification] categories)"
        if let guess = Suggestions.closest(to: category, among: categories) { message += " — did you mean '\(guess)'?" }
        return message
    }
}
