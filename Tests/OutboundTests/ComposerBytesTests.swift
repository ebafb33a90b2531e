import Foundation
import Testing

@testable import Compose

/// Composing writes its Date field and its line ends by hand, and checks addresses, ids and header values on their
/// bytes: the same results as the Foundation and Character code it replaced (kept here as the reference).
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

    /// Addresses, ids, header values and lines to fold: hand-picked edge cases, then random strings over an
    /// alphabet of the characters that matter (separators, blanks, controls, non-ASCII, C1 and line separators).
    static let samples: [String] = {
        let picked = [
            "", "@", "a@b", "a@b.", "a@.b", ".a@b", "a.@b", "a..b@c", "a.b@c-d.e", "a@-b.c", "a@b-.c", "a@b..c",
            "<a@b>", " <a@b> ", "<>", "<", ">", "\t<x.y@z>\t", "\u{3000}<a@b>\u{3000}", "a b@c", "a@b@c", "\"q\"@x",
            "王@例子.中国", "ann@example.com", "e\u{301}@x.y", "@\u{301}x@y.z", "a@" + String(repeating: "b", count: 63),
            "a@" + String(repeating: "b", count: 64), String(repeating: "x", count: 250) + "@y",
            "Subject: line\u{2028}two", "ctl\u{1}\u{7F}\u{85}end", "¢©®", "“quoted” — €",
            "To: " + (1...12).map { "person\($0)@example.com" }.joined(separator: ", "),
            "X: " + String(repeating: " ", count: 90) + "word", "X: " + String(repeating: "a", count: 100) + " b",
            "X: \t\t " + String(repeating: "word ", count: 30)
        ]
        let alphabet = Array("ab.Z9-_@<> \t\"\\()[],;:!#~\u{0}\u{1F}\u{7F}\u{85}\u{A0}\u{2028}\u{3000}王é")
        var generator = SystemRandomNumberGenerator()
        let random = (0..<3_000).map { _ in
            String(
                (0..<Int.random(in: 0..<24, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
        }
        let long = (0..<300).map { _ in
            "X-Field: "
                + (0..<Int.random(in: 5..<40, using: &generator)).map { _ in
                    String(repeating: "w", count: Int.random(in: 0..<30, using: &generator))
                }.joined(separator: " ")
        }
        return picked + random + long
    }()

    @Test func addressesIdsAndHeaderValuesAreCheckedAsBefore() {
        for text in Self.samples {
            #expect(AddressText.isValid(text) == Reference.isValidAddress(text), "\(text.debugDescription)")
            #expect(MessageIDText.clean(text) == Reference.cleanID(text), "\(text.debugDescription)")
            // The byte check's shortcut changes nothing: the same value as cleaning every scalar.
            #expect(HeaderWriter.clean(text) == HeaderWriter.cleanScalars(text), "\(text.debugDescription)")
            let ascii = String(
                String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value < 0x7F }))
            #expect(HeaderWriter.fold(ascii) == Reference.fold(ascii), "\(ascii.debugDescription)")
        }
    }

    /// The implementations before the byte checks.
    enum Reference {
        static func isValidAddress(_ address: String) -> Bool {
            guard address.utf8.count <= 254, let at = address.lastIndex(of: "@") else { return false }
            let local = address[..<at], domain = address[address.index(after: at)...]
            let atext = Set(
                "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~".unicodeScalars)
            let localOK =
                !local.isEmpty && !local.hasPrefix(".") && !local.hasSuffix(".") && !local.contains("..")
                && local.unicodeScalars.allSatisfy { atext.contains($0) || $0 == "." }
            let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
            let domainOK =
                labels.count >= 1
                && labels.allSatisfy { label in
                    !label.isEmpty && label.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                        && label.unicodeScalars.allSatisfy {
                            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-")
                        }
                }
            return localOK && domainOK
        }

        static func cleanID(_ id: String) -> String? {
            var text = id.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("<") && text.hasSuffix(">") { text = String(text.dropFirst().dropLast()) }
            guard !text.isEmpty, text.utf8.count <= 250, text.contains("@"),
                text.unicodeScalars.allSatisfy({
                    $0.value > 32 && $0.value < 127 && !"<>\"\\()[],;:".unicodeScalars.contains($0)
                })
            else { return nil }
            return text
        }

        static func fold(_ line: String) -> String {
            guard line.utf8.count > 78 else { return line }
            var out = "", current = ""
            for (i, word) in line.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
                if i == 0 {
                    current = String(word)
                    continue
                }
                if current.utf8.count + 1 + word.utf8.count > 78
                    && current.trimmingCharacters(in: .whitespaces).count > 0
                {
                    out += current + "\r\n"
                    current = " " + word
                } else {
                    current += " " + word
                }
            }
            return out + current
        }
    }
}
