import Foundation
import Testing
@testable import MIME

/// Header sections real mail breaks, read as helpdesks read them — and the inputs that must not be misread.
struct HeaderCase: CustomTestStringConvertible, Sendable {
    let name: String
    let mail: String
    /// nil: the input is not mail (`NotAMessage`).
    let subject: String??
    let from: String?
    let text: String?
    var crlf = false
    var testDescription: String { "\(name) \(crlf ? "CRLF" : "LF")" }

    static let notMail: String?? = nil

    var bytes: [UInt8] {
        let raw = Array(mail.utf8)
        return crlf ? TestPaths.crlf(raw) : raw
    }
}

private let cases: [HeaderCase] = [
    HeaderCase(
        name: "unindented continuation, then From",
        mail: """
            Subject: Refund for order
            4471 please
            From: Ana <ana@example.com>
            Message-ID: <a@example.com>

            Thanks.
            """, subject: "Refund for order 4471 please", from: "ana@example.com", text: "Thanks."),
    HeaderCase(
        name: "split encoded word as the last header line",
        mail: """
            From: Ana <ana@example.com>
            Subject: =?UTF-8?B?6YCA5qy+
            55Sz6K+3?=

            body
            """, subject: "退款申请", from: "ana@example.com", text: "body"),
    HeaderCase(
        name: "missing blank line: the text is body",
        mail: """
            From: Ana <ana@example.com>
            Subject: Question
            Hello, where is my order?
            Order: 4471
            """, subject: "Question", from: "ana@example.com", text: "Hello, where is my order?\nOrder: 4471"),
    HeaderCase(
        name: "multipart preamble without blank line: the boundary is never header",
        mail: """
            From: Ana <ana@example.com>
            Subject: Parts
            Content-Type: multipart/mixed; boundary="b"
            This is a multi-part message in MIME format.
            --b
            Content-Type: text/plain

            part text
            --b--
            """, subject: "Parts", from: "ana@example.com", text: "part text"),
    HeaderCase(
        name: "banner before the header",
        mail: """
            ---- Original email message ----
            From: Ana <ana@example.com>
            Subject: Lost parcel
            Message-ID: <b@example.com>

            It never came.
            """, subject: "Lost parcel", from: "ana@example.com", text: "It never came."),
    HeaderCase(
        name: "blank lines before the header",
        mail: "\n\nReceived: by mx.example.com\nFrom: ana@example.com\nSubject: Hi\n\nbody\n",
        subject: "Hi", from: "ana@example.com", text: "body"),
    // A reply's text quoting an Outlook header (github/email_reply_parser's email_2_2): no field a mail system
    // writes follows the junk, so it stays what it is.
    HeaderCase(
        name: "reply text quoting an Outlook header is not mail",
        mail: """
            Outlook with a reply directly above line
            ________________________________________
            From: CRM Comments [crm-comment@example.com]
            Sent: Friday, 23 March 2012 5:08 p.m.
            To: John S. Greene
            Subject: [contact:106] John Greene

            A new comment has been added.
            """, subject: HeaderCase.notMail, from: nil, text: nil),
    HeaderCase(
        name: "six junk lines are a text file",
        mail: "a\nb\nc\nd\ne\nf\nFrom: ana@example.com\nMessage-ID: <c@example.com>\n\nbody\n",
        subject: HeaderCase.notMail, from: nil, text: nil),
    HeaderCase(
        name: "junk before a header without a sender", mail: "junk\nMessage-ID: <d@example.com>\nSubject: x\n\nbody\n",
        subject: HeaderCase.notMail, from: nil, text: nil)
]

@Test(
    arguments: cases
        + cases.map {
            var c = $0; c.crlf = true; return c
        })
func lenientHeaderReading(_ c: HeaderCase) throws {
    guard let subject = c.subject else {
        #expect(throws: NotAMessage.self) { try MessageParser.parse(c.bytes) }
        return
    }
    let message = try MessageParser.parse(c.bytes)
    #expect(message.subject == subject)
    #expect(message.from.first?.address == c.from)
    #expect(message.text.trimmingCharacters(in: .whitespacesAndNewlines) == c.text)
}
