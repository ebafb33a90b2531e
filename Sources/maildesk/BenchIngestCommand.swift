import ArgumentParser
import Config
import Foundation
import Glibc
import Logging
import Pipeline
import Store

/// Peak resident memory of this process in MB (10^6 bytes).
func peakRSSMegabytes() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_maxrss) * 1024 / 1e6
}

func formatted(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }

struct BenchIngest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest every file under a folder through the real pipeline into a new store; print figures.",
        discussion: """
            The files are linked into a temporary Maildir and run through one pass of the pipeline with a fresh \
            SQLite store in a temporary folder (deleted afterwards), in the built-in configuration with the \
            outbound half off: fetch → store raw → parse → thread → classify (no model in the scratch folder: \
            rules and signals) → assign; nothing is acknowledged or sent. The whole pipeline with the shipped \
            configuration is measured by Benchmarks/pipeline/run.sh. Prints: \
            messages=N bytes=B seconds=S msg_per_s=X MB_per_s=Y peak_rss_mb=M db_mb=D threads=T
            """
    )

    @Argument(help: ArgumentHelp("Folder of message files (searched recursively).", valueName: "dir"))
    var directory: String

    func run() throws {
        let files = BenchParse.files(under: directory)
        guard !files.isEmpty else {
            printError("no message files under '\(directory)' (run Benchmarks/run.sh to generate a corpus)")
            throw ExitStatus.noInput
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("maildesk-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let maildir = work.appendingPathComponent("Maildir")
        for sub in ["new", "cur", "tmp"] {
            try FileManager.default.createDirectory(
                at: maildir.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        var bytes = 0
        for (n, file) in files.enumerated() {
            let target = maildir.appendingPathComponent("new/\(String(1_000_000 + n)).bench")
            if link(file, target.path) != 0 { try FileManager.default.copyItem(atPath: file, toPath: target.path) }
            bytes += (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        }
        let mailbox = MailboxDefinition(
            name: "bench", source: .maildir(path: maildir.path), kind: .need,
            address: "support@bench.example", afterImport: .keep, file: "bench")
        var gateway = GatewayConfig(file: "bench")
        gateway.store.path = work.appendingPathComponent("bench.sqlite").path
        // Ingest alone: nothing is answered (the send benchmark is `bench send`).
        gateway.outbound.acknowledge = false
        gateway.outbound.notifyAgents = false
        let configuration = Configuration(gateway: gateway, mailboxes: [mailbox])
        let store = try Store(path: gateway.store.path)
        var logger = Logger(label: "maildesk.bench")
        logger.logLevel = .error
        let pipeline = try Pipeline(
            configuration: configuration, store: store, workingDirectory: work.path, logger: logger)

        let start = DispatchTime.now().uptimeNanoseconds
        let summary = try pipeline.runOnce()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let stats = try store.stats()
        let dbBytes = ["", "-wal"].compactMap {
            try? FileManager.default.attributesOfItem(atPath: gateway.store.path + $0)[.size] as? Int
        }.reduce(0, +)
        let messages = summary.stored + summary.duplicates
        print(
            "messages=\(messages) bytes=\(bytes) seconds=\(formatted(seconds, 3)) msg_per_s=\(formatted(Double(messages) / seconds, 0)) MB_per_s=\(formatted(Double(bytes) / 1e6 / seconds, 1)) peak_rss_mb=\(formatted(peakRSSMegabytes(), 1)) db_mb=\(formatted(Double(dbBytes) / 1e6, 1)) threads=\(stats.threads)"
        )
        print("configuration: built-in, inbound only (acknowledge = false, notify_agents = false, no classifier model)")
        print(
            "stages: "
                + summary.stageSeconds.sorted { $0.key < $1.key }.map { "\($0.key)=\(formatted($0.value, 2))s" }.joined(
                    separator: " "))
        if !summary.errors.isEmpty {
            printError("\(summary.errors.count) error(s): \(summary.errors.prefix(3).joined(separator: "; "))")
        }
    }
}
