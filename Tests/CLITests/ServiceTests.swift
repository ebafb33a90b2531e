import Foundation
import Synchronization
import TestSupport
import Testing

/// `maildesk run` as a service: signals, reloads and a locked store. Every wait is for a state (a row in the
/// store, a line in the log), never a fixed time; the limits only stop a test that would otherwise hang.
@Suite("maildesk run as a service", .serialized)
struct ServiceTests {
    /// A gateway answering by the `file:` transport (acknowledgements on when `acknowledge`), passes every second.
    func gateway(acknowledge: Bool = false, extra: String = "", classification: String = "") throws -> GatewayFolder {
        let folder = try GatewayFolder(
            config: """
                [smtp]
                url = "file:outbox"
                from = "support@desk.example"
                [outbound]
                acknowledge = \(acknowledge)
                notify_agents = false
                max_auto_replies_per_hour = 1000
                [classification]
                training_data = "\(CLI.repository.appendingPathComponent("config/training").path)"
                \(classification)
                [run]
                interval = 1
                \(extra)
                """)
        try FileManager.default.copyItem(
            at: CLI.repository.appendingPathComponent("templates"),
            to: folder.root.appendingPathComponent("templates"))
        try "[[agent]]\nname = \"Tom Baker\"\naddress = \"tom@desk.example\"\n"
            .write(to: folder.root.appendingPathComponent("config/agents.toml"), atomically: true, encoding: .utf8)
        return folder
    }

    func store(_ folder: GatewayFolder) -> URL { folder.root.appendingPathComponent("var/test.sqlite") }

    func log(_ file: URL) -> String { (try? String(contentsOf: file, encoding: .utf8)) ?? "" }

    /// Waits until the service's log contains `text` (false if the process ended first).
    @discardableResult
    func waitForLog(_ process: Process, _ file: URL, _ text: String) -> Bool {
        StoreProbe.wait(for: process) { log(file).contains(text) }
    }

    func stop(_ process: Process) -> Int32 {
        kill(process.processIdentifier, SIGTERM)
        ChildProcess.wait(for: process)
        return process.terminationStatus
    }

    func mail(_ n: Int) -> Data {
        Data(
            """
            From: Customer \(n) <c\(n)@shop\(n).example>\r
            To: support@desk.example\r
            Subject: Order \(n) has not arrived\r
            Message-ID: <service-\(n)@example.com>\r
            Date: Sun, 6 Dec 2026 09:00:00 +0800\r
            \r
            Where is my order \(n)? It was due last week.\r

            """.utf8)
    }

    @Test func sigtermWhileFetchingStopsCleanlyAndLosesNothing() throws {
        let folder = try gateway()
        let files = try folder.writeConversations(threads: 400, perThread: 5)
        let logFile = folder.root.appendingPathComponent("service.log")
        let service = try folder.start(["run"], log: logFile)
        StoreProbe.wait(for: service) { StoreProbe.count(store(folder), "SELECT count(*) FROM raw_message") >= 1 }
        #expect(stop(service) == 0, "\(log(logFile))")
        #expect(log(logFile).contains("service stopped"))
        // What was in hand is committed; the next start takes the rest, each message once.
        let rest = try folder.run(["run", "--once", "--all"])
        #expect(rest.status == 0, "\(rest.stderr)")
        let stats = try #require(try folder.json(["stats"]) as? [String: Any])
        #expect(stats["messages"] as? Int == files)
        #expect(stats["sightings"] as? Int == files)
        #expect(stats["duplicates_seen"] as? Int == 0)
        #expect(stats["messages_by_state"] as? [String: Int] == ["done": files])
    }

