import Config
import FastJSON
import Foundation
import Glibc
import SMTP
import Store
import Synchronization

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

    /// Sends what is due: `sendConnections` workers, each with its own connection (its own libcurl handle and
    /// thread), leasing disjoint batches until nothing due is left.
    public func sendDue(into summary: inout RunSummary) {
        let pass = SendPass()
        let workers = sendConnections
        if workers == 1 {
            sendBatches(pass)
        } else {
            let done = DispatchGroup()
            let pipeline = self
            for n in 0..<workers {
                done.enter()
                let worker = Thread {
                    defer { done.leave() }
                    pipeline.sendBatches(pass)
                }
                worker.name = "maildesk-send-\(n)"
                worker.start()
            }
            done.wait()
        }
        summary.merge(pass.summary.withLock { $0 })
    }

    /// How many connections the send stage opens: `[smtp] connections` for a server, one for `file:`.
    var sendConnections: Int {
        if case .file = configuration.gateway.smtp.transport { return 1 }
        return max(1, configuration.gateway.smtp.connections)
    }

    /// Rows a worker leases at once (fewer when several share the outbox, so that each gets work), and their
    /// bytes at most (past the first row): a lease and a read per batch instead of per message, while memory stays
    /// bounded whatever the messages weigh.
    static func sendBatchRows(workers: Int) -> Int { workers == 1 ? 32 : 8 }
    static let sendBatchBytes = 8 << 20

    /// What the send workers of one pass share: the rows leased or tried (never taken twice in a pass), and what
    /// each worker did.
    final class SendPass: Sendable {
        let attempted = Mutex<Set<Int64>>([])
        let summary = Mutex<RunSummary>(RunSummary())
    }

    /// One worker: leases a batch, sends each message on its connection and records each result in its own small
    /// transaction after the server's reply, until nothing due is left, the stop grace ends, or the server or the
    /// store fails. The result is written on the worker's recorder thread while the next message travels; that
    /// message's end of data waits for the write (`beforeHandover`), so a kill repeats at most one message per
    /// connection, as when each write came before the next message.
    func sendBatches(_ pass: SendPass) {
        var summary = RunSummary()
        var transport: MailTransport?
        defer { pass.summary.withLock { $0.merge(summary) } }
        let recorder = SendRecorder(pipeline: self)
        // Runs before the merge above: the last result is written and counted before the worker ends.
        defer { _ = recorder.settle(into: &summary) }
        let giveUp = TimeInterval(configuration.gateway.outbound.giveUpAfterHours * 3600)
        while true {
            let batch: [OutboxItem]
            do {
                // Under the pass's lock: the workers share this process's lease, so only the set keeps them apart.
                batch = try pass.attempted.withLock { attempted throws -> [OutboxItem] in
                    let items = try store.leaseDueOutbox(
                        now: now(), lease: sendLease, limit: Self.sendBatchRows(workers: sendConnections),
                        maxBytes: Self.sendBatchBytes,
                        skipping: attempted.union(sentUnrecorded.withLock { $0 }), isAlive: SendLease.isAlive)
                    attempted.formUnion(items.map(\.id))
                    return items
                }
            } catch {
                summary.errors.append("outbox: \(error)")
                return
            }
            if batch.isEmpty { return }
            var next = 0
            // Leased rows this worker gives up on are released at once, not left to their lease's expiry.
            defer { for item in batch[next...] { try? store.releaseOutbox(item.id) } }
            while next < batch.count {
                // After a stop request, sending goes on only until the grace period ends; the rest waits for the next start.
                if let deadline = sendDeadline.withLock({ $0 }), DispatchTime.now() >= deadline { return }
                let item = batch[next]
                if transport == nil {
                    do { transport = try makeTransport() } catch {
                        summary.errors.append("outbox: \(error.text)")
                        return
                    }
                }
                do {
                    let results = try transport!.send(
                        item.bytes, envelope: Envelope(from: item.envelopeFrom, recipients: item.recipients),
                        beforeHandover: { recorder.settle(into: &summary) })
                    next += 1
                    // Settled already by the hook; a transport that never called it is waited for here.
                    if !recorder.settle(into: &summary) { return }
                    recorder.record(item.id, results: results)
                } catch let failure {
                    // A failure before the end of data left the previous write running: its outcome first.
                    let canGoOn = recorder.settle(into: &summary)
                    if failure.withdrawn || !canGoOn { return }  // not attempted: released by the defer
                    next += 1
                    let age = now().timeIntervalSince(item.createdAt)
                    let retryAt =
                        failure.transient && age < giveUp
                        ? now().addingTimeInterval(Self.backoff(attempt: item.attempts)) : nil
                    let reason =
                        failure.transient && retryAt == nil
                        ? "\(failure.text) (given up after \(configuration.gateway.outbound.giveUpAfterHours) hours)"
                        : failure.text
                    try? store.markNotSent(
                        item.id, error: reason,
                        results: failure.recipients.isEmpty ? nil : Self.json(failure.recipients),
                        retryAt: retryAt, at: now())
                    if retryAt == nil {
                        summary.messagesFailed += 1
                        summary.errors.append("outbox \(item.id): failed: \(reason)")
                    } else {
                        summary.messagesDeferred += 1
                        summary.errors.append(
                            "outbox \(item.id): will retry at \(Timestamp.string(retryAt!)): \(failure.text)")
                    }
                    // Without a reply code the server is unreachable: the rest would fail the same way.
                    if failure.code == nil { return }
                    // After a failed transfer the connection may be in any state: start a new one.
                    if failure.transient { transport = nil }
                }
            }
            // The batch's last result is written before the next lease reads the outbox.
            if !recorder.settle(into: &summary) { return }
        }
    }

    /// One send worker's writer of results: one write at a time on its own thread, settled (waited for, and
    /// its outcome counted) before the next message may be handed over.
    final class SendRecorder: @unchecked Sendable {
        // @unchecked: `pending` and `outcome` are set by the worker before the write starts and read by it
        // after `done` is signalled; the recorder thread touches only `outcome`, in between.
        private let pipeline: Pipeline
        private let queue = DispatchQueue(label: "maildesk-send-record")
        private let done = DispatchSemaphore(value: 0)
        private var pending: (id: Int64, results: [RecipientResult])?
        private var outcome = (record: SendRecord.recorded, summary: RunSummary())

        init(pipeline: Pipeline) { self.pipeline = pipeline }

        /// Starts writing that the server accepted message `id`.
        func record(_ id: Int64, results: [RecipientResult]) {
            pending = (id, results)
            queue.async {
                var summary = RunSummary()
                let record = self.pipeline.recordSent(id, results: results, into: &summary)
                self.outcome = (record, summary)
                self.done.signal()
            }
        }

        /// Waits for the write in flight, if any, and adds what it did to `summary`; false when the store could
        /// not be written at all (the worker stops: nothing more may be handed over).
        func settle(into summary: inout RunSummary) -> Bool {
            guard let (id, results) = pending else { return true }
            pending = nil
            done.wait()
            summary.merge(outcome.summary)
            switch outcome.record {
            case .recorded:
                summary.messagesSent += 1
                let refused = results.filter { !$0.accepted }
                if !refused.isEmpty {
                    summary.errors.append(
                        "outbox \(id): refused by the server for "
                            + refused.map { "\($0.address) (\($0.code.map(String.init) ?? "-") \($0.text))" }
                            .joined(separator: ", "))
                }
                return true
            case .markedFailed: return true
            case .unwritable: return false
            }
        }
    }

    /// Records what the server accepted. The bytes are gone, so a row that stays `queued` would be sent again on
    /// every pass: the write is tried three times, then the row is marked failed (never retried automatically),
    /// and this process remembers it in any case. When the store cannot be written at all the pass stops.
    func recordSent(_ id: Int64, results: [RecipientResult], into summary: inout RunSummary) -> SendRecord {
        var failure: (any Error)?
        for attempt in 0..<Self.recordAttempts {
            if attempt > 0 { usleep(useconds_t(100_000 * attempt)) }  // a busy or briefly locked store
            do {
                try store.markSent(id, results: Self.json(results), at: now())
                return .recorded
            } catch {
                failure = error
            }
        }
        sentUnrecorded.withLock { _ = $0.insert(id) }
        let reason =
            "the server accepted it but recording that failed (\(failure.map { "\($0)" } ?? "?")); "
            + "not sent again automatically: check whether the recipient got it before `maildesk outbox retry \(id)`"
        let marked =
            (try? store.markNotSent(id, error: reason, results: Self.json(results), retryAt: nil, at: now())) != nil
        summary.messagesFailed += 1
        summary.errors.append(
            "outbox \(id): \(reason)"
                + (marked
                    ? ""
                    : " (the row could not be marked either: "
                        + "this process skips it; another would send it again once its lease expires)"))
        return marked ? .markedFailed : .unwritable
    }

    /// What became of a message the server accepted.
    enum SendRecord { case recorded, markedFailed, unwritable }

    static let recordAttempts = 3

    /// 5 minutes, doubling per attempt, at most an hour.
    static func backoff(attempt: Int) -> TimeInterval {
        min(3600, 300 * pow(2, Double(min(attempt, 6))))
    }

    /// `[{"accepted":true,"address":"a@example.com","code":250,"text":"2.0.0 Ok"}]`: the form JSONEncoder gave
    /// (sorted keys, no code when the server never answered), written by hand once per message sent.
    static func json(_ results: [RecipientResult]) -> String {
        var out = "["
        for (i, result) in results.enumerated() {
            out += i == 0 ? "{\"accepted\":" : ",{\"accepted\":"
            out += result.accepted ? "true" : "false"
            out += ",\"address\":"
            JSONText.quote(result.address, into: &out)
            if let code = result.code { out += ",\"code\":\(code)" }
            out += ",\"text\":"
            JSONText.quote(result.text, into: &out)
            out += "}"
        }
        return out + "]"
    }

    /// The transport `[smtp] url` names; the password comes from `password_env`.
    func makeTransport() throws(SendFailure) -> MailTransport {
        let smtp = configuration.gateway.smtp
        switch smtp.transport {
        case .file(let path):
            return FileTransport(
                folder: ConfigPaths.absolute(path, workingDirectory: workingDirectory),
                writesEnvelope: smtp.writeEnvelope)
        case .smtp(let tls, let host, let port):
            var password: String?
            if let variable = smtp.passwordEnv {
                guard let value = environment[variable], !value.isEmpty else {
                    throw SendFailure(
                        transient: true, code: nil,
                        text: "SMTP password missing: set the environment "
                            + "variable \(variable) ([smtp] password_env)")
                }
                password = value
            }
            if !smtp.tlsVerify {
                logger.warning("[smtp] tls_verify = false: the SMTP server's certificate is not checked")
            }
            let domain = configuration.outboundFrom.split(separator: "@").last.map(String.init) ?? "maildesk"
            var server = SMTPServer(
                host: host, port: port, implicitTLS: tls, startTLS: smtp.startTLS, user: smtp.user, password: password,
                caFile: smtp.tlsCAFile.map { ConfigPaths.absolute($0, workingDirectory: workingDirectory) },
                verify: smtp.tlsVerify, connectTimeout: smtp.connectTimeout, timeout: smtp.timeout, heloName: domain)
            server.reuseConnection = reuseSMTPConnection
            return try SMTPTransport(server)
        }
    }
}
