import Config
import Foundation
import Testing
import TestSupport

/// A temporary working directory holding a config file, mailbox definitions and Maildirs; removed on deinit.
final class Sandbox {
    /// The directory's absolute path (the working directory loads resolve against).
    let root: String

    /// A config file, as the defaults would have it.
    static let minimalConfig = "# defaults\n"

    /// A valid definition of mailbox "support", whose Maildir `make()` creates.
    static let validMailbox = """
        name = "support"
        url = "maildir:mailboxes/support"
        address = "support@example.com"

        """

    /// An empty temporary directory.
    init() {
        root = FileManager.default.temporaryDirectory.path + "/maildesk-config-tests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    /// A directory with `config/maildesk.toml`, `mailboxes/support.toml` and the Maildir `mailboxes/support`.
    static func make(config: String = minimalConfig, mailbox: String = validMailbox) -> Sandbox {
        let sandbox = Sandbox()
        sandbox.write("config/maildesk.toml", config)
        sandbox.write("mailboxes/support.toml", mailbox)
        sandbox.makeMaildir("mailboxes/support")
        return sandbox
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Writes `text` to `path` (relative to the root), creating folders as needed.
    func write(_ path: String, _ text: String) {
        let full = root + "/" + path
        try! FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try! Data(text.utf8).write(to: URL(fileURLWithPath: full))
    }

    /// Creates a folder (relative to the root).
    func makeFolder(_ path: String) {
        try! FileManager.default.createDirectory(atPath: root + "/" + path, withIntermediateDirectories: true)
    }

    /// Creates a Maildir (cur/, new/, tmp/) at `path`, relative to the root.
    func makeMaildir(_ path: String) {
        for sub in ["cur", "new", "tmp"] { makeFolder(path + "/" + sub) }
    }

    /// Removes a file or folder (relative to the root).
    func remove(_ path: String) {
        try! FileManager.default.removeItem(atPath: root + "/" + path)
    }

    /// Loads with the root as working directory.
    func load(_ configPath: String = "config/maildesk.toml") throws(ConfigErrors) -> Configuration {
        try ConfigLoader.load(configPath: configPath, workingDirectory: root)
    }

    /// The error lines loading gives (`$ROOT` stands for the root), or `["loaded"]` when it succeeds.
    func errorLines(_ configPath: String = "config/maildesk.toml") -> [String] {
        do {
            _ = try load(configPath)
            return ["loaded"]
        } catch {
            return error.description.split(separator: "\n").map {
                $0.replacingOccurrences(of: root, with: "$ROOT")
            }
        }
    }
}

/// The repository's root.
let repositoryRoot = Repository.root.path

/// Which file an `ErrorCase` writes, and how its expected lines begin.
protocol ErrorCaseFile { static var prefix: String { get } }
enum ConfigFileCase: ErrorCaseFile { static let prefix = "config/maildesk.toml:" }
enum MailboxFileCase: ErrorCaseFile { static let prefix = "mailboxes/support.toml" }

/// A bad file's contents and the exact lines the loader must print for it.
struct ErrorCase<File: ErrorCaseFile>: CustomTestStringConvertible, Sendable {
    let toml: String
    let expected: [String]
    var testDescription: String { toml.replacingOccurrences(of: "\n", with: "⏎") }
    init(_ toml: String, _ expected: String...) {
        self.toml = toml
        self.expected = expected.map { File.prefix + $0 }
    }
}
