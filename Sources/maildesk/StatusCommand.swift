import ArgumentParser
import Config
import Foundation
import Monitoring
import Store

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "How the gateway is: mailboxes' polls, work waiting per stage, the outbox, threads, the daemon.",
        discussion: """
            Exits 0 when all is well, 1 with warnings, 2 when something is critical (the Nagios plugin convention), \
            printing the reasons first; the thresholds are in [status] of the config file. Reads the store, writes nothing.
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var clock: ClockOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let configuration = try loadConfiguration(global)
        let cwd = FileManager.default.currentDirectoryPath
        let now = clock.clock()
        let path = ConfigPaths.absolute(configuration.gateway.store.path, workingDirectory: cwd)
        let status: GatewayStatus
        do {
            // A status check never creates the store it reports on.
            guard FileManager.default.fileExists(atPath: path) else {
                throw StoreError.notFound(
                    "no store at '\(configuration.gateway.store.path)' yet: run `maildesk run` to create it")
            }
            status = try GatewayStatus.evaluate(
                configuration: configuration, store: try Store(path: path),
                workingDirectory: cwd, now: now)
        } catch {
            // Nothing can be judged: critical, in the form a monitoring check expects.
            if json {
                try JSONOutput.print(["status": "critical", "now": Timestamp.string(now), "error": "\(error)"])
            } else {
                print("maildesk CRITICAL: cannot read the store: \(error)")
            }
            throw ExitCode(HealthLevel.critical.exitCode)
        }
        if json { try JSONOutput.print(status) } else { print(Self.text(status), terminator: "") }
        if status.exitCode != 0 { throw ExitCode(status.exitCode) }
    }

    /// The reasons first (the first line is what a monitoring system shows), then every figure.
    static func text(_ status: GatewayStatus) -> String {
        var lines: [String] = []
        let counts = HealthLevel.allCases.reversed().compactMap { level -> String? in
            let n = status.reasons.filter { $0.level == level }.count
            return n == 0 ? nil : "\(n) \(level == .critical ? "critical" : level.rawValue + (n == 1 ? "" : "s"))"
        }
        lines.append(
            "maildesk \(status.status.rawValue.uppercased())"
                + (counts.isEmpty ? "" : ": " + counts.joined(separator: ", ")))
        lines += status.reasons.map { terminalSafe($0.line) }
        lines.append("")
        if status.daemons.isEmpty {
            lines.append("daemon      none recorded (`maildesk run` records itself; `run --once` does not)")
        }
        for d in status.daemons {
            let state =
                d.stoppedAt.map { "stopped \($0) after \(durationText(d.uptimeSeconds))" }
                ?? "up \(durationText(d.uptimeSeconds)), last heartbeat \(durationText(d.heartbeatAgeSeconds)) ago"
                + (d.alive == false ? " (process gone)" : "")
            lines.append("daemon      pid \(d.pid) on \(d.host), started \(d.startedAt), \(state)")
        }
        for (i, m) in status.mailboxes.enumerated() {
            var line =
                (i == 0 ? "mailboxes   " : "            ")
                + "\(m.name) (\(m.source), every \(durationText(m.intervalSeconds))): "
            line +=
                m.lastSuccessAt.map { "last success \($0) (\(durationText(m.lastSuccessAgeSeconds ?? 0)) ago)" }
                ?? "no successful poll"
            if m.failures > 0 {
                line +=
                    "; \(m.failures) failed since \(m.failingSince ?? "?"), last at \(m.lastErrorAt ?? "?"): \(m.lastError ?? "")"
            }
            line += "; fetched \(m.fetched), stored \(m.stored), quarantined \(m.quarantined)"
            if m.skipped > 0 { line += ", skipped on the server \(m.skipped)" }
            lines.append(terminalSafe(line))
        }
        let w = status.waiting
        lines.append(
            "waiting     parse \(w.parse), thread \(w.thread), classify \(w.classify), assign \(w.assign), "
                + "answer \(w.answer), followup \(w.followup), send \(w.send)")
        let o = status.outbox
        lines.append(
            "outbox      queued \(o.queued), deferred \(o.deferred), failed \(o.failed) (\(o.failedRecently) recently), "
                + "sent \(o.sent); oldest unsent: "
                + (o.oldestUnsentAt.map { "\($0) (\(durationText(o.oldestUnsentAgeSeconds ?? 0)) ago)" } ?? "none"))
        lines.append("quarantine  \(status.quarantined)")
        let t = status.threads
        lines.append(
            "threads     open \(t.open), pending \(t.pending), resolved \(t.resolved), closed \(t.closed); "
                + "unassigned \(t.unassigned), SLA breached \(t.slaBreached)")
        let model = status.model
        lines.append(
            "classifier  "
                + (!model.saved
                    ? "no saved model (the pipeline trains on the training data when it starts)"
                    : model.trainedAt.map { "trained \($0) (\(model.ageDays ?? 0) days ago)" }
                        ?? "saved model of unknown age"))
        return lines.joined(separator: "\n") + "\n"
    }
}
