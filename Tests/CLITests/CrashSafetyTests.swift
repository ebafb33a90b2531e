import Foundation
import TestSupport
import Glibc
import Testing

/// A gateway killed at any moment loses nothing and counts nothing twice; two at once do not double-import.
@Suite("crash safety", .serialized)
struct CrashSafetyTests {
    static let threads = 200
    static let perThread = 10

    /// After any history of kills and reruns: every message stored once, in its one thread, all done.
    func expectCompleteIngest(_ folder: GatewayFolder, files: Int) throws {
        let stats = try #require(try folder.json(["stats"]) as? [String: Any])
        #expect(stats["messages"] as? Int == files)
        #expect(stats["sightings"] as? Int == files)
        #expect(stats["duplicates_seen"] as? Int == 0)
        #expect(stats["threads"] as? Int == Self.threads)
        #expect(stats["quarantined"] as? Int == 0)
        #expect(stats["messages_by_state"] as? [String: Int] == ["done": files])
        let threads = try #require(try folder.json(["threads", "list", "--limit", "0"]) as? [[String: Any]])
        #expect(threads.count == Self.threads)
        #expect(threads.allSatisfy { $0["messages"] as? Int == Self.perThread })
    }

    /// 2,000 messages arrive in 20 deliveries; after each, a `run --once` is killed with SIGKILL once it has
    /// reached a state chosen in turn (first message stored, first parsed, first threaded, first done, half the
    /// delivery stored). The test waits for that state in the store instead of sleeping, so a slow machine kills
    /// at the same moments as a fast one. A final run completes the work.
    @Test func sigkillAtRandomMomentsLosesNothing() throws {
        let folder = try GatewayFolder(afterImport: "seen")
        let staging = folder.root.appendingPathComponent("staging")
        let files = try folder.writeConversations(threads: Self.threads, perThread: Self.perThread, into: staging)
        #expect(files == 2_000)
        let queue = try FileManager.default.contentsOfDirectory(atPath: staging.path).sorted()
        let store = folder.root.appendingPathComponent("var/test.sqlite")
        var killedWhileRunning = 0
        for round in 0..<20 {
            for name in queue[(round * 100)..<((round + 1) * 100)] {
                try FileManager.default.moveItem(
                    at: staging.appendingPathComponent(name),
                    to: folder.maildir.appendingPathComponent("new/\(name)"))
            }
            // Rounds take turns: killed after a message is stored, parsed, threaded or done, or half-way.
            let moment = Self.killMoments[round % Self.killMoments.count]
            let before = StoreProbe.count(store, moment.sql)
            let process = try folder.start(["run", "--once"])
            StoreProbe.wait(for: process) { StoreProbe.count(store, moment.sql) >= before + moment.more }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killedWhileRunning += 1
            }
            ChildProcess.wait(for: process)
        }
        // The killed runs made progress (they were not all killed before doing anything).
        let partial = try #require(try folder.json(["stats"]) as? [String: Any])
        let storedBeforeFinalRun = partial["messages"] as? Int ?? 0
        #expect(storedBeforeFinalRun > 0)
        let last = try folder.run(["run", "--once"])
        #expect(last.status == 0, "\(last.stderr)")
        try expectCompleteIngest(folder, files: files)
        let again = try folder.run(["run", "--once", "--json"])
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        #expect(summary["stored"] as? Int == 0)
        let remaining = try FileManager.default.contentsOfDirectory(
            atPath: folder.maildir.appendingPathComponent("new").path)
        #expect(remaining.isEmpty)
        print(
            "crash safety: \(killedWhileRunning) of 20 runs killed mid-run; \(storedBeforeFinalRun) messages stored before the final run"
        )
        #expect(killedWhileRunning >= 1)
    }

    /// When a round's run is killed: once the store counts `more` messages than before the run in `sql`.
    /// Messages move stored → parsed → threaded → done, so "one more not stored" means one more was parsed.
    static let killMoments: [(sql: String, more: Int)] = [
        ("SELECT count(*) FROM message", 1),
        ("SELECT count(*) FROM message WHERE state <> 'stored'", 1),
        ("SELECT count(*) FROM message WHERE state IN ('threaded', 'done')", 1),
        ("SELECT count(*) FROM message WHERE state = 'done'", 1),
        ("SELECT count(*) FROM message", 50)
    ]

    @Test func twoProcessesAtOnceDoNotDoubleImport() throws {
        let folder = try GatewayFolder(afterImport: "seen")
        let files = try folder.writeConversations(threads: Self.threads, perThread: Self.perThread)
        let a = try folder.start(["run", "--once"])
        let b = try folder.start(["run", "--once"])
        ChildProcess.wait(for: a)
        ChildProcess.wait(for: b)
        #expect(a.terminationStatus == 0)
        #expect(b.terminationStatus == 0)
        try expectCompleteIngest(folder, files: files)
    }
}
