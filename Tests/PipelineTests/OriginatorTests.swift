import Config
import Foundation
import Pipeline
import Store
import Testing

/// Mail without a usable From still has a customer: Reply-To, then Sender, then Return-Path, and the event log
/// says which field was used.
@Suite("customer of mail without From")
struct OriginatorTests {
    func gateway() throws -> TestGateway { try TestGateway.acknowledging() }

    /// A web form's mail: no From line, the customer in one of the other originator fields.
    func formMail(_ headers: [String]) -> String {
        (headers + [
            "To: support@desk.example", "Subject: Refund for order 9001", "Date: Mon, 16 Nov 2026 10:00:00 +0000",
            "Message-ID: <form-\(headers.count)@forms.example.com>", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8", "", "I would like a refund for order 9001.", ""
        ])
        .joined(separator: "\n")
    }

    struct Fallback: Sendable, CustomTestStringConvertible {
        let headers: [String]
        let field: String
        var testDescription: String { field }
    }

    @Test(arguments: [
        Fallback(
            headers: [
                "Reply-To: Olivia Chen <olivia.chen@example.com>", "Sender: Form <www@forms.example.com>",
                "Return-Path: <www@forms.example.com>"
            ], field: "Reply-To"),
        Fallback(
            headers: ["Sender: Olivia Chen <olivia.chen@example.com>", "Return-Path: <bounces@forms.example.com>"],
            field: "Sender"),
        Fallback(headers: ["Return-Path: <olivia.chen@example.com>"], field: "Return-Path")
    ])
    func theCustomerComesFromTheNextOriginatorField(_ fallback: Fallback) throws {
        let g = try gateway()
        try g.deliver(formMail(fallback.headers))
        let store = try g.store()
        try g.pipeline(store).runOnce()
        let thread = try #require(try store.threads(ThreadFilter(), limit: 0).first)
        #expect(thread.customer == "olivia.chen@example.com")
        let message = try #require(try store.messages(inThread: thread.id).first)
        let messageID = try #require(message.id)
        let parsed = try store.events(entity: "message", id: messageID).first { $0.action == "parsed" }
        #expect(parsed?.detail == "sender from \(fallback.field): no usable From")
        #expect(message.problemsJson.contains("taken from \(fallback.field)"))
        let ack = try #require(try store.outbox(state: nil, limit: 0).first { $0.kind == "acknowledgement" })
        #expect(ack.to == ["olivia.chen@example.com"])
    }

    @Test func mailWithNoOriginatorAtAllIsThreadedWithoutACustomer() throws {
        let g = try gateway()
        try g.deliver(formMail(["X-Form: contact"]))
        let store = try g.store()
        try g.pipeline(store).runOnce()
        let thread = try #require(try store.threads(ThreadFilter(), limit: 0).first)
        #expect(thread.customer == nil)
        #expect(try store.outbox(state: nil, limit: 0).isEmpty)
        let notes = try store.events(entity: "thread", id: thread.id).compactMap(\.detail)
        #expect(notes.contains { $0.contains("no sender address") })
    }
}
