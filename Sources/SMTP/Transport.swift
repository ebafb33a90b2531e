import Curl
import FastJSON
import Foundation
import Glibc
import Synchronization

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

    /// The sender withdrew the message before handing it over (`beforeHandover` said no): nobody has it.
    public var withdrawn = false

    public static var withdrawal: SendFailure {
        var failure = SendFailure(transient: true, code: nil, text: "withdrawn before it was handed over")
        failure.withdrawn = true
        return failure
    }
}

/// Sends finished message bytes.
public protocol MailTransport: AnyObject {
    /// Delivers `bytes` to the envelope's recipients; returns each recipient's result when at least one
    /// accepted (the refused ones are in the results), throws when none did or the transfer failed.
    /// `beforeHandover` runs once, at the last moment the message can still be withdrawn (SMTP: before the end
    /// of data, file: before the rename), and withdraws it by returning false: the send then fails with
    /// `SendFailure.withdrawal`, and no recipient has it.
    func send(_ bytes: [UInt8], envelope: Envelope, beforeHandover: () -> Bool) throws(SendFailure)
        -> [RecipientResult]
}

extension MailTransport {
    public func send(_ bytes: [UInt8], envelope: Envelope) throws(SendFailure) -> [RecipientResult] {
        try send(bytes, envelope: envelope, beforeHandover: { true })
    }
}

/// Writes each message into a folder as `<time>-<pid>-<n>.eml`, exactly the bytes an SMTP server would get: the
/// embedded default, so the demo shows its mail without a server. Each file is written under a temporary name and
/// renamed, so a reader never sees half a message; there is no fsync per file (a machine that loses power may lose
/// the last files, as the store's WAL may lose its last commits). With `writesEnvelope` the envelope is written
/// beside it as `<stem>.json` (`{"mail_from": …, "rcpt_tos": […]}`).
public final class FileTransport: MailTransport {
    public let folder: String
    public let writesEnvelope: Bool
    private var folderReady = false
    /// Per process, so two transports of one process never pick the same name.
    private static let counter = Atomic<Int>(0)

    public init(folder: String, writesEnvelope: Bool = false) {
        self.folder = folder
        self.writesEnvelope = writesEnvelope
    }

    public func send(_ bytes: [UInt8], envelope: Envelope, beforeHandover: () -> Bool) throws(SendFailure)
        -> [RecipientResult]
    {
        let n = Self.counter.add(1, ordering: .relaxed).newValue
        let stem = String(format: "%.6f-%d-%d", Date().timeIntervalSince1970, getpid(), n)
        do {
            if !folderReady {
                // Mail to customers: readable by maildesk's user only.
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                folderReady = true
            }
            if writesEnvelope {
                var json = "{\"mail_from\":"
                JSONText.quote(envelope.from, into: &json)
                json += ",\"rcpt_tos\":" + JSONText.strings(envelope.recipients) + "}\n"
                try write(Array(json.utf8), named: stem + ".json")
            }
            try write(bytes, named: stem + ".eml", beforeRename: beforeHandover)
        } catch is Withdrawn {
            // The envelope written beside it goes too.
            if writesEnvelope { unlink("\(folder)/\(stem).json") }
            throw .withdrawal
        } catch {
            throw SendFailure(
                transient: true, code: nil, text: "cannot write into \(folder): \(error.localizedDescription)")
        }
        return envelope.recipients.map {
            RecipientResult(address: $0, accepted: true, code: nil, text: "written to \(folder)")
        }
    }

    /// The message withdrawn before its rename.
    private struct Withdrawn: Error {}

    /// `bytes` as `folder/name`, mode 0600, under a temporary name first.
    private func write(_ bytes: [UInt8], named name: String, beforeRename: () -> Bool = { true }) throws {
        let temporary = "\(folder)/.\(name).tmp", path = "\(folder)/\(name)"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        var written = 0
        let failure: Int32? = bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + written, buffer.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += n
            }
            return nil
        }
        close(fd)
        if let failure {
            unlink(temporary)
            throw POSIXError(POSIXErrorCode(rawValue: failure) ?? .EIO)
        }
        guard beforeRename() else {
            unlink(temporary)
            throw Withdrawn()
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)
        }
    }
}
