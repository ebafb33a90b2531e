import Curl
import Foundation

/// Who a message is from and to, for the SMTP envelope.
public struct Envelope: Sendable, Equatable {
    public var from: String
    public var recipients: [String]

    public init(from: String, recipients: [String]) {
        self.from = from
        self.recipients = recipients
    }
}

/// What the server said to one recipient.
public struct RecipientResult: Codable, Sendable, Equatable {
    public var address: String
    public var accepted: Bool
    /// The reply code (250, 450, 550, …), when the server got that far.
    public var code: Int?
    public var text: String

    public init(address: String, accepted: Bool, code: Int?, text: String) {
        self.address = address
        self.accepted = accepted
        self.code = code
        self.text = text
    }
}

/// A message not sent: transient (4xx, network, timeouts: try again later) or permanent (5xx: give up).
public struct SendFailure: Error, Sendable, CustomStringConvertible {
    public var transient: Bool
    public var code: Int?
    /// One line: what failed and the server's words, never a password.
    public var text: String
    public var recipients: [RecipientResult]

    public init(transient: Bool, code: Int?, text: String, recipients: [RecipientResult] = []) {
        self.transient = transient
        self.code = code
        self.text = text
        self.recipients = recipients
    }

    public var description: String { text }
}

/// Sends finished message bytes.
public protocol MailTransport: AnyObject {
    /// Delivers `bytes` to the envelope's recipients; returns each recipient's result when at least one
    /// accepted (the refused ones are in the results), throws when none did or the transfer failed.
    func send(_ bytes: [UInt8], envelope: Envelope) throws(SendFailure) -> [RecipientResult]
}

/// Writes each message into a folder as `<time>-<n>.eml` (written under a temporary name, then renamed), with
/// its envelope in a `.json` beside it: the embedded default, so the demo shows its mail without a server.
public final class FileTransport: MailTransport {
    public let folder: String
    private var counter = 0

    public init(folder: String) {
        self.folder = folder
    }

    public func send(_ bytes: [UInt8], envelope: Envelope) throws(SendFailure) -> [RecipientResult] {
        do {
            // Mail to customers: readable by maildesk's user only.
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
            counter += 1
            let stem = String(format: "%.6f-%d-%d", Date().timeIntervalSince1970, getpid(), counter)
            let json = try JSONSerialization.data(
                withJSONObject: ["mail_from": envelope.from, "rcpt_tos": envelope.recipients],
                options: [.sortedKeys])
            for (name, data) in [("\(stem).json", json), ("\(stem).eml", Data(bytes))] {
                try data.write(to: URL(fileURLWithPath: "\(folder)/\(name)"), options: .atomic)
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: "\(folder)/\(name)")
            }
        } catch {
            throw SendFailure(
                transient: true, code: nil, text: "cannot write into \(folder): \(error.localizedDescription)")
        }
        return envelope.recipients.map {
            RecipientResult(address: $0, accepted: true, code: nil, text: "written to \(folder)")
        }
    }
}
