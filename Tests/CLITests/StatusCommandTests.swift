import Foundation
import TestSupport
import Testing

/// `maildesk status` exit codes and JSON, and the `[http]` listener of `maildesk run`.
@Suite("maildesk status and the health endpoint")
struct StatusCommandTests {
    static let start = "2027-03-01T12:00:00Z"

    func mail(_ folder: GatewayFolder, _ name: String, _ bytes: String) throws {
        try Data(bytes.utf8).write(to: folder.maildir.appendingPathComponent("new/\(name)"))
    }

    @Test func exitCodesFollowTheNagiosConventionAndHonourNow() throws {
        let folder = try GatewayFolder()
        let none = try folder.run(["status"])
        #expect(none.status == 2)
        #expect(none.stdout.hasPrefix("maildesk CRITICAL: cannot read the store: no store at 'var/test.sqlite' yet"))
        #expect(!FileManager.default.fileExists(atPath: folder.root.appendingPathComponent("var/test.sqlite").path))

        try mail(folder, "1.M1P1.ok", "From: a@example.com\r\nSubject: fine\r\n\r\nok\r\n")
        #expect(try folder.run(["run", "--once", "--now", Self.start]).status == 0)
        let ok = try folder.run(["status", "--now", "2027-03-01T12:01:00Z"])
        #expect(ok.status == 0, "\(ok.stdout)")
        #expect(ok.stdout.hasPrefix("maildesk OK\n"))
        #expect(
            ok.stdout.contains(
                "support (maildir, every 5 s): last success 2027-03-01T12:00:00Z (1 min ago); fetched 1, stored 1"))
        #expect(ok.stdout.contains("daemon      none recorded"))

