import Foundation
import Testing
import TestSupport

@testable import Classification

/// The signals and rules search a lowercased copy of the customer's text, made without `String.lowercased()`:
/// the same bytes, whatever the script.
struct SearchTextTests {
    @Test func theLoweredBytesAreLowercasedsBytes() throws {
        let examples = try TrainingExample.load(from: Repository.url("config/training").path)
        let samples =
            TokenizerTests.samples + [
                "İSTANBUL ΣΊΣΥΦΟΣ ǅ Kelvin K Ångström Å ＡＢＣ", "URGENT 紧急 ＵＲＧＥＮＴ", "\u{1E9E}TRASSE ﬀ"
            ]
        for text in samples + examples.flatMap({ [$0.subject, $0.body] }) {
            #expect(SearchText.lowercasedBytes(text) == Array(text.lowercased().utf8), "\(text.prefix(60))")
        }
    }

    /// The scripts copied as they are have no lowercase forms.
    @Test func theCopiedRangesHaveNoCase() {
        for value in Array(0x3000...0x9FFF) + Array(0xAC00...0xD7AF) {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(scalar.properties.lowercaseMapping == String(scalar), "U+\(String(value, radix: 16))")
        }
    }
}
