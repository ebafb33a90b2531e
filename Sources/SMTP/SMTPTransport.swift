import Curl
import Foundation

/// How to reach an SMTP server.
public struct SMTPServer: Sendable {
    public var host: String
    public var port: Int
    /// `smtps://`: TLS from the first byte; otherwise STARTTLS per `startTLS`.
    public var implicitTLS: Bool
    public var startTLS: StartTLS
    public var user: String?
    public var password: String?
    public var caFile: String?
    public var verify: Bool
    public var connectTimeout: Int
    public var timeout: Int
    /// The name maildesk gives in EHLO.
    public var heloName: String
    /// Keep the connection for the next message (the default); false opens one per message (benchmarks).
    public var reuseConnection = true

    public init(
        host: String, port: Int, implicitTLS: Bool, startTLS: StartTLS = .required,
        user: String? = nil, password: String? = nil, caFile: String? = nil, verify: Bool = true,
        connectTimeout: Int = 15, timeout: Int = 60, heloName: String = "maildesk"
    ) {
        self.host = host
        self.port = port
        self.implicitTLS = implicitTLS
        self.startTLS = startTLS
        self.user = user
        self.password = password
        self.caFile = caFile
        self.verify = verify
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.heloName = heloName
    }
}

/// SMTP over libcurl on one reused easy handle: consecutive messages share a connection (one EHLO, one
/// STARTTLS, one AUTH). Every recipient gets its own result (refused ones do not stop the others).
public final class SMTPTransport: MailTransport {
    let server: SMTPServer
    let curl: CurlHandle

    public init(_ server: SMTPServer) throws(SendFailure) {
        self.server = server
        do { curl = try CurlHandle() } catch {
            throw SendFailure(transient: true, code: nil, text: "\(error)")
        }
        let scheme = server.implicitTLS ? "smtps" : "smtp"
        let host = server.host.contains(":") ? "[\(server.host)]" : server.host
        // The URL's path is the EHLO name (libcurl's rule).
        curl.setURL("\(scheme)://\(host):\(server.port)/\(server.heloName)")
        curl.setTLS(
            implicit: server.implicitTLS, startTLS: server.startTLS, caFile: server.caFile, verify: server.verify)
        if let user = server.user, let password = server.password {
            curl.setCredentials(user: user, password: password)
        }
        curl.setTimeouts(connect: server.connectTimeout, stallSeconds: server.timeout)
        curl.allowRecipientFailures()
        curl.watchProtocol(true)
        if !server.reuseConnection { curl.forbidConnectionReuse() }
    }

    public func send(_ bytes: [UInt8], envelope: Envelope, beforeHandover: () -> Bool) throws(SendFailure)
        -> [RecipientResult]
    {
        curl.setMailFrom("<\(envelope.from)>")
        curl.setRecipients(envelope.recipients.map { "<\($0)>" })
        var withdrawn = false
        // The hook lives only for this perform; libcurl calls it on this thread before the end of data.
        let outcome: Result<[UInt8], CurlError> = withoutActuallyEscaping(beforeHandover) { hook in
            curl.setUpload(
                bytes,
                beforeEnd: {
                    withdrawn = !hook()
                    return !withdrawn
                })
            defer { curl.dropUploadHook() }
            return Result { () throws(CurlError) in
                try curl.perform("send to \(server.host):\(server.port)", limit: 1 << 20)
            }
        }
        if withdrawn { throw .withdrawal }
        do {
            _ = try outcome.get()
        } catch {
            let replies = Self.recipientResults(curl.protocolLines, envelope.recipients)
            let refused = replies.filter { !$0.accepted && $0.code != nil }
            let lastReply = Self.lastReply(curl.protocolLines)
            var code = error.responseCode ?? lastReply?.code
            var text: String
            if !refused.isEmpty && refused.count == replies.count {
                // Every recipient refused: the server's words for each are the reason.
                text =
                    "\(server.host):\(server.port) refused "
                    + refused.map { "\($0.address): \($0.code!) \($0.text)" }
                    .joined(separator: "; ")
                code = refused.map { $0.code! }.max()
            } else {
                text = "\(error)"
                if let lastReply, !text.contains(lastReply.text) { text += ": \(lastReply.code) \(lastReply.text)" }
            }
            let transient: Bool
            if let code {
                transient = code < 500
            } else {
                transient = error.isTransient || error.isAuthenticationFailure
            }
            throw SendFailure(transient: transient, code: code, text: text, recipients: replies)
        }
        return Self.recipientResults(curl.protocolLines, envelope.recipients)
    }

    /// Pairs each `RCPT TO` with the final line of the reply that follows it.
    static func recipientResults(_ lines: [(sent: Bool, line: String)], _ recipients: [String]) -> [RecipientResult] {
        var results: [RecipientResult] = []
        var pending: String?
        for (sent, line) in lines {
            if sent {
                if line.uppercased().hasPrefix("RCPT TO:") {
                    pending = String(line.dropFirst(8)).trimmingCharacters(in: CharacterSet(charactersIn: "<> "))
                }
                continue
            }
            guard let address = pending, let reply = reply(line), reply.final else { continue }
            results.append(
                RecipientResult(address: address, accepted: reply.code < 400, code: reply.code, text: reply.text))
            pending = nil
        }
        // A recipient the transfer never reached has no reply.
        for address in recipients where !results.contains(where: { $0.address.lowercased() == address.lowercased() }) {
            results.append(RecipientResult(address: address, accepted: false, code: nil, text: "not attempted"))
        }
        return results
    }

    /// The last final reply that is not the goodbye to QUIT.
    static func lastReply(_ lines: [(sent: Bool, line: String)]) -> (code: Int, text: String)? {
        for (sent, line) in lines.reversed() where !sent {
            if let r = reply(line), r.final, r.code != 221 { return (r.code, r.text) }
        }
        return nil
    }

    /// `250 2.1.5 Ok` → (250, "2.1.5 Ok", final); `250-PIPELINING` is not final.
    static func reply(_ line: String) -> (code: Int, text: String, final: Bool)? {
        let chars = Array(line)
        guard chars.count >= 3, let code = Int(String(chars[0..<3])), (200...599).contains(code) else { return nil }
        let final = chars.count == 3 || chars[3] == " "
        let text = chars.count > 4 ? String(chars[4...]).trimmingCharacters(in: .whitespaces) : ""
        return (code, text, final)
    }
}
