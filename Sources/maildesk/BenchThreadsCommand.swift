import ArgumentParser
import Config
import Foundation
import Glibc
import Logging
import Pipeline
import Store

struct BenchThreads: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "threads",
        abstract: "Scale check: time `threads list --status open` over a store with many threads.",
        discussion: "Prints: threads=N seed_seconds=S list_open_ms=L listed=K stats_ms=T"
    )

    @Option(help: "Threads to create in a fresh temporary store.") var count = 100_000
    @Option(help: "Rows `threads list` returns (its default).") var limit = 100

    func run() throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("maildesk-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let store = try Store(path: work.appendingPathComponent("bench.sqlite").path)
        var start = DispatchTime.now().uptimeNanoseconds
        try store.seedSyntheticThreads(count, at: Date())
        let seed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        start = DispatchTime.now().uptimeNanoseconds
        let listed = try store.threads(status: .open, limit: limit)
        let list = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        start = DispatchTime.now().uptimeNanoseconds
        _ = try store.stats()
        let stats = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        print(
            "threads=\(count) seed_seconds=\(formatted(seed, 2)) list_open_ms=\(formatted(list, 1)) listed=\(listed.count) stats_ms=\(formatted(stats, 1))"
        )
    }
}
