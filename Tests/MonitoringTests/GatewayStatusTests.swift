import Config
import Foundation
import Monitoring
import Store
import Testing
import TestSupport

/// `maildesk status`'s judgement on stores built through the Store's own writes, at a fixed moment.
@Suite struct GatewayStatusTests {
    static let now = Timestamp.date("2027-03-01T12:00:00Z")!
    static func ago(_ seconds: TimeInterval) -> Date { now.addingTimeInterval(-seconds) }

    /// A store with one maildir mailbox `support`, polled `polled` seconds ago (nil: never).
    struct Fixture {
        let store = try! Store()
        var configuration: Configuration
        let folder = try! TemporaryFolder.make("maildesk-status")

        init(runInterval: Int = 60, status: StatusSettings = StatusSettings(), polled: TimeInterval? = 60) throws {
            let gateway = GatewayConfig(
                store: StoreSettings(path: folder.path + "/var/test.sqlite"),
                run: RunSettings(interval: runInterval), status: status)
            configuration = Configuration(
                gateway: gateway,
                mailboxes: [
                    MailboxDefinition(
                        name: "support", source: .maildir(path: "Maildir"), address: "support@desk.example",
                        file: "mailboxes/support.toml")
                ])
            if let polled { try store.recordPoll(mailbox: "support", .success, at: ago(polled)) }
        }

        func status(host: String = "this-host", isAlive: (Int32) -> Bool = { _ in true }) throws -> GatewayStatus {
            let window = TimeInterval(configuration.gateway.status.failedWindowHours * 3600)
            let figures = try store.statusFigures(
                at: GatewayStatusTests.now, failedSince: GatewayStatusTests.now - window)
            let model = ModelView(configuration: configuration, workingDirectory: "/", now: GatewayStatusTests.now)
            return GatewayStatus(
                configuration: configuration, figures: figures, model: model, now: GatewayStatusTests.now,
                host: host, isAlive: isAlive)
        }

        @discardableResult
        func fetch(_ n: Int, at date: Date) throws -> [Int64] {
            for i in 0..<n {
                let sha = String(repeating: "\(i % 10)", count: 64)
                _ = try store.recordFetched(
                    raw: Array("Subject: \(i)\r\n\r\nx\r\n".utf8), sha256: sha,
                    from: SourceItem(source: "maildir", mailbox: "support", item: "m\(i)"), at: date)
            }
            return try store.messageIDs(in: .stored)
        }

        func enqueue(_ name: String, at date: Date) throws -> Int64 {
            try store.enqueue(
                OutboxDraft(
                    purpose: "acknowledgement", template: nil, messageID: "\(name)@desk.example",
                    envelopeFrom: "support@desk.example", recipients: ["c@customer.example"],
                    subject: name, bytes: Array("x".utf8)), at: date)
        }
    }

    @Test func aMailboxPolledAMinuteAgoWithNothingWaitingIsOK() throws {
        let fixture = try Fixture()
        try fixture.fetch(2, at: Self.ago(60))
        let status = try fixture.status()
        #expect(status.status == .ok)
        #expect(status.exitCode == 0)
        #expect(status.reasons.isEmpty)
        #expect(status.mailboxes.first?.fetched == 2)
        #expect(status.mailboxes.first?.lastSuccessAgeSeconds == 60)
        #expect(status.waiting.parse == 2)
    }

    /// (seconds since the last success, run interval, level, the start of the reason's message)
    static let pollCases: [(TimeInterval?, Int, HealthLevel, String)] = [
        (nil, 60, .warning, "never polled"),
        (599, 60, .ok, ""),  // 5 × 60 s is under the 10-minute floor
        (601, 60, .critical, "no successful poll for 10 min (critical after 10 min: 5 × its 1 min interval)"),
        (1501, 300, .critical, "no successful poll for 25 min (critical after 25 min: 5 × its 5 min interval)"),
        (1499, 300, .ok, "")
    ]

    @Test(arguments: pollCases)
    func aMailboxIsCriticalOncePollsStopForLong(_ c: (TimeInterval?, Int, HealthLevel, String)) throws {
        let status = try Fixture(runInterval: c.1, polled: c.0).status()
        #expect(status.status == c.2)
        #expect(status.reasons.first?.message.hasPrefix(c.3) ?? c.3.isEmpty, "\(status.reasons)")
    }

