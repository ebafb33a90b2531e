import ArgumentParser
import Config
import Foundation
import Store
import Templates

struct Outbox: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mail maildesk sends: list, show, retry.", subcommands: [List.self, Show.self, Retry.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List outbox messages, newest first.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only messages in this state.") var state: OutboxState?
        @Option(help: "At most this many (0: all).") var limit = 100
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let entries = try Gateway.open(global).store.outbox(state: state, limit: limit)
            if json { return try JSONOutput.print(entries) }
            if entries.isEmpty { print("outbox empty\(state.map { " (state \($0))" } ?? "")"); return }
            for e in entries {
                var line =
                    "#\(e.id)  \(e.state.rawValue.padding(6))  \(e.kind.padding(15))  thread \(e.threadId.map(String.init) ?? "-")  "
                    + "to \(e.to.joined(separator: ", "))  attempts \(e.attempts)  \(e.subject)"
                if let next = e.nextAttempt, e.attempts > 0 { line += "  next \(next)" }
                if let error = e.lastError { line += "  last error: \(error)" }
                print(line)
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one outbox message: its facts, then its exact bytes.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The outbox id (as `outbox list` shows it).") var id: Int64
        @Flag(help: "Print JSON (the facts and the message as text).") var json = false

        struct Output: Encodable {
            var entry: OutboxEntry
            var message: String
        }

        func run() throws {
            guard let (entry, bytes) = try Gateway.open(global).store.outboxMessage(id) else {
                printError("no outbox message \(id) (see `maildesk outbox list`)")
                throw ExitStatus.dataError
            }
            if json {
                return try JSONOutput.print(Output(entry: entry, message: String(decoding: bytes, as: UTF8.self)))
            }
            var facts =
                "outbox #\(entry.id)  \(entry.state)  \(entry.kind)  thread \(entry.threadId.map(String.init) ?? "-")  template \(entry.template ?? "-")\n"
            facts += "envelope: from <\(entry.envelopeFrom)> to \(entry.to.map { "<\($0)>" }.joined(separator: ", "))\n"
            facts +=
                "attempts \(entry.attempts)\(entry.sentAt.map { ", sent \($0)" } ?? "")\(entry.lastError.map { ", last error: \($0)" } ?? "")\n"
            if let results = entry.results { facts += "results: \(results)\n" }
            if let bounce = entry.bounce {
                facts +=
                    "bounced: \(entry.bounces) report(s), first \(entry.bouncedAt ?? "?"); last: "
                    + (bounce.permanent ? "permanent failure" : "delivery problem")
                    + (bounce.recipients.isEmpty ? "" : " for " + bounce.recipients.joined(separator: ", "))
                    + (bounce.diagnostic.map { ": \($0)" } ?? "") + " (message \(bounce.message))\n"
            }
            // One stream, so the facts come before the bytes.
            FileHandle.standardOutput.write(Data((facts + "\n").utf8) + Data(bytes))
        }
    }

    struct Retry: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Queue a failed (or waiting) message again, due now; `run --once` sends it.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The outbox id.") var id: Int64

        func run() throws {
            let store = try Gateway.open(global).store
            guard let (entry, _) = try store.outboxMessage(id) else {
                printError("no outbox message \(id) (see `maildesk outbox list`)")
                throw ExitStatus.dataError
            }
            guard entry.state != .sent else {
                printError("outbox message \(id) was sent at \(entry.sentAt ?? "?"): nothing to retry")
                throw ExitStatus.dataError
            }
            _ = try store.retryOutbox(
                id, actor: "agent:\(ProcessInfo.processInfo.environment["USER"] ?? "cli")", at: Date())
            print("outbox message \(id) queued; `maildesk run --once` sends it")
        }
    }
}
