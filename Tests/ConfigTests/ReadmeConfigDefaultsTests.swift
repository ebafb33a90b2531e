import Foundation
import Testing

@testable import Config

/// The README's key tables are another copy of the keys: each key they name is declared in its table, and each
/// default they show as a TOML value (in backticks: `15`, `"UTC"`) is the declared one. Prose defaults ("first
/// mailbox's address", "system CAs") are not compared.
@Suite("README key tables")
struct ReadmeConfigDefaultsTests {
    static func readme() throws -> [Substring] {
        try String(contentsOfFile: repositoryRoot + "/README.md", encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The rows of the table that starts after the first line containing `heading`.
    static func rows(after heading: String, in lines: [Substring]) -> [[String]] {
        guard let start = lines.firstIndex(where: { $0.contains(heading) }) else { return [] }
        let table = lines[(start + 1)...].drop { !$0.hasPrefix("|") }.prefix { $0.hasPrefix("|") }
        return table.dropFirst(2).map { row in
            row.split(separator: "|", omittingEmptySubsequences: false).dropFirst().map {
                $0.trimmingCharacters(in: .whitespaces)
            }
        }
    }

    /// The parts of `text` between ", " outside backticks: `` `"a"`, `[smtp] from`, none `` → three items.
    static func items(_ text: String) -> [String] {
        var items: [String] = [], current = "", quoted = false
        for character in text {
            if character == "`" { quoted.toggle() }
            if !quoted, character == " ", current.hasSuffix(",") {
                items.append(String(current.dropLast()))
                current = ""
                continue
            }
            current.append(character)
        }
        return items + [current]
    }

    /// The text between backticks when `item` is one backticked span, else nil.
    static func code(_ item: String) -> String? {
        guard item.count > 2, item.hasPrefix("`"), item.hasSuffix("`") else { return nil }
        let inner = String(item.dropFirst().dropLast())
        return inner.contains("`") ? nil : inner
    }

    /// What is wrong with a row naming `names` (keys of `keys`) with `defaults` in `place`.
    static func check(_ names: [String], _ defaults: [String], against keys: [any DeclaredKey], in place: String)
        -> [String]
    {
        // One default for several keys ("none") is each one's.
        let defaults = defaults.count == 1 ? Array(repeating: defaults[0], count: names.count) : defaults
        guard names.count == defaults.count else {
            return ["\(place) \(names): \(names.count) keys but \(defaults.count) defaults"]
        }
        var problems: [String] = []
        for (name, shown) in zip(names, defaults) {
            guard let key = keys.first(where: { $0.name == name }) else {
                problems.append("\(place) \(name) is not a declared key")
                continue
            }
            // Only a TOML value is compared; `from` or `[smtp] from` names another key.
            guard let literal = code(shown), ShippedConfigKeysTests.sameValue(literal, literal) else { continue }
            if key.defaultLiteral.map({ ShippedConfigKeysTests.sameValue(literal, $0) }) != true {
                problems.append("\(place) \(name): README shows \(literal), declared \(key.defaultLiteral ?? "none")")
            }
        }
        return problems
    }

    @Test func theGatewayTableShowsTheDeclaredDefaults() throws {
        let rows = Self.rows(after: "`config/maildesk.toml` (every key optional", in: try Self.readme())
        #expect(rows.count > 20)
        var problems: [String] = []
        for row in rows where row.count >= 2 {
            let spans = Self.items(row[0]).compactMap(Self.code)
            var section = ""
            var names: [String] = []
            for span in spans {
                if span.hasPrefix("["), let close = span.firstIndex(of: "]") {
                    section = String(span[span.index(after: span.startIndex)..<close])
                    names.append(span[span.index(after: close)...].trimmingCharacters(in: .whitespaces))
                } else {
                    names.append(span)
                }
            }
            let keys = section.isEmpty ? GatewayConfig.Keys.all : GatewaySchema.sections[section] ?? []
            let place = section.isEmpty ? "top level" : "[\(section)]"
            problems += Self.check(names, Self.items(row[1]), against: keys, in: place)
        }
        #expect(problems.isEmpty, "README: \(problems.joined(separator: "; "))")
    }

    @Test func theIMAPTableShowsTheDeclaredDefaults() throws {
        let rows = Self.rows(after: "Optional IMAP keys", in: try Self.readme())
        #expect(rows.count > 5)
        var problems: [String] = []
        for row in rows where row.count >= 2 {
            problems += Self.check(
                Self.items(row[0]).compactMap(Self.code), [row[1]], against: IMAPSettings.Keys.all, in: "IMAP")
        }
        #expect(problems.isEmpty, "README: \(problems.joined(separator: "; "))")
    }

    @Test func theStatusTableShowsTheDeclaredDefaults() throws {
        let rows = Self.rows(after: "with the `[status]` keys that change it", in: try Self.readme())
        #expect(rows.count > 5)
        var names: [String] = [], defaults: [String] = []
        for row in rows where row.count >= 3 {
            for span in Self.items(row[2]).compactMap(Self.code) {
                let parts = span.components(separatedBy: " = ")
                names.append(parts[0])
                defaults.append(parts.count == 2 ? "`\(parts[1])`" : "none")
            }
        }
        let problems = Self.check(names, defaults, against: StatusSettings.Keys.all, in: "[status]")
        #expect(problems.isEmpty, "README: \(problems.joined(separator: "; "))")
    }
}
