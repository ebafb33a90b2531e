import ArgumentParser
import Foundation
import Pipeline

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fetch, store, parse and thread mail from every mailbox.",
        discussion: "With --once, one pass over every mailbox and stage; otherwise a pass every [run] interval seconds until interrupted."
    )

    @OptionGroup var global: GlobalOptions

    @Flag(help: "Run one pass and exit.")
    var once = false

    @Flag(help: "Print the summary as JSON.")
    var json = false

    @Flag(help: "Log each stage's work to standard error.")
    var verbose = false

    func run() throws {
        let gateway = try Gateway.open(global)
        let pipeline = try gateway.pipeline(verbose: verbose)
        // The loop honours each mailbox's poll_interval and error backoff; a one-off run polls everything.
        pipeline.respectBackoff = !once
        repeat {
            let summary = try pipeline.runOnce()
            if json {
                try JSONOutput.print(summary)
            } else {
                print(summary.line)
                for error in summary.errors { printError(error) }
            }
            if once { if !summary.errors.isEmpty { throw ExitStatus.tempFailure }; return }
            sleep(UInt32(gateway.configuration.gateway.run.interval))
        } while true
    }
}