    @Test func sigtermWhileSendingSendsEachMailOnce() throws {
        let folder = try gateway(acknowledge: true)
        for n in 0..<300 {
            try mail(n).write(to: folder.maildir.appendingPathComponent("new/\(1_765_000_000 + n).M\(n)P1.test"))
        }
        let logFile = folder.root.appendingPathComponent("service.log")
        let service = try folder.start(["run"], log: logFile)
        StoreProbe.wait(for: service) {
            StoreProbe.count(store(folder), "SELECT count(*) FROM outbox WHERE state = 'sent'") >= 1
        }
        #expect(stop(service) == 0, "\(log(logFile))")
        let rest = try folder.run(["run", "--once", "--all"])
        #expect(rest.status == 0, "\(rest.stderr)")
        let rows = StoreProbe.count(store(folder), "SELECT count(*) FROM outbox")
        #expect(rows == 300)
        #expect(StoreProbe.count(store(folder), "SELECT count(*) FROM outbox WHERE state = 'sent'") == rows)
        #expect(
            StoreProbe.count(
                store(folder),
                "SELECT count(*) FROM (SELECT thread_id FROM outbox GROUP BY thread_id HAVING count(*) > 1)") == 0)
        let written = try FileManager.default.contentsOfDirectory(
            atPath: folder.root.appendingPathComponent("outbox").path)
        #expect(written.filter { $0.hasSuffix(".eml") }.count == rows)
    }

    /// The service retrains the classifier on what agents corrected or confirmed, saves it and uses it.
    @Test func retrainsTheClassifierOnWhatAgentsLabelled() throws {
        let folder = try gateway(extra: "schedule_interval = 1", classification: "retrain_hours = 1")
        for n in 0..<3 {
            try mail(n).write(to: folder.maildir.appendingPathComponent("new/\(1_765_000_000 + n).M\(n)P1.test"))
        }
        let first = try folder.run(["run", "--once"])
        #expect(first.status == 0, "\(first.stderr)")
        let corrected = try folder.run(["threads", "set", "1", "--category", "billing"])
        #expect(corrected.status == 0, "\(corrected.stderr)")
        let confirmed = try folder.run(["threads", "set", "2", "--status", "resolved"])
        #expect(confirmed.status == 0, "\(confirmed.stderr)")
        let model = folder.root.appendingPathComponent("var/classifier.json")
        #expect(!FileManager.default.fileExists(atPath: model.path))

        let logFile = folder.root.appendingPathComponent("service.log")
        let service = try folder.start(["run"], log: logFile)
        defer { if service.isRunning { kill(service.processIdentifier, SIGKILL) } }
        #expect(waitForLog(service, logFile, "classifier retrained"), "\(log(logFile))")
        #expect(log(logFile).contains("corrected=1 "), "\(log(logFile))")
        #expect(log(logFile).contains("confirmed=1 "), "\(log(logFile))")
        #expect(stop(service) == 0, "\(log(logFile))")
        let saved = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: model)) as? [String: Any])
        #expect(saved["corrections"] as? Int == 2)
        #expect(saved["trained_at"] is String)
        #expect(log(logFile).components(separatedBy: "classifier retrained").count == 2, "once: \(log(logFile))")
    }

    @Test func sighupReloadsAGoodConfigurationAndRefusesABadOne() throws {
        let folder = try gateway()
        let config = folder.root.appendingPathComponent("config/maildesk.toml")
        let logFile = folder.root.appendingPathComponent("service.log")
        let service = try folder.start(["run"], log: logFile)
        defer { if service.isRunning { kill(service.processIdentifier, SIGKILL) } }
        try #require(waitForLog(service, logFile, "service started"))

        let good = try String(contentsOf: config, encoding: .utf8) + "[parser]\nmax_depth = 40\n"
        try good.write(to: config, atomically: true, encoding: .utf8)
        kill(service.processIdentifier, SIGHUP)
        #expect(waitForLog(service, logFile, "reloaded changed=config/maildesk.toml"), "\(log(logFile))")

        try (good + "[threading]\nsubject_window_days = -1\n").write(to: config, atomically: true, encoding: .utf8)
        kill(service.processIdentifier, SIGHUP)
        #expect(waitForLog(service, logFile, "reload refused, the running configuration is kept"), "\(log(logFile))")
        #expect(log(logFile).contains("config/maildesk.toml:"), "the refusal names the file and line: \(log(logFile))")

        // The service goes on with the configuration it had.
        try mail(1).write(to: folder.maildir.appendingPathComponent("new/1765000001.M1P1.test"))
        #expect(
            StoreProbe.wait(for: service) {
                StoreProbe.count(store(folder), "SELECT count(*) FROM message WHERE state = 'done'") == 1
            })
        #expect(stop(service) == 0, "\(log(logFile))")
    }

    /// Another process holds the store's write lock for 40 s, longer than the store's 30 s busy timeout: the pass
    /// fails, the error is logged, and the service catches up once the lock is gone.
    @Test func aStoreLockedFor40SecondsDoesNotEndTheService() throws {
        let folder = try gateway()
        let logFile = folder.root.appendingPathComponent("service.log")
        let service = try folder.start(["run"], log: logFile)
        defer { if service.isRunning { kill(service.processIdentifier, SIGKILL) } }
        try #require(waitForLog(service, logFile, "service started"))
        try #require(
            StoreProbe.wait(for: service) { StoreProbe.count(store(folder), "SELECT count(*) FROM sqlite_master") > 0 })

        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = [
            "python3", "-c",
            """
            import sqlite3, sys, time
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            c.execute('BEGIN IMMEDIATE')
            print('locked', flush=True)
            time.sleep(40)
            c.execute('COMMIT')
            """, store(folder).path
        ]
        let output = ChildProcess.pipe()
        holder.standardOutput = output
        try ChildProcess.launch(holder)
        let said = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        try #require(said.contains("locked"))
        try mail(7).write(to: folder.maildir.appendingPathComponent("new/1765000007.M7P1.test"))
        #expect(waitForLog(service, logFile, "database is locked"), "\(log(logFile))")
        ChildProcess.wait(for: holder)
        #expect(service.isRunning)
        #expect(
            StoreProbe.wait(for: service) {
                StoreProbe.count(store(folder), "SELECT count(*) FROM message WHERE state = 'done'") == 1
            },
            "\(log(logFile))")
        #expect(stop(service) == 0, "\(log(logFile))")
    }
}

