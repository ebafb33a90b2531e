import Foundation
import Glibc
import Testing

/// A real Postfix delivering to `maildesk deliver` through pipe(8), as the README's master.cf line does: mail
/// sent over SMTP is stored exactly once, and a store locked by another process defers it (exit 75) until
/// Postfix's retry delivers it. Needs root and Postfix (scripts/install-deps.sh); without them the test fails.
@Suite("deliver through Postfix pipe", .serialized)
struct PostfixDeliverTests {
    @Test func postfixPipesMailInAndRetriesAfterATemporaryFailure() throws {
        let folder = try DeliverCommandTests.gateway()
        // pipe(8) runs the command as an unprivileged user: the gateway folder is that user's.
        try chown(folder.root, to: "nobody")
        let postfix = try PostfixServer(
            piping: "help@desk.example", into: folder.root,
            command: [
                CLI.binary.path, "deliver", "--config", "config/maildesk.toml", "--mailbox", "inbound",
                "--recipient", "${original_recipient}", "--lock-timeout", "1"
            ])
        let store = folder.root.appendingPathComponent("var/test.sqlite")
        let messages = { StoreProbe.count(store, "SELECT count(*) FROM message") }

        try postfix.send(Self.mail(1), from: "ana@customer.example", to: ["help@desk.example"])
        #expect(try Self.wait { messages() == 1 }, "not delivered: \(postfix.log)")
        #expect(
            StoreProbe.count(
                store,
                """
                SELECT count(*) FROM raw_message WHERE instr(bytes, CAST('Delivered-To: help@desk.example' AS BLOB)) > 0
                """) == 1)

        // Another process holds the store: the delivery fails with 75 and Postfix keeps the message.
        let lock = try StoreLock(store)
        try postfix.send(Self.mail(2), from: "ana@customer.example", to: ["help@desk.example"])
        #expect(try Self.wait { postfix.log.contains("status=deferred") }, "not deferred: \(postfix.log)")
        #expect(postfix.log.contains("temporary failure"))
        #expect(messages() == 1)
        #expect(try postfix.queued() == 1)
        lock.release()
        try postfix.flush()
        #expect(try Self.wait { messages() == 2 && (try? postfix.queued()) == 0 }, "not retried: \(postfix.log)")
        #expect(StoreProbe.count(store, "SELECT count(*) FROM ingest_ledger WHERE source = 'deliver'") == 2)
        // Each message once, each under its own Message-ID.
        #expect(StoreProbe.count(store, "SELECT count(DISTINCT sha256) FROM message") == 2)
        let run = try folder.run(["run", "--once"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(StoreProbe.count(store, "SELECT count(*) FROM message WHERE delivered_to = 'help@desk.example'") == 2)
    }

    static func mail(_ n: Int) -> Data {
        Data(
            """
            From: Ana Lima <ana@customer.example>\r
            To: help@desk.example\r
            Subject: Router question \(n)\r
            Date: Mon, 16 Nov 2026 10:0\(n):00 +0100\r
            Message-ID: <router-\(n)@customer.example>\r
            \r
            Question number \(n) about the router.\r

            """.utf8)
    }

    /// Polls `condition` until it holds; the limit only stops a test that would otherwise hang.
    static func wait(limit: TimeInterval = 300, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(limit)
        while Date() < deadline {
            if try condition() { return true }
            usleep(20_000)
        }
        return try condition()
    }

    func chown(_ folder: URL, to user: String) throws {
        guard let entry = getpwnam(user) else { throw PostfixServer.Failure(description: "no user \(user)") }
        let fm = FileManager.default
        var paths = [folder.path]
        if let inside = fm.enumerator(atPath: folder.path) {
            paths += inside.compactMap { $0 as? String }.map { folder.path + "/" + $0 }
        }
        for path in paths where Glibc.chown(path, entry.pointee.pw_uid, entry.pointee.pw_gid) != 0 {
            throw PostfixServer.Failure(description: "cannot chown \(path): \(String(cString: strerror(errno)))")
        }
    }
}
