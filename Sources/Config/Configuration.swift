import Occasions

/// Everything the gateway needs to run: its settings and the mailboxes it watches, validated.
public struct Configuration: Sendable, Equatable {
    /// The settings from the config file.
    public var gateway: GatewayConfig
    /// The mailboxes, in file-name order (never empty once loaded).
    public var mailboxes: [MailboxDefinition]
    /// Agents, teams and rules (from the files named in `[assignment]` and `[classification]`).
    public var routing: Routing
    /// Care campaigns (`[care] campaigns`), by name.
    public var campaigns: [CampaignDefinition] = []
    /// SLA policies, business hours, reminders and surveys (`[followup] sla`); nil: no follow-up.
    public var serviceLevels: ServiceLevels?
    /// The holidays campaigns and business hours name: built-in, plus `[care] occasions` (custom occasions and
    /// per-year overrides).
    public var holidays: HolidayCatalogue = .builtIn

    /// The agents file and the rules file.
    public struct Routing: Sendable, Equatable {
        public var agents: [AgentDefinition]
        public var teams: [TeamDefinition]
        public var rules: [RuleDefinition]

        public init(agents: [AgentDefinition] = [], teams: [TeamDefinition] = [], rules: [RuleDefinition] = []) {
            self.agents = agents
            self.teams = teams
            self.rules = rules
        }
    }

    /// A configuration of these parts (not validated; `ConfigLoader` validates).
    public init(
        gateway: GatewayConfig, mailboxes: [MailboxDefinition], routing: Routing = Routing(),
        campaigns: [CampaignDefinition] = [], serviceLevels: ServiceLevels? = nil,
        holidays: HolidayCatalogue = .builtIn
    ) {
        self.gateway = gateway
        self.mailboxes = mailboxes
        self.routing = routing
        self.campaigns = campaigns
        self.serviceLevels = serviceLevels
        self.holidays = holidays
    }

    /// The domain for maildesk's own Message-IDs: `[threading] domain`, else the first mailbox address's domain.
    public var messageIDDomain: String? {
        gateway.threading.domain ?? mailboxes.first?.addressDomain
    }

    /// The address outbound mail comes from: `[smtp] from`, else the first mailbox's address.
    public var outboundFrom: String {
        gateway.smtp.from ?? mailboxes.first?.address.lowercased() ?? "maildesk@localhost"
    }

    /// Every address that is maildesk's own (mailboxes, the From and envelope senders, agents, team queues):
    /// mail from one of them is never answered automatically.
    public var ownAddresses: Set<String> {
        var own = Set(mailboxes.map { $0.address.lowercased() })
        own.insert(outboundFrom)
        if let envelope = gateway.smtp.envelopeFrom { own.insert(envelope) }
        for agent in routing.agents { own.insert(agent.address) }
        for team in routing.teams { own.insert(team.queue) }
        return own
    }

    /// The trained classifier model's file: `classifier.json` beside the store.
    public var classifierModelPath: String {
        let store = gateway.store.path
        guard let slash = store.lastIndex(of: "/") else { return "classifier.json" }
        return String(store[...slash]) + "classifier.json"
    }

    /// The campaign named `name`, if any.
    public func campaign(named name: String) -> CampaignDefinition? {
        campaigns.first { $0.name == name }
    }

    /// The mailbox named `name`, if any.
    public func mailbox(named name: String) -> MailboxDefinition? {
        mailboxes.first { $0.name == name }
    }

    /// A copy whose store, mailboxes, Maildir and CA file paths are absolute, resolved against `workingDirectory`.
    public func resolvingPaths(against workingDirectory: String) -> Configuration {
        var copy = self
        copy.gateway.store.path = ConfigPaths.absolute(gateway.store.path, workingDirectory: workingDirectory)
        copy.gateway.mailboxesDirectory = ConfigPaths.absolute(
            gateway.mailboxesDirectory, workingDirectory: workingDirectory)
        for index in copy.mailboxes.indices {
            switch copy.mailboxes[index].source {
            case .maildir(let path):
                copy.mailboxes[index].source = .maildir(
                    path: ConfigPaths.absolute(path, workingDirectory: workingDirectory))
            case .imap(var settings):
                settings.tlsCAFile = settings.tlsCAFile.map {
                    ConfigPaths.absolute($0, workingDirectory: workingDirectory)
                }
                copy.mailboxes[index].source = .imap(settings)
            case .pipe:
                break
            }
        }
        return copy
    }

    /// The IMAP password: the `environment` variable named by `settings.passwordEnv`, nil when unset or empty.
    public func password(for settings: IMAPSettings, environment: [String: String]) -> String? {
        guard let value = environment[settings.passwordEnv], !value.isEmpty else { return nil }
        return value
    }
}
