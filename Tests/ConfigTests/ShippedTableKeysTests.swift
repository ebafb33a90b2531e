import Foundation
import Occasions
import TOMLKit
import Testing

@testable import Config

/// The shipped rules, agents, service levels, campaigns and occasions name only declared keys, set or in their
/// comments; where a table's values are settings (not an agent's or a rule's own), each value a key with a default
/// shows is that default, or the value declared as shipped.
@Suite("shipped table files name only declared keys")
struct ShippedTableKeysTests {
    /// One kind of table in a file: its declared keys, and whether the values it shows are defaults to compare.
    struct Kind {
        var keys: [any DeclaredKey]
        var showsDefaults: Bool
    }

    /// Each file's kinds of tables by name (`""`: the top level; `[[rule]]` is "rule", `[segment]` is "segment").
    static let files: [(path: String, kinds: [String: Kind])] = {
        let campaign: [String: Kind] = [
            "": Kind(keys: CampaignDefinition.Keys.all, showsDefaults: true),
            "segment": Kind(keys: CampaignDefinition.SegmentKeys.all, showsDefaults: true)
        ]
        let folder = repositoryRoot + "/config/campaigns"
        let campaigns = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
            .filter { $0.hasSuffix(".toml") }.sorted().map { ("config/campaigns/" + $0, campaign) }
        return [
            ("config/rules.toml", ["rule": Kind(keys: RuleDefinition.Keys.all, showsDefaults: false)]),
            (
                "config/agents.toml",
                [
                    "agent": Kind(keys: AgentDefinition.Keys.all, showsDefaults: false),
                    "team": Kind(keys: TeamDefinition.Keys.all, showsDefaults: false)
                ]
            ),
            (
                "config/sla.toml",
                [
                    "escalation": Kind(keys: EscalationSettings.Keys.all, showsDefaults: true),
                    "pending": Kind(keys: PendingSettings.Keys.all, showsDefaults: true),
                    "csat": Kind(keys: SurveySettings.Keys.all, showsDefaults: true),
                    "business_hours": Kind(keys: BusinessHoursDefinition.Keys.all, showsDefaults: true),
                    "policy": Kind(keys: SLAPolicy.Keys.all, showsDefaults: false)
                ]
            ),
            (
                "config/occasions.toml",
                [
                    "occasion": Kind(keys: Holiday.Keys.all, showsDefaults: false),
                    "name": Kind(keys: LocalizedName.Keys.all, showsDefaults: false),
                    "override": Kind(keys: HolidayCatalogue.Override.Keys.all, showsDefaults: false)
                ]
            )
        ] + campaigns
    }()

    @Test func shippedFilesAreListed() {
        #expect(Self.files.count >= 6, "no shipped campaign found")
    }

    /// Every key set in a table is declared for its kind; a value shown where defaults are shown is the declared
    /// default or shipped value (a key with neither is the table's own); every declared shipped value is shown.
    @Test func setKeysAreDeclaredWithTheirDefaults() throws {
        var problems: [String] = []
        for (path, kinds) in Self.files {
            let table = try TOMLTable(string: String(contentsOfFile: repositoryRoot + "/" + path, encoding: .utf8))
            var shown: [String: [(key: String, value: TOMLValue)]] = [:]
            Self.collect(table, kind: "", into: &shown)
            for (kind, values) in shown.sorted(by: { $0.key < $1.key }) {
                let place = "\(path) " + (kind.isEmpty ? "top level" : "[\(kind)]")
                guard let declared = kinds[kind] else {
                    problems.append("\(place): a table the test does not know")
                    continue
                }
                problems += Self.compare(values, with: declared, in: place)
            }
            for (kind, declared) in kinds where declared.showsDefaults {
                for key in declared.keys {
                    guard let shipped = key.shippedLiteral else { continue }
                    let values = shown[kind] ?? []
                    if !values.contains(where: { $0.key == key.name && Self.value($0.value, is: shipped) }) {
                        problems.append("\(path) [\(kind)] does not show \(key.name) = \(shipped), declared as shipped")
                    }
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "; "))")
    }

    /// Every `key = value` in a comment (outside backticks) is a declared key of one of the file's tables.
    @Test func commentedKeysAreDeclared() throws {
        var problems: [String] = []
        for (path, kinds) in Self.files {
            let text = try String(contentsOfFile: repositoryRoot + "/" + path, encoding: .utf8)
            let names = Set(kinds.values.flatMap { $0.keys.map(\.name) })
            let comments = text.split(separator: "\n").compactMap(Self.comment).joined(separator: "\n")
            for (key, _) in ShippedConfigKeysTests.assignments(comments) where !names.contains(key) {
                problems.append("\(path) shows '\(key)' in a comment, which no table of it declares")
            }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "; "))")
    }

    /// The values of `table`, by the kind of table they are in: a `[[name]]` element or a `[name]` section is of
    /// kind `name`; a table held by a key (an occasion's `name` per locale) is a value, and of kind `name` too.
    static func collect(_ table: TOMLTable, kind: String, into shown: inout [String: [(key: String, value: TOMLValue)]])
    {
        for (key, value) in table {
            if let array = value.array, !array.isEmpty, array.allSatisfy({ $0.table != nil }) {
                for element in array { collect(element.table!, kind: key, into: &shown) }
            } else if let sub = value.table, kind.isEmpty {
                collect(sub, kind: key, into: &shown)
            } else {
                shown[kind, default: []].append((key, value.tomlValue))
                if let sub = value.table, nested.contains(key) { collect(sub, kind: key, into: &shown) }
            }
        }
    }

    /// Keys whose table form is a kind of its own (an occasion's name per locale).
    static let nested: Set<String> = ["name"]

    /// What is wrong with the values `shown` in a table of kind `declared`.
    static func compare(_ shown: [(key: String, value: TOMLValue)], with declared: Kind, in place: String) -> [String] {
        var problems: [String] = []
        for (name, value) in shown {
            guard let key = declared.keys.first(where: { $0.name == name }) else {
                problems.append("\(place) sets '\(name)', which is not one of its declared keys")
                continue
            }
            guard declared.showsDefaults, let expected = key.shippedLiteral ?? key.defaultLiteral else { continue }
            if !Self.value(value, is: expected) {
                let what = key.shippedLiteral == nil ? "default" : "shipped value"
                problems.append(
                    "\(place) sets \(name) = \(value.debugDescription), but its declared \(what) is \(expected)")
            }
        }
        return problems
    }

    /// Whether `value` is the TOML literal `literal`.
    static func value(_ value: TOMLValue, is literal: String) -> Bool {
        guard let parsed = try? TOMLTable(string: "v = " + literal) else { return false }
        return parsed["v"] == value
    }

    /// The comment of a line: what follows its first `#` outside a string; nil when it has none.
    static func comment(_ line: Substring) -> String? {
        var quoted = false
        var previous: Character = " "
        for index in line.indices {
            let character = line[index]
            if character == "\"" && previous != "\\" { quoted.toggle() }
            if character == "#" && !quoted { return String(line[line.index(after: index)...]) }
            previous = character
        }
        return nil
    }
}
