import Crypto
import Foundation

/// A thread's signed reply token, `<id>-<signature>` (`42-k7m2q9xd`): what maildesk puts in plus-addresses,
/// its own Message-IDs and subject tags. The signature is an HMAC of the thread id, so a guessed or
/// incremented ticket number alone never attaches mail to someone else's thread.
public struct ReplyToken: Sendable, Hashable, CustomStringConvertible {
    public let threadID: Int64
    public let signature: String

    public var description: String { "\(threadID)-\(signature)" }

    /// Signs `threadID` with `secret`.
    public init(threadID: Int64, secret: ReplySecret) {
        self.threadID = threadID
        self.signature = secret.sign(threadID)
    }

    /// Parses and verifies `text` (`42-k7m2q9xd`, case-insensitive); nil when malformed or wrongly signed.
    public init?(verifying text: some StringProtocol, secret: ReplySecret) {
        let lower = text.lowercased()
        guard let dash = lower.firstIndex(of: "-"), let id = Int64(lower[..<dash]), id > 0 else { return nil }
        let signature = String(lower[lower.index(after: dash)...])
        guard signature.count == ReplySecret.signatureLength, secret.verify(id, signature) else { return nil }
        self.threadID = id
        self.signature = signature
    }
}

/// The HMAC key behind reply tokens.
public struct ReplySecret: Sendable {
    private let key: SymmetricKey
    static let signatureLength = 10

    public init(_ bytes: [UInt8]) { key = SymmetricKey(data: bytes) }

    /// Lowercase base32 (no padding) of the first 50 bits of HMAC-SHA256("thread:<id>").
    func sign(_ threadID: Int64) -> String { sign("thread:\(threadID)") }

    /// Lowercase base32 (no padding) of the first 50 bits of HMAC-SHA256(text).
    func sign(_ text: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: key)
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
        var bits: UInt64 = 0
        for byte in Array(mac).prefix(8) { bits = bits << 8 | UInt64(byte) }
        var out = ""
        for i in 0..<Self.signatureLength {
            out.append(alphabet[Int((bits >> UInt64(59 - 5 * i)) & 0x1F)])
        }
        return out
    }

    /// Constant-time comparison, so timing does not reveal how much of a forged signature is right.
    func verify(_ threadID: Int64, _ signature: String) -> Bool { verify("thread:\(threadID)", signature) }

    /// Constant-time comparison of `signature` with the signature of `text`.
    func verify(_ text: String, _ signature: String) -> Bool {
        let expected = Array(sign(text).utf8)
        let given = Array(signature.utf8)
        guard expected.count == given.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(expected, given) { difference |= a ^ b }
        return difference == 0
    }
}
