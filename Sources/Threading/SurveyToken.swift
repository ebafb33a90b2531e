/// The token of a satisfaction survey's reply address, `s<thread>-<signature>` (`support+s42-p3k9x2m7qd@example.com`):
/// the HMAC signs the thread id with its own label, so a reply to it is known to answer that thread's survey, and
/// it never verifies as a thread's `ReplyToken`, an `AgentToken` or an `UnsubscribeToken`.
public struct SurveyToken: Sendable, Hashable, CustomStringConvertible {
    public let threadID: Int64
    public let signature: String

    public var description: String { "s\(threadID)-\(signature)" }

    public init(threadID: Int64, secret: ReplySecret) {
        self.threadID = threadID
        self.signature = secret.sign(Self.signedText(threadID))
    }

    /// Parses and verifies `text` (`s42-p3k9x2m7qd`, case-insensitive); nil when malformed or wrongly signed.
    public init?(verifying text: some StringProtocol, secret: ReplySecret) {
        let lower = text.lowercased()
        guard lower.hasPrefix("s"), let dash = lower.firstIndex(of: "-"),
            let id = Int64(lower[lower.index(after: lower.startIndex)..<dash]), id > 0
        else { return nil }
        let signature = String(lower[lower.index(after: dash)...])
        guard signature.count == ReplySecret.signatureLength, secret.verify(Self.signedText(id), signature) else {
            return nil
        }
        self.threadID = id
        self.signature = signature
    }

    /// `support+s42-…@example.com` for the support address `support@example.com`.
    public func address(_ supportAddress: String) -> String {
        guard let at = supportAddress.lastIndex(of: "@") else { return supportAddress }
        return "\(supportAddress[..<at])+\(self)\(supportAddress[at...])"
    }

    /// The verified token in a plus-address, if any.
    public init?(inAddress address: String, secret: ReplySecret) {
        guard let at = address.lastIndex(of: "@"), let plus = address[..<at].lastIndex(of: "+") else { return nil }
        self.init(verifying: address[address.index(after: plus)..<at], secret: secret)
    }

    private static func signedText(_ id: Int64) -> String { "survey:\(id)" }
}
