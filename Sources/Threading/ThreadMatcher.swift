import Foundation

/// What the threading stage knows about an inbound message.
public struct ThreadingFacts: Sendable {
    /// To, Cc and Delivered-To addresses.
    public var recipients: [String]
    public var inReplyTo: String?
    public var references: [String]
    public var subject: String
    /// The sender's address, lowercased: the customer.
    public var sender: String?
    public var date: Date

    public init(
        recipients: [String], inReplyTo: String?, references: [String], subject: String, sender: String?, date: Date
    ) {
        self.recipients = recipients
        self.inReplyTo = inReplyTo
        self.references = references
        self.subject = subject
        self.sender = sender
        self.date = date
    }
}

/// The store's answers the matcher needs (the stage adapts the Store to it).
public protocol ThreadLookup {
    func threadExists(_ id: Int64) throws -> Bool
    /// The thread of a stored message with this Message-ID, if any (the newest if several).
    func thread(ofMessageID id: String) throws -> Int64?
    /// An open or pending thread with this subject key whose customer is `sender`, active since `since`.
    func openThread(subjectKey: String, customer: String, activeSince since: Date) throws -> Int64?
}

/// How a message found its thread; recorded in the event log.
public enum ThreadDecision: Sendable, Equatable {
    case token(Int64, via: String)
    case reference(Int64, messageID: String)
    case subject(Int64)
    case new

    public var threadID: Int64? {
        switch self {
        case .token(let id, _), .reference(let id, _), .subject(let id): return id
        case .new: return nil
        }
    }

    public var rule: String {
        switch self {
        case .token(_, let via): return "token in \(via)"
        case .reference: return "In-Reply-To/References"
        case .subject: return "subject and sender"
        case .new: return "new thread"
        }
    }
}

/// The threading rules, first match wins: signed token, references, subject fallback, new thread.
public struct ThreadMatcher: Sendable {
    public let addressing: ThreadAddressing
    public let subjectWindow: TimeInterval

    public init(addressing: ThreadAddressing, subjectWindowDays: Int) {
        self.addressing = addressing
        self.subjectWindow = TimeInterval(subjectWindowDays) * 86_400
    }

    public func decide(_ facts: ThreadingFacts, lookup: some ThreadLookup) throws -> ThreadDecision {
        // 1. maildesk's own signed tokens.
        for address in facts.recipients {
            if let token = addressing.token(inAddress: address), try lookup.threadExists(token.threadID) {
                return .token(token.threadID, via: "address")
            }
        }
        let ids = ([facts.inReplyTo].compactMap { $0 } + facts.references.reversed())
        for id in ids {
            if let token = addressing.token(inMessageID: id), try lookup.threadExists(token.threadID) {
                return .token(token.threadID, via: "Message-ID")
            }
        }
        if let token = addressing.token(inSubject: facts.subject), try lookup.threadExists(token.threadID) {
            return .token(token.threadID, via: "subject tag")
        }
        // 2. Any stored message referenced, the most recent reference first.
        for id in ids {
            if let thread = try lookup.thread(ofMessageID: id) { return .reference(thread, messageID: id) }
        }
        // 3. Same subject from the same customer, recently active: clients that drop References.
        let key = SubjectKey.normalise(facts.subject)
        if !key.isEmpty, let sender = facts.sender,
            let thread = try lookup.openThread(
                subjectKey: key, customer: sender, activeSince: facts.date.addingTimeInterval(-subjectWindow))
        {
            return .subject(thread)
        }
        return .new
    }
}
