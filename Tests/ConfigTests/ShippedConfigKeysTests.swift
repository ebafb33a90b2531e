import Foundation
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
}
