import Config
import Foundation
import Glibc
import SMTP
import Store

/// The send stage: every due outbox message goes out over the configured transport, oldest first, on one
/// connection. 4xx replies and network trouble retry with backoff (5 minutes doubling to an hour, given up
/// after `[outbound] give_up_after_hours`); 5xx replies fail the message with the server's words.
extension Pipeline {
    /// Sends what is due in the outbox (the send stage alone).
    public func sendOutbox() -> RunSummary {
        var summary = RunSummary()
        sendDue(into: &summary)
        return summary
    }

    public func sendDue(into summary: inout RunSummary) {
        var transport: MailTransport?
        let pid = getpid()
        let giveUp = TimeInterval(configuration.gateway.outbound.giveUpAfterHours * 3600)
        var taken = Set<Int64>()
        while true {
            let item: OutboxItem?
            do { item = try store.takeDueOutbox(now: now(), pid: pid, isAlive: Self.isAlive) } catch {
                summary.errors.append("outbox: \(error)")
                return
            }
            guard let item, taken.insert(item.id).inserted else { return }
            if transport == nil {
                do { transport = try makeTransport() } catch {
                    try? store.releaseOutbox(item.id)
                    summary.errors.append("outbox: \(error.text)")
                    return
                }
            }
            do {
                let results = try transport!.send(item.bytes, envelope: Envelope(from: item.envelopeFrom, recipients: item.recipients))
                try store.markSent(item.id, results: Self.json(results), at: now())
                summary.messagesSent += 1
                let refused = results.filter { !$0.accepted }
                if !refused.isEmpty {
                    summary.errors.append("outbox \(item.id): refused by the server for "
                        + refused.map { "\($0.address) (\($0.code.map(String.init) ?? "-") \($0.text))" }.joined(separator: ", "))
                }
            } catch let failure as SendFailure {
                let age = now().timeIntervalSince(item.createdAt)
                let retryAt = failure.transient && age < giveUp ? now().addingTimeInterval(Self.backoff(attempt: item.attempts)) : nil
                let reason = failure.transient && retryAt == nil
                    ? "\(failure.text) (given up after \(configuration.gateway.outbound.giveUpAfterHours) hours)" : failure.text
                try? store.markNotSent(item.id, error: reason, results: failure.recipients.isEmpty ? nil : Self.json(failure.recipients),
                                       retryAt: retryAt, at: now())
                if retryAt == nil {
                    summary.messagesFailed += 1
                    summary.errors.append("outbox \(item.id): failed: \(reason)")
                } else {
                    summary.messagesDeferred += 1
                    summary.errors.append("outbox \(item.id): will retry at \(Timestamp.string(retryAt!)): \(failure.text)")
                }
                // Without a reply code the server is unreachable: the rest would fail the same way.
                if failure.code == nil { return }
                // After a failed transfer the connection may be in any state: start a new one.
                if failure.transient { transport = nil }
            } catch {
                try? store.releaseOutbox(item.id)
                summary.errors.append("outbox \(item.id): \(error)")
                return
            }
        }
    }

    /// 5 minutes, doubling per attempt, at most an hour.
    static func backoff(attempt: Int) -> TimeInterval {
        min(3600, 300 * pow(2, Double(min(attempt, 6))))
    }

    /// Whether process `pid` still runs (its lease is then respected).
    static func isAlive(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    static func json(_ results: [RecipientResult]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(results), as: UTF8.self)) ?? "[]"
    }

    /// The transport `[smtp] url` names; the password comes from `password_env`.
    func makeTransport() throws(SendFailure) -> MailTransport {
        let smtp = configuration.gateway.smtp
        switch smtp.transport {
        case .file(let path):
            return FileTransport(folder: ConfigPaths.absolute(path, workingDirectory: workingDirectory))
        case .smtp(let tls, let host, let port):
            var password: String?
            if let variable = smtp.passwordEnv {
                guard let value = environment[variable], !value.isEmpty else {
                    throw SendFailure(transient: true, code: nil, text: "SMTP password missing: set the environment "
                        + "variable \(variable) ([smtp] password_env)")
                }
                password = value
            }
            let mode: CurlTLSMode = switch smtp.startTLS {
            case .required: .startTLSRequired
            case .optional: .startTLSOptional
            case .never: .startTLSNever
            }
            if !smtp.tlsVerify { logger.warning("[smtp] tls_verify = false: the SMTP server's certificate is not checked") }
            let domain = configuration.outboundFrom.split(separator: "@").last.map(String.init) ?? "maildesk"
            var server = SMTPServer(
                host: host, port: port, implicitTLS: tls, startTLS: mode, user: smtp.user, password: password,
                caFile: smtp.tlsCAFile.map { ConfigPaths.absolute($0, workingDirectory: workingDirectory) },
                verify: smtp.tlsVerify, connectTimeout: smtp.connectTimeout, timeout: smtp.timeout, heloName: domain)
            server.reuseConnection = reuseSMTPConnection
            return try SMTPTransport(server)
        }
    }
}
