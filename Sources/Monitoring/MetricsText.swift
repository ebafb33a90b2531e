import Store

/// The Prometheus text exposition format (version 0.0.4) of a status and the pass durations: one `# HELP` and
/// `# TYPE` per family, then its samples.
public struct MetricsText {
    private var lines: [String] = []

    /// The families of `status` and, when a daemon measured its passes, of `passes`.
    public static func render(_ status: GatewayStatus, passes: PassDurations? = nil) -> String {
        var text = MetricsText()
        text.family(
            "maildesk_health_status", "gauge", "0 ok, 1 warning, 2 critical, as `maildesk status` exits.",
            [([:], Double(status.exitCode))])
        let mailboxes = status.mailboxes
        text.family(
            "maildesk_messages_fetched_total", "counter", "Messages fetched (ingest ledger sightings), by mailbox.",
            mailboxes.map { (["mailbox": $0.name], Double($0.fetched)) })
        text.family(
            "maildesk_messages_stored_total", "counter", "Distinct messages stored, by mailbox.",
            mailboxes.map { (["mailbox": $0.name], Double($0.stored)) })
        text.family(
            "maildesk_messages_quarantined", "gauge", "Messages in quarantine, by mailbox.",
            mailboxes.map { (["mailbox": $0.name], Double($0.quarantined)) })
        text.family(
            "maildesk_mailbox_poll_failures", "gauge", "Failed polls in a row, by mailbox.",
            mailboxes.map { (["mailbox": $0.name], Double($0.failures)) })
        text.family(
            "maildesk_mailbox_last_success_timestamp_seconds", "gauge", "When a mailbox was last polled without error.",
            mailboxes.compactMap { m in seconds(m.lastSuccessAt).map { (["mailbox": m.name], $0) } })
        let w = status.waiting
        text.family(
            "maildesk_stage_waiting", "gauge", "Work waiting for each stage.",
            [
                ("parse", w.parse), ("thread", w.thread), ("classify", w.classify), ("assign", w.assign),
                ("answer", w.answer), ("followup", w.followup), ("send", w.send)
            ].map { (["stage": $0.0], Double($0.1)) })
        let o = status.outbox
        text.family(
            "maildesk_outbox_messages", "gauge", "Outbox rows by state (deferred: queued after a failed attempt).",
            [("queued", o.queued), ("deferred", o.deferred), ("failed", o.failed), ("sent", o.sent)]
                .map { (["state": $0.0], Double($0.1)) })
        text.family(
            "maildesk_outbox_oldest_unsent_age_seconds", "gauge",
            "Age of the oldest queued or deferred outbox row (0: none).",
            [([:], Double(o.oldestUnsentAgeSeconds ?? 0))])
        let t = status.threads
        text.family(
            "maildesk_threads", "gauge", "Threads by status.",
            [("open", t.open), ("pending", t.pending), ("resolved", t.resolved), ("closed", t.closed)]
                .map { (["status": $0.0], Double($0.1)) })
        text.family(
            "maildesk_threads_unassigned", "gauge", "Open or pending threads without an agent.",
            [([:], Double(t.unassigned))])
        text.family(
            "maildesk_threads_sla_breached", "gauge", "Open threads with an SLA timer past its due time.",
            [([:], Double(t.slaBreached))])
        text.family(
            "maildesk_classifier_trained_timestamp_seconds", "gauge", "When the saved classifier model was trained.",
            seconds(status.model.trainedAt).map { [([:], $0)] } ?? [])
        let running = status.daemons.filter { $0.stoppedAt == nil }
        text.family(
            "maildesk_daemon_uptime_seconds", "gauge", "Seconds since each running daemon started.",
            running.map { (["pid": "\($0.pid)"], Double($0.uptimeSeconds)) })
        text.family(
            "maildesk_daemon_heartbeat_age_seconds", "gauge", "Seconds since each running daemon's last heartbeat.",
            running.map { (["pid": "\($0.pid)"], Double($0.heartbeatAgeSeconds)) })
        if let passes {
            text.histograms(passes)
            text.family(
                "maildesk_errors_total", "counter",
                "Errors this daemon's passes reported, by kind (each distinct error once per pass).",
                ErrorKind.all.map { (["kind": $0], Double(passes.errors[$0] ?? 0)) })
        }
        return text.lines.joined(separator: "\n") + "\n"
    }

