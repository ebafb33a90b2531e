import Foundation
import GRDB

/// Reads a gateway's store while a maildesk process writes to it, so that a test waits for a state (a commit, a
/// sent message) instead of sleeping for a time that is too short on a slower machine.
enum StoreProbe {
    /// The integer `sql` selects, or 0 while the store does not exist or has no schema yet.
    static func count(_ store: URL, _ sql: String) -> Int {
        guard FileManager.default.fileExists(atPath: store.path) else { return 0 }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        guard let queue = try? DatabaseQueue(path: store.path, configuration: configuration) else { return 0 }
        return (try? queue.read { try Int.fetchOne($0, sql: sql) }).flatMap { $0 } ?? 0
    }

    /// Polls until `condition` holds (true) or `process` has ended (false). The safety limit is generous: it
    /// only stops a test that would otherwise hang; no result depends on how fast the machine is.
    @discardableResult
    static func wait(for process: Process, limit: TimeInterval = 600, until condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(limit)
        while Date() < deadline {
            if condition() { return true }
            if !process.isRunning { return condition() }
            usleep(2_000)
        }
        return false
    }
}
