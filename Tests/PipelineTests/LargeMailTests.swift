import Config
import Foundation
import GRDB
import MIME
import Pipeline
import Store
import Testing

/// A huge message costs its parse, not a thousand times a normal one in every later stage: the classifier reads
/// the start of its text and a notification carries the start and the size.
@Suite("large mail")
struct LargeMailTests {
    /// A windows-1252 message of about `bytes` bytes of text, as in the review (24 such mails took 826 MB).
    func hugeMail(bytes: Int) -> [UInt8] {
        let line = Array(
            "Grüße, the order arrived broken and the invoice is wrong. Straße, café, problème.\r\n"
                .data(using: .windowsCP1252)!)
        var body: [UInt8] = []
        body.reserveCapacity(bytes + line.count)
        while body.count < bytes { body += line }
        let head =
            "From: Kunde <kunde@example.org>\r\nTo: support@desk.example\r\nSubject: Rechnung falsch\r\n"
            + "Date: Mon, 16 Nov 2026 10:00:00 +0000\r\nMessage-ID: <huge@example.org>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=windows-1252\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
        return Array(head.utf8) + body
    }

    func gateway() throws -> TestGateway {
        var g = try TestGateway()
        g.routing = Configuration.Routing(
            agents: [AgentDefinition(name: "Tom", address: "tom@desk.example")], teams: [], rules: [])
        g.templates = repositoryRoot + "/templates"
        g.configure = {
            $0.outbound.acknowledge = true; $0.outbound.notifyAgents = true
        }
        return g
    }

    @Test func aNotificationCarriesTheStartOfAHugeTextAndItsSize() throws {
        let g = try gateway()
        try g.deliver(bytes: hugeMail(bytes: 3_000_000))
        let store = try g.store()
        try g.pipeline(store).runOnce()
        let thread = try #require(try store.threads(ThreadFilter(), limit: 0).first)
        #expect((try store.message(try #require(try store.messageIDs(in: .done).first))?.text?.count ?? 0) > 2_900_000)
        let notification = try #require(try store.outbox(state: nil, limit: 0).first { $0.kind == "notification" })
        let bytes = try #require(try store.outboxMessage(notification.id)).bytes
        #expect(bytes.count < 60_000)
        let text = try MessageParser.parse(bytes).text
        #expect(text.contains("Grüße, the order arrived broken"))
        #expect(text.contains("[cut: the message has 2"))
        #expect(text.contains("`maildesk threads show \(thread.id)` prints all of it"))
    }

    @Test func aShortTextIsEmbeddedWhole() {
        let text = "Hello,\nmy order 12 is late.\n"
        #expect(Pipeline.embeddable(text, length: text.unicodeScalars.count, threadID: 3) == text)
        // Combining marks: SQLite counts code points, so a text of 5 graphemes and 10 scalars is not "cut".
        let combining = String(repeating: "e\u{301}", count: 5)
        #expect(Pipeline.embeddable(combining, length: 10, threadID: 3) == combining)
    }

    @Test func theClassifierReadsTheStartOfAHugeText() throws {
        let g = try gateway()
        try g.deliver(bytes: hugeMail(bytes: 2_000_000))
        let store = try g.store()
        try g.pipeline(store).runOnce()
        // Ask again, as the classify stage does, for the thread as it was before it was decided.
        let database = try DatabaseQueue(path: g.configuration.gateway.store.path)
        try database.write { try $0.execute(sql: "UPDATE thread SET classified_at = NULL") }
        let waiting = try #require(
            try store.threadsToClassify(limit: 10, textLimit: Pipeline.classifierTextLimit).first)
        #expect(waiting.text.unicodeScalars.count == Pipeline.classifierTextLimit)
        #expect(waiting.text.hasPrefix("Grüße, the order"))
    }
}