    private static func seconds(_ stamp: String?) -> Double? {
        stamp.flatMap(Timestamp.date).map(\.timeIntervalSince1970)
    }

    private mutating func family(
        _ name: String, _ type: String, _ help: String, _ samples: [([String: String], Double)]
    ) {
        guard !samples.isEmpty else { return }
        lines.append("# HELP \(name) \(help)")
        lines.append("# TYPE \(name) \(type)")
        for (labels, value) in samples { lines.append(name + Self.labels(labels) + " " + Self.number(value)) }
    }

    private mutating func histograms(_ passes: PassDurations) {
        let name = "maildesk_stage_duration_seconds"
        lines.append("# HELP \(name) Time each stage took in one pass of this daemon.")
        lines.append("# TYPE \(name) histogram")
        for (stage, histogram) in passes.stages.sorted(by: { $0.key < $1.key }) {
            for (bound, count) in zip(PassDurations.bounds, histogram.counts) {
                lines.append(name + "_bucket" + Self.labels(["stage": stage, "le": Self.number(bound)]) + " \(count)")
            }
            lines.append(name + "_bucket" + Self.labels(["stage": stage, "le": "+Inf"]) + " \(histogram.total)")
            lines.append(name + "_sum" + Self.labels(["stage": stage]) + " " + Self.number(histogram.sum))
            lines.append(name + "_count" + Self.labels(["stage": stage]) + " \(histogram.total)")
        }
    }

    /// `{a="x",b="y"}` with `\`, `"` and newlines escaped; empty without labels.
    private static func labels(_ labels: [String: String]) -> String {
        guard !labels.isEmpty else { return "" }
        let pairs = labels.sorted { $0.key < $1.key }.map { key, value in
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
                of: "\"", with: "\\\""
            )
            .replacingOccurrences(of: "\n", with: "\\n")
            return "\(key)=\"\(escaped)\""
        }
        return "{" + pairs.joined(separator: ",") + "}"
    }

    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}

/// How long each stage took per pass, as cumulative histograms (the daemon adds every pass's `stageSeconds`).
public struct PassDurations: Sendable, Equatable {
    /// Bucket upper bounds in seconds.
    public static let bounds: [Double] = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300]

    public struct Histogram: Sendable, Equatable {
        /// Cumulative: `counts[i]` passes took at most `bounds[i]`.
        public var counts = [Int](repeating: 0, count: PassDurations.bounds.count)
        public var total = 0
        public var sum = 0.0
    }

    public var stages: [String: Histogram] = [:]
    /// Errors the daemon's passes reported, by kind (`ErrorKind`).
    public var errors: [String: Int] = [:]

    public init() {}

    public mutating func add(errors lines: [String]) {
        for line in lines { errors[ErrorKind.of(line), default: 0] += 1 }
    }

    public mutating func add(_ stageSeconds: [String: Double]) {
        for (stage, seconds) in stageSeconds {
            var histogram = stages[stage] ?? Histogram()
            for (i, bound) in Self.bounds.enumerated() where seconds <= bound { histogram.counts[i] += 1 }
            histogram.total += 1
            histogram.sum += seconds
            stages[stage] = histogram
        }
    }
}

/// What an error line of a pass is about, for `maildesk_errors_total{kind}`: IMAP (login, TLS, network, one
/// message), the store or files of a mailbox, SMTP (deferred, failed, refused recipients), templates, a failed pass.
public enum ErrorKind {
    public static let all = [
        "imap_login", "imap_tls", "imap_network", "imap_message", "mailbox", "smtp_deferred",
        "smtp_failed", "smtp_refused", "outbox", "templates", "pass", "other"
    ]

    public static func of(_ line: String) -> String {
        if line.hasPrefix("mailbox ") {
            if line.contains("login failed") { return "imap_login" }
            if line.contains(": TLS with ") { return "imap_tls" }
            if line.contains("unreachable or stalled") { return "imap_network" }
            if line.contains("could not be fetched") { return "imap_message" }
            return "mailbox"
        }
        if line.hasPrefix("outbox") {
            if line.contains("will retry at") { return "smtp_deferred" }
            if line.contains("refused by the server") { return "smtp_refused" }
            if line.contains(": failed: ") { return "smtp_failed" }
            return "outbox"
        }
        if line.hasPrefix("templates") || line.contains("cannot render template") { return "templates" }
        if line.hasPrefix("pass failed") { return "pass" }
        return "other"
    }
}
