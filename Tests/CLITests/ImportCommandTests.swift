import Foundation
import TestSupport
import Glibc
import Testing

/// `maildesk import`: a mailbox's history becomes threads without one acknowledgement or notification, a killed
/// import resumes (keeping its marks), and `--since` keeps older mail out of the threads.
@Suite("import", .serialized)
struct ImportCommandTests {
    /// Acknowledgements and notifications on (written to the outbox), the shipped templates, one agent: any mail
    /// the import wrongly caused would be an outbox row.
    static func answeringGateway() throws -> GatewayFolder {
        let folder = try GatewayFolder(
            config: """
                [smtp]
                url = "file:var/outbox"
                from = "support@desk.example"
                [classification]
                training_data = "\(CLI.repository.appendingPathComponent("config/training").path)"
                """)
        try folder.addTemplatesAndAgent()
        return folder
    }

    @Test func historyBecomesThreadsWithoutAnyMail() throws {
        let folder = try Self.answeringGateway()
        let files = try folder.writeConversations(threads: 12, perThread: 3)
        let result = try folder.run(["import", "--mailbox", "support"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("import: \(files)/\(files) messages"))
        #expect(folder.count("SELECT count(*) FROM message WHERE history = 1 AND state = 'done'") == files)
        #expect(folder.count("SELECT count(*) FROM thread WHERE history = 1") == 12)
        #expect(folder.count("SELECT count(*) FROM thread WHERE assignee IS NOT NULL") == 12)
        #expect(folder.count("SELECT count(*) FROM outbox") == 0)
        #expect(folder.count("SELECT count(*) FROM import_run WHERE finished_at IS NOT NULL") == 1)
        // Later passes owe the history nothing either; a live mail after it is answered as usual.
        #expect(try folder.run(["run", "--once"]).status == 0)
        #expect(folder.count("SELECT count(*) FROM outbox") == 0)
        try Data(
            """
            From: New Customer <new@customer.example>\r
            To: support@desk.example\r
            Subject: My router does not start\r
            Date: Tue, 17 Nov 2026 09:00:00 +0100\r
            Message-ID: <live-1@customer.example>\r
            \r
            It stays dark after I plug it in.\r

            """.utf8
        ).write(to: folder.maildir.appendingPathComponent("new/1763999999.M1P1.live"))
        let live = try folder.run(["run", "--once"])
        #expect(live.status == 0, "\(live.stderr)")
        #expect(folder.count("SELECT count(*) FROM outbox WHERE purpose = 'acknowledgement'") == 1)
        #expect(folder.count("SELECT count(*) FROM outbox WHERE purpose = 'notification'") == 1)
    }

    /// Killed once it has committed messages (the test waits for that in the store, never for a time), the
    /// import is unfinished: `run` leaves the mailbox alone, and the rerun imports everything exactly once,
    /// every message marked as history.
    @Test func aKilledImportResumesAndKeepsItsMarks() throws {
        let folder = try Self.answeringGateway()
        let files = try folder.writeConversations(threads: 100, perThread: 10)
        let store = folder.root.appendingPathComponent("var/test.sqlite")
        let log = folder.root.appendingPathComponent("import.log")
        let process = try folder.start(["import", "--mailbox", "support", "--no-answer"], log: log)
        StoreProbe.wait(for: process) { StoreProbe.count(store, "SELECT count(*) FROM message") >= 1 }
        let killed = process.isRunning
        if killed { kill(process.processIdentifier, SIGKILL) }
        ChildProcess.wait(for: process)
        #expect(
            killed,
            """
            the import ended before it could be killed (status \(process.terminationStatus), \
            reason \(process.terminationReason.rawValue)): \((try? String(contentsOf: log, encoding: .utf8)) ?? "")
            """)
        let stored = folder.count("SELECT count(*) FROM message")
        #expect(stored >= 1 && stored < files)

        let run = try folder.run(["run", "--once"])
        #expect(run.status == 75)
        #expect(run.stderr.contains("is unfinished; run `maildesk import --mailbox support`"))
        #expect(folder.count("SELECT count(*) FROM message") == stored)

        // Resumed without options: it keeps --no-answer.
        let resumed = try folder.run(["import", "--mailbox", "support"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("resuming the import of support"))
        #expect(folder.count("SELECT count(*) FROM message") == files)
        #expect(folder.count("SELECT count(*) FROM ingest_ledger") == files)
        #expect(folder.count("SELECT count(*) FROM message WHERE history = 2 AND state = 'done'") == files)
        #expect(folder.count("SELECT count(*) FROM thread") == 100)
        #expect(folder.count("SELECT count(*) FROM thread WHERE status = 'resolved' AND history = 1") == 100)
        #expect(folder.count("SELECT count(*) FROM outbox") == 0)
        let after = try folder.run(["run", "--once"])
        #expect(after.status == 0, "\(after.stderr)")
        #expect(folder.count("SELECT count(*) FROM outbox") == 0)
    }

    @Test func sinceKeepsOlderMailOutOfTheThreads() throws {
        let folder = try GatewayFolder()
        func write(_ name: String, date: String?, modified: Date? = nil) throws {
            let url = folder.maildir.appendingPathComponent("new/\(name)")
            try Data(
                ("From: c-\(name)@customer.example\r\nTo: support@desk.example\r\nSubject: Case \(name)\r\n"
                    + (date.map { "Date: \($0)\r\n" } ?? "")
                    + "Message-ID: <\(name)@customer.example>\r\n\r\nText \(name).\r\n").utf8
            )
            .write(to: url)
            if let modified {
                try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: url.path)
            }
        }
        try write("1700000001.M1P1.old", date: "Wed, 15 Mar 2023 10:00:00 +0000")
        try write("1700000002.M2P1.new", date: "Thu, 16 Jan 2025 10:00:00 +0000")
        try write("1700000003.M3P1.edge", date: "Tue, 31 Dec 2024 23:30:00 -0100")  // 2025-01-01T00:30Z
        try write("1700000004.M4P1.undated-old", date: nil, modified: Date(timeIntervalSince1970: 1_600_000_000))
        try write("1700000005.M5P1.undated-new", date: nil, modified: Date(timeIntervalSince1970: 1_750_000_000))
        let result = try folder.run(["import", "--mailbox", "support", "--since", "2025-01-01"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(folder.count("SELECT count(*) FROM message") == 5)
        #expect(folder.count("SELECT count(*) FROM thread") == 3)
        let threaded = folder.count(
            """
            SELECT count(*) FROM message WHERE thread_id IS NOT NULL
                AND subject IN ('Case 1700000002.M2P1.new', 'Case 1700000003.M3P1.edge', 'Case 1700000005.M5P1.undated-new')
            """)
        #expect(threaded == 3)
        #expect(
            folder.count("SELECT count(*) FROM message WHERE state = 'done' AND thread_id IS NULL AND history = 1") == 2
        )
        #expect(
            folder.count(
                "SELECT count(*) FROM event WHERE detail LIKE '%before the import''s --since 2025-01-01T00:00:00Z%'")
                == 2)
    }

