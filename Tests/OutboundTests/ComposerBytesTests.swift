import Foundation
import Testing

@testable import Compose

/// Composing writes its Date field and its line ends by hand: the same text as the Foundation calls it replaced.
struct ComposerBytesTests {
    @Test func theDateFieldIsDateFormattersText() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        var generator = SystemRandomNumberGenerator()
        let fixed: [TimeInterval] = [0, 59.999, 951_782_400, 1_795_290_792.75, 4_102_444_799, 253_402_300_799]
        let random = (0..<2_000).map { _ in TimeInterval(Int.random(in: 0..<4_102_444_800, using: &generator)) }
        for seconds in fixed + random {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(RFC5322Date.format(date) == formatter.string(from: date), "\(seconds)")
        }
    }

    @Test func lineEndsBecomeCRLFAsFoundationsReplacingMadeThem() {
        func reference(_ text: String) -> [UInt8] {
            var out = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            if !out.hasSuffix("\n") { out += "\n" }
            return Array(out.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        }
        let samples = [
            "", "a", "\n", "\r", "\r\n", "\n\r", "a\r\r\nb", "您好！\n我们已收到您的来信。", "line\r\nline\rline\nend\r\n",
            "\r\n\r\n", "tail\n\n"
        ]
        for text in samples {
            #expect(BodyEncoder.crlfBytes(text) == reference(text), "\(text.debugDescription)")
        }
        // A combining mark after CRLF: Foundation's canonical matching missed that CRLF and made it two line
        // ends; the bytes hold one.
        #expect(BodyEncoder.crlfBytes("e\u{301}\r\n\u{301}x") == Array("e\u{301}\r\n\u{301}x\r\n".utf8))
    }
}
