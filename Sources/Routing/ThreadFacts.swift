import Classification
import MIME

/// What rules and the classifier may look at when deciding a thread: its first message, where it arrived, and
/// who sent it.
public struct ThreadFacts: Sendable {
    /// The mailbox's name and its default kind (`need` or `feedback`).
    public var mailbox: String
    public var mailboxKind: String
    /// The sender's address, lowercased.
    public var from: String
    public var subject: String
    /// The body as text, quotes included (the classifier strips them itself).
    public var body: String
    /// Header values by lowercased name, decoded, in order.
    public var headers: [String: [String]]
    /// The customer's tags, lowercased.
    public var customerTags: [String]
    /// Why the message looks machine-sent (`auto-submitted`, `list-id`, `mailer-daemon`, …), or nil.
    public var automated: String?

    public init(
        mailbox: String, mailboxKind: String, from: String, subject: String, body: String,
        headers: [String: [String]] = [:], customerTags: [String] = [], automated: String? = nil
    ) {
        self.automated = automated
        self.mailbox = mailbox
        self.mailboxKind = mailboxKind
        self.from = from.lowercased()
        self.subject = subject
        self.body = body
        self.headers = headers
        self.customerTags = customerTags.map { $0.lowercased() }
    }

    /// The facts of a parsed message.
    public init(message: Message, mailbox: String, mailboxKind: String, customerTags: [String] = []) {
        var headers: [String: [String]] = [:]
        for field in message.header.fields {
            headers[field.key, default: []].append(field.value)
        }
        self.init(
            mailbox: mailbox, mailboxKind: mailboxKind, from: message.from.first?.address ?? "",
            subject: message.subject ?? "", body: message.text, headers: headers, customerTags: customerTags,
            automated: message.autoSubmitted?.rawValue)
    }

    /// The customer's own words: the subject and the body without quoted replies or signature.
    public var ownText: String { subject + "\n" + QuoteStripper.strip(body) }

    /// The detected language (`zh`, `zh-Hant`, `en`, `ja`, `ko` or `und`).
    public var language: String { LanguageGuess.guess(ownText) }
}
