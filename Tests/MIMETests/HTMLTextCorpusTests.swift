import Foundation
import Testing
import TestSupport
@testable import MIME

/// HTML → plain text (CHTMLText through `HTMLText.render`): the inscriptis reference renderings, then the rules a
/// helpdesk agent relies on, one small snippet each.
@Suite("HTMLText")
struct HTMLTextCorpusTests {
    /// `../shared/corpus/inscriptis-html2text` beside the repository (CI checks it out there too).
    static let corpus = Repository.url("../shared/corpus/inscriptis-html2text/tests/html")
        .standardizedFileURL

    /// Snippets whose text equals inscriptis' after whitespace normalisation: 27 of the 39 with a reference.
    static let minimumMatches = 27

    /// Known, intended differences (layout choices, not lost text):
    /// - list bullets: inscriptis marks nested levels "+" and "o", we use "* " at every level (the indentation shows
    ///   the level): advanced-prefix-test, direct-enumeration, enumerations, nested-list, wikipedia-enumeration,
    ///   wikipedia-enumeration-annotation.
    /// - table layout: inscriptis draws cells side by side as aligned columns, so a multi-line cell (a <br>, a <pre>,
    ///   a list or a nested table) interleaves with its neighbours line by line; we write a row's cells one after
    ///   the other, tab-separated, and a cell's own lines in order: br-in-table, nested-table-alignment,
    ///   nested-table-alignment-css, table-in-table, table-itemize, table-pre.
    static let knownDifferences: Set<String> = [
        "advanced-prefix-test", "direct-enumeration", "enumerations", "nested-list", "wikipedia-enumeration",
        "wikipedia-enumeration-annotation",
        "br-in-table", "nested-table-alignment", "nested-table-alignment-css", "table-in-table", "table-itemize",
        "table-pre"
    ]

