import ArgumentParser
import Config
import Foundation
import MIME
import Occasions
import Pipeline
import Store

/// `maildesk campaigns`: every campaign, its occasion, segment and effective state.
struct Campaigns: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the care campaigns (config/campaigns/*.toml) and their state.")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON.") var json = false

    struct Entry: Encodable {
        var name, occasion, state, sendAt, template, file: String
        var tags, languages: [String]
        var catchUpHours, throttle: Int
        var start, end: String?
        var queued, skipped: Int
    }

    func run() throws {
        let gateway = try Gateway.open(global)
        let states = try gateway.store.campaignStates()
        let entries = try gateway.configuration.campaigns.map { c in
            let greetings = try gateway.store.greetings(campaign: c.name)
            return Entry(
                name: c.name, occasion: c.occasion.description, state: states[c.name]?.state ?? c.state.rawValue,
                sendAt: c.sendAtText, template: c.template, file: c.file, tags: c.tags, languages: c.languages,
                catchUpHours: c.catchUpHours, throttle: c.throttle, start: c.start?.description,
                end: c.end?.description,
                queued: greetings.filter { $0.state == "queued" }.count,
                skipped: greetings.filter { $0.state == "skipped" }.count)
        }
        if json { return try JSONOutput.print(entries) }
        if entries.isEmpty {
            print("no campaigns in \(gateway.configuration.gateway.care.campaigns) (see README \"Care campaigns\")")
            return
        }
        for e in entries {
            let segment =
                (e.tags.isEmpty ? "" : " tags \(e.tags.joined(separator: ","))")
                + (e.languages.isEmpty ? "" : " languages \(e.languages.joined(separator: ","))")
            print(
                "\(e.name.padding(18))  \(e.state.padding(9))  \(e.occasion.padding(16))  at \(e.sendAt) local  "
                    + "segment:\(segment.isEmpty ? " everyone" : segment)  greeted \(e.queued), skipped \(e.skipped)")
        }
    }
}
