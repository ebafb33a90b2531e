import ArgumentParser
import Config
import Foundation
import Store

struct Agents: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the agents of the agents file and their load.", subcommands: [List.self], defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List agents: availability, skills, open threads and capacity.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Print JSON.") var json = false

        struct Row: Encodable {
            var name: String
            var address: String
            var available: Bool
            var unavailable: String?
            var categories: [String]
            var languages: [String]
            var open: Int
            var maxOpen: Int?
            var supervisor: String?
        }

        struct Output: Encodable {
            var agents: [Row]
            /// Open threads waiting without an agent, per team queue address ("none" without a team).
            var queued: [String: Int]
        }

        func run() throws {
            let gateway = try Gateway.open(global)
            let routing = gateway.configuration.routing
            let loads = try gateway.store.agentLoads()
            let today = CalendarDay(Date(), in: .current)
            let rows = routing.agents.map { agent in
                Row(name: agent.name, address: agent.address, available: agent.unavailability(on: today) == nil,
                    unavailable: agent.unavailability(on: today), categories: agent.categories, languages: agent.languages,
                    open: loads[agent.address]?.open ?? 0, maxOpen: agent.maxOpen, supervisor: agent.supervisor)
            }
            var queued: [String: Int] = [:]
            for thread in try gateway.store.threads(ThreadFilter(unassigned: true), limit: 0)
            where thread.status == "open" || thread.status == "pending" {
                queued[thread.queue ?? "none", default: 0] += 1
            }
            if json { return try JSONOutput.print(Output(agents: rows, queued: queued)) }
            if rows.isEmpty {
                print("no agents (add [[agent]] tables to \(gateway.configuration.gateway.assignment.agentsFile ?? "config/agents.toml"))")
            }
            for r in rows {
                let capacity = r.maxOpen.map { "\(r.open)/\($0)" } ?? "\(r.open)/-"
                let state = r.unavailable ?? "available"
                print("\(r.address.padding(32))  \(r.name.padding(14))  open \(capacity.padding(7))  \(state.padding(22))  "
                    + "categories \(r.categories.isEmpty ? "all" : r.categories.joined(separator: ","))  "
                    + "languages \(r.languages.isEmpty ? "all" : r.languages.joined(separator: ","))")
            }
            for (queue, count) in queued.sorted(by: { $0.key < $1.key }) {
                print("unassigned in \(queue == "none" ? "no queue" : "queue \(queue)"): \(count)")
            }
        }
    }
}

struct Customers: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Customers: list and tag them; import, show, change, export and forget their records (care mail reads them).",
        subcommands: [List.self, Tag.self, Import.self, Show.self, Set.self, Export.self, Forget.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List customers, most recent contact first.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only customers with this tag.") var tag: String?
        @Option(help: "At most this many customers (0: all).") var limit = 100
        @Flag(help: "Only customers no care mail goes to: undeliverable (bounced) or opted out. `customers set ADDRESS deliverable=true` lifts a bounce.")
        var suppressed = false
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let customers = try Gateway.open(global).store.customers(tag: tag, limit: limit, suppressed: suppressed)
            if json { return try JSONOutput.print(customers) }
            if customers.isEmpty { print("no customers\(tag.map { " tagged \($0)" } ?? "")"); return }
            for c in customers {
                print("\(c.address.padding(32))  \((c.name ?? "-").padding(16))  \(c.threads) thread\(c.threads == 1 ? "" : "s")  "
                    + "tags: \(c.tags.isEmpty ? "-" : c.tags.joined(separator: ", "))"
                    + (c.undeliverable ? "  [undeliverable]" : "") + (c.careOptOutAt.map { "  [opted out \($0)]" } ?? ""))
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
            guard address.contains("@"), !address.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F }) else {
                throw ValidationError("'\(address)' is not an email address.")
            }
            if tags.isEmpty { throw ValidationError("give at least one tag.") }
            for tag in tags where tag.isEmpty || tag.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value == 0x7F || $0 == "," }) {
                throw ValidationError("tag '\(tag)' must be one word without commas or control characters.")
            }
        }

        func run() throws {
            let who = ProcessInfo.processInfo.environment["USER"] ?? "cli"
            let result = try Gateway.open(global).store.tagCustomer(
                address, add: remove ? [] : tags, remove: remove ? tags : [], actor: "agent:\(who)")
            print("\(address.lowercased()): tags \(result.isEmpty ? "none" : result.joined(separator: ", "))")
        }
    }
}
