import Foundation
import SMTP
import Testing

@testable import Pipeline

/// The recipients' results stored with each sent message: written by hand, in the form JSONEncoder gave before.
@Suite("recipient results JSON")
struct RecipientResultsJSONTests {
    @Test func theHandWrittenFormIsJSONEncodersForm() throws {
        let cases: [[RecipientResult]] = [
            [],
            [RecipientResult(address: "a@example.com", accepted: true, code: 250, text: "2.0.0 Ok: queued as 1A/2B")],
            [
                RecipientResult(
                    address: "b@example.com", accepted: false, code: 550, text: "5.1.1 \"b\" unknown\\ here"),
                RecipientResult(address: "王@例子.中国", accepted: false, code: nil, text: "not attempted\ttab"),
                RecipientResult(address: "c@example.com", accepted: true, code: nil, text: "written to var/outbox")
            ]
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for results in cases {
            let expected = String(decoding: try encoder.encode(results), as: UTF8.self)
            #expect(Pipeline.json(results) == expected)
        }
    }
}
