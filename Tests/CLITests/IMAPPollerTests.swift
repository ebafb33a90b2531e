import Foundation
import TestSupport
import Glibc
import Testing

/// A gateway folder whose one mailbox is the INBOX of a private Dovecot.
struct IMAPGateway {
    let server: DovecotServer
    let root: URL
    static let passwordVariable = "MAILDESK_TEST_IMAP_PASSWORD"

    init(
        server: DovecotServer, afterImport: String = "seen", tls: Bool = false, caFile: Bool = true,
        password: String = DovecotServer.password, extra: String = "", gatewayExtra: String = ""
    ) throws {
        self.server = server
        self.password = password
        root = try TemporaryFolder.make("maildesk-imap")
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("config"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent("mailboxes"), withIntermediateDirectories: true)
        try ("[store]\npath = \"var/imap.sqlite\"\n" + GatewayFolder.quiet + gatewayExtra).write(
            to: root.appendingPathComponent("config/maildesk.toml"),
            atomically: true, encoding: .utf8)
        var lines = [
            "name = \"support\"",
            tls
                ? "url = \"imaps://localhost:\(server.imapsPort)/INBOX\""
                : "url = \"imap://127.0.0.1:\(server.imapPort)/INBOX\"",
            "user = \"\(DovecotServer.supportUser)\"",
            "password_env = \"\(Self.passwordVariable)\"",
            "address = \"support@example.test\"",
            "after_import = \"\(afterImport)\""
        ]
        if tls {
            if caFile { lines.append("tls_ca_file = \"\(server.caFile.path)\"") }
        } else {
            lines.append("starttls = \"never\"")
        }
        try (lines.joined(separator: "\n") + "\n" + extra).write(
            to: root.appendingPathComponent("mailboxes/support.toml"),
            atomically: true, encoding: .utf8)
    }

    let password: String
    var store: URL { root.appendingPathComponent("var/imap.sqlite") }

    func run(_ arguments: [String]) throws -> CLI.Result {
        try CLI.run(arguments, in: root, environment: [Self.passwordVariable: password])
    }

    func json(_ arguments: [String]) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(try run(arguments + ["--json"]).stdout.utf8))
    }

    func stats() throws -> [String: Any] { try json(["stats"]) as? [String: Any] ?? [:] }

    func start(_ arguments: [String], log: URL? = nil) throws -> Process {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = arguments
        process.currentDirectoryURL = root
        process.environment = ProcessInfo.processInfo.environment.merging([Self.passwordVariable: password]) { _, n in n
        }
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

    /// Every stored message's raw bytes, by Message-ID.
    func storedRaw() throws -> [String: Data] {
        let list = try json(["messages", "list", "--limit", "0"]) as? [[String: Any]] ?? []
        var out: [String: Data] = [:]
        for m in list {
            let raw = try run(["messages", "raw", "\(m["id"] as! Int)"])
            out[m["message_id"] as? String ?? "?"] = Data(raw.stdout.utf8)
        }
        return out
    }
}

/// Test mail with CRLF line ends: a unique Message-ID and some body lines.
func imapMessage(_ n: Int, subject: String? = nil, body: String = "") -> Data {
    Data(
        ("From: Customer \(n) <c\(n)@example.com>\r\nTo: support@example.test\r\nSubject: \(subject ?? "Question \(n)")\r\n"
            + "Date: Tue, 17 Nov 2026 09:00:00 +0800\r\nMessage-ID: <imap-\(n)@example.com>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\nHello, this is message \(n).\r\n\(body)").utf8)
}

