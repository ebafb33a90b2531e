import Foundation
import TestSupport

/// A gateway folder for command-line tests: config/maildesk.toml, one mailbox definition, a Maildir.
struct GatewayFolder {
    let root: URL
    var maildir: URL { root.appendingPathComponent("Maildir") }

    /// Config sections after `[store]`; the default sends nothing (the ingest tests need no templates).
    static let quiet = "[outbound]\nacknowledge = false\nnotify_agents = false\n"

    init(afterImport: String = "seen", config: String = GatewayFolder.quiet) throws {
        root = try TemporaryFolder.make("maildesk-cli")
        let fm = FileManager.default
        for sub in ["new", "cur", "tmp"] {
            try fm.createDirectory(at: maildir.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        try fm.createDirectory(at: root.appendingPathComponent("config"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent("mailboxes"), withIntermediateDirectories: true)
        try ("[store]\npath = \"var/test.sqlite\"\n" + config).write(
            to: root.appendingPathComponent("config/maildesk.toml"),
            atomically: true, encoding: .utf8)
        try """
        name = "support"
        url = "maildir:Maildir"
        address = "support@desk.example"
        after_import = "\(afterImport)"
        """.write(to: root.appendingPathComponent("mailboxes/support.toml"), atomically: true, encoding: .utf8)
    }

    func run(_ arguments: [String]) throws -> CLI.Result { try CLI.run(arguments, in: root) }

    /// A gateway with the shipped templates and one campaign, a Spring Festival greeting to everyone.
    static func withSpringFestivalCampaign(config: String) throws -> GatewayFolder {
        let folder = try GatewayFolder(config: config)
        try FileManager.default.copyItem(
            at: CLI.repository.appendingPathComponent("templates"),
            to: folder.root.appendingPathComponent("templates"))
        try FileManager.default.createDirectory(
            at: folder.root.appendingPathComponent("config/campaigns"), withIntermediateDirectories: true)
        try "occasion = \"spring_festival\"\n".write(
            to: folder.root.appendingPathComponent("config/campaigns/spring_festival.toml"),
            atomically: true, encoding: .utf8)
        return folder
    }

    /// The integer `sql` selects from the store (0 while there is none).
    func count(_ sql: String) -> Int { StoreProbe.count(root.appendingPathComponent("var/test.sqlite"), sql) }

    /// The shipped templates, and one agent (Tom Baker) in config/agents.toml: what acknowledgements and
    /// notifications need.
    func addTemplatesAndAgent() throws {
        try FileManager.default.copyItem(
            at: CLI.repository.appendingPathComponent("templates"),
            to: root.appendingPathComponent("templates"))
        try """
        [[agent]]
        name = "Tom Baker"
        address = "tom@desk.example"
        """.write(to: root.appendingPathComponent("config/agents.toml"), atomically: true, encoding: .utf8)
    }

    func json(_ arguments: [String]) throws -> Any {
        let result = try run(arguments + ["--json"])
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    /// Writes `threads` conversations of `perThread` messages each (replies carry In-Reply-To and References),
    /// interleaved as they would arrive; some carry a base64 attachment. Returns the number of files.
    @discardableResult
    func writeConversations(threads: Int, perThread: Int, into folder: URL? = nil) throws -> Int {
        let target = folder ?? maildir.appendingPathComponent("new")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        var n = 0
        for k in 0..<perThread {
            for t in 0..<threads {
                n += 1
                let id = "t\(t)-m\(k)@customer\(t).example"
                var lines = [
                    "From: Customer \(t) <c\(t)@customer\(t).example>",
                    "To: support@desk.example",
                    "Subject: \(k == 0 ? "" : "Re: ")Question \(t) about order \(10_000 + t)",
                    "Date: Mon, 16 Nov 2026 \(10 + k % 10):\(10 + t % 50):00 +0800",
                    "Message-ID: <\(id)>"
                ]
                if k > 0 {
                    let previous = (0..<k).map { "<t\(t)-m\($0)@customer\(t).example>" }
                    lines.append("In-Reply-To: \(previous.last!)")
                    lines.append("References: \(previous.joined(separator: " "))")
                }
                lines.append("MIME-Version: 1.0")
                let text =
                    "Message \(k) of conversation \(t).\r\n"
                    + String(repeating: "Details of the problem. ", count: 5 + (n % 40))
                if n % 7 == 0 {
                    let blob = Data((0..<(2_000 + n % 3_000)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ n) })
                        .base64EncodedString(options: .lineLength76Characters)
                    lines += [
                        "Content-Type: multipart/mixed; boundary=\"b\(n)\"", "", "--b\(n)",
                        "Content-Type: text/plain; charset=utf-8", "", text, "--b\(n)",
                        "Content-Type: application/octet-stream; name=\"log-\(n).bin\"",
                        "Content-Transfer-Encoding: base64", "", blob, "--b\(n)--", ""
                    ]
                } else {
                    lines += ["Content-Type: text/plain; charset=utf-8", "", text, ""]
                }
                let name = "\(1_763_000_000 + n).M\(n)P1.test"
                try Data(lines.joined(separator: "\r\n").utf8).write(to: target.appendingPathComponent(name))
            }
        }
        return n
    }

    func start(_ arguments: [String], log: URL? = nil) throws -> Process {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = arguments
        process.currentDirectoryURL = root
        process.standardOutput = FileHandle.nullDevice
        if let log {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: log)
        } else {
            process.standardError = FileHandle.nullDevice
        }
        try ChildProcess.launch(process)
        return process
    }
}
