import Config
import Foundation
import GRDB
import Pipeline
import Store
import Testing

/// The send stage after the server said 250: what it does when the store will not record it, and who may take a
/// row another process leased.
@Suite("sending: recording and leases")
struct SendRecordingTests {
    func gateway() throws -> TestGateway { try TestGateway.acknowledging() }

    /// What the file transport (the default `file:var/outbox`) has sent.
    func sent(_ g: TestGateway) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: g.root.appendingPathComponent("var/outbox").path)) ?? [])
            .filter { $0.hasSuffix(".eml") }
    }

    /// Makes the store refuse to write these outbox states, as a full disk or a broken file would.
    func refuse(_ states: [String], in g: TestGateway) throws {
        let queue = try DatabaseQueue(path: g.configuration.gateway.store.path)
        let list = states.map { "'\($0)'" }.joined(separator: ", ")
        try queue.write {
            try $0.execute(
                sql: """
                    CREATE TRIGGER refuse_states BEFORE UPDATE OF state ON outbox WHEN NEW.state IN (\(list))
                    BEGIN SELECT RAISE(ABORT, 'disk I/O error (simulated)'); END
                    """)
        }
    }

    func question(_ g: TestGateway) throws {
        try g.deliver(mail(subject: "Where is my order", id: "q1@example.com", body: "Order 1234 has not arrived."))
    }

    @Test func aSendTheStoreCannotRecordIsMarkedAndNeverSentAgain() throws {
        let g = try gateway()
        try question(g)
        let store = try g.store()
        try refuse(["sent"], in: g)
        let pipeline = try g.pipeline(store)
        let first = try pipeline.runOnce()
        #expect(sent(g).count == 1, "\(sent(g))")
        #expect(first.messagesSent == 0 && first.messagesFailed == 1)
        #expect(
            first.errors.contains {
                $0.contains("the server accepted it but recording that failed")
                    && $0.contains("disk I/O error (simulated)")
            }, "\(first.errors)")
        let row = try #require(try store.outbox(state: nil, limit: 0).first)
        #expect(row.state == .failed)
        #expect(row.lastError?.contains("`maildesk outbox retry \(row.id)`") == true)
        // Neither this process's next pass nor another process sends it again.
        _ = try pipeline.runOnce()
        _ = try g.pipeline(try g.store()).runOnce()
        #expect(sent(g).count == 1, "\(sent(g))")
    }

    @Test func whenNothingCanBeWrittenThisProcessStillNeverResends() throws {
        let g = try gateway()
        try question(g)
        let store = try g.store()
        try refuse(["sent", "failed"], in: g)
        let pipeline = try g.pipeline(store)
        let first = try pipeline.runOnce()
        #expect(sent(g).count == 1, "\(sent(g))")
        #expect(first.errors.contains { $0.contains("could not be marked either") }, "\(first.errors)")
        _ = try pipeline.runOnce()
        #expect(sent(g).count == 1, "\(sent(g))")
        // Another live process on this machine respects the lease until it expires.
        let other = try g.pipeline(
            try g.store(),
            sendLease: SendLease(
                owner: "other", host: pipeline.sendLease.host,
                pid: getpid(), duration: 900))
        _ = try other.runOnce()
        #expect(sent(g).count == 1, "\(sent(g))")
    }

    /// The result of one message is written while the next travels; when that write fails for good, the next
    /// message is withdrawn before its handover: one message out, the others still queued, free for a later pass
    /// and never counted as attempts.
    @Test func whenAResultCannotBeWrittenTheNextMessageIsWithdrawn() throws {
        let g = try gateway()
        let store = try g.store()
        // Queued at the pipeline's clock: a row queued by the wall clock after the gateway's clock was set is due
        // only once that clock catches up (under load the gap was seconds, and nothing was sent).
        let ids = try (1...4).map { try queued(store, n: $0, at: g.now) }
        try refuse(["sent", "failed"], in: g)
        let pipeline = try g.pipeline(store)
        let summary = try pipeline.runOnce()
        #expect(sent(g).count == 1, "\(sent(g))")
        #expect(summary.messagesSent == 0 && summary.messagesFailed == 1, "\(summary.errors)")
        let rows = try store.outbox(state: nil, limit: 0).sorted { $0.id < $1.id }
        #expect(rows.map(\.id) == ids)
        #expect(rows.allSatisfy { $0.state == .queued })
        #expect(rows.dropFirst().allSatisfy { $0.attempts == 0 })
        let leased = try DatabaseQueue(path: g.configuration.gateway.store.path).read {
            try Int64.fetchAll($0, sql: "SELECT id FROM outbox WHERE lease_owner IS NOT NULL ORDER BY id")
        }
        #expect(leased == [ids[0]])  // the one sent stays leased by this process; the rest are free
        // Once the store takes writes again the others go out, and the first never again.
        try DatabaseQueue(path: g.configuration.gateway.store.path).write {
            try $0.execute(sql: "DROP TRIGGER refuse_states")
        }
        let second = try pipeline.runOnce()
        #expect(second.messagesSent == 3, "\(second.errors)")
        #expect(sent(g).count == 4, "\(sent(g))")
    }

    func queued(_ store: Store, n: Int = 1, body: String = "Hello", at: Date = Date()) throws -> Int64 {
        try store.enqueue(
            OutboxDraft(
                purpose: "notification", template: nil, messageID: "<n\(n)@desk.example>",
                envelopeFrom: "support@desk.example", recipients: ["tom@desk.example"],
                subject: "Ticket", bytes: Array("Subject: Ticket\r\n\r\n\(body)\r\n".utf8)), at: at)
    }

    /// A batch lease takes due rows oldest first, up to its row count and, past the first row, its byte budget;
    /// rows this process holds are skipped, and a second lease never gets a row the first holds.
    @Test func aBatchLeaseIsBoundedByRowsAndBytesAndNeverOverlaps() throws {
        let g = try gateway()
        let store = try g.store()
        let big = String(repeating: "x", count: 10_000)
        let ids = try (1...6).map { try queued(store, n: $0, body: $0 == 3 ? big : "Hello") }
        let mine = SendLease(owner: "me", host: "h pid:[1]", pid: getpid(), duration: 900)
        let other = SendLease(owner: "other", host: "h pid:[1]", pid: getpid(), duration: 900)
        // Rows 1 and 2 fit in 1,000 bytes, row 3 does not: the batch stops before it.
        let first = try store.leaseDueOutbox(
            now: Date(), lease: mine, limit: 5, maxBytes: 1_000, isAlive: { _ in true })
        #expect(first.map(\.id) == Array(ids[0..<2]))
        // A big first row is taken alone, whatever the budget.
        let second = try store.leaseDueOutbox(
            now: Date(), lease: mine, limit: 5, maxBytes: 1_000, skipping: Set(first.map(\.id)),
            isAlive: { _ in true })
        #expect(second.map(\.id) == [ids[2]])
        #expect(second.first?.bytes.count ?? 0 > 10_000)
        let third = try store.leaseDueOutbox(
            now: Date(), lease: mine, limit: 2, maxBytes: .max, skipping: Set(ids[0..<3]), isAlive: { _ in true })
        #expect(third.map(\.id) == Array(ids[3..<5]))
        // Another live process gets only what nobody holds.
        let others = try store.leaseDueOutbox(
            now: Date(), lease: other, limit: 10, maxBytes: .max, isAlive: { _ in true })
        #expect(others.map(\.id) == [ids[5]])
    }

    @Test func aLeaseIsHeldByItsInstanceNotByItsPid() throws {
        let g = try gateway()
        let store = try g.store()
        let id = try queued(store)
        // Two containers on one volume: both pid 1, different pid namespaces.
        let first = SendLease(owner: "container-a", host: "a pid:[1]", pid: 1, duration: 900)
        let second = SendLease(owner: "container-b", host: "b pid:[2]", pid: 1, duration: 900)
        #expect(try store.takeDueOutbox(now: Date(), lease: first, isAlive: { _ in true })?.id == id)
        #expect(try store.takeDueOutbox(now: Date(), lease: second, isAlive: { _ in true }) == nil)
        // Its pid cannot be checked from another namespace, dead or not: only the expiry frees it.
        #expect(try store.takeDueOutbox(now: Date(), lease: second, isAlive: { _ in false }) == nil)
        let queue = try DatabaseQueue(path: g.configuration.gateway.store.path)
        try queue.write { try $0.execute(sql: "UPDATE outbox SET lease_until = '2000-01-01T00:00:00Z'") }
        #expect(try store.takeDueOutbox(now: Date(), lease: second, isAlive: { _ in true })?.id == id)
    }

    @Test func aDeadHolderOnThisMachineIsTakenOverAtOnce() throws {
        let g = try gateway()
        let store = try g.store()
        let id = try queued(store)
        let killed = SendLease(owner: "killed", host: "h pid:[1]", pid: 4242, duration: 900)
        let next = SendLease(owner: "next", host: "h pid:[1]", pid: 4243, duration: 900)
        #expect(try store.takeDueOutbox(now: Date(), lease: killed, isAlive: { _ in true })?.id == id)
        #expect(try store.takeDueOutbox(now: Date(), lease: next, isAlive: { _ in true }) == nil)  // alive: left alone
        #expect(try store.takeDueOutbox(now: Date(), lease: next, isAlive: { $0 != 4242 })?.id == id)  // dead: taken
        // Its own lease a process takes again (a release that did not happen).
        #expect(try store.takeDueOutbox(now: Date(), lease: next, isAlive: { _ in true })?.id == id)
    }
}
