import ArgumentParser
import Foundation
import Store

struct Threads: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List and show threads.", subcommands: [List.self, Show.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List threads, most recently updated first.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only threads with this status: open, pending, resolved or closed.")
        var status: String?
        @Option(help: "At most this many threads (0: all).")
        var limit = 100
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            if let status, !["open", "pending", "resolved", "closed"].contains(status) {
                throw ValidationError("--status must be open, pending, resolved or closed (got '\(status)').")
            }
        }

        func run() throws {
            let threads = try Gateway.open(global).store.threads(status: status, limit: limit)
            if json { return try JSONOutput.print(threads) }
            if threads.isEmpty { print("no threads\(status.map { " with status \($0)" } ?? "")"); return }
            for t in threads {
                let who = t.customer ?? "-"
                print("#\(t.id)  \(t.status.padding(8))  \(t.kind.padding(8))  \(t.messages) msg  \(who)  \(t.subject)")
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a thread and its messages.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The thread id (as `threads list` shows it).") var id: Int64
        @Flag(help: "Print JSON.") var json = false

        struct Output: Encodable {
            var thread: ThreadSummary
            var messages: [MessageOutput]
        }

        struct MessageOutput: Encodable {
            var id: Int64
            var messageId: String?
            var direction: String
            var from: String?
            var fromName: String?
            var date: String?
            var subject: String?
            var text: String?
            var attachments: [String]
        }

        func run() throws {
            let store = try Gateway.open(global).store
            guard let thread = try store.thread(id) else {
                printError("no thread \(id) (see `maildesk threads list`)")
                throw ExitStatus.dataError
            }
            let messages = try store.messages(inThread: id).map { m in
                MessageOutput(id: m.id!, messageId: m.messageId, direction: m.direction, from: m.fromAddress,
                              fromName: m.fromName, date: m.date, subject: m.subject, text: m.text,
                              attachments: try store.attachments(ofMessage: m.id!).map(\.filename))
            }
            if json { return try JSONOutput.print(Output(thread: thread, messages: messages)) }
            print("Thread #\(thread.id) [\(thread.status), \(thread.kind)] \(thread.subject)")
            print("Customer: \(thread.customerName.map { "\($0) " } ?? "")<\(thread.customer ?? "-")>  mailbox \(thread.mailbox)  token \(thread.token ?? "-")")
            for m in messages {
                print("")
                print("--- message \(m.id) \(m.direction) \(m.date ?? "-") from \(m.from ?? "-")")
                print("Subject: \(m.subject ?? "")")
                if !m.attachments.isEmpty { print("Attachments: \(m.attachments.joined(separator: ", "))") }
                print(m.text ?? "")
            }
        }
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