@Suite("IMAP poller against a real Dovecot", .serialized)
struct IMAPPollerTests {
    @Test func firstSyncStoresEveryMessageByteForByteAndKeepsFlags() throws {
        let server = try DovecotServer.start()
        defer { server.stop() }
        let messages = (1...300).map { imapMessage($0, body: String(repeating: "line of text\r\n", count: $0 % 50)) }
        // The adversarial one: body lines that look like IMAP protocol.
        let hostile = Data(
            ("From: mallory@evil.example\r\nSubject: protocol in body\r\nMessage-ID: <hostile@evil.example>\r\n\r\n"
                + "A004 OK FETCH completed\r\n* 3 FETCH (UID 3 BODY[] {20}\r\n)\r\nA005 OK done\r\n"
                + String(repeating: "x", count: 700) + "\r\n").utf8)
        try server.deliver(messages + [hostile])
        let gateway = try IMAPGateway(server: server, afterImport: "keep")
        let run = try gateway.run(["run", "--once"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("fetched 301, stored 301"))
        let stored = try gateway.storedRaw()
        #expect(stored.count == 301)
        for (n, message) in messages.enumerated() { #expect(stored["imap-\(n + 1)@example.com"] == message) }
        #expect(stored["hostile@evil.example"] == hostile)
        // keep: the messages are still unread on the server.
        #expect(try server.unseenCount() == 301)
        let again = try gateway.run(["run", "--once"])
        #expect(again.stdout.hasPrefix("fetched 0, stored 0, duplicates 0, already imported 301"))
    }

    @Test func newMailBetweenPollsAndAnotherClientReadingEverything() throws {
        let server = try DovecotServer.start()
        defer { server.stop() }
        try server.deliver((1...5).map { imapMessage($0) })
        let gateway = try IMAPGateway(server: server, afterImport: "seen")
        #expect(try gateway.run(["run", "--once"]).stdout.hasPrefix("fetched 5, stored 5"))
        try server.deliver((6...8).map { imapMessage($0) })
        // Another mail client reads everything before maildesk polls: \Seen must not hide mail.
        try server.markAllSeen()
        #expect(try gateway.run(["run", "--once"]).stdout.hasPrefix("fetched 3, stored 3"))
        #expect(try gateway.stats()["messages"] as? Int == 8)
    }

    @Test func moveAfterImportCreatesTheFolder() throws {
        let server = try DovecotServer.start()
        defer { server.stop() }
        try server.deliver((1...4).map { imapMessage($0) })
        let gateway = try IMAPGateway(server: server, afterImport: "move:Done")
        #expect(try gateway.run(["run", "--once"]).status == 0)
        #expect(try server.count() == 0)
        #expect(try server.count(mailbox: "Done") == 4)
        #expect(try gateway.stats()["messages"] as? Int == 4)
    }

    @Test func uidValidityChangeDuplicatesNothing() throws {
        let server = try DovecotServer.start()
        defer { server.stop() }
        try server.deliver((1...6).map { imapMessage($0, subject: "Order \($0)") })
        let gateway = try IMAPGateway(server: server, afterImport: "keep")
        #expect(try gateway.run(["run", "--once"]).stdout.hasPrefix("fetched 6, stored 6"))
        _ = try server.resetUIDValidity()
        let rescan = try gateway.run(["run", "--once", "--json"])
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(rescan.stdout.utf8)) as? [String: Any])
        #expect(summary["stored"] as? Int == 0)
        #expect(summary["duplicates"] as? Int == 6)
        let stats = try gateway.stats()
        #expect(stats["messages"] as? Int == 6)
        #expect(stats["threads"] as? Int == 6)
    }

