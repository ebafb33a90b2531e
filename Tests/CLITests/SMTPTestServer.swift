import Foundation
import TestSupport

/// The project's scriptable SMTP server (scripts/smtp-test-server.py, aiosmtpd) on a free loopback port, in a
/// temporary folder: what it accepts is captured there; `control` scripts its answers. A missing aiosmtpd
/// fails the test that needs the server (never a skip).
final class SMTPTestServer {
    let folder: URL
    private(set) var port: Int
    private var process: Process?
    let tls: Bool
    let auth: String?

    static let script = CLI.repository.appendingPathComponent("scripts/smtp-test-server.py").path

    struct Failure: Error, CustomStringConvertible { let description: String }

    init(tls: Bool = false, auth: String? = nil, port: Int = 0) throws {
        folder = try TemporaryFolder.make("maildesk-smtp")
        self.tls = tls
        self.auth = auth
        self.port = port
        if tls { try makeCertificate() }
        try start()
    }

    deinit { stop() }

    /// The self-signed certificate (CN=localhost, SAN 127.0.0.1) clients trust as their CA file.
    var caFile: URL { folder.appendingPathComponent("cert.pem") }

    func start() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"),
            (try? Self.run("/usr/bin/python3", ["-c", "import aiosmtpd"])) != nil
        else {
            throw Failure(description: "aiosmtpd is missing: install python3-aiosmtpd (scripts/install-deps.sh)")
        }
        try? FileManager.default.removeItem(at: folder.appendingPathComponent("port"))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        var arguments = [Self.script, "--dir", folder.path, "--port", String(port)]
        if tls { arguments += ["--tls-cert", caFile.path, "--tls-key", folder.appendingPathComponent("key.pem").path] }
        if let auth { arguments += ["--auth", auth] }
        p.arguments = arguments
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try ChildProcess.launch(p)
        process = p
        let portFile = folder.appendingPathComponent("port")
        for _ in 0..<200 {
            if let text = try? String(contentsOf: portFile, encoding: .utf8), let value = Int(text) {
                port = value
                return
            }
            if !p.isRunning { break }
            usleep(50_000)
        }
        throw Failure(description: "the SMTP test server did not start (port \(port))")
    }

    func stop() {
        guard let process, process.isRunning else { return }
        process.terminate()
        for _ in 0..<60 where process.isRunning { usleep(50_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        ChildProcess.wait(for: process)
        self.process = nil
    }

    /// Scripts the next answers (see the script's documentation).
    func control(_ object: [String: Any]) throws {
        let data = try JSONSerialization.data(withJSONObject: object)
        try data.write(to: folder.appendingPathComponent("control.json"), options: .atomic)
    }

    /// Every message accepted so far, in order: its bytes and envelope recipients.
    func captured() throws -> [(bytes: Data, from: String, recipients: [String], file: URL)] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".eml") }
            .sorted()
        return try names.map { name in
            let eml = folder.appendingPathComponent(name)
            let json = folder.appendingPathComponent(String(name.dropLast(4)) + ".json")
            let envelope = try JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [String: Any] ?? [:]
            return (
                try Data(contentsOf: eml), envelope["mail_from"] as? String ?? "",
                envelope["rcpt_tos"] as? [String] ?? [], eml
            )
        }
    }

    /// The client address and port each captured message came from, in order: one per connection.
    func peers() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
            .filter { $0 != "control.json" }.sorted().map { name in
                let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent(name)))
                return (meta as? [String: Any])?["peer"] as? String ?? ""
            }
    }

    /// A captured message read by Python's own `email` package (an independent parser), as JSON.
    func decodeWithPython(_ file: URL) throws -> [String: Any] {
        let program = """
            import email, email.policy, json, sys
            m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)
            plain = m.get_body(('plain',)); html = m.get_body(('html',))
            print(json.dumps({'subject': str(m['Subject']), 'to_name': m['To'].addresses[0].display_name,
                'to': m['To'].addresses[0].addr_spec, 'from': str(m['From']), 'reply_to': str(m['Reply-To'] or ''),
                'message_id': str(m['Message-ID']), 'in_reply_to': str(m['In-Reply-To'] or ''),
                'references': str(m['References'] or ''), 'auto_submitted': str(m['Auto-Submitted'] or ''),
                'suppress': str(m['X-Auto-Response-Suppress'] or ''), 'marker': str(m['X-Maildesk'] or ''),
                'keys': [k.lower() for k in m.keys()], 'text': plain.get_content() if plain else None,
                'html': html.get_content() if html else None, 'defects': [str(d) for d in m.defects]}))
            """
        let output = try Self.run("/usr/bin/python3", ["-c", program, file.path])
        return try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any] ?? [:]
    }

    private func makeCertificate() throws {
        _ = try Self.run(
            "/usr/bin/openssl",
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "30",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout", folder.appendingPathComponent("key.pem").path, "-out", caFile.path
            ])
    }

    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        let out = ChildProcess.pipe()
        p.standardOutput = out
        p.standardError = ChildProcess.pipe()
        try ChildProcess.launch(p)
        let data = out.fileHandleForReading.readDataToEndOfFile()
        ChildProcess.wait(for: p)
        guard p.terminationStatus == 0 else {
            throw Failure(
                description: "\(executable) \(arguments.prefix(2).joined(separator: " ")) exited \(p.terminationStatus)"
            )
        }
        return String(decoding: data, as: UTF8.self)
    }
}
