import Foundation
import TestSupport

/// Where the test data lives, found from this file's path so that tests run from any directory.
enum FixturePaths {
    static let testsDirectory = Repository.url("Tests/ReplyTextTests")
    static let fixtures = testsDirectory.appendingPathComponent("Fixtures")
    static let repositoryRoot = Repository.root
    /// The shared corpus sits next to the repository (`../shared/corpus/…`).
    static let replyParserEmails = repositoryRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/corpus/github-email_reply_parser/test/emails")
    static let replyParserExpected = fixtures.appendingPathComponent("email_reply_parser")
    static let clients = fixtures.appendingPathComponent("clients")

    static func read(_ url: URL) throws -> String {
        String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    /// An expected file: its one final newline removed, `{'c' x N}` runs expanded (see the fixtures' README).
    static func expected(_ url: URL) throws -> String {
        var text = try read(url)
        if text.hasSuffix("\n") { text.removeLast() }
        return expandRuns(text)
    }

    static func expandRuns(_ text: String) -> String {
        guard text.contains("{'") else { return text }
        let pattern = try! NSRegularExpression(pattern: #"\{'(.)' x ([0-9]+)\}"#)
        var result = text
        for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)).reversed() {
            let character = String(text[Range(match.range(at: 1), in: text)!])
            let count = Int(text[Range(match.range(at: 2), in: text)!])!
            result.replaceSubrange(Range(match.range, in: result)!, with: String(repeating: character, count: count))
        }
        return result
    }
}
