import ArgumentParser
import Config
import Foundation
import Occasions

struct Holidays: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The holidays care campaigns can name, dated for one year.",
        discussion:
            "Each line: date, id (what a campaign's `occasion` names), kind (fixed, lunar, solar_term, rule) and the names in en / zh / zh-Hant. "
            + "Custom occasions and per-year overrides of the configuration's `[care] occasions` file are included; without a configuration, the built-in holidays."
    )

    @OptionGroup var options: GlobalOptions

    @Option(help: "The Gregorian year (1901-2100: the lunar calendar's verified range).") var year: Int
    @Flag(help: "Print JSON: [{id, name: {en, zh, zh-Hant}, date, kind}].") var json = false

    func validate() throws {
        guard (1901...2100).contains(year) else {
            throw ValidationError("--year \(year) is outside 1901-2100, the years whose lunar dates are verified")
        }
    }

    func run() throws {
        // The list is useful before a gateway is set up: the default configuration may be absent, a named one not.
        let absent =
            options.config == ConfigLoader.defaultConfigPath && !FileManager.default.fileExists(atPath: options.config)
        let catalogue = absent ? HolidayCatalogue.builtIn : try loadConfiguration(options).holidays
        if json { return print(catalogue.json(year: year)) }
        for occasion in catalogue.holidays(year: year) {
            let name = occasion.name
            print(
                "\(occasion.date)  \(occasion.id.padding(20))  \(occasion.kind.rawValue.padding(10))  \(name.en) / \(name.zh) / \(name.zhHant)"
            )
        }
    }
}
