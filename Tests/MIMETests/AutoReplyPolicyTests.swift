import MIME
import Testing

/// The one table of "may maildesk answer this automatically?": each row is a real-world header set, parsed as the
/// parse stage does, then judged as every automatic answer (acknowledgement, reminder, survey) judges it.
@Suite("automatic answers")
struct AutoReplyPolicyTests {
    struct Row: CustomTestStringConvertible, Sendable {
        let headers: String
        /// A part of the refusal, or nil: may be answered.
        let refusal: String?
        let why: String
        var testDescription: String { why }
    }

    static let own: Set<String> = ["support@desk.example", "care@desk.example"]

    static let rows: [Row] = [
        .init(headers: "From: Ann <ann@example.com>", refusal: nil, why: "a person"),
        .init(headers: "From: ann+orders@example.com", refusal: nil, why: "a person's +tag"),
        .init(
            headers: "From: ann@example.com\nAuto-Submitted: no", refusal: nil, why: "Auto-Submitted: no is a person"),
        .init(
            headers: "From: ann@example.com\nAuto-Submitted: auto-replied", refusal: "auto-submitted",
            why: "RFC 3834 auto-reply"),
        .init(headers: "From: ann@example.com\nPrecedence: bulk", refusal: "precedence", why: "Precedence: bulk"),
        .init(headers: "From: ann@example.com\nX-Autoreply: yes", refusal: "x-autoreply", why: "X-Autoreply"),
        .init(
            headers: "From: ann@example.com\nX-Auto-Response-Suppress: All", refusal: "x-auto-response-suppress",
            why: "Exchange's suppress header"),
        .init(headers: "From: news@shop.example\nList-Id: <news.shop.example>", refusal: "list-id", why: "a list"),
        .init(
            headers: "From: news@shop.example\nList-Unsubscribe: <mailto:u@shop.example>", refusal: "list-unsubscribe",
            why: "a newsletter"),
        .init(headers: "From: ann@example.com\nReturn-Path: <>", refusal: "empty-return-path", why: "null sender"),
        .init(headers: "From: MAILER-DAEMON@mx.example", refusal: "mailer-daemon", why: "a bounce's sender"),
        .init(
            headers: "From: ann@example.com\nSubject: 自动回复: 您的来信", refusal: "out-of-office-subject",
            why: "a Chinese auto-reply subject"),
        .init(headers: "From: no-reply@shop.example", refusal: "robot address", why: "no-reply"),
        .init(
            headers: "From: Notifications <notifications+abc@github.example>", refusal: "robot address",
            why: "notifications with a tag"),
        .init(
            headers: "From: Support <SUPPORT@desk.example>", refusal: "maildesk's own address", why: "our own address"),
        .init(
            headers: "From: ann@example.com\nX-Maildesk: acknowledgement", refusal: "marker header", why: "our marker"),
        .init(headers: "Subject: who?", refusal: "no sender address", why: "no From")
    ]

    @Test(arguments: rows)
    func decides(_ row: Row) throws {
        let text = row.headers.replacingOccurrences(of: "\n", with: "\r\n") + "\r\n\r\nHello\r\n"
        let message = try MessageParser.parse(Array(text.utf8))
        var headers: [String: [String]] = [:]
        for field in message.header.fields { headers[field.key, default: []].append(field.value) }
        let refusal = AutoReplyPolicy.refusal(
            from: message.from.first?.address, automated: message.autoSubmitted?.rawValue,
            headers: headers, ownAddresses: Self.own)
        if let expected = row.refusal {
            #expect(refusal?.contains(expected) == true, "\(refusal ?? "answered")")
        } else {
            #expect(refusal == nil, "\(refusal ?? "")")
        }
    }
}
