import ArgumentParser
import Foundation
import Occasions

struct Holidays: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The holidays care campaigns can name, dated for one year.",
        discussion: "Each line: date, id (what a campaign's `occasion` names), kind (fixed, lunar, solar_term, rule) and the names in en / zh / zh-Hant.")

    @Option(help: "The Gregorian year (1901-2100: the lunar calendar's verified range).") var year: Int
    @Flag(help: "Print JSON: [{id, name: {en, zh, zh-Hant}, date, kind}].") var json = false

    func validate() throws {
        guard (1901...2100).contains(year) else {
            throw ValidationError("--year \(year) is outside 1901-2100, the years whose lunar dates are verified")
        }
    }

    func run() throws {
        if json { return print(Holiday.catalogueJSON(year: year)) }
        for occasion in Holiday.holidays(year: year) {
            let name = occasion.name
            print("\(occasion.date)  \(occasion.id.padding(20))  \(occasion.kind.rawValue.padding(10))  \(name.en) / \(name.zh) / \(name.zhHant)")
        }
    }
}
