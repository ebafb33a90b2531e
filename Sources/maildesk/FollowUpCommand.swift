import ArgumentParser
import Foundation
import Pipeline
import Store

/// `maildesk followup run`: the follow-up stage alone (then the send stage), at --now.
struct FollowUpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "followup", abstract: "Follow-up: SLA timers, reminders, escalation, auto-close and surveys.",
        subcommands: [Run.self])

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Run the follow-up stage at --now (default: the real clock) and send the outbox; `maildesk run` does the same in every pass.",
            discussion: """
                Computes the SLA timers of changed threads, reminds owners before a breach and escalates at it, reminds \
                customers who were waited on and closes their threads later, and asks each resolved thread's customer \
                for a rating. Each mail is decided once. With --dry-run the stage runs on an in-memory copy of the \
                store: it prints the mail it would queue and changes nothing.
                """)
        @OptionGroup var global: GlobalOptions
        @OptionGroup var clock: ClockOptions
        @Flag(help: "Show what would be queued; write nothing and send nothing.") var dryRun = false
        @Flag(help: "Queue only; leave sending to the next `maildesk run`.") var noSend = false
        @Flag(help: "Print the summary (and with --dry-run the mail) as JSON.") var json = false

        struct Mail: Encodable {
            var threadId: Int64?; var kind: String; var template: String?; var to: [String]; var subject: String
        }
        struct Output: Encodable {
            var slaReminders, slaEscalations, pendingReminders, autoClosed, surveysSent, sent: Int
            var dryRun: Bool
            var mail: [Mail]
            var errors: [String]
        }

        func run() throws {
            let gateway = try Gateway.open(global)
            guard gateway.configuration.serviceLevels != nil else {
                printError(
                    "follow-up is off: no SLA file (set [followup] sla in \(global.config), e.g. sla = \"config/sla.toml\")"
                )
                throw ExitStatus.config
            }
            let store = dryRun ? try Store(copyOf: gateway.store) : gateway.store
            let before = Swift.Set(try store.outbox(state: nil, limit: 0).map(\.id))
            let pipeline = try Gateway(
                configuration: gateway.configuration, store: store,
                workingDirectory: gateway.workingDirectory
            )
            .pipeline(verbose: false, options: PipelineOptions(clock: clock.clock))
            var summary = RunSummary()
            try pipeline.followUp(into: &summary)
            let queued = try store.outbox(state: nil, limit: 0).filter { !before.contains($0.id) }.reversed()
            if !dryRun && !noSend { pipeline.sendDue(into: &summary) }
            let mail = queued.map {
                Mail(threadId: $0.threadId, kind: $0.kind, template: $0.template, to: $0.to, subject: $0.subject)
            }
            if json {
                try JSONOutput.print(
                    Output(
                        slaReminders: summary.slaReminders, slaEscalations: summary.slaEscalations,
                        pendingReminders: summary.pendingReminders, autoClosed: summary.autoClosed,
                        surveysSent: summary.surveysSent, sent: summary.messagesSent, dryRun: dryRun,
                        mail: mail, errors: summary.errors))
            } else {
                let counts = summary.followUpLine.isEmpty ? "nothing due" : summary.followUpLine
                print(
                    (dryRun ? "dry run, would queue: " : "follow-up: ") + counts
                        + (dryRun || noSend ? "" : "; mail sent \(summary.messagesSent)"))
                if dryRun {
                    for m in mail {
                        print(
                            terminalSafe(
                                "  thread \(m.threadId.map(String.init) ?? "-")  \(m.template ?? m.kind)  to \(m.to.joined(separator: ", "))  \(m.subject)"
                            ))
                    }
                }
                for error in summary.errors { printError(error) }
            }
            if !summary.errors.isEmpty { throw ExitStatus.tempFailure }
        }
    }
}

/// `2h`, `30m`, `1d` (24 hours), `1h30m`: a span of clock time for `threads list --due-within`.
func clockDuration(_ text: String) -> TimeInterval? {
    var total: TimeInterval = 0
    var number = ""
    var units = 0
    for c in text.lowercased() where c != " " {
        if c.isASCII && c.isNumber { number.append(c); continue }
        guard let value = Double(number), number.count <= 6 else { return nil }
        switch c {
        case "d": total += value * 86_400
        case "h": total += value * 3600
        case "m": total += value * 60
        default: return nil
        }
        number = ""
        units += 1
    }
    return number.isEmpty && units > 0 && total > 0 ? total : nil
}
