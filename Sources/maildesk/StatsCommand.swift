import ArgumentParser
import Foundation
import Store

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Count messages, threads, customers, quarantined mail and duplicates.")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let s = try Gateway.open(global).store.stats()
        if json { return try JSONOutput.print(s) }
        func list(_ d: [String: Int]) -> String {
            d.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
        print("messages: \(s.messages) (\(list(s.messagesByState)))")
        print("threads: \(s.threads) (\(list(s.threadsByStatus)); \(list(s.threadsByKind)))")
        print("customers: \(s.customers)")
        print("quarantined: \(s.quarantined)")
        print("duplicates seen: \(s.duplicatesSeen)")
        print("attachments: \(s.attachments)")
        print("raw bytes: \(s.rawBytes)")
    }
}
