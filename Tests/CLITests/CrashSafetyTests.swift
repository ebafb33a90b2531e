import Foundation
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

    /// 2,000 messages arrive in 20 deliveries; after each, a `run --once` is killed with SIGKILL at a random
    /// moment (fetch, commit, rename, parse or thread). A final run completes the work.
    @Test func sigkillAtRandomMomentsLosesNothing() throws {
        let folder = try GatewayFolder(afterImport: "seen")
        let staging = folder.root.appendingPathComponent("staging")
        let files = try folder.writeConversations(threads: Self.threads, perThread: Self.perThread, into: staging)
        #expect(files == 2_000)
        let queue = try FileManager.default.contentsOfDirectory(atPath: staging.path).sorted()
        var rng = SystemRandomNumberGenerator()
        var killedWhileRunning = 0
        for round in 0..<20 {
            for name in queue[(round * 100)..<((round + 1) * 100)] {
                try FileManager.default.moveItem(at: staging.appendingPathComponent(name),
                                                 to: folder.maildir.appendingPathComponent("new/\(name)"))
            }
            let process = try folder.start(["run", "--once"])
            usleep(UInt32.random(in: 20_000...200_000, using: &rng))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killedWhileRunning += 1
            }
            process.waitUntilExit()
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
        let remaining = try FileManager.default.contentsOfDirectory(atPath: folder.maildir.appendingPathComponent("new").path)
        #expect(remaining.isEmpty)
        print("crash safety: \(killedWhileRunning) of 20 runs killed mid-run; \(storedBeforeFinalRun) messages stored before the final run")
        #expect(killedWhileRunning >= 10)
    }

    @Test func twoProcessesAtOnceDoNotDoubleImport() throws {
        let folder = try GatewayFolder(afterImport: "seen")
        let files = try folder.writeConversations(threads: Self.threads, perThread: Self.perThread)
        let a = try folder.start(["run", "--once"])
        let b = try folder.start(["run", "--once"])
        a.waitUntilExit()
        b.waitUntilExit()
        #expect(a.terminationStatus == 0)
        #expect(b.terminationStatus == 0)
        try expectCompleteIngest(folder, files: files)
    }
}
