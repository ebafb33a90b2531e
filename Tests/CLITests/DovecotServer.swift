import Foundation
import TestSupport

/// A private Dovecot (IMAP + IMAPS on 127.0.0.1, free ports) for IMAP tests, run by `scripts/dovecot-test-server.sh`.
///
///     let server = try DovecotServer.start()      // throws if Dovecot is missing: the test fails, never skips
///     defer { server.stop() }
///     try server.deliver([message1, message2])    // UIDs 1, 2 in INBOX of support@example.test
///     // imap://127.0.0.1:\(server.imapPort)/INBOX, user support@example.test, password "secret";
///     // imaps://localhost:\(server.imapsPort)/INBOX with server.caFile as the CA.
///
/// Users `support@`, `other@`, `agent@`, `bob@` and `customer@example.test` (password `secret`), folders INBOX,
/// Processed, Archive; LMTP on the socket `root/run/dovecot/lmtp` (`PostfixServer` delivers to it).
/// Each server has its own root folder below /tmp (removed when the object goes away, unless
/// `MAILDESK_KEEP_DOVECOT=1`; the log is `root/log/dovecot.log`), so tests may run several at once.
final class DovecotServer {
    /// Dovecot is not installed on this machine (outside CI). The test using it must still fail, with this message.
    struct Unavailable: Error, CustomStringConvertible {
        let description: String
    }

    /// The server could not be started or driven; also thrown when Dovecot is missing under `CI=true`.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let supportUser = "support@example.test"
    static let otherUser = "other@example.test"
    static let password = "secret"

    static let repository = Repository.root
    static let script = repository.appendingPathComponent("scripts/dovecot-test-server.sh")

    /// The server's runtime folder: etc/dovecot.conf, log/dovecot.log, mail/DOMAIN/USER/Maildir, tls/cert.pem.
    let root: URL
    let imapPort: Int
    let imapsPort: Int
    /// The self-signed certificate (CN=localhost, SAN localhost and 127.0.0.1) to trust for IMAPS.
    var caFile: URL { root.appendingPathComponent("tls/cert.pem") }
    private var running = true

    private init(root: URL, imapPort: Int, imapsPort: Int) {
        self.root = root
        self.imapPort = imapPort
        self.imapsPort = imapsPort
    }

    /// Starts a new server in a fresh root folder.
    static func start() throws -> DovecotServer {
        // Free ports are probed, then bound by Dovecot: another server starting at the same moment can take
        // one in between. A few attempts with fresh ports make that race harmless.
        var lastError: (any Error)?
        for _ in 0..<3 {
            let root = try makeRoot()
            do {
                let ports = try startScript(root: root)
                return DovecotServer(root: root, imapPort: ports.imap, imapsPort: ports.imaps)
            } catch let error as Unavailable {
                try? FileManager.default.removeItem(at: root)
                throw error
            } catch {
                // The script stops what it started when a start fails; stop again anyway: removing the folder of
                // a server still running would orphan it (it could then only be killed by PID).
                _ = try? run(["stop", root.path])
                try? FileManager.default.removeItem(at: root)
                lastError = error
            }
        }
        throw lastError!
    }

    /// `imap://127.0.0.1:PORT/MAILBOX` (or `imaps://localhost:PORT/MAILBOX` with `tls`).
    func url(_ mailbox: String = "INBOX", tls: Bool = false) -> String {
        tls ? "imaps://localhost:\(imapsPort)/\(mailbox)" : "imap://127.0.0.1:\(imapPort)/\(mailbox)"
    }

