import Foundation

/// Reads `config/rules.toml`: `[[rule]]` tables applied in order, recording every problem at its line.
enum RulesReader {
    typealias Keys = RuleDefinition.Keys

    static let ruleSchema = TableSchema(declared: Keys.all)
    static let schema = TableSchema(keys: [], tables: ["rule": ruleSchema])

    /// What the rules may refer to.
    struct Context {
        var categories: [String]
        var mailboxes: [String]
        var agents: [String]
    }

    static func read(_ document: TOMLDocument, context: Context, log: Diagnostics) -> [RuleDefinition] {
        let root = TableReader(document: document, log: log)
        for (key, value) in root.table where key != "rule" {
            root.fail(
                key,
                "unknown \(value.type == .array ? "table [[\(key)]]" : "key '\(Suggestions.keyName(key))'")"
                    + " — this file holds only [[rule]] tables")
        }
        var rules: [RuleDefinition] = []
        var names: [String: Int?] = [:]
        for (index, table) in (root.tables("rule") ?? []).enumerated() {
            table.rejectUnknownKeys(ruleSchema, root: schema)
            let line = document.index.line(for: ["rule", String(index)])
            guard let rule = readRule(table, line: line, context: context) else { continue }
            if let first = names[rule.name] {
                table.fail(
                    Keys.name,
                    "rule name '\(rule.name)' is already used" + (first.map { " at line \($0)" } ?? "")
                        + " — names identify rules in the event log: make them unique")
                continue
            }
            names[rule.name] = line
            rules.append(rule)
        }
        return rules
    }

    private static func readRule(_ table: TableReader, line: Int?, context: Context) -> RuleDefinition? {
        let before = table.log.count
        guard let name = table.string(Keys.name), !name.trimmingSpaces.isEmpty else {
            if !table.has(Keys.name) {
                table.fail(nil, "[[rule]] needs a name, e.g. name = \"Invoices go to billing\" (events cite it)")
            } else {
                table.fail(Keys.name, "'name' must not be empty")
            }
            return nil
        }
        var rule = RuleDefinition(name: name, line: line)

        rule.always = table.bool(Keys.always) ?? false
        rule.mailboxes = table.strings(Keys.mailbox) ?? []
        for mailbox in rule.mailboxes where !context.mailboxes.contains(mailbox) {
            var message =
                "unknown mailbox '\(mailbox)' (the mailboxes are \(context.mailboxes.joined(separator: ", ")))"
            if let guess = Suggestions.closest(to: mailbox, among: context.mailboxes) {
                message += " — did you mean '\(guess)'?"
            }
            table.fail(Keys.mailbox, message)
        }
        rule.from = (table.strings(Keys.from) ?? []).map { $0.lowercased() }
        for pattern in rule.from where pattern.isEmpty || pattern.unicodeScalars.contains(where: FieldChecks.isControl)
        {
            table.fail(Keys.from, "'from' patterns must be addresses with * as a wildcard, e.g. \"*@example.com\"")
        }
        rule.subjectContains = nonEmpty(table, Keys.subjectContains)
        rule.bodyContains = nonEmpty(table, Keys.bodyContains)
        rule.textContains = nonEmpty(table, Keys.textContains)
        rule.subjectMatches = regex(table, Keys.subjectMatches)
        rule.bodyMatches = regex(table, Keys.bodyMatches)
        if table.has(Keys.header) {
            if let headers = table.table(Keys.header) {
                for key in headers.table.keys.sorted() {
                    guard let values = headers.strings(key) else { continue }
                    if key.isEmpty || !key.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 && $0 != ":" }) {
                        headers.fail(key, "'\(key)' is not a header field name")
                        continue
                    }
                    rule.headers[key.lowercased()] = values.map { $0.lowercased() }
                }
            }
        }
        rule.customerTags = (table.strings(Keys.customerTag) ?? []).map { $0.lowercased() }
        rule.languages = table.strings(Keys.language) ?? []
        for language in rule.languages where !(AgentsReader.knownLanguages + ["und"]).contains(language) {
            table.fail(
                Keys.language,
                "unknown language '\(language)' (known: "
                    + (AgentsReader.knownLanguages + ["und"]).joined(separator: ", ") + ")")
        }

        rule.setKind = oneOf(table, Keys.setKind)
        rule.setFeedbackType = oneOf(table, Keys.setFeedbackType)
        if rule.setFeedbackType != nil, rule.setKind == "need" {
            table.fail(Keys.setFeedbackType, "set_feedback_type needs set_kind = \"feedback\" (or no set_kind)")
        }
        rule.setCategory = table.string(Keys.setCategory)
        if let category = rule.setCategory, let problem = AgentsReader.unknownCategory(category, context.categories) {
            table.fail(Keys.setCategory, problem)
        }
        rule.setPriority = oneOf(table, Keys.setPriority)
        rule.raisePriority = oneOf(table, Keys.raisePriority)
        if let agent = table.string(Keys.assign)?.lowercased() {
            if !context.agents.contains(agent) {
                var message = "'assign' names \(agent), who is not an [[agent]] in the agents file"
                if let guess = Suggestions.closest(to: agent, among: context.agents) {
                    message += " — did you mean \(guess)?"
                }
                table.fail(Keys.assign, message)
            }
            rule.assign = agent
        }
        rule.tagCustomer = (table.strings(Keys.tagCustomer) ?? []).map { $0.lowercased() }
        rule.review = table.bool(Keys.review) ?? false
        rule.stop = table.bool(Keys.stop) ?? false

        let conditions = Keys.conditions.map(\.name).filter(table.has)
        if conditions.isEmpty {
            table.fail(
                nil,
                "rule '\(name)' has no condition, so it would apply to every message — add one (e.g. "
                    + "subject_contains = [\"invoice\"]) or write always = true")
        } else if rule.always && conditions.count > 1 {
            table.fail(Keys.always, "always = true with other conditions: remove one or the other")
        }
        let actions = Keys.actions.map(\.name)
        if !actions.contains(where: table.has) {
            table.fail(
                nil,
                "rule '\(name)' does nothing — add an action: "
                    + actions.filter { $0 != Keys.stop.name }.joined(separator: ", "))
        }
        return table.log.count == before ? rule : nil
    }

    private static func nonEmpty(_ table: TableReader, _ key: ConfigKey<[String]>) -> [String] {
        let values = table.strings(key) ?? []
        if values.contains(where: { $0.isEmpty }) { table.fail(key, "'\(key.name)' must not contain an empty string") }
        return values.map { $0.lowercased() }
    }

    private static func regex(_ table: TableReader, _ key: ConfigKey<String>) -> String? {
        guard let pattern = table.string(key) else { return nil }
        do {
            _ = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
        } catch {
            table.fail(
                key, "'\(key.name)' is not a valid regular expression (ICU syntax): \(Suggestions.quoted(pattern))")
        }
        return pattern
    }

    private static func oneOf(_ table: TableReader, _ key: ConfigKey<String>) -> String? {
        guard let value = table.string(key) else { return nil }
        let values = key.choices
        guard values.contains(value) else {
            var message =
                "'\(key.name)' must be one of \(values.map { "\"\($0)\"" }.joined(separator: ", ")), got \(Suggestions.quoted(value))"
            if let guess = Suggestions.closest(to: value, among: values) { message += " — did you mean \"\(guess)\"?" }
            table.fail(key, message)
            return nil
        }
        return value
    }
}