    /// Collapses every run of whitespace to one space and trims, as the corpus README prescribes.
    static func normalised(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test func inscriptisCorpusMatchesAfterWhitespaceNormalisation() throws {
        let files = try FileManager.default.contentsOfDirectory(at: Self.corpus, includingPropertiesForKeys: nil)
        let snippets = files.filter { $0.pathExtension == "html" }
            .map { $0.deletingPathExtension().lastPathComponent }
            .filter { FileManager.default.fileExists(atPath: Self.corpus.appendingPathComponent("\($0).txt").path) }
            .sorted()
        try #require(snippets.count == 39, "expected 39 snippets with a reference .txt in \(Self.corpus.path)")

        var differing: [String] = []
        for name in snippets {
            let html = try String(contentsOf: Self.corpus.appendingPathComponent("\(name).html"), encoding: .utf8)
            let reference = try String(contentsOf: Self.corpus.appendingPathComponent("\(name).txt"), encoding: .utf8)
            if Self.normalised(HTMLText.render(html)) != Self.normalised(reference) { differing.append(name) }
        }
        #expect(snippets.count - differing.count >= Self.minimumMatches, "differing: \(differing)")
        let unexpected = Set(differing).subtracting(Self.knownDifferences)
        #expect(unexpected.isEmpty, "new differences from inscriptis: \(unexpected.sorted())")
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let html: String
        let text: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "script, style and head are dropped",
            html: "<html><head><title>Subject</title><style>p{color:red}</style></head><body>"
                + "<p>Hello<script>alert('x')</script> world</p><noscript>Enable JS</noscript></body></html>",
            text: "Hello world"),
        Case(
            name: "link text and a different URL",
            html: "<p><a href=\"https://shop.example.com/track?id=42&amp;s=1\">Track your order</a></p>",
            text: "Track your order <https://shop.example.com/track?id=42&s=1>"),
        Case(
            name: "link whose text is its URL",
            html:
                "<a href=\"https://example.com/\">https://example.com/</a> <a href=\"https://example.com/\">example.com</a>",
            text: "https://example.com/ example.com"),
        Case(
            name: "mailto link whose text is the address",
            html:
                "Write to <a href=\"mailto:help@example.com\">help@example.com</a> or <a href=\"mailto:ann@example.com\">Ann</a>",
            text: "Write to help@example.com or Ann <mailto:ann@example.com>"),
        Case(
            name: "javascript, anchor and relative links show only their text",
            html: "<a href=\"javascript:void(0)\">Open</a> <a href=\"#top\">Top</a> <a href=\"/faq\">FAQ</a>",
            text: "Open Top FAQ"),
        Case(
            name: "image alt text",
            html:
                "<img src=\"logo.png\" alt=\" ACME \"> <img src=\"pixel.gif\"> <a href=\"https://acme.example\"><img src=\"b.png\"></a>",
            text: "[ACME]"),
        Case(
            name: "ordered list honours start",
            html: "<ol start=\"3\"><li>three</li><li>four</li></ol>",
            text: "3. three\n4. four"),
        Case(
            name: "nested lists indent two spaces per level",
            html: "<p>Steps:</p><ul><li>one<ul><li>one a</li><li>one b</li></ul></li><li>two</li></ul><p>Done</p>",
            text: "Steps:\n\n* one\n  * one a\n  * one b\n* two\n\nDone"),
        Case(
            name: "blockquote lines are quoted, nested ones twice",
            html:
                "<p>On Monday Ann wrote:</p><blockquote><p>First</p><p>Second</p><blockquote>Inner<br>line</blockquote></blockquote><p>Reply</p>",
            text: "On Monday Ann wrote:\n\n> First\n>\n> Second\n>\n> > Inner\n> > line\n\nReply"),
        Case(
            name: "nbsp is an ordinary space",
            html: "<p>a&nbsp;b&nbsp;&nbsp;c&#160;</p>",
            text: "a b c"),
        Case(
            name: "entities and character references",
            html: "<p>&#20013;&#x6587; &lt;tag&gt; &amp; caf&eacute;</p>",
            text: "中文 <tag> & café"),
        Case(
            name: "soft hyphen and zero-width characters are removed",
            html: "<p>x&shy;y&#8203;z&#xFEFF;</p>",
            text: "xyz"),
        Case(
            name: "display:none preheader is dropped",
            html: "<div style=\"display:none;max-height:0;overflow:hidden\">Preview text</div>"
                + "<span style=\"DISPLAY: none !important\">also hidden</span><p>Hello</p>",
            text: "Hello"),
        Case(
            name: "meta charset does not re-decode UTF-8",
            html:
                "<html><head><meta charset=\"gbk\"><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">"
                + "</head><body><p>您好 café</p></body></html>",
            text: "您好 café"),
        Case(
            name: "Outlook Word paragraphs",
            html:
                "<div class=WordSection1><p class=MsoNormal>Hi,<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>"
                + "<p class=MsoNormal><span style='font-size:11.0pt'>Thanks</span><o:p></o:p></p>"
                + "<p class=MsoNormal>Ann<o:p></o:p></p></div>",
            text: "Hi,\n\nThanks\nAnn"),
        Case(
            name: "Outlook list bullets without conditional markers",
            html:
                "<p class=MsoListParagraph><![if !supportLists]><span>1.<span>&nbsp;&nbsp; </span></span><![endif]>First<o:p></o:p></p>",
            text: "1. First"),
        Case(
            name: "table rows on lines, cells tab-separated, empty rows dropped",
            html:
                "<table><tr><th>Item</th><th>Qty</th></tr><tr><td>Widget</td><td>2</td></tr><tr><td></td><td> </td></tr></table>",
            text: "Item\tQty\nWidget\t2"),
        Case(
            name: "pre keeps its whitespace",
            html: "<p>Log:</p><pre>\n  a  b\n    c\n</pre>",
            text: "Log:\n\n  a  b\n    c"),
        Case(
            name: "br, hr and blank line collapsing",
            html: "line 1<br>line 2<br><br><br><br>line 3<hr>after",
            text: "line 1\nline 2\n\nline 3\n---\nafter"),
        Case(name: "empty input", html: "", text: ""),
        Case(
            name: "NUL bytes inside the input are dropped",
            html: "<p>a\u{0}b</p>",
            text: "ab")
    ]

    @Test(arguments: Self.cases) func rule(_ c: Case) {
        #expect(HTMLText.render(c.html) == c.text)
    }

    @Test func deepNestingDoesNotOverflowTheStack() {
        let html =
            String(repeating: "<div>", count: 100_000) + "deep" + String(repeating: "</div>", count: 100_000)
            + "<p>after</p>"
        #expect(HTMLText.render(html) == "deep\n\nafter")
    }

    @Test func outputHasNoTrailingSpacesOrCarriageReturns() throws {
        let html = try String(contentsOf: Self.corpus.appendingPathComponent("test.html"), encoding: .utf8)
        let text = HTMLText.render(html)
        #expect(!text.contains("\r"))
        #expect(!text.contains("\u{A0}"))
        #expect(text.split(separator: "\n", omittingEmptySubsequences: false).allSatisfy { !$0.hasSuffix(" ") })
        #expect(!text.hasPrefix("\n") && !text.hasSuffix("\n"))
    }
}
