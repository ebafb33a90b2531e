import Foundation
import Testing
import TestSupport
@testable import ReplyText

/// Hostile replies must cost time linear in their size. Checked as a ratio: the thread CPU time for 8n against
/// the time for n (best of five each, `GrowthRatio`) stays well below the 64 a quadratic cost would give. No
/// wall-clock limit.
@Suite(.serialized) struct HostileInputTests {
    static func ratio(_ make: (Int) -> String, base: Int, _ run: (String) -> Void) -> Double {
        GrowthRatio.of(small: make(base), large: make(base * 8), run)
    }

    static let maxRatio = 24.0

    @Test func quotedLines() {
        // 8 × 128 KB up to 1 MB of "> " lines.
        let make = { (size: Int) in "Reply\n\n" + String(repeating: "> quoted text line\n", count: size / 19) }
        #expect(VisibleReply.text(make(1 << 20)) == "Reply")
        let ratio = Self.ratio(make, base: 1 << 17) { _ = VisibleReply.text($0) }
        #expect(ratio < Self.maxRatio, "ratio \(ratio)")
    }

    @Test func hugeSingleLines() {
        let make = { (size: Int) in String(repeating: ">", count: size) + "\n" + String(repeating: "a", count: size) }
        let ratio = Self.ratio(make, base: 1 << 16) { _ = VisibleReply.text($0) }
        #expect(ratio < Self.maxRatio, "ratio \(ratio)")
    }

    @Test func manyAttributionsAndSignatureOpenings() {
        let make = { (size: Int) in
            String(repeating: "On Mon, Ann wrote:\n\n-Ann Lee\n\nSent from my phone\n\n--x\n", count: size / 64)
        }
        let ratio = Self.ratio(make, base: 1 << 16) { _ = VisibleReply.text($0) }
        #expect(ratio < Self.maxRatio, "ratio \(ratio)")
    }

    @Test func deeplyNestedBlockquotes() {
        let make = { (depth: Int) in
            "<p><b>Reply</b></p>" + String(repeating: "<blockquote>On Mon, Ann wrote:", count: depth) + "x"
                + String(repeating: "</blockquote>", count: depth)
        }
        let cleaned = VisibleReply.html(make(20000))
        #expect(cleaned.contains("<b>Reply</b>") && !cleaned.contains("blockquote"))
        let ratio = Self.ratio(make, base: 2000) { _ = VisibleReply.html($0) }
        #expect(ratio < Self.maxRatio, "ratio \(ratio)")
    }

    @Test func deeplyNestedOutlookSeparators() {
        let make = { (depth: Int) in
            "<p>Reply</p>" + String(repeating: "<div style=\"border:none;border-top:solid\">", count: depth)
                + String(repeating: "</div>", count: depth)
        }
        let ratio = Self.ratio(make, base: 2000) { _ = VisibleReply.htmlText($0) }
        #expect(ratio < Self.maxRatio, "ratio \(ratio)")
    }

    @Test func manyQuotesAfterAttributions() {
        let make = { (count: Int) in
            "<p>Reply</p>" + String(repeating: "<div>Ann wrote:</div><blockquote>q</blockquote>", count: count)
        }
        #expect(VisibleReply.htmlText(make(100)) == "Reply")
        let ratio = Self.ratio(make, base: 4000) { _ = VisibleReply.html($0) }
        #expect(ratio < Self.maxRatio, "ratio \(ratio)")
    }

    @Test func hugeHTMLText() {
        let make = { (size: Int) in "<div>" + String(repeating: "word ", count: size / 5) + "</div>" }
        let ratio = Self.ratio(make, base: 1 << 17) { _ = VisibleReply.htmlText($0) }
        #expect(ratio < Self.maxRatio, "ratio \(ratio)")
    }
}