/// The service against a real Dovecot: the STATUS connection kept across polls (an idle poll logs in no more),
/// new mail fetched, and a server restart survived.
@Suite("maildesk run as a service over IMAP", .serialized)
struct IMAPServiceTests {
    func logins(_ server: DovecotServer) -> Int {
        let log =
            (try? String(contentsOf: server.root.appendingPathComponent("log/dovecot.log"), encoding: .utf8)) ?? ""
        return log.components(separatedBy: "\n").filter { $0.contains("Login: user=<\(DovecotServer.supportUser)>") }
            .count
    }

    func occurrences(_ text: String, in file: URL) -> Int {
        ((try? String(contentsOf: file, encoding: .utf8)) ?? "").components(separatedBy: text).count - 1
    }

    @Test func pollsByStatusOnAKeptConnectionAndSurvivesARestart() throws {
        let server = try DovecotServer.start()
        let gateway = try IMAPGateway(
            server: server, extra: "poll_interval = 2\n", gatewayExtra: "[run]\ninterval = 1\n")
        try server.deliver([DovecotServerTests.message(1)])
        let logFile = gateway.root.appendingPathComponent("service.log")
        let service = try gateway.start(["run", "--log-level", "debug"], log: logFile)
        defer { if service.isRunning { kill(service.processIdentifier, SIGKILL) } }
        func stored() -> Int { StoreProbe.count(gateway.store, "SELECT count(*) FROM message") }
        try #require(StoreProbe.wait(for: service) { stored() == 1 })

        // Idle: three polls that stop at STATUS, all on the login of the first poll.
        let loginsBefore = logins(server)
        let unchangedBefore = occurrences("mailbox unchanged", in: logFile)
        #expect(StoreProbe.wait(for: service) { occurrences("mailbox unchanged", in: logFile) >= unchangedBefore + 3 })
        #expect(logins(server) == loginsBefore, "an idle poll logged in again")

        // New mail moves UIDNEXT: the watching connection sees it, and one connection of its own fetches it.
        try server.deliver([DovecotServerTests.message(2)])
        #expect(StoreProbe.wait(for: service) { stored() == 2 })
        #expect(logins(server) == loginsBefore + 1)

        // The server restarts under the service: the poll fails, is logged, and the next one reconnects.
        try server.restart()
        try server.deliver([DovecotServerTests.message(3)])
        #expect(
            StoreProbe.wait(for: service) { stored() == 3 },
            "\((try? String(contentsOf: logFile, encoding: .utf8)) ?? "")")
        #expect(service.isRunning)
        kill(service.processIdentifier, SIGTERM)
        ChildProcess.wait(for: service)
        #expect(service.terminationStatus == 0)
    }
}

