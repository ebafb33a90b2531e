import Foundation
import Testing
@testable import ReplyText

/// github/email_reply_parser's 22 test bodies against our reading of its semantics (Fixtures/email_reply_parser).
@Suite struct EmailReplyParserCorpusTests {
    static let names: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: FixturePaths.replyParserEmails.path)) ?? []
        return files.filter { $0.hasSuffix(".txt") }.map { String($0.dropLast(4)) }.sorted()
    }()

    static func visibleText(_ name: String) throws -> (actual: String, expected: String) {
        let body = try FixturePaths.read(FixturePaths.replyParserEmails.appendingPathComponent(name + ".txt"))
        let expected = try FixturePaths.expected(
            FixturePaths.replyParserExpected.appendingPathComponent(name + ".expected.txt"))
        return (VisibleReply.text(body), expected)
    }

    @Test func corpusIsPresent() {
        #expect(Self.names.count == 22, "corpus not found at \(FixturePaths.replyParserEmails.path)")
    }

    @Test(arguments: names) func visibleTextMatches(name: String) throws {
        let (actual, expected) = try Self.visibleText(name)
        #expect(actual == expected, "\(name)")
    }

    /// The agreement figure: how many of the bodies give exactly the expected text.
    @Test func agreement() throws {
        var agreeing: [String] = [], differing: [String] = []
        for name in Self.names {
            let (actual, expected) = try Self.visibleText(name)
            if actual == expected { agreeing.append(name) } else { differing.append(name) }
        }
        print("email_reply_parser corpus: \(agreeing.count) of \(Self.names.count) agree; differing: \(differing)")
        #expect(differing.isEmpty)
    }
}
