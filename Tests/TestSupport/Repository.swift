import Foundation
import Synchronization

/// Where the repository is, for tests that read its files (fixtures, templates, the shipped configuration).
public enum Repository {
    /// The repository's root folder, found from this file's place in it (Tests/TestSupport/).
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `relative` (e.g. "Tests/MIMETests/Fixtures") inside the repository.
    public static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }
}

/// Scratch folders for tests: each new and empty, all removed when the test process exits (a test that fails
/// leaves nothing behind either; the folders stay usable until the end, whatever holds them).
public enum TemporaryFolder {
    private static let made = Mutex<[URL]>([])
    private static let cleanup: Void = {
        atexit { TemporaryFolder.removeAll() }
    }()

    /// A new empty folder under the system's temporary folder, named `prefix-<uuid>`.
    public static func make(_ prefix: String) throws -> URL {
        _ = cleanup
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        made.withLock { $0.append(folder) }
        return folder
    }

    /// Removes every folder made so far (at exit; `MAILDESK_KEEP_TEST_FOLDERS=1` keeps them for a post-mortem).
    static func removeAll() {
        if ProcessInfo.processInfo.environment["MAILDESK_KEEP_TEST_FOLDERS"] == "1" { return }
        for folder in made.withLock({ $0 }) { try? FileManager.default.removeItem(at: folder) }
    }
}
