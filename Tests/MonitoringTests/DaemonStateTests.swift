import Config
import Foundation
import Monitoring
import Store
import Testing

/// Migration 011: the daemon's rows and the Prometheus text built from the figures.
@Suite struct DaemonStateTests {
    let now = Timestamp.date("2027-03-01T12:00:00Z")!

    @Test func runningDaemonsComeFirstThenTheLastStoppedAndOldOnesAreForgotten() throws {
        let store = try Store()
        try store.recordDaemonStart(instance: "old", pid: 1, host: "h", at: now.addingTimeInterval(-40 * 86_400))
        try store.recordDaemonStop(instance: "old", at: now.addingTimeInterval(-39 * 86_400))
        try store.recordDaemonStart(instance: "previous", pid: 2, host: "h", at: now.addingTimeInterval(-7200))
        try store.recordDaemonStop(instance: "previous", at: now.addingTimeInterval(-3600))
        try store.recordDaemonStart(instance: "current", pid: 3, host: "h", at: now)
        #expect(try store.daemons().map(\.instance) == ["current", "previous"])
        try store.recordDaemonHeartbeat(instance: "current", at: now.addingTimeInterval(60))
        #expect(try store.daemons().first?.heartbeatAt == "2027-03-01T12:01:00Z")
        try store.recordDaemonStart(instance: "later", pid: 4, host: "h", at: now.addingTimeInterval(120))
        #expect(try store.daemons().map(\.instance) == ["later", "current", "previous"])
    }

    @Test func theMetricsAreTheStoresFigures() throws {
        let store = try Store()
        for i in 0..<3 {
            _ = try store.recordFetched(
                raw: Array("Subject: \(i)\r\n\r\nx\r\n".utf8), sha256: String(repeating: "\(i)", count: 64),
                from: SourceItem(source: "maildir", mailbox: "support", item: "m\(i)"), at: now)
        }
        try store.recordPoll(mailbox: "support", .success, at: now)
        try store.recordDaemonStart(instance: "a", pid: 77, host: "h", at: now.addingTimeInterval(-90))
        let configuration = Configuration(
            gateway: GatewayConfig(),
            mailboxes: [
                MailboxDefinition(
                    name: "support", source: .maildir(path: "Maildir"), address: "s@desk.example", file: "s.toml")
            ])
        let status = GatewayStatus(
            configuration: configuration, figures: try store.statusFigures(at: now, failedSince: now),
            model: ModelView(configuration: configuration, workingDirectory: "/nonexistent", now: now),
            now: now, host: "h", isAlive: { _ in true })
        var passes = PassDurations()
        passes.add(["parse": 0.2])
        passes.add(["parse": 2])
        // The error lines the pipeline writes, counted by kind.
        passes.add(errors: [
            "mailbox support: login failed for support@example.com at imap.example.com:993 (check password_env P)",
            "mailbox support: imap.example.com:993 unreachable or stalled during STATUS: timeout (will retry with backoff)",
            "outbox 7: will retry at 2027-03-01T12:05:00Z: 451 try later",
            "outbox 8: failed: 550 no such user",
            "outbox 9: refused by the server for a@example.com (550 -)",
            "pass failed: database is locked"
        ])
        passes.add(errors: ["outbox 10: failed: 554 rejected"])
        let lines = MetricsText.render(status, passes: passes).split(separator: "\n").map(String.init)
        for expected in [
            "# TYPE maildesk_messages_fetched_total counter",
            "maildesk_messages_fetched_total{mailbox=\"support\"} 3",
            "maildesk_messages_stored_total{mailbox=\"support\"} 3",
            "maildesk_stage_waiting{stage=\"parse\"} 3",
            "maildesk_outbox_messages{state=\"failed\"} 0",
            "maildesk_mailbox_last_success_timestamp_seconds{mailbox=\"support\"} \(Int(now.timeIntervalSince1970))",
            "maildesk_daemon_uptime_seconds{pid=\"77\"} 90",
            "maildesk_health_status 0",
            "maildesk_stage_duration_seconds_bucket{le=\"0.5\",stage=\"parse\"} 1",
            "maildesk_stage_duration_seconds_bucket{le=\"5\",stage=\"parse\"} 2",
            "maildesk_stage_duration_seconds_sum{stage=\"parse\"} 2.2",
            "maildesk_stage_duration_seconds_count{stage=\"parse\"} 2",
            "maildesk_errors_total{kind=\"imap_login\"} 1",
            "maildesk_errors_total{kind=\"imap_network\"} 1",
            "maildesk_errors_total{kind=\"imap_tls\"} 0",
            "maildesk_errors_total{kind=\"smtp_deferred\"} 1",
            "maildesk_errors_total{kind=\"smtp_failed\"} 2",
            "maildesk_errors_total{kind=\"smtp_refused\"} 1",
            "maildesk_errors_total{kind=\"pass\"} 1"
        ] {
            #expect(lines.contains(expected), "missing \(expected)")
        }
        // Every sample's family was declared before it.
        var declared = Set<String>()
        for line in lines {
            if line.hasPrefix("# TYPE ") { declared.insert(String(line.split(separator: " ")[2])) }
            if !line.hasPrefix("#") {
                let name = String(line.prefix { $0 != "{" && $0 != " " })
                #expect(declared.contains { name == $0 || name.hasPrefix($0 + "_") }, "\(line)")
            }
        }
    }
}
