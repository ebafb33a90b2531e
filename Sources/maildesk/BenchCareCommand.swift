import ArgumentParser
import Config
import Foundation
import Logging
import Pipeline
import Store

struct BenchCare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "care",
        abstract: "Scale check of care campaigns: import, a year's dry run, and a day's queueing.",
        discussion: """
            In a scratch store: imports --customers customers (birthdays spread over the year, five zones, two \
            languages), times `campaign dry-run birthday` over a year, then in a second store queues Spring Festival \
            greetings for --day customers in one care pass. Run it from the repository (the templates are read \
            from templates/). Prints: customers=N import_s=S dry_run_s=D planned=P; day_customers=M queue_s=Q queued=K.
            """)

    @Option(help: "Customers for the import and the dry run.") var customers = 100_000
    @Option(help: "Customers greeted on one day (Spring Festival).") var day = 10_000
    @Option(help: ArgumentHelp("The templates folder.", valueName: "path")) var templates = "templates"

    func run() throws {
        let zones = ["Asia/Shanghai", "Asia/Tokyo", "Asia/Kolkata", "Europe/Berlin", "America/New_York"]
        let birthday = CampaignDefinition(name: "birthday", occasion: .birthday)
        // Spring Festival reaches New York's 09:00 fourteen hours after Shanghai's: the day's pass runs after both.
        let spring = CampaignDefinition(
            name: "spring_festival", occasion: .holiday("spring_festival"), catchUpHours: 48)

        let (store, pipeline, root) = try scratch(campaigns: [birthday])
        defer { try? FileManager.default.removeItem(at: root) }
        var profiles: [CustomerProfile] = []
        profiles.reserveCapacity(customers)
        for i in 0..<customers {
            let month = 1 + i % 12, dayOfMonth = 1 + (i / 12) % 28
            profiles.append(
                CustomerProfile(
                    address: "customer\(i)@care.example", name: "客户 \(i)",
                    birthday: String(format: "%02d-%02d", month, dayOfMonth),
                    timezone: zones[i % zones.count], language: i % 3 == 0 ? "en" : "zh"))
        }
        var start = DispatchTime.now().uptimeNanoseconds
        _ = try store.importCustomers(
            profiles, dryRun: false, actor: "bench", source: "bench", at: Self.date("2027-01-01T00:00:00Z"))
        let imported = Self.seconds(since: start)
        start = DispatchTime.now().uptimeNanoseconds
        let plan = try pipeline.planCampaign(
            birthday, from: Self.date("2027-01-01T00:00:00Z"), to: Self.date("2028-01-01T00:00:00Z"))
        let dryRun = Self.seconds(since: start)
        print(
            String(
                format: "customers=%d import_s=%.2f dry_run_s=%.2f planned=%d", customers, imported, dryRun,
                plan.filter { $0.action == "send" }.count))

        let dayClock = ManualClock(Self.date("2027-01-20T00:00:00Z"))  // the campaign is seen for the first time
        let (dayStore, dayPipeline, dayRoot) = try scratch(campaigns: [spring], clock: dayClock)
        defer { try? FileManager.default.removeItem(at: dayRoot) }
        _ = try dayStore.importCustomers(
            Array(profiles.prefix(day)), dryRun: false, actor: "bench", source: "bench",
            at: Self.date("2027-01-01T00:00:00Z"))
        var summary = RunSummary()
        try dayPipeline.scheduleCare(into: &summary)
        dayClock.set(Self.date("2027-02-06T15:00:00Z"))  // after 09:00 in every zone
        summary = RunSummary()
        start = DispatchTime.now().uptimeNanoseconds
        try dayPipeline.scheduleCare(into: &summary)
        let queue = Self.seconds(since: start)
        if !summary.errors.isEmpty { printError(summary.errors.prefix(3).joined(separator: "\n")) }
        print(
            String(
                format: "day_customers=%d queue_s=%.2f queued=%d skipped=%d", day, queue, summary.careQueued,
                summary.careSkipped))
    }

    private func scratch(campaigns: [CampaignDefinition], clock: ManualClock = ManualClock(Date())) throws -> (
        Store, Pipeline, URL
    ) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "maildesk-bench-care-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("Maildir/new"), withIntermediateDirectories: true)
        let mailbox = MailboxDefinition(
            name: "bench", source: .maildir(path: root.appendingPathComponent("Maildir").path),
            kind: .need, address: "support@care.example", afterImport: .keep, file: "bench.toml")
        var gateway = GatewayConfig(file: "bench.toml")
        gateway.store.path = root.appendingPathComponent("bench.sqlite").path
        gateway.outbound.templates = ConfigPaths.absolute(
            templates, workingDirectory: FileManager.default.currentDirectoryPath)
        gateway.smtp.from = "care@care.example"
        let configuration = Configuration(gateway: gateway, mailboxes: [mailbox], campaigns: campaigns)
        let store = try Store(path: gateway.store.path)
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let pipeline = try Pipeline(
            configuration: configuration, store: store, workingDirectory: root.path, logger: logger,
            options: PipelineOptions(clock: clock.clock))
        return (store, pipeline, root)
    }

    static func date(_ text: String) -> Date { Timestamp.date(text)! }

    static func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
}
