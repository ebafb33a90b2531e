import Foundation
import Testing
import TestSupport

@testable import SMTP

/// The `file:` transport: each message once, as sent, readable by maildesk's user only; the envelope beside it
/// only when asked.
@Suite("file transport")
struct FileTransportTests {
    let envelope = Envelope(from: "support@desk.example", recipients: ["a@example.com", "b\"q@example.com"])
    let message = Array("Subject: Hi\r\n\r\nHello\r\n".utf8)

    func files(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    }

    @Test func eachMessageIsOneFileWithTheBytesAsSent() throws {
        let root = try TemporaryFolder.make("maildesk-file")
        let folder = root.appendingPathComponent("var/outbox").path
        let transport = FileTransport(folder: folder)
        let results = try transport.send(message, envelope: envelope)
        #expect(results.map(\.address) == envelope.recipients && results.allSatisfy(\.accepted))
        _ = try transport.send(message, envelope: envelope)
        let names = try files(folder)
        #expect(names.count == 2 && names.allSatisfy { $0.hasSuffix(".eml") }, "\(names)")
        for name in names {
            #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))) == message)
            let mode = try FileManager.default.attributesOfItem(atPath: folder + "/" + name)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
        let folderMode = try FileManager.default.attributesOfItem(atPath: folder)[.posixPermissions] as? Int
        #expect(folderMode == 0o700)
    }

    @Test func theEnvelopeIsWrittenBesideWhenAsked() throws {
        let folder = try TemporaryFolder.make("maildesk-file").path
        _ = try FileTransport(folder: folder, writesEnvelope: true).send(message, envelope: envelope)
        let names = try files(folder)
        #expect(names.count == 2, "\(names)")
        let json = try #require(names.first { $0.hasSuffix(".json") })
        #expect(names.contains(String(json.dropLast(5)) + ".eml"))
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/" + json)))
        let fields = try #require(object as? [String: Any])
        #expect(fields["mail_from"] as? String == envelope.from)
        #expect(fields["rcpt_tos"] as? [String] == envelope.recipients)
    }

    /// The hook runs once, when the message is written but not yet visible; withdrawn there, nothing is left
    /// (the envelope beside it goes too), and the failure says it was withdrawn.
    @Test func aMessageIsVisibleOnlyAfterTheHookAndWithdrawnLeavesNothing() throws {
        let folder = try TemporaryFolder.make("maildesk-file").path
        let transport = FileTransport(folder: folder, writesEnvelope: true)
        var seenDuringHook: [String] = []
        _ = try transport.send(
            message, envelope: envelope,
            beforeHandover: {
                seenDuringHook = (try? files(folder)) ?? []
                return true
            })
        #expect(seenDuringHook.filter { $0.hasSuffix(".eml") }.isEmpty, "\(seenDuringHook)")
        let kept = try files(folder)
        #expect(kept.count == 2, "\(kept)")
        #expect {
            _ = try transport.send(message, envelope: envelope, beforeHandover: { false })
        } throws: { error in
            (error as? SendFailure)?.withdrawn == true
        }
        #expect(try files(folder) == kept)
    }

    @Test func anUnwritableFolderIsATransientFailure() throws {
        let root = try TemporaryFolder.make("maildesk-file")
        let blocker = root.appendingPathComponent("outbox")
        try Data("not a folder".utf8).write(to: blocker)
        #expect {
            _ = try FileTransport(folder: blocker.path).send(message, envelope: envelope)
        } throws: { error in
            (error as? SendFailure)?.transient == true
        }
    }
}