    /// Puts the messages into the user's INBOX; they get the next UIDs, in array order, unseen.
    func deliver(_ messages: [Data], to user: String = DovecotServer.supportUser) throws {
        if messages.isEmpty { return }
        let staging = root.appendingPathComponent("incoming-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: staging) }
        for (index, message) in messages.enumerated() {
            try message.write(to: staging.appendingPathComponent(String(format: "%08d.eml", index)))
        }
        try Self.run(["deliver-dir", root.path, user, staging.path])
    }

    /// The messages in the user's INBOX as files (read straight from the Maildir), in order of arrival.
    func inbox(of user: String) throws -> [Data] {
        let parts = user.split(separator: "@")
        let maildir = root.appendingPathComponent("mail/\(parts[1])/\(parts[0])/Maildir")
        var files: [URL] = []
        for folder in ["new", "cur"] {
            let dir = maildir.appendingPathComponent(folder)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
            where !name.hasPrefix(".") {
                files.append(dir.appendingPathComponent(name))
            }
        }
        // Maildir names start with the delivery time (seconds): the order of arrival, near enough for tests.
        return try files.sorted { $0.lastPathComponent < $1.lastPathComponent }.map { try Data(contentsOf: $0) }
    }

    /// Adds `\Seen` to every message of the mailbox.
    func markAllSeen(user: String = DovecotServer.supportUser, mailbox: String = "INBOX") throws {
        try Self.run(["flags", root.path, user, "\\Seen", mailbox])
    }

    /// Removes `\Seen` from every message of the mailbox.
    func markAllUnseen(user: String = DovecotServer.supportUser, mailbox: String = "INBOX") throws {
        try Self.run(["unflag", root.path, user, "\\Seen", mailbox])
    }

    /// Gives the user's INBOX a new UIDVALIDITY (checked): the messages stay, renumbered from UID 1.
    /// A client that has INBOX selected meanwhile is disconnected within its next two commands, with
    /// "* BYE IMAP session state is inconsistent, please relogin.". Returns the new value.
    @discardableResult
    func resetUIDValidity(user: String = DovecotServer.supportUser) throws -> Int {
        try Self.integer(Self.run(["uidvalidity-reset", root.path, user]), "uidvalidity-reset")
    }

    func uidValidity(user: String = DovecotServer.supportUser, mailbox: String = "INBOX") throws -> Int {
        try Self.integer(Self.run(["uidvalidity", root.path, user, mailbox]), "uidvalidity")
    }

    /// The number of messages in the mailbox, as Dovecot counts them.
    func count(user: String = DovecotServer.supportUser, mailbox: String = "INBOX") throws -> Int {
        try Self.integer(Self.run(["count", root.path, user, mailbox]), "count")
    }

    /// The number of messages without `\Seen` in the mailbox.
    func unseenCount(user: String = DovecotServer.supportUser, mailbox: String = "INBOX") throws -> Int {
        try Self.integer(Self.run(["unseen", root.path, user, mailbox]), "unseen")
    }

    /// Stops the server and waits until its processes are gone; the mail stays for `restart()`. Clients get
    /// "* BYE Server shutting down.".
    func stop() {
        guard running else { return }
        _ = try? Self.run(["stop", root.path])
        running = false
    }

    /// Stops (if running) and starts the server again on the same ports, with the same mail.
    func restart() throws {
        stop()
        running = true  // even if the start fails half-way, stop() and deinit still try to stop it
        let ports = try Self.startScript(root: root)
        guard ports.imap == imapPort, ports.imaps == imapsPort else {
            throw Failure(
                description: "restarted Dovecot on ports \(ports.imap)/\(ports.imaps) instead of "
                    + "\(imapPort)/\(imapsPort) (root \(root.path))")
        }
    }

    deinit {
        stop()
        if ProcessInfo.processInfo.environment["MAILDESK_KEEP_DOVECOT"] != "1" {
            try? FileManager.default.removeItem(at: root)
        }
    }

    // MARK: - Running the script

    private static var isCI: Bool {
        ["true", "1", "yes"].contains(ProcessInfo.processInfo.environment["CI"]?.lowercased() ?? "")
    }

    /// A short folder (Unix socket paths below it are limited to 108 bytes) that user nobody can reach.
    private static func makeRoot() throws -> URL {
        var base = FileManager.default.temporaryDirectory.path
        if base.utf8.count > 30 { base = "/tmp" }
        let name = "maildesk-dovecot-" + UUID().uuidString.prefix(8).lowercased()
        let root = URL(fileURLWithPath: base).appendingPathComponent(name)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        return root
    }

    private static func startScript(root: URL) throws -> (imap: Int, imaps: Int) {
        try run(["start", root.path])
        let text = (try? String(contentsOf: root.appendingPathComponent("ports"), encoding: .utf8)) ?? ""
        var ports: [String: Int] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            if parts.count == 2, let port = Int(parts[1]) { ports[String(parts[0])] = port }
        }
        guard let imap = ports["imap"], let imaps = ports["imaps"] else {
            throw Failure(description: "dovecot-test-server.sh start wrote no ports to \(root.path)/ports: \(text)")
        }
        return (imap, imaps)
    }

    private static func integer(_ output: String, _ command: String) throws -> Int {
        let text = output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let value = Int(text.split(separator: "\n").last ?? "") else {
            throw Failure(description: "dovecot-test-server.sh \(command) printed no number: \(text)")
        }
        return value
    }

    /// Runs the script; returns its standard output, or throws with its standard error.
    @discardableResult
    private static func run(_ arguments: [String]) throws -> String {
        // Output goes to files, not pipes: nothing the script starts can then keep a pipe open and hang the read.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dovecot-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout"), errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["bash", script.path] + arguments
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try ChildProcess.launch(process)
        ChildProcess.wait(for: process)
        try out.close()
        try err.close()
        let stdout = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        let stderr = ((try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        switch process.terminationStatus {
        case 0:
            return stdout
        case 69:  // EX_UNAVAILABLE: dovecot or doveadm is not installed
            let message =
                "Dovecot is not installed, so this IMAP test cannot run: install dovecot-imapd "
                + "(scripts/install-deps.sh). (\(stderr))"
            if isCI { throw Failure(description: "CI=true: " + message) }
            throw Unavailable(description: message)
        default:
            throw Failure(
                description: "dovecot-test-server.sh \(arguments.joined(separator: " ")) failed with exit "
                    + "status \(process.terminationStatus): \(stderr)")
        }
    }
}