/// The latency benchmark's script, run with a few mails so that CI keeps it working (its figures belong to the
/// benchmark). Needs root, Postfix and Dovecot, like the other end-to-end tests: without them it fails.
@Suite("latency benchmark script")
struct LatencyScriptTests {
    @Test func runsEndToEndWithAFewMails() throws {
        let (status, stdout, stderr) = try BenchmarkScript.run("Benchmarks/latency/run.sh", ["3", "1"])
        #expect(status == 0, "\(stderr)")
        #expect(stdout.contains("mails=3 acknowledged=3 median_s="), "\(stdout)\n\(stderr)")
    }
}

/// A benchmark script run with the test build of maildesk (`MAILDESK_BIN`): its exit status, stdout and stderr.
enum BenchmarkScript {
    static func run(_ script: String, _ arguments: [String], environment: [String: String] = [:]) throws
        -> (status: Int32, stdout: String, stderr: String)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [CLI.repository.appendingPathComponent(script).path] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(
            environment.merging(["MAILDESK_BIN": CLI.binary.path]) { own, _ in own }
        ) { _, new in new }
        let output = ChildProcess.pipe(), errors = ChildProcess.pipe()
        process.standardOutput = output
        process.standardError = errors
        try ChildProcess.launch(process)
        // stderr is drained on its own thread: a script filling one pipe while we read the other would stall.
        let errorText = Mutex(Data())
        let drained = DispatchSemaphore(value: 0)
        let drain = Thread {
            let data = errors.fileHandleForReading.readDataToEndOfFile()
            errorText.withLock { $0 = data }
            drained.signal()
        }
        drain.start()
        let stdout = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        drained.wait()
        ChildProcess.wait(for: process)
        return (process.terminationStatus, stdout, String(decoding: errorText.withLock { $0 }, as: UTF8.self))
    }
}

/// The whole-pipeline benchmark's script with a few mails, so that CI keeps it working (its figures belong to the
/// benchmark): every row runs, maildesk's through Dovecot and through Postfix with STARTTLS. Needs root, Postfix
/// and Dovecot, like the other end-to-end tests: without them it fails.
@Suite("pipeline benchmark script")
struct PipelineBenchmarkScriptTests {
    @Test func runsEveryRowWithAFewMails() throws {
        let corpus = try TemporaryFolder.make("maildesk-pipebench-corpus")
        let (status, stdout, stderr) = try BenchmarkScript.run(
            "Benchmarks/pipeline/run.sh", ["40"],
            environment: ["CORPUS_DIR": corpus.appendingPathComponent("corpus").path, "SKIP_MBSYNC": "1"])
        #expect(status == 0, "\(stderr)")
        for row in [
            "curl_fetch", "maildesk_file", "maildesk_file_all", "maildesk_smtp1", "maildesk_smtp2", "maildesk_maildir"
        ] {
            let line = stdout.split(separator: "\n").first { $0.hasPrefix(row + " ") }
            #expect(line?.contains(" 40 ") == true, "\(row): \(stdout)")
            if row.hasPrefix("maildesk") { #expect(line?.contains("errors=0") == true, "\(row): \(stdout)") }
        }
        #expect(!stdout.contains("exit "), "\(stdout)")
        #expect(stdout.contains("send_2_connections  sent "), "\(stdout)\n\(stderr)")
    }
}
