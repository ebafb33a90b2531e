import ArgumentParser
import Compose
import Config
import Foundation
import Logging
import Pipeline
import Store

struct BenchSend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Queue N messages in a scratch store's outbox and send them to an SMTP server; print figures.",
        discussion: """
            Prints one line per mode: mode=reuse|per_message messages=N seconds=S msg_per_s=X. \
            Benchmarks/smtp/run.sh starts a local server and runs this.
            """)
    @Option(help: "The SMTP server, smtp://HOST:PORT (no TLS: a local server).") var url: String
    @Option(help: "Messages per mode.") var count = 2_000
    @Option(help: "Which modes: reuse, per-message or both.") var mode = "both"

    func run() throws {
        guard case .success(.smtp(_, let host, let port)) = OutboundTransportURL.parse(url) else {
            printError("--url must be smtp://HOST:PORT, got '\(url)'")
            throw ExitStatus.dataError
        }
        let modes = mode == "both" ? ["reuse", "per-message"] : [mode]
        for mode in modes {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent(
                "maildesk-bench-send-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: root) }
            try FileManager.default.createDirectory(
                at: root.appendingPathComponent("Maildir/new"), withIntermediateDirectories: true)
            let mailbox = MailboxDefinition(
                name: "bench", source: .maildir(path: root.appendingPathComponent("Maildir").path),
                kind: .need, address: "support@bench.example", afterImport: .keep, file: "bench.toml")
            var gateway = GatewayConfig(file: "bench.toml")
            gateway.store.path = root.appendingPathComponent("bench.sqlite").path
            gateway.smtp = SMTPSettings(
                url: url, transport: .smtp(tls: false, host: host, port: port), from: "support@bench.example",
                startTLS: .never)
            let configuration = Configuration(gateway: gateway, mailboxes: [mailbox])
            let store = try Store(path: gateway.store.path)
            for i in 0..<count {
                let id = "bench.\(i).\(UUID().uuidString)@bench.example"
                let message = OutgoingMessage(
                    from: MailAddress("support@bench.example", name: "Lumo 客服"),
                    to: [MailAddress("customer\(i)@example.com", name: "客户 \(i)")],
                    subject: "Re: 智能门锁无法连接 Wi-Fi [#\(i)-benchmark]", messageID: id, date: Date(),
                    autoSubmitted: "auto-replied",
                    text: String(repeating: "感谢您联系我们，我们已收到您的来信并创建了工单。Thank you for contacting us.\n", count: 20))
                try store.enqueue(
                    OutboxDraft(
                        purpose: "acknowledgement", template: "bench", messageID: id,
                        envelopeFrom: "support@bench.example", recipients: ["customer\(i)@example.com"],
                        subject: message.subject, bytes: try Composer.compose(message)), at: Date())
            }
            var logger = Logger(label: "bench")
            logger.logLevel = .error
            let pipeline = try Pipeline(
                configuration: configuration, store: store, workingDirectory: root.path, logger: logger,
                options: PipelineOptions(reuseSMTPConnection: mode == "reuse"))
            let start = DispatchTime.now().uptimeNanoseconds
            let summary = pipeline.sendOutbox()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if !summary.errors.isEmpty { printError(summary.errors.prefix(3).joined(separator: "\n")) }
            print(
                String(
                    format: "mode=%@ messages=%d seconds=%.2f msg_per_s=%.0f",
                    mode.replacingOccurrences(of: "-", with: "_"),
                    summary.messagesSent, seconds, Double(summary.messagesSent) / seconds))
        }
    }
}