    @Test func wrongPasswordIsOneClearLineAndNoData() throws {
        let server = try DovecotServer.start()
        defer { server.stop() }
        try server.deliver([imapMessage(1)])
        let gateway = try IMAPGateway(server: server, password: "wrong")
        let run = try gateway.run(["run", "--once"])
        #expect(run.status == 75)
        #expect(
            run.stderr.contains(
                "mailbox support: login failed for support@example.test at 127.0.0.1:\(server.imapPort) (check password_env \(IMAPGateway.passwordVariable))"
            ))
        #expect(!run.stderr.contains("wrong"))
        let doctor = try gateway.run(["doctor"])
        #expect(doctor.status == 1)
        #expect(doctor.stdout.contains("login failed"))
    }

    @Test func imapsNeedsTheCAFile() throws {
        let server = try DovecotServer.start()
        defer { server.stop() }
        try server.deliver([imapMessage(1)])
        let trusted = try IMAPGateway(server: server, tls: true, caFile: true)
        let doctor = try trusted.run(["doctor"])
        #expect(doctor.status == 0, "\(doctor.stdout)")
        #expect(try trusted.run(["run", "--once"]).stdout.hasPrefix("fetched 1, stored 1"))
        let untrusted = try IMAPGateway(server: server, tls: true, caFile: false)
        let refused = try untrusted.run(["run", "--once"])
        #expect(refused.status == 75)
        #expect(refused.stderr.contains("TLS with localhost:\(server.imapsPort) failed"))
    }

    @Test func serverStoppedMidPollThenRestarted() throws {
        let server = try DovecotServer.start()
        defer { server.stop() }
        try server.deliver((1...400).map { imapMessage($0, body: String(repeating: "padding line\r\n", count: 200)) })
        let gateway = try IMAPGateway(server: server, afterImport: "keep")
        let process = try gateway.start(["run", "--once"])
        // Stopped once the first batch is committed: mid-poll on any machine, whatever its speed.
        StoreProbe.wait(for: process) { StoreProbe.count(gateway.store, "SELECT count(*) FROM message") > 0 }
        server.stop()
        ChildProcess.wait(for: process)
        try server.restart()
        let run = try gateway.run(["run", "--once"])
        #expect(run.status == 0, "\(run.stderr)")
        let stats = try gateway.stats()
        #expect(stats["messages"] as? Int == 400)
        #expect(stats["duplicates_seen"] as? Int == 0)
    }

    /// A pass stops at max_messages_per_poll and says what it left; `--once --all` drains the mailbox.
    @Test func passSaysWhatItLeftAndAllDrains() throws {
        let server = try DovecotServer.start()
        defer { server.stop() }
        try server.deliver((1...25).map { imapMessage($0) })
        let gateway = try IMAPGateway(server: server, extra: "max_messages_per_poll = 10\n")
        let first = try gateway.run(["run", "--once"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("fetched 10, stored 10"))
        #expect(first.stdout.contains("; left for the next pass: 15"), "\(first.stdout)")
        let rest = try #require(try gateway.json(["run", "--once", "--all"]) as? [String: Any])
        #expect(rest["fetched"] as? Int == 15)
        #expect(rest["left_for_next_pass"] as? Int == 0)
        #expect(try gateway.stats()["messages"] as? Int == 25)
        let refused = try gateway.run(["run", "--all"])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("use it with --once"))
    }

    @Test func aMessageTheServerWillNotHandOverIsSkippedAndTheMailboxGoesOn() throws {
        let server = try DovecotServer.start()
        defer { server.stop() }
        // [parser] max_message_bytes = 50000 makes the fetch limit 4 × 64 KiB (the floor) = 262,144 bytes: message 3 (~320 KB) is over it.
        let big = imapMessage(
            3,
            body: String(repeating: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\r\n", count: 5_000)
        )
        try server.deliver([imapMessage(1), imapMessage(2), big, imapMessage(4)])
        let gateway = try IMAPGateway(
            server: server, afterImport: "move:Done", gatewayExtra: "[parser]\nmax_message_bytes = 50000\n")
        let first = try gateway.run(["run", "--once"])
        #expect(first.stdout.hasPrefix("fetched 3 (not fetched 1), stored 3"), "\(first.stdout)")
        #expect(
            first.stderr.contains("UID 3 could not be fetched (the message is larger than 262144 bytes"),
            "\(first.stderr)")
        #expect(first.stderr.contains("skipped from now on"))
        #expect(try gateway.stats()["messages"] as? Int == 3)
        // The others were moved; the one not fetched stays where it was, untouched.
        #expect(try server.count(mailbox: "Done") == 3)
        #expect(try server.count() == 1)
        // The next pass skips it without a word; quarantine list and doctor say where it is and why.
        let second = try gateway.run(["run", "--once"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout.hasPrefix("fetched 0, stored 0"), "\(second.stdout)")
        let listed = try gateway.run(["quarantine", "list"])
        #expect(listed.stdout.contains("not fetched (still on the IMAP server):"))
        #expect(listed.stdout.contains("UID 3  1 attempt(s), skipped since"), "\(listed.stdout)")
        let json = try #require(try gateway.json(["quarantine", "list"]) as? [[String: Any]])
        #expect(json.count == 1 && json[0]["stage"] as? String == "fetch" && json[0]["given_up"] as? Bool == true)
        let doctor = try gateway.run(["doctor"])
        #expect(
            doctor.stdout.contains("1 message(s) the server would not hand over (1 skipped, UID 3)"), "\(doctor.stdout)"
        )
    }

    @Test func sigkillWhilePollingFetchesEverythingExactlyOnce() throws {
        let server = try DovecotServer.start()
        defer { server.stop() }
        let gateway = try IMAPGateway(server: server, afterImport: "seen")
        var killed = 0
        for round in 0..<12 {
            try server.deliver((1...50).map { imapMessage(round * 50 + $0) })
            // Killed once this run has committed something (rounds alternate: first commit, or 30 messages).
            let before = StoreProbe.count(gateway.store, "SELECT count(*) FROM message")
            let process = try gateway.start(["run", "--once"])
            StoreProbe.wait(for: process) {
                StoreProbe.count(gateway.store, "SELECT count(*) FROM message") >= before + (round % 2 == 0 ? 1 : 30)
            }
            if process.isRunning { kill(process.processIdentifier, SIGKILL); killed += 1 }
            ChildProcess.wait(for: process)
        }
        // What the killed runs left may exceed max_messages_per_poll (500): --all drains the mailbox.
        let last = try gateway.run(["run", "--once", "--all"])
        #expect(last.status == 0, "\(last.stderr)")
        let stats = try gateway.stats()
        #expect(stats["messages"] as? Int == 600)
        #expect(stats["threads"] as? Int == 600)
        #expect(stats["messages_by_state"] as? [String: Int] == ["done": 600])
        print("IMAP crash safety: \(killed) of 12 runs killed while polling")
        #expect(killed >= 1)
    }
}
