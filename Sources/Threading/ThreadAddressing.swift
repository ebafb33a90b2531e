/// Where maildesk writes a thread's token so replies find their way back, and how it reads it again.
public struct ThreadAddressing: Sendable {
    public let secret: ReplySecret
    /// The domain of maildesk's own Message-IDs (`maildesk.<token>.<unique>@domain`).
    public let domain: String

    public init(secret: ReplySecret, domain: String) {
        self.secret = secret
        self.domain = domain.lowercased()
    }

    public func token(for threadID: Int64) -> ReplyToken { ReplyToken(threadID: threadID, secret: secret) }

    /// `support+42-k7m2q9xd@example.com` for the support address `support@example.com`.
    public func replyAddress(_ supportAddress: String, threadID: Int64) -> String {
        guard let at = supportAddress.lastIndex(of: "@") else { return supportAddress }
        return "\(supportAddress[..<at])+\(token(for: threadID))\(supportAddress[at...])"
    }

    /// `support+a42-p3k9x2m7qd@example.com`: where `agent` answers the thread (the Reply-To of their notification).
    public func agentReplyAddress(_ supportAddress: String, threadID: Int64, agent: String) -> String {
        guard let at = supportAddress.lastIndex(of: "@") else { return supportAddress }
        let token = AgentToken(threadID: threadID, agent: agent, secret: secret)
        return "\(supportAddress[..<at])+\(token)\(supportAddress[at...])"
    }

    /// The agent token in a plus-address, parsed but not verified (`AgentToken.verifies(for:secret:)` does).
    public func agentToken(inAddress address: String) -> AgentToken? {
        guard let at = address.lastIndex(of: "@"), let plus = address[..<at].lastIndex(of: "+") else { return nil }
        return AgentToken(parsing: address[address.index(after: plus)..<at])
    }

    /// A Message-ID for mail maildesk sends on a thread, without angle brackets.
    public func messageID(threadID: Int64, unique: String) -> String {
        "maildesk.\(token(for: threadID)).\(unique)@\(domain)"
    }

    /// `[#42-k7m2q9xd]`, appended to subjects.
    public func subjectTag(threadID: Int64) -> String { "[#\(token(for: threadID))]" }

    /// The token in a plus-address (`anything+<token>@domain`), if it verifies.
    public func token(inAddress address: String) -> ReplyToken? {
        guard let at = address.lastIndex(of: "@"), let plus = address[..<at].lastIndex(of: "+") else { return nil }
        return ReplyToken(verifying: address[address.index(after: plus)..<at], secret: secret)
    }

    /// The token in one of maildesk's own Message-IDs, if it is ours and verifies.
    public func token(inMessageID id: String) -> ReplyToken? {
        let lower = id.lowercased()
        guard lower.hasPrefix("maildesk."), let at = lower.lastIndex(of: "@"),
            lower[lower.index(after: at)...] == domain
        else { return nil }
        let parts = lower[..<at].split(separator: ".")
        guard parts.count >= 2 else { return nil }
        return ReplyToken(verifying: parts[1], secret: secret)
    }

    /// Every verified `[#<token>]` tag in a subject (the first valid one wins).
    public func token(inSubject subject: String) -> ReplyToken? {
        var rest = Substring(subject)
        while let open = rest.range(of: "[#") {
            let after = rest[open.upperBound...]
            guard let close = after.firstIndex(of: "]") else { return nil }
            if let token = ReplyToken(verifying: after[..<close].trimmingCharacters(in: .whitespaces), secret: secret) {
                return token
            }
            rest = after[close...]
        }
        return nil
    }
}