        try mail(folder, "2.M2P1.empty", "")
        #expect(try folder.run(["run", "--once", "--now", "2027-03-01T12:02:00Z"]).status == 0)
        let warning = try folder.run(["status", "--now", "2027-03-01T12:03:00Z"])
        #expect(warning.status == 1)
        #expect(
            warning.stdout.hasPrefix(
                "maildesk WARNING: 1 warning\nwarning: quarantine: 1 message(s) could not go through the pipeline"))

        let late = try folder.run(["status", "--now", "2027-03-01T14:02:00Z"])
        #expect(late.status == 2)
        #expect(
            late.stdout.hasPrefix(
                "maildesk CRITICAL: 1 critical, 1 warning\n"
                    + "critical: mailbox support: no successful poll for 2 h (critical after 10 min: 5 × its 5 s interval)"
            ))
    }

    @Test func jsonHasEverySection() throws {
        let folder = try GatewayFolder()
        try mail(folder, "1.M1P1.empty", "")
        #expect(try folder.run(["run", "--once", "--now", Self.start]).status == 0)
        let result = try folder.run(["status", "--json", "--now", "2027-03-01T12:00:30Z"])
        #expect(result.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["status"] as? String == "warning")
        #expect(json["now"] as? String == "2027-03-01T12:00:30Z")
        let reasons = try #require(json["reasons"] as? [[String: Any]])
        #expect(reasons.map { $0["level"] as? String } == ["warning"])
        #expect(reasons.first?["subject"] as? String == "quarantine")
        let mailbox = try #require((json["mailboxes"] as? [[String: Any]])?.first)
        #expect(mailbox["name"] as? String == "support")
        #expect(mailbox["last_success_at"] as? String == Self.start)
        #expect(mailbox["last_success_age_seconds"] as? Int == 30)
        #expect(mailbox["quarantined"] as? Int == 1)
        #expect(
            (json["waiting"] as? [String: Int]).map { $0.keys.sorted() }
                == ["answer", "assign", "classify", "followup", "parse", "send", "thread"])
        #expect((json["outbox"] as? [String: Any])?["failed_recently"] as? Int == 0)
        #expect((json["threads"] as? [String: Any])?["sla_breached"] as? Int == 0)
        #expect(json["quarantined"] as? Int == 1)
        #expect(json["daemons"] as? [Any] != nil)
        #expect((json["model"] as? [String: Any])?["saved"] as? Bool == false)
    }

    @Test func aPublicListenAddressIsAConfigurationError() throws {
        let folder = try GatewayFolder(config: GatewayFolder.quiet + "[http]\nlisten = \"0.0.0.0:9425\"\n")
        let result = try folder.run(["status"])
        #expect(result.status == 78)
        #expect(
            result.stderr.contains("config/maildesk.toml:7: 'listen' is 0.0.0.0:9425, which other machines can reach"))
    }

    @Test func theRunLoopServesHealthAndMetricsAndRecordsItsStop() throws {
        let port = try freeLoopbackPort()
        let folder = try GatewayFolder(config: GatewayFolder.quiet + "[http]\nlisten = \"127.0.0.1:\(port)\"\n")
        let files = try folder.writeConversations(threads: 3, perThread: 1)
        let store = folder.root.appendingPathComponent("var/test.sqlite")
        let process = try folder.start(["run"])
        defer { if process.isRunning { process.terminate() } }

        // The first pass has stored every message and recorded its poll and heartbeat.
        #expect(
            StoreProbe.wait(for: process) {
                StoreProbe.count(store, "SELECT count(*) FROM mailbox_state WHERE last_success_at IS NOT NULL") == 1
                    && StoreProbe.count(store, "SELECT count(*) FROM message WHERE state = 'done'") == files
            })
        // The pass has ended once /metrics shows its stage times.
        var scraped: (Int, String)?
        #expect(
            StoreProbe.wait(for: process) {
                scraped = get(port, "/metrics")
                return scraped?.1.contains("maildesk_stage_duration_seconds_count{stage=\"parse\"} 1") == true
            })
        let metrics = try #require(scraped)
        let health = get(port, "/healthz")
        #expect(health?.0 == 200)
        #expect(health?.1 == "ok\n")
        #expect(metrics.0 == 200)
        let lines = Set(metrics.1.split(separator: "\n").map(String.init))
        #expect(lines.contains("maildesk_messages_stored_total{mailbox=\"support\"} \(files)"), "\(metrics.1)")
        #expect(lines.contains("maildesk_messages_fetched_total{mailbox=\"support\"} \(files)"))
        #expect(
            lines.contains(
                "maildesk_threads{status=\"open\"} \(StoreProbe.count(store, "SELECT count(*) FROM thread WHERE status = 'open'"))"
            ))
        #expect(lines.contains("maildesk_outbox_messages{state=\"queued\"} 0"))
        #expect(lines.contains("maildesk_health_status 0"))
        #expect(
            lines.contains { $0.hasPrefix("maildesk_daemon_uptime_seconds{pid=\"\(process.processIdentifier)\"} ") })
        #expect(get(port, "/nothing")?.0 == 404)

        process.terminate()
        ChildProcess.wait(for: process)
        // SIGTERM ends the service gracefully: exit 0, its stop recorded.
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
        #expect(
            StoreProbe.count(
                store, "SELECT count(*) FROM daemon WHERE pid = \(process.processIdentifier) AND stopped_at IS NOT NULL"
            ) == 1)
    }

    /// Care mail's one-click unsubscribe: the link of List-Unsubscribe opens a page (a GET unsubscribes no one: link
    /// scanners follow every link), the mail client's POST opts the customer out, a forged token is not found.
    @Test func oneClickUnsubscribeLinksWorkOnlyByPost() throws {
        let port = try freeLoopbackPort()
        let folder = try GatewayFolder.withSpringFestivalCampaign(
            config: GatewayFolder.quiet + "[http]\nlisten = \"127.0.0.1:\(port)\"\n"
                + "[care]\npublic_url = \"http://127.0.0.1:\(port)\"\ndefault_timezone = \"Asia/Shanghai\"\n")
        let csv = folder.root.appendingPathComponent("customers.csv")
        try "email,name\nming@example.cn,Ming\n".write(to: csv, atomically: true, encoding: .utf8)
        #expect(try folder.run(["customers", "import", csv.path]).status == 0)
        let preview = try folder.run([
            "campaign", "preview", "spring_festival", "--customer", "ming@example.cn", "--raw",
            "--now", "2027-01-20T00:00:00Z"
        ])
        #expect(preview.status == 0, "\(preview.stderr)")
        let unfolded = preview.stdout.replacingOccurrences(of: "\r\n ", with: " ")
        let link = try #require(
            unfolded.range(of: #"<http://127\.0\.0\.1:\d+(/unsubscribe/[^>]+)>"#, options: .regularExpression)
                .map { String(unfolded[$0].dropFirst().dropLast()) })
        let path = String(link.drop { $0 != "/" }.dropFirst(2).drop { $0 != "/" })
        #expect(path.hasPrefix("/unsubscribe/u"))
        let store = folder.root.appendingPathComponent("var/test.sqlite")
        let optedOut = "SELECT count(*) FROM customer WHERE care_opt_out_at IS NOT NULL"

        let process = try folder.start(["run"])
        defer { if process.isRunning { process.terminate() } }
        #expect(StoreProbe.wait(for: process) { get(port, "/healthz") != nil })
        let page = try #require(http("GET", port, path))
        #expect(page.0 == 200 && page.1.contains("<form method=\"post\""))
        #expect(StoreProbe.count(store, optedOut) == 0)
        let forged = String(path.dropLast()) + (path.last == "a" ? "b" : "a")
        #expect(http("POST", port, forged, body: "List-Unsubscribe=One-Click")?.0 == 404)
        #expect(StoreProbe.count(store, optedOut) == 0)
        let done = try #require(http("POST", port, path, body: "List-Unsubscribe=One-Click"))
        #expect(done.0 == 200 && done.1.contains("Unsubscribed"))
        #expect(StoreProbe.count(store, optedOut) == 1)
        // The HTTP server answers from before the service traps SIGTERM: a signal in that moment would end the
        // process the default way, so the service's own start (its row) is waited for first.
        #expect(
            StoreProbe.wait(for: process) {
                StoreProbe.count(store, "SELECT count(*) FROM daemon WHERE pid = \(process.processIdentifier)") == 1
            })
        process.terminate()
        ChildProcess.wait(for: process)
        #expect(process.terminationStatus == 0)
    }

    /// The status code and body of `GET path` on 127.0.0.1:`port` (a plain socket: one request, then the server
    /// closes); nil while nothing answers.
    func get(_ port: Int, _ path: String) -> (Int, String)? { http("GET", port, path) }

    /// The status code and body of one request (`body` sent form-encoded, as a mail client's one-click POST).
    func http(_ method: String, _ port: Int, _ path: String, body: String? = nil) -> (Int, String)? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = loopback(port: 0)
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
        guard connected else { return nil }
        let content =
            body.map { "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: \($0.utf8.count)\r\n" } ?? ""
        let request = Array(
            "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\(content)\r\n\(body ?? "")".utf8)
        guard send(fd, request, request.count, 0) == request.count else { return nil }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            response += buffer[0..<n]
        }
        let text = String(decoding: response, as: UTF8.self)
        guard let head = text.range(of: "\r\n\r\n"),
            let status = Int(text.split(separator: " ").dropFirst().first ?? "")
        else { return nil }
        return (status, String(text[head.upperBound...]))
    }

    func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        return address
    }

    /// A port nothing listens on now (the kernel's choice for port 0).
    func freeLoopbackPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw CocoaError(.featureUnsupported) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
