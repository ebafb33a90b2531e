import ArgumentParser
import Config
import Foundation
import Store

struct Agents: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the agents of the agents file and their load.", subcommands: [List.self],
        defaultSubcommand: List.self)

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List agents: availability, skills, open threads and capacity.")
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
                Row(
                    name: agent.name, address: agent.address, available: agent.unavailability(on: today) == nil,
                    unavailable: agent.unavailability(on: today), categories: agent.categories,
                    languages: agent.languages,
                    open: loads[agent.address]?.open ?? 0, maxOpen: agent.maxOpen, supervisor: agent.supervisor)
            }
            var queued: [String: Int] = [:]
            for thread in try gateway.store.threads(ThreadFilter(unassigned: true), limit: 0)
            where thread.status == "open" || thread.status == "pending" {
                queued[thread.queue ?? "none", default: 0] += 1
            }
            if json { return try JSONOutput.print(Output(agents: rows, queued: queued)) }
            if rows.isEmpty {
                print(
                    "no agents (add [[agent]] tables to \(gateway.configuration.gateway.assignment.agentsFile ?? "config/agents.toml"))"
                )
            }
            for r in rows {
                let capacity = r.maxOpen.map { "\(r.open)/\($0)" } ?? "\(r.open)/-"
                let state = r.unavailable ?? "available"
                print(
                    "\(r.address.padding(32))  \(r.name.padding(14))  open \(capacity.padding(7))  \(state.padding(22))  "
                        + "categories \(r.categories.isEmpty ? "all" : r.categories.joined(separator: ","))  "
                        + "languages \(r.languages.isEmpty ? "all" : r.languages.joined(separator: ","))")
            }
            for (queue, count) in queued.sorted(by: { $0.key < $1.key }) {
                print("unassigned in \(queue == "none" ? "no queue" : "queue \(queue)"): \(count)")
            }
        }
    }
}
