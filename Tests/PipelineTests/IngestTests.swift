import Config
import GRDB
import Foundation
import Pipeline
import Store
import Testing

@Suite("ingest pipeline")
struct IngestTests {
    @Test func storesParsesAndThreadsThenMarksSeen() throws {
        let gateway = try TestGateway()
        let file = try gateway.deliver(mail(subject: "Where is my order?", id: "a1@example.com"))
        let store = try gateway.store()
        let summary = try gateway.pipeline(store).runOnce()
        #expect(summary.stored == 1)
        #expect(summary.threadsCreated == 1)
        #expect(gateway.files(in: "new").isEmpty)
        #expect(gateway.files(in: "cur") == ["\(file):2,S"])
        let stats = try store.stats()
        #expect(stats.messagesByState == ["done": 1])
        let thread = try #require(try store.threads(status: .open, limit: 0).first)
        #expect(thread.customer == "ann@example.com")
        #expect(thread.kind == "need")
        #expect(thread.token?.hasPrefix("\(thread.id)-") == true)
        // The stored bytes are exactly what was delivered.
        let raw = try store.rawBytes(messageID: 1)
        #expect(raw == [UInt8](try Data(contentsOf: gateway.maildir.appendingPathComponent("cur/\(file):2,S"))))
    }

    @Test func rerunImportsNothingNew() throws {
        let gateway = try TestGateway(afterImport: .keep)
        try gateway.deliver(mail(subject: "One", id: "one@example.com"))
        try gateway.deliver(mail(subject: "Two", id: "two@example.com"))
        let store = try gateway.store()
        let first = try gateway.pipeline(store).runOnce()
        #expect(first.stored == 2)
        let second = try gateway.pipeline(store).runOnce()
        #expect(second.stored == 0 && second.fetched == 0 && second.alreadyImported == 2)
        #expect(gateway.files(in: "new").count == 2)  // keep: untouched
        #expect(try store.stats().messages == 2)
    }

    @Test func repliesJoinTheirThreadByReferencesAndSubject() throws {
        let gateway = try TestGateway()
        let store = try gateway.store()
        try gateway.deliver(mail(subject: "Refund request", id: "r1@example.com"))
        try gateway.pipeline(store).runOnce()
        try gateway.deliver(
            mail(
                subject: "Re: Refund request", id: "r2@example.com", inReplyTo: "r1@example.com",
                references: ["r1@example.com"]))
        try gateway.deliver(mail(subject: "回复：Refund request", id: "r3@example.com"))  // no references, same sender
        try gateway.deliver(mail(from: "Bob <bob@example.org>", subject: "Refund request", id: "b1@example.org"))
        let summary = try gateway.pipeline(store).runOnce()
        #expect(summary.threadsUpdated == 2)
        #expect(summary.threadsCreated == 1)  // Bob: same subject, other customer
        let threads = try store.threads(status: nil, limit: 0)
        #expect(threads.count == 2)
        #expect(threads.first { $0.customer == "ann@example.com" }?.messages == 3)
        let events = try store.events(entity: "message", id: 3).map { $0.detail ?? "" }
        #expect(events.contains { $0.contains("subject and sender") })
    }

    @Test func replyToMaildeskTokenAddressJoinsTheThread() throws {
        let gateway = try TestGateway()
        let store = try gateway.store()
        try gateway.deliver(mail(subject: "Broken lock", id: "l1@example.com"))
        try gateway.pipeline(store).runOnce()
        let thread = try #require(try store.threads(status: nil, limit: 0).first)
        // The customer answers maildesk's acknowledgement from another address, with another subject.
        try gateway.deliver(
            mail(
                from: "ann.lee@work.example", to: "support+\(thread.token!)@desk.example",
                subject: "more details", id: "l2@work.example"))
        // A guessed ticket number alone does not attach.
        try gateway.deliver(
            mail(
                from: "mallory@evil.example", to: "support+\(thread.id)-aaaaaaaaaa@desk.example",
                subject: "more details", id: "m1@evil.example"))
        let summary = try gateway.pipeline(store).runOnce()
        #expect(summary.threadsUpdated == 1)
        #expect(summary.threadsCreated == 1)
        #expect(try store.thread(thread.id)?.messages == 2)
    }

    @Test func sameBytesTwiceIsOneMessageAndReusedMessageIDIsKept() throws {
        let gateway = try TestGateway()
        let store = try gateway.store()
        let text = mail(subject: "Duplicate", id: "dup@example.com")
        try gateway.deliver(text, name: "1.M1P1.a")
        try gateway.deliver(text, name: "2.M2P1.b")
        try gateway.deliver(mail(subject: "Duplicate", id: "dup@example.com", body: "different body"), name: "3.M3P1.c")
        let summary = try gateway.pipeline(store).runOnce()
        #expect(summary.stored == 2)
        #expect(summary.duplicates == 1)
        let stats = try store.stats()
        #expect(stats.messages == 2)
        #expect(stats.duplicatesSeen == 1)
    }

