import Foundation
import SMTP
import Testing

/// The send stage writes a message's result while the next message travels, and holds that message's end of data
/// until the write is done: `beforeHandover` is what holds it. Against the project's SMTP test server.
@Suite("SMTP: the moment of handover", .serialized)
struct SMTPHandoverTests {
    let envelope = Envelope(from: "support@desk.example", recipients: ["ann@example.com"])

    /// Message `n` with about `size` bytes of body in lines of 78.
    func message(_ n: Int, size: Int = 0) -> [UInt8] {
        let body = String(repeating: String(repeating: "x", count: 76) + "\r\n", count: size / 78)
        return Array("Message-ID: <h\(n)@desk.example>\r\nSubject: \(n)\r\n\r\n\(body)end\r\n".utf8)
    }

    func transport(_ server: SMTPTestServer) throws -> SMTPTransport {
        try SMTPTransport(SMTPServer(host: "127.0.0.1", port: server.port, implicitTLS: false, startTLS: .never))
    }

    func capturedIDs(_ server: SMTPTestServer) throws -> [String] {
        try server.captured().compactMap { mail in
            String(decoding: mail.bytes, as: UTF8.self).components(separatedBy: "\r\n")
                .first { $0.hasPrefix("Message-ID: ") }.map { String($0.dropFirst(12)) }
        }
    }

    /// The hook runs once per message, after the server's go-ahead for the data and before the message is
    /// complete there: nothing of it is captured while the hook runs, short or spanning many upload buffers.
    @Test func theHookRunsOnceBeforeTheServerHasTheMessage() throws {
        let server = try SMTPTestServer()
        let smtp = try transport(server)
        for (n, size) in [(1, 0), (2, 300_000), (3, 10)] {
            var calls = 0
            var capturedDuringHook = -1
            let results = try smtp.send(
                message(n, size: size), envelope: envelope,
                beforeHandover: {
                    calls += 1
                    capturedDuringHook = (try? server.captured().count) ?? -1
                    return true
                })
            #expect(results.map(\.accepted) == [true])
            #expect(calls == 1)
            #expect(capturedDuringHook == n - 1)
        }
        #expect(try capturedIDs(server) == ["<h1@desk.example>", "<h2@desk.example>", "<h3@desk.example>"])
    }

    /// Withdrawn at the hook: the server never takes the message, the failure says so, and the transport's next
    /// message goes out (on a new connection).
    @Test func aWithdrawnMessageNeverReachesTheServer() throws {
        let server = try SMTPTestServer()
        let smtp = try transport(server)
        _ = try smtp.send(message(1), envelope: envelope, beforeHandover: { true })
        #expect {
            _ = try smtp.send(message(2, size: 200_000), envelope: envelope, beforeHandover: { false })
        } throws: { error in
            (error as? SendFailure)?.withdrawn == true
        }
        _ = try smtp.send(message(3), envelope: envelope, beforeHandover: { true })
        #expect(try capturedIDs(server) == ["<h1@desk.example>", "<h3@desk.example>"])
    }

    /// A recipient refused before the data: the hook never runs (nothing to hold), and the failure is the server's.
    @Test func aRefusedRecipientNeverReachesTheHook() throws {
        let server = try SMTPTestServer()
        try server.control(["rcpt": ["ann@example.com": "550 5.1.1 No such user"]])
        let smtp = try transport(server)
        var calls = 0
        #expect {
            _ = try smtp.send(
                message(1), envelope: envelope,
                beforeHandover: {
                    calls += 1; return true
                })
        } throws: { error in
            (error as? SendFailure).map { !$0.withdrawn && $0.code == 550 } == true
        }
        #expect(calls == 0)
    }
}
