import Config
import Foundation
import Logging
import Pipeline
import Store
import TestSupport
import Testing

/// A gateway in a temporary folder: a Maildir, a mailbox definition, a real SQLite file.
struct TestGateway {
    let root: URL
    let maildir: URL
    var afterImport: AfterImport
    var kind: ThreadKind = .need
    /// Agents, teams and rules.
    var routing = Configuration.Routing()
    /// The clock of every pipeline this gateway makes (and of copies of it): setting `now` moves them all.
    var clock = ManualClock(Date())
    var now: Date {
        get { clock.now }
        nonmutating set { clock.set(newValue) }
    }
    /// The templates folder (absolute), or nil for none (the answer stage then waits).
    var templates: String?
    /// `[agents] any_agent_may_answer`.
    var anyAgentMayAnswer = false
    /// `[robots]`.
    var robots = RobotSettings()
    /// Any other setting, applied last.
    var configure: (inout GatewayConfig) -> Void = { _ in }
    /// Care campaigns and `[care]`.
    var campaigns: [CampaignDefinition] = []
    var care = CareSettings()
    /// `config/sla.toml` (nil: no follow-up).
    var serviceLevels: ServiceLevels?

    init(afterImport: AfterImport = .seen) throws {
        root = try TemporaryFolder.make("maildesk-test")
        maildir = root.appendingPathComponent("Maildir")
        for sub in ["new", "cur", "tmp"] {
            try FileManager.default.createDirectory(
                at: maildir.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        self.afterImport = afterImport
    }

    var configuration: Configuration {
        let mailbox = MailboxDefinition(
            name: "support", source: .maildir(path: maildir.path), kind: kind,
            address: "support@desk.example", afterImport: afterImport, file: "support.toml")
        var gateway = GatewayConfig(file: "maildesk.toml")
        gateway.store.path = root.appendingPathComponent("maildesk.sqlite").path
        gateway.threading.domain = "desk.example"
        gateway.classification.trainingData = repositoryRoot + "/config/training"
        if let templates { gateway.outbound.templates = templates }
        gateway.agents.anyAgentMayAnswer = anyAgentMayAnswer
        gateway.robots = robots
        gateway.care = care
        configure(&gateway)
        return Configuration(
            gateway: gateway, mailboxes: [mailbox], routing: routing, campaigns: campaigns,
            serviceLevels: serviceLevels)
    }

    func store() throws -> Store { try Store(path: configuration.gateway.store.path) }

    /// A pipeline on `store` with this gateway's clock; `sendLease` plays another process, `importing` an import.
    func pipeline(_ store: Store, sendLease: SendLease = .current, importing: ImportRun? = nil) throws -> Pipeline {
        try Pipeline(
            configuration: configuration, store: store, workingDirectory: root.path,
            logger: Logger(label: "test"), environment: [:],
            options: PipelineOptions(clock: clock.clock, sendLease: sendLease, importing: importing))
    }

    /// Delivers a message into new/ as an MTA would (write in tmp/, rename into new/).
    @discardableResult
    func deliver(_ text: String, name: String? = nil) throws -> String {
        try deliver(bytes: Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8), name: name)
    }

    @discardableResult
    func deliver(bytes: [UInt8], name: String? = nil) throws -> String {
        // Monotonic names keep arrival order (Maildir sources sort by unique name).
        let file = name ?? "\(DispatchTime.now().uptimeNanoseconds).M1P1.test"
        let tmp = maildir.appendingPathComponent("tmp").appendingPathComponent(file)
        try Data(bytes).write(to: tmp)
        try FileManager.default.moveItem(
            at: tmp, to: maildir.appendingPathComponent("new").appendingPathComponent(file))
        return file
    }

    func files(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: maildir.appendingPathComponent(folder).path)) ?? [])
            .sorted()
    }
}

/// The repository's root.
let repositoryRoot = Repository.root.path

/// A short message with the headers threading looks at.
func mail(
    from: String = "Ann Lee <ann@example.com>", to: String = "support@desk.example", subject: String,
    id: String, inReplyTo: String? = nil, references: [String] = [], body: String = "Hello",
    headers: [String] = []
) -> String {
    var lines =
        [
            "From: \(from)", "To: \(to)", "Subject: \(subject)", "Date: Mon, 16 Nov 2026 10:00:00 +0000",
            "Message-ID: <\(id)>"
        ] + headers
    if let inReplyTo { lines.append("In-Reply-To: <\(inReplyTo)>") }
    if !references.isEmpty { lines.append("References: " + references.map { "<\($0)>" }.joined(separator: " ")) }
    lines.append(contentsOf: ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "", body, ""])
    return lines.joined(separator: "\n")
}

extension TestGateway {
    /// A gateway with `agents` and the shipped templates, and the thread of one customer mail (`raw`) after a pass.
    static func withThread(agents: [AgentDefinition], _ raw: String) throws -> (TestGateway, Store, Int64) {
        var g = try TestGateway()
        g.routing = Configuration.Routing(agents: agents, teams: [], rules: [])
        g.templates = repositoryRoot + "/templates"
        try g.deliver(raw)
        let store = try g.store()
        try g.pipeline(store).runOnce()
        return (g, store, try #require(try store.threads(ThreadFilter(), limit: 0).first).id)
    }

    /// The shipped templates, one agent (Tom), acknowledgements on and agent notifications off: one mail out per
    /// customer mail.
    static func acknowledging() throws -> TestGateway {
        var g = try TestGateway()
        g.routing = Configuration.Routing(
            agents: [AgentDefinition(name: "Tom", address: "tom@desk.example")], teams: [], rules: [])
        g.templates = repositoryRoot + "/templates"
        g.configure = {
            $0.outbound.acknowledge = true; $0.outbound.notifyAgents = false
        }
        return g
    }
}
