import Foundation
import TOMLKit
import Testing

@testable import Config

/// The shipped `config/maildesk.toml` is where an operator learns the keys: every key the reader accepts is named
/// in its section (set, or in a comment with its default), and every section the reader knows is there.
@Suite("shipped configuration documents every key")
struct ShippedConfigKeysTests {
    /// The text of each section (`[name]` or a commented-out `# [name]`), up to the next section.
    static func sections(_ text: String) -> [String: String] {
        var sections: [String: String] = [:]
        var current = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let bare = line.drop { $0 == "#" || $0 == " " }
            if bare.hasPrefix("["), bare.hasSuffix("]"), !bare.hasPrefix("[[") {
                current = String(bare.dropFirst().dropLast())
                continue
            }
            sections[current, default: ""] += line + "\n"
        }
        return sections
    }

    @Test func everySectionNamesEachOfItsKeys() throws {
        let text = try String(contentsOfFile: repositoryRoot + "/config/maildesk.toml", encoding: .utf8)
        let sections = Self.sections(text)
        var missing: [String] = []
        for (name, schema) in GatewaySchema.root.tables.sorted(by: { $0.key < $1.key }) {
            guard let body = sections[name] else {
                missing.append("[\(name)]")
                continue
            }
            for key in schema.keys where body.range(of: "\\b\(key)\\b", options: .regularExpression) == nil {
                missing.append("[\(name)] \(key)")
            }
        }
        for key in GatewaySchema.root.keys where sections[""]?.contains(key) != true { missing.append(key) }
        #expect(missing.isEmpty, "not in config/maildesk.toml: \(missing.joined(separator: ", "))")
        // Nothing the reader does not know: the shipped file loads (LoaderTests), and no section is invented.
        let unknown = Set(sections.keys).subtracting(GatewaySchema.root.tables.keys).subtracting([""])
        #expect(unknown.isEmpty, "sections the reader does not know: \(unknown.sorted())")
    }

    /// Every `key = value` the file shows, set or in a comment, is a declared key of its section showing the
    /// declared default (or the declared shipped value); every declared shipped value is shown.
    @Test func shownValuesAreTheDeclaredDefaults() throws {
        let text = try String(contentsOfFile: repositoryRoot + "/config/maildesk.toml", encoding: .utf8)
        let sections = Self.sections(text)
        var problems: [String] = []
        var declared = GatewaySchema.sections
        declared[""] = GatewayConfig.Keys.all
        for (name, keys) in declared.sorted(by: { $0.key < $1.key }) {
            let place = name.isEmpty ? "top level" : "[\(name)]"
            problems += Self.compare(Self.assignments(sections[name] ?? ""), with: keys, in: place)
        }
        #expect(problems.isEmpty, "config/maildesk.toml: \(problems.joined(separator: "; "))")
    }

    /// A shipped mailbox file names exactly the keys of its kind of source, and the value of each key that has a
    /// default is that default (or the declared shipped value); its own name, URL and address are its own.
    @Test func shippedMailboxesShowTheDeclaredDefaults() throws {
        let folder = repositoryRoot + "/mailboxes"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".toml") }
        #expect(!files.isEmpty)
        for file in files.sorted() {
            let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
            let shown = Self.assignments(text)
            let url = shown.first { $0.key == MailboxDefinition.Keys.url.name }?.value ?? ""
            let scheme = MailboxFields.scheme(ofURL: String(url.dropFirst().dropLast()))
            let keys =
                MailboxDefinition.Keys.all + (scheme == "imap" || scheme == "imaps" ? IMAPSettings.Keys.all : [])
            let names = Set(shown.map(\.key))
            let unlisted = MailboxSchema.schema(scheme: scheme).keys.filter { !names.contains($0) }
            #expect(unlisted.isEmpty, "mailboxes/\(file) does not name \(unlisted)")
            let ownValues = Set(keys.filter { $0.defaultLiteral == nil && $0.shippedLiteral == nil }.map(\.name))
            let problems = Self.compare(shown.filter { !ownValues.contains($0.key) }, with: keys, in: file)
            #expect(problems.isEmpty, "mailboxes/\(file): \(problems.joined(separator: "; "))")
        }
    }

    /// The `key = value` assignments in `text`, set or in comments; a `key = value` in backticks is an example,
    /// not a default, and is left out. The value is nil when what follows `=` is no TOML literal.
    static func assignments(_ text: String) -> [(key: String, value: String?)] {
        let prose = text.replacingOccurrences(of: "`[^`\n]*`", with: "", options: .regularExpression)
        let literal = #"("(?:[^"\\]|\\.)*"|\[[^\]\n]*\]|true|false|[-+]?[0-9][0-9_.eE+-]*)?"#
        let pattern = try! NSRegularExpression(pattern: #"(?<![A-Za-z0-9_.-])([a-z][a-z0-9_]*) = "# + literal)
        let whole = NSRange(prose.startIndex..., in: prose)
        return pattern.matches(in: prose, range: whole).map { match in
            let key = String(prose[Range(match.range(at: 1), in: prose)!])
            let value = Range(match.range(at: 2), in: prose).map { String(prose[$0]) }
            return (key, value)
        }
    }

    /// What is wrong with `shown` for a table declaring `keys`.
    static func compare(_ shown: [(key: String, value: String?)], with keys: [any DeclaredKey], in place: String)
        -> [String]
    {
        var problems: [String] = []
        for (name, value) in shown {
            guard let key = keys.first(where: { $0.name == name }) else {
                problems.append("\(place) shows '\(name)', which is not one of its declared keys")
                continue
            }
            guard let value else {
                problems.append("\(place) '\(name) =' is not followed by a TOML value")
                continue
            }
            guard let expected = key.shippedLiteral ?? key.defaultLiteral else {
                problems.append(
                    "\(place) shows \(name) = \(value), but '\(name)' has no default: declare it as shipped")
                continue
            }
            if !sameValue(value, expected) {
                let what = key.shippedLiteral == nil ? "default" : "shipped value"
                problems.append("\(place) shows \(name) = \(value), but its declared \(what) is \(expected)")
            }
        }
        for key in keys {
            guard let shipped = key.shippedLiteral else { continue }
            if !shown.contains(where: { $0.key == key.name && $0.value != nil }) {
                problems.append("\(place) does not show \(key.name) = \(shipped), declared as shipped")
            }
        }
        return problems
    }

    /// Whether two TOML literals are the same value (`52428800` and `52_428_800`, spacing in arrays).
    static func sameValue(_ a: String, _ b: String) -> Bool {
        guard let left = try? TOMLTable(string: "v = " + a), let right = try? TOMLTable(string: "v = " + b) else {
            return false
        }
        return left == right
    }

    @Test func theComparisonCatchesWhatItShould() {
        let keys = RunSettings.Keys.all
        #expect(Self.compare(Self.assignments("interval = 5\n# log_level = \"info\"\n"), with: keys, in: "").isEmpty)
        #expect(Self.compare(Self.assignments("# `interval = 9` is an example\n"), with: keys, in: "").isEmpty)
        #expect(Self.compare(Self.assignments("interval = 6\n"), with: keys, in: "").count == 1)
        #expect(Self.compare(Self.assignments("# intervall = 5\n"), with: keys, in: "").count == 1)
        #expect(Self.sameValue("[\"a\",\"b\"]", "[\"a\", \"b\"]"))
    }
}
