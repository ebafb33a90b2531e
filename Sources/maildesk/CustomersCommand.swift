import ArgumentParser
import Config
import Foundation
import Store

struct Customers: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Customers: list and tag them; import, show, change, export and forget their records (care mail reads them).",
        subcommands: [List.self, Tag.self, Import.self, Show.self, SetFields.self, Export.self, Forget.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List customers, most recent contact first.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only customers with this tag.") var tag: String?
        @Option(help: "At most this many customers (0: all).") var limit = 100
        @Flag(
            help:
                "Only customers no care mail goes to: undeliverable (bounced) or opted out. `customers set ADDRESS deliverable=true` lifts a bounce."
        )
        var suppressed = false
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let customers = try Gateway.open(global).store.customers(tag: tag, limit: limit, suppressed: suppressed)
            if json { return try JSONOutput.print(customers) }
            if customers.isEmpty { print("no customers\(tag.map { " tagged \($0)" } ?? "")"); return }
            for c in customers {
                print(
                    "\(c.address.padding(32))  \((c.name ?? "-").padding(16))  \(c.threads) thread\(c.threads == 1 ? "" : "s")  "
                        + "tags: \(c.tags.isEmpty ? "-" : c.tags.joined(separator: ", "))"
                        + (c.undeliverable ? "  [undeliverable]" : "")
                        + (c.careOptOutAt.map { "  [opted out \($0)]" } ?? ""))
            }
        }
    }

    struct Tag: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add (or with --remove, remove) tags of a customer.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Remove the tags instead of adding them.") var remove = false
        @Argument(help: "The customer's address (created if new).") var address: String
        @Argument(help: "One or more tags, e.g. vip.") var tags: [String]

        func validate() throws {
            guard address.contains("@"),
                !address.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F })
            else {
                throw ValidationError("'\(address)' is not an email address.")
            }
            if tags.isEmpty { throw ValidationError("give at least one tag.") }
            for tag in tags
            where tag.isEmpty
                || tag.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F || $0 == "," })
            {
                throw ValidationError("tag '\(tag)' must be one word without commas or control characters.")
            }
        }

        func run() throws {
            let who = ProcessInfo.processInfo.environment["USER"] ?? "cli"
            let result = try Gateway.open(global).store.tagCustomer(
                address, add: remove ? [] : tags, remove: remove ? tags : [], actor: "agent:\(who)", at: Date())
            print("\(address.lowercased()): tags \(result.isEmpty ? "none" : result.joined(separator: ", "))")
        }
    }
}
