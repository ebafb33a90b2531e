import ArgumentParser
import Config
import Foundation
import MIME
import Occasions
import Pipeline
import Store

/// `maildesk care run`: the care stage alone (then the send stage), at --now.
struct CareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "care", abstract: "Care mail: run the care stage alone.", subcommands: [Run.self])

    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Queue the greetings due at --now (default: the real clock) and send the outbox; `maildesk run` does the same in every pass."
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var clock: ClockOptions
        @Flag(help: "Queue only; leave sending to the next `maildesk run`.") var noSend = false
        @Flag(help: "Print the summary as JSON.") var json = false

        struct Output: Encodable { var queued, skipped, sent, deferred, failed: Int; var errors: [String] }

        func run() throws {
            let gateway = try Gateway.open(global)
            let pipeline = try gateway.pipeline(verbose: false, options: PipelineOptions(clock: clock.clock))
            var summary = RunSummary()
            try pipeline.scheduleCare(into: &summary)
            if !noSend { pipeline.sendDue(into: &summary) }
            if json {
                try JSONOutput.print(
                    Output(
                        queued: summary.careQueued, skipped: summary.careSkipped, sent: summary.messagesSent,
                        deferred: summary.messagesDeferred, failed: summary.messagesFailed, errors: summary.errors))
            } else {
                print(
                    "care: queued \(summary.careQueued), skipped \(summary.careSkipped); mail sent \(summary.messagesSent)"
                        + (summary.messagesDeferred > 0 ? ", deferred \(summary.messagesDeferred)" : "")
                        + (summary.messagesFailed > 0 ? ", failed \(summary.messagesFailed)" : ""))
                for error in summary.errors { printError(error) }
            }
            if !summary.errors.isEmpty { throw ExitStatus.tempFailure }
        }
    }
}