    @Test func notMailIsStoredRawAndQuarantinedAndTheRunGoesOn() throws {
        let gateway = try TestGateway()
        let store = try gateway.store()
        try gateway.deliver(bytes: [], name: "1.M1P1.empty")
        try gateway.deliver(bytes: [0x89, 0x50, 0x4E, 0x47, 0x00, 0x01], name: "2.M2P1.png")
        try gateway.deliver(String(mail(subject: "Truncated", id: "t@example.com").prefix(90)), name: "3.M3P1.cut")
        let summary = try gateway.pipeline(store).runOnce()
        #expect(summary.stored == 3)
        #expect(summary.quarantined == 2)
        let entries = try store.quarantined()
        #expect(entries.count == 2)
        #expect(entries.allSatisfy { $0.reason.hasPrefix("not a mail message") })
        #expect(try store.rawBytes(messageID: entries[1].messageId) == [0x89, 0x50, 0x4E, 0x47, 0x00, 0x01])
        // The truncated mail still parses and threads.
        #expect(summary.threadsCreated == 1)
        // Retry after a fix: back through the stage; still not mail, so quarantined again.
        let id = try store.retryQuarantined(entries[0].id, at: Date())
        _ = try gateway.pipeline(store).runOnce()
        #expect(try store.message(id)?.state == .quarantined)
    }

    @Test func aCrashBetweenCommitAndRenameDoesNotImportTwice() throws {
        let gateway = try TestGateway()
        let store = try gateway.store()
        let file = try gateway.deliver(mail(subject: "Once", id: "once@example.com"))
        // Simulate: the store committed, then the process died before the rename.
        let raw = [UInt8](try Data(contentsOf: gateway.maildir.appendingPathComponent("new/\(file)")))
        _ = try store.recordFetched(
            raw: raw, sha256: String(repeating: "a", count: 64),
            from: SourceItem(source: "maildir", mailbox: "support", item: file), at: Date())
        let summary = try gateway.pipeline(store).runOnce()
        #expect(summary.stored == 0)
        #expect(summary.alreadyImported == 1)
        #expect(gateway.files(in: "cur") == ["\(file):2,S"])
        #expect(try store.stats().messages == 1)
    }

    @Test func unreadMailInCurIsImportedButSeenMailIsNot() throws {
        let gateway = try TestGateway(afterImport: .keep)
        let cur = gateway.maildir.appendingPathComponent("cur")
        try Data(mail(subject: "Unread", id: "u@example.com").utf8).write(
            to: cur.appendingPathComponent("10.M1P1.x:2,"))
        try Data(mail(subject: "Read", id: "r@example.com").utf8).write(to: cur.appendingPathComponent("11.M2P1.x:2,S"))
        let store = try gateway.store()
        #expect(try gateway.pipeline(store).runOnce().stored == 1)
    }

    @Test func moveAfterImportCreatesTheFolder() throws {
        let gateway = try TestGateway(afterImport: .move(folder: "Processed"))
        let file = try gateway.deliver(mail(subject: "Move me", id: "mv@example.com"))
        _ = try gateway.pipeline(try gateway.store()).runOnce()
        let moved = gateway.maildir.appendingPathComponent(".Processed/cur/\(file):2,S")
        #expect(FileManager.default.fileExists(atPath: moved.path))
    }

    @Test func attachmentsAreStoredOncePerContent() throws {
        let gateway = try TestGateway()
        let store = try gateway.store()
        for n in 1...2 {
            try gateway.deliver(
                """
                From: ann@example.com
                Subject: invoice \(n)
                Message-ID: <att\(n)@example.com>
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary=b

                --b
                Content-Type: text/plain

                see attached
                --b
                Content-Type: application/pdf; name="=?UTF-8?B?5Y+R56Wo55Sz6K+36KGoLnBkZg==?="
                Content-Transfer-Encoding: base64

                JVBERi0xLjQK
                --b--
                """)
        }
        _ = try gateway.pipeline(store).runOnce()
        #expect(try store.attachments(ofMessage: 1).map(\.filename) == ["发票申请表.pdf"])
        #expect(try store.stats().attachments == 2)
    }
}

@Suite("store")
struct StoreTests {
    @Test func theEventLogIsAppendOnly() throws {
        let gateway = try TestGateway()
        let store = try gateway.store()
        try gateway.deliver(mail(subject: "Audit", id: "audit@example.com"))
        _ = try gateway.pipeline(store).runOnce()
        #expect(try store.events(entity: "message", id: 1).map(\.action) == ["stored", "parsed", "threaded"])
        let db = try DatabaseQueue(path: gateway.configuration.gateway.store.path)
        #expect(throws: (any Error).self) { try db.write { try $0.execute(sql: "UPDATE event SET action = 'forged'") } }
        #expect(throws: (any Error).self) { try db.write { try $0.execute(sql: "DELETE FROM event") } }
    }
}
