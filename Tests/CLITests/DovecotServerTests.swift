import Foundation
import TestSupport
import Testing

/// The private Dovecot that the IMAP tests use: delivery order, UIDs, flags, UIDVALIDITY, IMAPS, restarts.
/// Without Dovecot these tests fail with "install dovecot-imapd (scripts/install-deps.sh)"; they never skip.
@Suite("private Dovecot test server")
struct DovecotServerTests {
    static func message(_ n: Int) -> Data {
        Data(
            ("From: Customer \(n) <customer\(n)@example.test>\r\nTo: support@example.test\r\n"
                + "Subject: test message \(n)\r\nMessage-ID: <test-\(n)@example.test>\r\n"
                + "Date: Mon, 1 Jan 2024 10:00:00 +0000\r\n\r\nBody of message \(n).\r\n").utf8)
    }

    struct Curl {
        var status: Int32
        var stdout: Data
        var text: String { String(decoding: stdout, as: UTF8.self) }
    }

    /// Runs /usr/bin/curl (silent, 10 s limit) as support@example.test.
    static func curl(
        _ arguments: [String], user: String = DovecotServer.supportUser,
        password: String = DovecotServer.password
    ) throws -> Curl {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = ["-s", "--max-time", "10", "-u", "\(user):\(password)"] + arguments
        let out = ChildProcess.pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try ChildProcess.launch(process)
        let data = out.fileHandleForReading.readDataToEndOfFile()
        ChildProcess.wait(for: process)
        return Curl(status: process.terminationStatus, stdout: data)
    }

    @Test("delivers in order and serves the messages over IMAP and IMAPS")
    func deliverAndFetch() throws {
        let server = try DovecotServer.start()
        defer { server.stop() }
        let messages = (1...3).map(Self.message)
        try server.deliver(messages)
        #expect(try server.count() == 3)
        #expect(try server.count(user: DovecotServer.otherUser) == 0)
        #expect(try server.count(mailbox: "Processed") == 0)
        #expect(try server.count(mailbox: "Archive") == 0)

        let search = try Self.curl(["--url", server.url(), "-X", "UID SEARCH ALL"])
        #expect(search.status == 0)
        #expect(search.text.contains("* SEARCH 1 2 3\r\n"), "UID SEARCH ALL answered: \(search.text)")
        let esearch = try Self.curl(["--url", server.url(), "-X", "UID SEARCH RETURN (ALL) ALL"])
        #expect(esearch.text.contains("UID ALL 1:3"), "ESEARCH answered: \(esearch.text)")

        // UIDs follow the order of delivery; the bodies come back byte for byte, over IMAP and IMAPS.
        let validity = try server.uidValidity()
        for uid in 1...3 {
            let plain = try Self.curl(["--url", server.url("INBOX;UIDVALIDITY=\(validity)/;UID=\(uid)")])
            #expect(plain.status == 0)
            #expect(plain.stdout == messages[uid - 1], "UID \(uid) over IMAP: \(plain.text)")
        }
        let secure = try Self.curl([
            "--cacert", server.caFile.path, "--url", server.url("INBOX;UIDVALIDITY=\(validity)/;UID=2", tls: true)
        ])
        #expect(secure.status == 0)
        #expect(secure.stdout == messages[1])
        let byAddress = try Self.curl([
            "--cacert", server.caFile.path, "--url", "imaps://127.0.0.1:\(server.imapsPort)/INBOX", "-X", "NOOP"
        ])
        #expect(byAddress.status == 0, "the certificate names 127.0.0.1 too")
        let untrusted = try Self.curl(["--url", server.url(tls: true), "-X", "NOOP"])
        #expect(untrusted.status == 60, "without the CA file curl must refuse the certificate")

        // Fetching by URL marked the three messages \Seen; a later delivery comes next and unseen.
        try server.deliver([Self.message(4)])
        let status = try Self.curl(["--url", server.url(), "-X", "STATUS INBOX (MESSAGES UNSEEN UIDNEXT)"])
        for item in ["MESSAGES 4", "UNSEEN 1", "UIDNEXT 5"] {
            #expect(status.text.contains(item), "STATUS answered: \(status.text)")
        }
    }

    @Test("flags, UIDVALIDITY reset, restart on the same ports, wrong password")
    func flagsValidityRestart() throws {
        let server = try DovecotServer.start()
        defer { server.stop() }
        try server.deliver((1...5).map(Self.message))
        #expect(try server.unseenCount() == 5)
        try server.markAllSeen()
        #expect(try server.unseenCount() == 0)
        let seen = try Self.curl(["--url", server.url(), "-X", "UID SEARCH UNSEEN"])
        #expect(seen.text.contains("* SEARCH\r\n"), "nothing unseen: \(seen.text)")
        try server.markAllUnseen()
        let unseen = try Self.curl(["--url", server.url(), "-X", "UID SEARCH UNSEEN"])
        #expect(unseen.text.contains("* SEARCH 1 2 3 4 5\r\n"), "all unseen: \(unseen.text)")

        let before = try server.uidValidity()
        let after = try server.resetUIDValidity()
        #expect(after != before)
        #expect(try server.uidValidity() == after)
        #expect(try server.count() == 5)
        let stale = try Self.curl(["--url", server.url("INBOX;UIDVALIDITY=\(before)/;UID=1")])
        #expect(stale.status == 78, "a stale UIDVALIDITY makes libcurl fail with CURLE_REMOTE_FILE_NOT_FOUND")

        let imapPort = server.imapPort, imapsPort = server.imapsPort
        try server.restart()
        #expect(server.imapPort == imapPort && server.imapsPort == imapsPort)
        #expect(try server.count() == 5)
        #expect(try server.uidValidity() == after)

        let wrong = try Self.curl(["--url", server.url(), "-X", "NOOP"], password: "wrong")
        #expect(wrong.status == 67, "CURLE_LOGIN_DENIED for a wrong password")
        let right = try Self.curl(["--url", server.url(), "-X", "NOOP"])
        #expect(right.status == 0)

        server.stop()
        let down = try Self.curl(["--url", server.url(), "-X", "NOOP"])
        #expect(down.status == 7, "nothing listens after stop()")
    }
}
