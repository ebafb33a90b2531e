import ArgumentParser
import Foundation
import Pipeline

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fetch, store, parse, thread, classify, assign and answer mail from every mailbox; send the outbox.",
        discussion: """
            With --once, one pass over every mailbox and stage; otherwise a pass every [run] interval seconds until \
            interrupted. An IMAP mailbox gives at most max_messages_per_poll messages a pass; the summary says how \
            many are left for the next pass, and --once --all repeats passes until none is left.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var clock: ClockOptions

    @Flag(help: "Run one pass and exit.")
    var once = false

    @Flag(help: "With --once: repeat passes until no mailbox has messages left for the next pass.")
    var all = false

    @Flag(help: "Print the summary as JSON.")
    var json = false

    @Flag(help: "Log each stage's work to standard error.")
    var verbose = false

    func validate() throws {
        if all && !once { throw ValidationError("--all drains the mailboxes in one run: use it with --once") }
    }

    func run() throws {
        let gateway = try Gateway.open(global)
        let pipeline = try gateway.pipeline(verbose: verbose)
        pipeline.now = clock.clock
        // The loop honours each mailbox's poll_interval and error backoff; a one-off run polls everything.
        pipeline.respectBackoff = !once
        let daemon = once ? nil : try DaemonRecording.start(gateway, pipeline)
        var failedPasses = 0
        repeat {
            let summary: RunSummary
            do {
                summary = try runPass(pipeline)
            } catch {
                // One pass's failure (a store locked past its timeout, a disk error) never ends the loop: it is
                // reported and the next pass waits longer, up to 15 minutes. Configuration errors end the
                // command before the loop starts.
                if once { throw error }
                failedPasses += 1
                daemon?.passed(nil)
                printError("pass failed: \(error); retrying in \(backoff(after: failedPasses, gateway)) s")
                sleep(UInt32(backoff(after: failedPasses, gateway)))
                continue
            }
            failedPasses = 0
            daemon?.passed(summary)
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

    /// One pass, or with `--all` passes until nothing is left for the next one (or a pass fetches nothing).
    private func runPass(_ pipeline: Pipeline) throws -> RunSummary {
        var summary = try pipeline.runOnce()
        while all && summary.leftForNextPass > 0 && summary.errors.isEmpty {
            let next = try pipeline.runOnce()
            let progressed = next.fetched > 0
            summary.append(next)
            if !progressed { break }
        }
        return summary
    }

    /// Seconds to wait after `failures` failed passes in a row: the interval, doubled each time, at most 15 min.
    private func backoff(after failures: Int, _ gateway: Gateway) -> Int {
        let interval = max(1, gateway.configuration.gateway.run.interval)
        return min(900, interval << min(failures - 1, 10))
    }
}
