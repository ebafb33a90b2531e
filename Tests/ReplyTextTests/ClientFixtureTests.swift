import Foundation
import Testing
@testable import ReplyText

/// Replies as Outlook, Gmail, Apple Mail, Thunderbird, QQ Mail, Foxmail, NetEase and the iPhone write them, in
/// English and Chinese (Fixtures/clients/<client>-<n>.txt|.html beside <client>-<n>.expected.txt). Each quotes a
/// maildesk notification whose marker line the caller passes.
@Suite struct ClientFixtureTests {
    static let marker = "## Reply above this line ##"

    static func fixtures(_ ext: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: FixturePaths.clients.path)) ?? []
        return files.filter { $0.hasSuffix("." + ext) }.map { String($0.dropLast(ext.count + 1)) }.sorted()
    }

    static let textFixtures = fixtures("txt").filter { !$0.hasSuffix(".expected") }
    static let htmlFixtures = fixtures("html")

    static func load(_ name: String, _ ext: String) throws -> (input: String, expected: String) {
        let input = try FixturePaths.read(FixturePaths.clients.appendingPathComponent("\(name).\(ext)"))
        let expected = try FixturePaths.expected(FixturePaths.clients.appendingPathComponent("\(name).expected.txt"))
        return (input, expected)
    }

    @Test func everyClientHasTextAndHTML() {
        #expect(Self.textFixtures.count >= 12)
        #expect(Self.htmlFixtures.count >= 12)
    }

    @Test(arguments: textFixtures) func plainText(name: String) throws {
        let (input, expected) = try Self.load(name, "txt")
        #expect(VisibleReply.text(input, markers: [Self.marker]) == expected)
    }

    /// The same replies with CRLF line ends, as they arrive from a MIME body.
    @Test(arguments: textFixtures) func plainTextCRLF(name: String) throws {
        let (input, expected) = try Self.load(name, "txt")
        let crlf = input.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\r\n")
        #expect(VisibleReply.text(crlf, markers: [Self.marker]) == expected)
    }

    /// The marker is only a safety net: every client's own quote separator must be found without it.
    @Test(arguments: textFixtures) func plainTextWithoutMarker(name: String) throws {
        let (input, expected) = try Self.load(name, "txt")
        #expect(VisibleReply.text(input) == expected)
    }

    @Test(arguments: htmlFixtures) func htmlVisibleText(name: String) throws {
        let (input, expected) = try Self.load(name, "html")
        #expect(VisibleReply.htmlText(input, markers: [Self.marker]) == expected)
        #expect(VisibleReply.htmlText(input) == expected, "without the marker")
    }

    /// What clients put around quoted mail that must not be left in the relayed HTML.
    static let quoteContainers = [
        "gmail_quote", "gmail_attr", "gmail_signature", "divRplyFwdMsg", "appendonsend", "type=\"cite\"",
        "moz-cite-prefix", "moz-signature", "includetail", "isReplyContent", "原始邮件", "border-top", marker,
        "wrote:", "写道", "寫道", "From:", "发件人", "寄件者", "Sent from my iPhone"
    ]

    @Test(arguments: htmlFixtures) func htmlKeepsFormattingAndDropsQuotes(name: String) throws {
        let (input, _) = try Self.load(name, "html")
        let cleaned = VisibleReply.html(input, markers: [Self.marker])
        for container in Self.quoteContainers {
            #expect(!cleaned.contains(container), "\(name) still has \(container)")
        }
        #expect(cleaned.contains("<b>"), "\(name) lost the writer's bold text")
        #expect(cleaned.contains("<a ") && cleaned.contains("href=\"https://example.com/"), "\(name) lost the link")
    }
}
