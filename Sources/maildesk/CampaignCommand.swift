import ArgumentParser
import Config
import Foundation
import MIME
import Occasions
import Pipeline
import Store

/// `maildesk campaign preview|dry-run|pause|resume|cancel|report NAME`.
struct CampaignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "campaign", abstract: "Preview, dry-run, pause, resume, cancel or report one care campaign.",
        subcommands: [Preview.self, DryRun.self, Pause.self, Resume.self, Cancel.self, Report.self])

    /// The campaign `name`, or a usage error naming the known ones.
    static func campaign(_ name: String, in gateway: Gateway) throws -> CampaignDefinition {
        if let campaign = gateway.configuration.campaign(named: name) { return campaign }
        let names = gateway.configuration.campaigns.map(\.name)
        let guess = Suggestions.closest(to: name, among: names).map { " — did you mean '\($0)'?" } ?? ""
        printError(
            "no campaign '\(name)'\(guess) (campaigns: \(names.isEmpty ? "none" : names.joined(separator: ", ")); see `maildesk campaigns`)"
        )
        throw ExitStatus.dataError
    }

    struct Preview: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Show the mail a customer would get for the campaign's next occasion (after --now), exactly as it would be sent."
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var clock: ClockOptions
        @Argument(help: "The campaign's name.") var name: String
        @Option(help: "The customer's address.") var customer: String
        @Flag(help: "Also print the exact bytes (headers, encoded body).") var raw = false

        func run() throws {
            let gateway = try Gateway.open(global)
            let campaign = try CampaignCommand.campaign(name, in: gateway)
            let pipeline = try gateway.pipeline(verbose: false, options: PipelineOptions(clock: clock.clock))
            switch try pipeline.previewGreeting(campaign, address: customer) {
            case .failure(let problem):
                printError(problem.description)
                throw ExitStatus.dataError
            case .success(let (due, draft)):
                var out =
                    "campaign \(campaign.name): \(due.occasion.id) \(due.occasion.date), due \(Timestamp.string(due.dueAt)) "
                    + "(\(due.localTime) \(due.timezone)), template \(draft.template ?? "-")\n"
                // The text as the customer reads it, then (with --raw) the exact bytes the outbox would hold.
                if let message = try? MessageParser.parse(draft.bytes) {
                    out +=
                        "To: \(draft.recipients.joined(separator: ", "))\nSubject: \(message.subject ?? "")\n\n\(message.text)\n"
                }
                if let state = try gateway.store.careRecipient(address: customer),
                    state.optedOutAt != nil || state.undeliverable
                {
                    out +=
                        "(not sent: \(state.optedOutAt.map { "opted out of care mail at \($0)" } ?? "the address is undeliverable"))\n"
                }
                FileHandle.standardOutput.write(Data(out.utf8))
                if raw { FileHandle.standardOutput.write(Data("\n----- as sent\n".utf8) + Data(draft.bytes)) }
            }
        }
    }

    struct DryRun: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "dry-run",
            abstract:
                "Who would get what and when (UTC and local time), with which template, and who is skipped and why. Writes nothing."
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The campaign's name.") var name: String
        @Option(help: "First day (YYYY-MM-DD, UTC).") var from: String
        @Option(help: "Last day (YYYY-MM-DD, UTC), inclusive.") var to: String
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            for (option, value) in [("--from", from), ("--to", to)] where (try? CivilDate(iso: value)) == nil {
                throw ValidationError("\(option) '\(value)' is not a date YYYY-MM-DD")
            }
            if let a = try? CivilDate(iso: from), let b = try? CivilDate(iso: to), b < a {
                throw ValidationError("--to \(to) is before --from \(from)")
            }
        }

        func run() throws {
            let gateway = try Gateway.open(global)
            let campaign = try CampaignCommand.campaign(name, in: gateway)
            let start = Timestamp.date(from + "T00:00:00Z")!.addingTimeInterval(-1)
            let end = Timestamp.date(to + "T00:00:00Z")!.addingTimeInterval(86_400 - 1)
            let plan = try gateway.pipeline(verbose: false).planCampaign(campaign, from: start, to: end)
            if json { return try JSONOutput.print(plan) }
            if plan.isEmpty { print("campaign \(name): nobody is due between \(from) and \(to)"); return }
            for e in plan {
                print(
                    "\(e.dueUtc)  \(e.localTime.padding(23))  \(e.customer.padding(28))  \(e.occasion) \(e.occasionDate)  "
                        + (e.action == "send" ? "send \(e.template ?? "-")" : "skip: \(e.reason ?? "-")"))
            }
            let sends = plan.filter { $0.action == "send" }.count
            print("campaign \(name): \(sends) to send, \(plan.count - sends) skipped between \(from) and \(to)")
        }
    }

    struct Pause: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Pause a campaign: nothing of it is queued until `campaign resume`.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The campaign's name.") var name: String
        func run() throws { try setState(global, name, "paused") }
    }

    struct Resume: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Resume a paused campaign; greetings missed while paused are sent if at most catch_up_hours late, else skipped with the reason."
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The campaign's name.") var name: String
        func run() throws { try setState(global, name, "active") }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cancel a campaign for good (queued mail already in the outbox still goes).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The campaign's name.") var name: String
        func run() throws { try setState(global, name, "cancelled") }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "What a campaign did: queued, sent, failed and skipped greetings, with reasons.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The campaign's name.") var name: String
        @Flag(help: "Print JSON.") var json = false

        struct Output: Encodable {
            var campaign: String
            var state: String
            var queued, sent, failed, skipped: Int
            var skippedReasons: [String: Int]
            var greetings: [GreetingEntry]
        }

        func run() throws {
            let gateway = try Gateway.open(global)
            let campaign = try CampaignCommand.campaign(name, in: gateway)
            let greetings = try gateway.store.greetings(campaign: name)
            let state = try gateway.store.campaignStates()[name]?.state ?? campaign.state.rawValue
            var reasons: [String: Int] = [:]
            for g in greetings where g.state == "skipped" {
                // "17 hours late (…)" and "opted out … at T" group by their kind, not their numbers.
                let reason = g.reason ?? "-"
                let kind =
                    reason.contains("hours late")
                    ? "too late (catch_up_hours)"
                    : reason.hasPrefix("opted out")
                        ? "opted out"
                        : reason.hasPrefix("another care mail") ? "within min_gap_hours" : reason
                reasons[kind, default: 0] += 1
            }
            let output = Output(
                campaign: name, state: state,
                queued: greetings.filter { $0.delivery == "queued" }.count,
                sent: greetings.filter { $0.delivery == "sent" }.count,
                failed: greetings.filter { $0.delivery == "failed" }.count,
                skipped: greetings.filter { $0.state == "skipped" }.count, skippedReasons: reasons,
                greetings: greetings)
            if json { return try JSONOutput.print(output) }
            print(
                "campaign \(name) (\(state)): sent \(output.sent), waiting in the outbox \(output.queued), failed \(output.failed), skipped \(output.skipped)"
            )
            for (reason, count) in reasons.sorted(by: { $0.value > $1.value }) {
                print("  skipped \(count): \(reason)")
            }
            for g in greetings {
                print(
                    "  \(g.dueAt)  \(g.localTime.padding(23))  \(g.customer.padding(28))  \(g.occasionDate)  "
                        + (g.state == "queued"
                            ? "\(g.delivery ?? "queued") \(g.template ?? "")" : "skipped: \(g.reason ?? "-")"))
            }
        }
    }
}

/// Pause, resume or cancel `name`; a cancelled campaign stays cancelled.
private func setState(_ global: GlobalOptions, _ name: String, _ state: String) throws {
    let gateway = try Gateway.open(global)
    _ = try CampaignCommand.campaign(name, in: gateway)
    guard try gateway.store.setCampaignState(name, state, actor: "agent:\(cliUser)", at: Date()) else {
        printError("campaign \(name) was cancelled: it stays cancelled (copy its file under a new name to start again)")
        throw ExitStatus.dataError
    }
    print("campaign \(name): \(state)")
}
