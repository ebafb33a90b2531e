/// The token of an agent-reply address, `a<thread>-<signature>` (`support+a42-p3k9x2m7qd@example.com`): the HMAC
/// signs the thread id AND the agent's address, so it proves that this notification went to this agent about
/// this thread. It never verifies as a customer's `ReplyToken` (the `a` prefix, and another signed text), and
/// a customer token never verifies as an agent token.
public struct AgentToken: Sendable, Hashable, CustomStringConvertible {
    public let threadID: Int64
    public let signature: String

    public var description: String { "a\(threadID)-\(signature)" }

    /// Signs `threadID` for `agent` (an address; compared lowercased).
    public init(threadID: Int64, agent: String, secret: ReplySecret) {
        self.threadID = threadID
        self.signature = secret.sign(Self.signedText(threadID, agent))
    }

    /// Parses `text` (`a42-p3k9x2m7qd`, case-insensitive) without verifying it: who it was signed for is only
    /// known by trying an address with `verifies(for:secret:)`.
    public init?(parsing text: some StringProtocol) {
        let lower = text.lowercased()
        guard lower.hasPrefix("a"), let dash = lower.firstIndex(of: "-"),
            let id = Int64(lower[lower.index(after: lower.startIndex)..<dash]), id > 0
        else { return nil }
        let signature = String(lower[lower.index(after: dash)...])
        guard signature.count == ReplySecret.signatureLength else { return nil }
        self.threadID = id
        self.signature = signature
    }

    /// Whether this token was signed for `agent` (constant-time).
    public func verifies(for agent: String, secret: ReplySecret) -> Bool {
        secret.verify(Self.signedText(threadID, agent), signature)
    }

    private static func signedText(_ threadID: Int64, _ agent: String) -> String {
        "agent:\(threadID):\(agent.lowercased())"
    }
}
