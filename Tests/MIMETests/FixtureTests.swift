import Foundation
import Testing
@testable import MIME

/// Fixture pairs: `NNN-name.eml` and the expected `maildesk parse --json` keys in `NNN-name.json`
/// (partial: only the keys given are checked; `x_` keys are assertions, see make_fixtures.py).
struct FixtureCase: CustomTestStringConvertible, Sendable {
    let name: String
    let crlf: Bool
    var testDescription: String { "\(name) \(crlf ? "CRLF" : "LF")" }

    static var all: [FixtureCase] {
        TestPaths.files(under: TestPaths.fixtures) { $0.pathExtension == "json" }
            .map { $0.deletingPathExtension().lastPathComponent }
            .flatMap { [FixtureCase(name: $0, crlf: false), FixtureCase(name: $0, crlf: true)] }
    }
}

@Test(arguments: FixtureCase.all)
func fixtureParsesAsExpected(_ fixture: FixtureCase) throws {
    let eml = TestPaths.fixtures.appendingPathComponent(fixture.name + ".eml")
    let expectedData = try Data(contentsOf: TestPaths.fixtures.appendingPathComponent(fixture.name + ".json"))
    let expected = try #require(try JSONSerialization.jsonObject(with: expectedData) as? [String: Any])
    var raw = TestPaths.bytes(eml)
    if fixture.crlf { raw = TestPaths.crlf(raw) }
    let message = try MessageParser.parse(raw)
    let encoded = try JSONEncoder().encode(MessageSummary(message))
    let actual = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any])

    for (key, want) in expected.sorted(by: { $0.key < $1.key }) {
        let got = actual[key]
        switch key {
        case "x_comment":
            continue
        case "x_problems":
            let problems = actual["problems"] as? [String] ?? []
            #expect((want as? Bool) == !problems.isEmpty, "problems: \(problems)")
        case "x_text_contains", "x_text_excludes", "x_html_contains":
            let field = key == "x_html_contains" ? actual["html"] as? String ?? "" : actual["text"] as? String ?? ""
            for needle in want as? [String] ?? [] {
                if key == "x_text_excludes" {
                    #expect(!field.contains(needle), "\(key) '\(needle)' in: \(field.prefix(600))")
                } else {
                    #expect(field.contains(needle), "\(key) '\(needle)' in: \(field.prefix(600))")
                }
            }
        case "text":
            #expect(normaliseText(got as? String) == normaliseText(want as? String), "text")
        case "attachments":
            let gotList = got as? [[String: Any]] ?? []
            let wantList = want as? [[String: Any]] ?? []
            #expect(gotList.count == wantList.count, "attachments: \(gotList.map { $0["filename"] ?? "" })")
            for (g, w) in zip(gotList, wantList) {
                for (k, v) in w {
                    #expect(jsonEqual(g[k], v), "attachment \(k): got \(String(describing: g[k])) want \(v)")
                }
            }
        default:
            #expect(jsonEqual(got, want), "\(key): got \(String(describing: got)) want \(want)")
        }
    }
}

/// LF line ends, trailing blanks of lines removed, leading and trailing blank lines trimmed.
func normaliseText(_ text: String?) -> String {
    guard let text else { return "<nil>" }
    let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(
        separator: "\n", omittingEmptySubsequences: false
    )
    .map { line -> Substring in
        var l = line[...]
        while let last = l.last, last == " " || last == "\t" { l = l.dropLast() }
        return l
    }
    var trimmed = lines[...]
    while trimmed.first?.isEmpty == true { trimmed = trimmed.dropFirst() }
    while trimmed.last?.isEmpty == true { trimmed = trimmed.dropLast() }
    return trimmed.joined(separator: "\n")
}

/// Structural equality of JSONSerialization values (NSNull for null).
func jsonEqual(_ a: Any?, _ b: Any?) -> Bool {
    let aNull = a == nil || a is NSNull
    let bNull = b == nil || b is NSNull
    if aNull || bNull { return aNull && bNull }
    switch (a, b) {
    case let (x as [Any], y as [Any]):
        return x.count == y.count && zip(x, y).allSatisfy { jsonEqual($0, $1) }
    case let (x as [String: Any], y as [String: Any]):
        return Set(x.keys) == Set(y.keys) && x.allSatisfy { jsonEqual($0.value, y[$0.key]) }
    case let (x as String, y as String):
        return x == y
    case let (x as NSNumber, y as NSNumber):
        return x == y
    default:
        return false
    }
}
