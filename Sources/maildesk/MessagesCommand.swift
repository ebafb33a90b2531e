import ArgumentParser
import Foundation
import Store

struct Messages: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List stored messages and print their exact bytes.", subcommands: [List.self, Raw.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List messages, newest first.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "At most this many messages (0: all).") var limit = 100
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let rows = try Gateway.open(global).store.messages(limit: limit)
            if json { return try JSONOutput.print(rows) }
            for m in rows {
                let thread = m.threadId.map { "#\($0)" } ?? "-"
                print(
                    terminalSafe(
                        "\(m.id)  \(m.state.padding(11))  thread \(thread.padding(6))  \(m.mailbox)  \(m.from ?? "-")  \(m.subject ?? "")"
                    ))
            }
        }
    }

    struct Raw: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a message's stored bytes, exactly as fetched, to standard output.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The message id (as `messages list` shows it).") var id: Int64

        func run() throws {
            do {
                let bytes = try Gateway.open(global).store.rawBytes(messageID: id)
                FileHandle.standardOutput.write(Data(bytes))
            } catch let error as StoreError {
                printError("\(error)")
                throw ExitStatus.dataError
            }
        }
    }
}