    @Test func aFailingMailboxWarnsThenIsCriticalAfterFailingCriticalMinutes() throws {
        let fixture = try Fixture(runInterval: 3600, polled: 3600)
        try fixture.store.recordPoll(
            mailbox: "support", .failure("login refused", transient: false), at: Self.ago(29 * 60))
        var status = try fixture.status()
        #expect(status.status == .warning)
        #expect(status.reasons.map(\.line) == ["warning: mailbox support: the last 1 poll(s) failed: login refused"])
        try fixture.store.recordPoll(mailbox: "support", .failure("login refused", transient: false), at: Self.ago(60))
        #expect(try fixture.store.mailboxState("support")?.failingSince == Timestamp.string(Self.ago(29 * 60)))
        status = try fixture.status()
        #expect(status.status == .warning)  // 29 minutes: under failing_critical_minutes = 30
        var settings = StatusSettings()
        settings.failingCriticalMinutes = 20
        var stricter = fixture
        stricter.configuration.gateway.status = settings
        status = try stricter.status()
        #expect(status.status == .critical)
        #expect(
            status.reasons.first?.line
                == "critical: mailbox support: failing for 29 min (2 poll(s) in a row): login refused")
        try fixture.store.recordPoll(mailbox: "support", .success, at: Self.ago(10))
        #expect(try fixture.status().status == .ok)
        #expect(try fixture.store.mailboxState("support")?.failingSince == nil)
    }

    @Test func quarantinedMailWarns() throws {
        let fixture = try Fixture()
        let ids = try fixture.fetch(1, at: Self.ago(60))
        try fixture.store.quarantine(messageID: ids[0], stage: "parse", reason: "empty input", at: Self.ago(50))
        let status = try fixture.status()
        #expect(status.status == .warning)
        #expect(status.quarantined == 1)
        #expect(status.mailboxes.first?.quarantined == 1)
        #expect(status.reasons.first?.subject == "quarantine")
    }

    @Test func unsentMailWarnsAfter15MinutesAndIsCriticalAfterAnHour() throws {
        let fixture = try Fixture()
        _ = try fixture.enqueue("new", at: Self.ago(60))
        #expect(try fixture.status().status == .ok)
        let old = try fixture.enqueue("old", at: Self.ago(16 * 60))
        var status = try fixture.status()
        #expect(status.status == .warning)
        #expect(status.outbox.oldestUnsentAgeSeconds == 16 * 60)
        #expect(
            status.reasons.first?.message.hasPrefix(
                "the oldest unsent message was written 16 min ago (2 queued, 0 deferred)") == true)
        try fixture.store.markNotSent(old, error: "451 try later", results: nil, retryAt: Self.now, at: Self.ago(60))
        _ = try fixture.enqueue("older", at: Self.ago(61 * 60))
        status = try fixture.status()
        #expect(status.status == .critical)
        #expect(status.outbox.deferred == 1)
        #expect(status.outbox.queued == 2)
    }

    @Test func mailThatFailedForGoodIsCriticalWithinTheWindow() throws {
        let fixture = try Fixture()
        let stale = try fixture.enqueue("stale", at: Self.ago(3 * 86_400))
        try fixture.store.markNotSent(
            stale, error: "550 no such user", results: nil, retryAt: nil, at: Self.ago(3 * 86_400))
        var status = try fixture.status()
        #expect(status.status == .ok)  // failed three days ago: counted, no longer news
        #expect(status.outbox.failed == 1)
        let fresh = try fixture.enqueue("fresh", at: Self.ago(600))
        try fixture.store.markNotSent(fresh, error: "550 no such user", results: nil, retryAt: nil, at: Self.ago(590))
        status = try fixture.status()
        #expect(status.status == .critical)
        #expect(status.outbox.failedRecently == 1)
        #expect(status.reasons.first?.message.hasPrefix("1 message(s) failed for good in the last 24 h") == true)
    }

    @Test func aDaemonIsCriticalWhenItsHeartbeatIsStaleOrItsProcessIsGone() throws {
        let fixture = try Fixture()
        try fixture.store.recordDaemonStart(instance: "a", pid: 4242, host: "this-host", at: Self.ago(3600))
        try fixture.store.recordDaemonHeartbeat(instance: "a", at: Self.ago(30))
        var status = try fixture.status()
        #expect(status.status == .ok)
        #expect(status.daemons.first?.uptimeSeconds == 3600)
        #expect(status.daemons.first?.alive == true)
        // Gone without recording its stop.
        status = try fixture.status(isAlive: { $0 != 4242 })
        #expect(status.status == .critical)
        #expect(status.reasons.first?.subject == "daemon pid 4242")
        // In another pid namespace only the heartbeat tells: 11 minutes is past max(3 × 60 s, 10 min).
        try fixture.store.recordDaemonHeartbeat(instance: "a", at: Self.ago(11 * 60))
        status = try fixture.status(host: "another-host", isAlive: { _ in false })
        #expect(status.daemons.first?.alive == nil)
        #expect(
            status.reasons.map(\.line) == [
                "critical: daemon pid 4242: last heartbeat 11 min ago on this-host (critical after 10 min): it hangs or died; check its log, then restart it"
            ])
        try fixture.store.recordDaemonStop(instance: "a", at: Self.ago(5 * 60))
        status = try fixture.status(isAlive: { _ in false })
        #expect(status.status == .ok)
        #expect(status.daemons.first?.stoppedAt == Timestamp.string(Self.ago(5 * 60)))
    }

    @Test func anOldModelWarns() throws {
        let fixture = try Fixture()
        let model = fixture.folder.appendingPathComponent("var/classifier.json")
        try FileManager.default.createDirectory(
            at: model.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(#"{"trained_at": "2026-11-01T12:00:00Z"}"#.utf8).write(to: model)
        let status = try fixture.status()
        #expect(status.model.saved)
        #expect(status.model.ageDays == 120)
        #expect(
            status.reasons.map(\.line) == [
                "warning: classifier: the model was trained 120 days ago (warning after 90): `maildesk classifier train` learns from the corrections since"
            ])
    }
}
