import ArgumentParser
import Foundation
import Store

struct Quarantine: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List quarantined messages and retry them.", subcommands: [List.self, Retry.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List quarantined messages with the reason.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let store = try Gateway.open(global).store
            let entries = try store.quarantined()
            // Messages an IMAP server would not hand over are not in the store: they are listed after the
            // quarantined ones (in JSON with `"stage": "fetch"` and no id: `retry` does not apply to them).
            let notFetched = try store.fetchFailures()
            if json {
                return try JSONOutput.print(
                    entries.map(Listed.quarantined) + notFetched.map { .notFetched(NotFetched($0)) })
            }
            if entries.isEmpty && notFetched.isEmpty { print("quarantine is empty"); return }
            for q in entries {
                print("\(q.id)  message \(q.messageId)  \(q.mailbox)  stage \(q.stage)  \(q.size) bytes  \(q.at)")
                print("    \(q.reason)")
            }
            if !notFetched.isEmpty { print("not fetched (still on the IMAP server):") }
            for f in notFetched {
                let state = f.givenUpAt.map { "skipped since \($0)" } ?? "will be tried again"
                print("-  \(f.mailbox)  UIDVALIDITY \(f.uidvalidity) UID \(f.uid)  \(f.attempts) attempt(s), \(state)")
                print("    \(terminalSafe(f.reason))")
            }
        }

        enum Listed: Encodable {
            case quarantined(QuarantineEntry)
            case notFetched(NotFetched)

            func encode(to encoder: any Encoder) throws {
                switch self {
                case .quarantined(let entry): try entry.encode(to: encoder)
                case .notFetched(let failure): try failure.encode(to: encoder)
                }
            }
        }

        /// A fetch failure as `quarantine list --json` prints it.
        struct NotFetched: Encodable {
            var stage = "fetch"
            var mailbox: String
            var uidvalidity: Int64
            var uid: Int64
            var attempts: Int
            var reason: String
            var at: String
            var givenUp: Bool

            init(_ f: FetchFailure) {
                mailbox = f.mailbox
                uidvalidity = f.uidvalidity
                uid = f.uid
                attempts = f.attempts
                reason = f.reason
                at = f.lastAt
                givenUp = f.givenUpAt != nil
            }
        }
    }

    struct Retry: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Send a quarantined message back through the pipeline (after a fix).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The quarantine id (as `quarantine list` shows it).") var id: Int64
        @Flag(help: "Log each stage's work to standard error.") var verbose = false

        func run() throws {
            let gateway = try Gateway.open(global)
            let messageID: Int64
            do {
                messageID = try gateway.store.retryQuarantined(id, at: Date())
            } catch let error as StoreError {
                printError("\(error)")
                throw ExitStatus.dataError
            }
            let summary = try gateway.pipeline(verbose: verbose).runOnce()
            let state = try gateway.store.message(messageID)?.state.rawValue ?? "?"
            print("message \(messageID) retried: now \(state)")
            print(summary.line)
        }
    }
}
