// The keys of `config/agents.toml`'s `[[agent]]` and `[[team]]` tables. Absent skills mean every category or
// language, so only `available` has a default; every value the shipped file shows is its agent's or team's own.

extension AgentDefinition {
    enum Keys {
        static let name = ConfigKey<String>(
            "name", default: nil, doc: "The agent's name in mail and reports; absent: the address.")
        static let address = ConfigKey<String>(
            "address", default: nil, doc: "The agent's address, unique: their identity in threads and events.")
        static let categories = ConfigKey<[String]>(
            "categories", default: nil, doc: "The categories the agent handles; absent: every category.")
        static let languages = ConfigKey<[String]>(
            "languages", default: nil, doc: "The languages the agent answers in (zh covers zh-Hant); absent: all.")
        static let maxOpen = ConfigKey<Int>(
            "max_open", in: 1...100_000, default: nil, doc: "Most open threads at once; absent: no limit.")
        static let available = ConfigKey<Bool>(
            "available", default: true, doc: "false takes the agent out of assignment until set back.")
        static let awayFrom = ConfigKey<CalendarDay>(
            "away_from", default: nil, doc: "Out of office from this day (in the gateway's local time zone) …")
        static let awayUntil = ConfigKey<CalendarDay>(
            "away_until", default: nil, doc: "… through this day (inclusive).")
        static let supervisor = ConfigKey<String>(
            "supervisor", default: nil, doc: "Another agent's address, for escalation.")

        static let all: [any DeclaredKey] = [
            name, address, categories, languages, maxOpen, available, awayFrom, awayUntil, supervisor
        ]
    }
}

extension TeamDefinition {
    enum Keys {
        static let name = ConfigKey<String>(
            "name", default: nil, doc: "The team's name; business hours in config/sla.toml name it.")
        static let categories = ConfigKey<[String]>(
            "categories", default: nil, doc: "The categories whose unassigned threads wait in its queue.")
        static let queue = ConfigKey<String>(
            "queue", default: nil, doc: "The team's shared address, told about threads no agent fits.")

        static let all: [any DeclaredKey] = [name, categories, queue]
    }
}
