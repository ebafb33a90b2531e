import Config
import Crypto
import Foundation
import Glibc
import MIME
import Store

/// One message an MTA hands over on standard input (`maildesk deliver`: Postfix `pipe`, Exim, procmail).
///
/// Reads at most `limit` bytes into memory (the IMAP fetch limit, 4 × `[parser] max_message_bytes`); the rest of a
/// longer input is read, hashed and dropped, so an MTA never sees a broken pipe and memory stays bounded. The
/// envelope recipient, when given, is prepended as a `Delivered-To` field, as Postfix's own delivery agents do, so
/// the parse and thread stages read it where they read it for Maildir and IMAP mail.
public struct Delivery: Sendable {
    /// The bytes to store: the Delivered-To field and the input, cut at the limit.
    public var raw: [UInt8]
    /// The ledger key: the SHA-256 of everything read, so an MTA's retry of the same message is recognised.
    public var inputSHA256: String
    /// How many bytes the whole input had with the Delivered-To field (more than `raw.count` when cut).
    public var inputBytes: Int

    public var isCut: Bool { inputBytes > raw.count }

    /// Reads `descriptor` to its end. Throws only when the descriptor cannot be read.
    public static func read(_ descriptor: Int32, limit: Int, recipient: String?) throws -> Delivery {
        var hasher = SHA256()
        var raw: [UInt8] = []
        var total = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var first = true
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
            if count == 0 { break }
            var bytes = chunk[0..<count]
            if first, let recipient {
                // The field ends as the input's first line does (Postfix pipe hands over LF lines).
                let lf = bytes.firstIndex(of: 0x0A)
                let crlf = lf.map { $0 > bytes.startIndex && bytes[$0 - 1] == 0x0D } ?? true
                bytes = ArraySlice(Array("Delivered-To: \(recipient)\(crlf ? "\r\n" : "\n")".utf8) + bytes)
            }
            first = false
            hasher.update(data: bytes)
            total += bytes.count
            if raw.count < limit { raw += bytes.prefix(limit - raw.count) }
        }
        return Delivery(raw: raw, inputSHA256: hasher.finalize().hex, inputBytes: total)
    }

    /// Why the message goes to quarantine at once instead of on to the parse stage, or nil.
    public func quarantineReason(limits: Limits) -> String? {
        if isCut {
            return "the input had \(inputBytes) bytes, more than the \(raw.count) maildesk keeps from one delivery "
                + "(4 × [parser] max_message_bytes): the first \(raw.count) bytes are stored, the rest was dropped"
        }
        return MessageParser.notMailReason(raw, limits: limits).map { "not a mail message: \($0)" }
    }

    /// Stores it in `mailbox`, raw bytes and ledger row in one transaction (quarantined in the same one when it
    /// must be); a delivery whose bytes the ledger already holds for this mailbox stores nothing. Returns what
    /// the store did, and the quarantine reason of a message that is not for the parse stage.
    public func record(
        in store: Store, mailbox: String, limits: Limits,
        at now: Date
    ) throws -> (outcome: FetchOutcome, quarantined: String?) {
        let item = SourceItem(source: "deliver", mailbox: mailbox, item: inputSHA256)
        let fetched = FetchedMessage(raw: raw, sha256: isCut ? SHA256.hash(data: raw).hex : inputSHA256, item: item)
        let reason = quarantineReason(limits: limits)
        return (try store.recordFetched(fetched, quarantining: reason, stage: "deliver", at: now), reason)
    }
}
