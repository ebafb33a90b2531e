import Foundation
import Testing
import Threading

/// An in-memory lookup: threads, message ids and open subjects.
struct FakeLookup: ThreadLookup {
    var threads: Set<Int64> = []
    var messageThreads: [String: Int64] = [:]
    var open: [(key: String, customer: String, thread: Int64, last: Date)] = []

    func threadExists(_ id: Int64) throws -> Bool { threads.contains(id) }
    func thread(ofMessageID id: String) throws -> Int64? { messageThreads[id] }
    func openThread(subjectKey: String, customer: String, activeSince since: Date) throws -> Int64? {
        open.first { $0.key == subjectKey && $0.customer == customer && $0.last >= since }?.thread
    }
}

@Suite("threading rules")
struct ThreadMatcherTests {
    let addressing = ThreadAddressing(secret: ReplySecret(Array("s".utf8)), domain: "desk.example")
    var matcher: ThreadMatcher { ThreadMatcher(addressing: addressing, subjectWindowDays: 30) }
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func facts(
        recipients: [String] = ["support@desk.example"], inReplyTo: String? = nil, references: [String] = [],
        subject: String = "Hello", sender: String = "ann@example.com"
    ) -> ThreadingFacts {
        ThreadingFacts(
            recipients: recipients, inReplyTo: inReplyTo, references: references, subject: subject,
            sender: sender, date: now)
    }

    @Test func tokenInPlusAddressWinsOverReferences() throws {
        let lookup = FakeLookup(threads: [5, 6], messageThreads: ["x@y": 6])
        let plus = addressing.replyAddress("support@desk.example", threadID: 5)
        let decision = try matcher.decide(facts(recipients: [plus], inReplyTo: "x@y"), lookup: lookup)
        #expect(decision == .token(5, via: "address"))
    }

    @Test func tokenOfAThreadThatDoesNotExistIsIgnored() throws {
        let plus = addressing.replyAddress("support@desk.example", threadID: 77)
        #expect(try matcher.decide(facts(recipients: [plus]), lookup: FakeLookup()) == .new)
    }

    @Test func ownMessageIDInReferencesFindsTheThread() throws {
        let ours = addressing.messageID(threadID: 3, unique: "ack")
        let decision = try matcher.decide(facts(references: ["other@x", ours]), lookup: FakeLookup(threads: [3]))
        #expect(decision == .token(3, via: "Message-ID"))
    }

    @Test func signedSubjectTagFindsTheThreadButABareNumberDoesNot() throws {
        let lookup = FakeLookup(threads: [8])
        #expect(
            try matcher.decide(facts(subject: "Re: help \(addressing.subjectTag(threadID: 8))"), lookup: lookup)
                == .token(8, via: "subject tag"))
        #expect(try matcher.decide(facts(subject: "Re: help [#8]"), lookup: lookup) == .new)
    }

    @Test func mostRecentReferenceFirst() throws {
        let lookup = FakeLookup(messageThreads: ["old@x": 1, "new@x": 2])
        #expect(
            try matcher.decide(facts(references: ["old@x", "new@x"]), lookup: lookup)
                == .reference(2, messageID: "new@x"))
        #expect(
            try matcher.decide(facts(inReplyTo: "old@x", references: ["new@x"]), lookup: lookup)
                == .reference(1, messageID: "old@x"))
    }

    @Test func subjectFallbackNeedsTheSameCustomerAndTheWindow() throws {
        var lookup = FakeLookup()
        lookup.open = [(key: "退货申请", customer: "ann@example.com", thread: 4, last: now.addingTimeInterval(-86_400))]
        #expect(try matcher.decide(facts(subject: "回复：退货申请"), lookup: lookup) == .subject(4))
        #expect(try matcher.decide(facts(subject: "回复：退货申请", sender: "bob@example.com"), lookup: lookup) == .new)
        lookup.open[0].last = now.addingTimeInterval(-31 * 86_400)
        #expect(try matcher.decide(facts(subject: "回复：退货申请"), lookup: lookup) == .new)
    }
}