    /// An IMAP mailbox gives 50 messages a pass: the import takes passes until none is left, marking every one,
    /// and `--since` reads the Date field of each fetched message.
    @Test func anIMAPMailboxIsImportedInPasses() throws {
        let server = try DovecotServer.start()
        let gateway = try IMAPGateway(server: server, extra: "max_messages_per_poll = 50\n")
        try server.deliver(
            (0..<130).map { n in
                Data(
                    ("From: Customer \(n) <c\(n)@customer.example>\r\nTo: \(DovecotServer.supportUser)\r\n"
                        + "Subject: Case \(n)\r\nDate: \(n < 30 ? "Mon, 4 Mar 2024" : "Mon, 3 Mar 2025") 10:00:00 +0000\r\n"
                        + "Message-ID: <case-\(n)@customer.example>\r\n\r\nText \(n).\r\n").utf8)
            })
        let result = try gateway.run(["import", "--mailbox", "support", "--since", "2025-01-01"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("import: 130/130 messages"))
        let count = { StoreProbe.count(gateway.store, $0) }
        #expect(count("SELECT count(*) FROM message WHERE history = 1") == 130)
        #expect(count("SELECT count(*) FROM ingest_ledger WHERE source = 'imap'") == 130)
        #expect(count("SELECT count(*) FROM thread WHERE history = 1") == 100)
        #expect(count("SELECT count(*) FROM message WHERE thread_id IS NULL AND state = 'done'") == 30)
        #expect(count("SELECT count(*) FROM import_run WHERE finished_at IS NOT NULL") == 1)
        let again = try gateway.run(["run", "--once"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(count("SELECT count(*) FROM message") == 130)
    }

    @Test func aBadSinceIsAUsageError() throws {
        let folder = try GatewayFolder()
        let result = try folder.run(["import", "--mailbox", "support", "--since", "last year"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--since 'last year' is not a date"))
    }
}
