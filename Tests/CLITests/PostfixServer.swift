import Foundation
import TestSupport

/// A private Postfix on a free loopback port delivering to a `DovecotServer` over LMTP, run by
/// `scripts/postfix-test-server.sh`: the real mail path (SMTP in, queue, LMTP, Maildir) between customers,
/// maildesk and agents. Postfix needs root and the postfix package; without them the test fails (never skips).
final class PostfixServer {
    struct Failure: Error, CustomStringConvertible { let description: String }

    static let script = CLI.repository.appendingPathComponent("scripts/postfix-test-server.sh").path
    let root: URL
    let port: Int
    private var running = true

    init(deliveringTo dovecot: DovecotServer) throws {
        (root, port) = try Self.start { ["start", $0.path, dovecot.root.path] }
    }

    /// A Postfix that accepts mail for `recipient` only and delivers it through pipe(8), running `command` as user
    /// nobody in `directory` (as an operator's master.cf line runs `maildesk deliver`).
    init(piping recipient: String, into directory: URL, command: [String]) throws {
        (root, port) = try Self.start { ["start-pipe", $0.path, recipient, directory.path] + command }
    }

    private static func start(_ arguments: (URL) -> [String]) throws -> (URL, Int) {
        let root = URL(fileURLWithPath: "/tmp").appendingPathComponent(
            "maildesk-postfix-" + UUID().uuidString.prefix(8).lowercased())
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let output = try run(arguments(root))
        guard let line = output.split(separator: "\n").last(where: { $0.hasPrefix("smtp=") }),
            let port = Int(line.dropFirst(5))
        else { throw Failure(description: "postfix-test-server.sh start printed no port: \(output)") }
        return (root, port)
    }

    /// Delivers what waits in the queue now (`postqueue -f` with this server's configuration).
    func flush() throws { try Self.run(["flush", root.path]) }

    /// Messages in the queue (incoming, active, deferred).
    func queued() throws -> Int {
        Int(try Self.run(["queue", root.path]).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: root)
    }

    func stop() {
        guard running else { return }
        _ = try? Self.run(["stop", root.path])
        running = false
    }

    /// Submits one message over SMTP (Python's smtplib: another client than maildesk's libcurl).
    func send(_ message: Data, from: String, to recipients: [String]) throws {
        let file = root.appendingPathComponent("submit-\(UUID().uuidString).eml")
        try message.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let code = """
            import smtplib, sys
            with open(sys.argv[1], "rb") as f:
                data = f.read()
            with smtplib.SMTP("127.0.0.1", int(sys.argv[2])) as s:
                s.sendmail(sys.argv[3], sys.argv[4:], data)
            """
        _ = try Self.execute("/usr/bin/python3", ["-c", code, file.path, String(port), from] + recipients)
    }

    /// Log lines of Postfix (for failure messages).
    var log: String { (try? String(contentsOf: root.appendingPathComponent("log/postfix.log"), encoding: .utf8)) ?? "" }

    @discardableResult
    private static func run(_ arguments: [String]) throws -> String {
        try execute("/usr/bin/env", ["bash", script] + arguments)
    }

    /// Runs a program with output in files (a daemon it starts must not hold a pipe of ours).
    private static func execute(_ executable: String, _ arguments: [String]) throws -> String {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("postfix-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try ChildProcess.launch(process)
        ChildProcess.wait(for: process)
        try out.close()
        try err.close()
        let stdout = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
        switch process.terminationStatus {
        case 0: return stdout
        case 69:
            throw Failure(description: "Postfix is not installed: install postfix (scripts/install-deps.sh). \(stderr)")
        case 77: throw Failure(description: "Postfix needs root to run; run the tests as root (as CI does). \(stderr)")
        default:
            throw Failure(
                description: "\(executable) \(arguments.joined(separator: " ")) failed with status "
                    + "\(process.terminationStatus): \(stderr)")
        }
    }
}
