/// The token of a care mail's unsubscribe address, `u<customer>-<signature>` (`care+u42-p3k9x2m7qd@example.com`):
/// the HMAC signs the customer id, so a mail to a guessed address unsubscribes no one. It never verifies as a
/// thread's `ReplyToken` or an `AgentToken` (another prefix, another signed text).
public struct UnsubscribeToken: Sendable, Hashable, CustomStringConvertible {
    public let customerID: Int64
    public let signature: String

    public var description: String { "u\(customerID)-\(signature)" }

    public init(customerID: Int64, secret: ReplySecret) {
        self.customerID = customerID
        self.signature = secret.sign(Self.signedText(customerID))
    }

    /// Parses and verifies `text` (`u42-p3k9x2m7qd`, case-insensitive); nil when malformed or wrongly signed.
    public init?(verifying text: some StringProtocol, secret: ReplySecret) {
        let lower = text.lowercased()
        guard lower.hasPrefix("u"), let dash = lower.firstIndex(of: "-"),
            let id = Int64(lower[lower.index(after: lower.startIndex)..<dash]), id > 0
        else { return nil }
        let signature = String(lower[lower.index(after: dash)...])
        guard signature.count == ReplySecret.signatureLength, secret.verify(Self.signedText(id), signature) else {
            return nil
        }
        self.customerID = id
        self.signature = signature
    }

    /// `care+u42-…@example.com` for the care address `care@example.com`.
    public func address(_ careAddress: String) -> String {
        guard let at = careAddress.lastIndex(of: "@") else { return careAddress }
        return "\(careAddress[..<at])+\(self)\(careAddress[at...])"
    }

    /// The verified token in a plus-address, if any.
    public init?(inAddress address: String, secret: ReplySecret) {
        guard let at = address.lastIndex(of: "@"), let plus = address[..<at].lastIndex(of: "+") else { return nil }
        self.init(verifying: address[address.index(after: plus)..<at], secret: secret)
    }

    private static func signedText(_ id: Int64) -> String { "unsubscribe:\(id)" }
}
