import Foundation
import TestSupport
import Testing

/// Agents' answers from the command line (`threads reply`, `threads note`, `demo agent-reply`) and the relay's
/// crash safety, with `maildesk run --once` sending to the scriptable SMTP server.
@Suite("agent replies from the command line", .serialized)
struct AgentReplyCommandTests {
    let outbound = OutboundMailTests()

    func threadWithQuestion(_ server: SMTPTestServer, count: Int = 1) throws -> GatewayFolder {
        let folder = try outbound.gateway(server)
        for i in 1...count {
            try outbound.deliver(
                folder,
                OutboundMailTests.customerMail(
                    from: "c\(i)@example.com", subject: "Lock question \(i)", id: "q\(i)@example.com",
                    body: "My L7 lock number \(i) beeps three times and stays locked. What should I do?"),
                name: String(format: "m%03d", i))
        }
        let run = try folder.run(["run", "--once"])
        #expect(run.status == 0, "\(run.stderr)")
        return folder
    }

    func sent(_ server: SMTPTestServer, to address: String) throws -> [String] {
        try server.captured().filter { $0.recipients == [address] }.map { String(decoding: $0.bytes, as: UTF8.self) }
    }

    @Test func replyAndNoteFromTheCommandLine() throws {
        let server = try SMTPTestServer()
        let folder = try threadWithQuestion(server)
        let answer = folder.root.appendingPathComponent("answer.txt")
        try "#priority high\nHello,\n\nhold the inner button for 10 seconds to reset the lock.\n"
            .write(to: answer, atomically: true, encoding: .utf8)
        let reply = try folder.run(["threads", "reply", "1", "--from", "Tom Baker", "--file", answer.path])
        #expect(reply.status == 0, "\(reply.stderr)")
        #expect(reply.stdout.contains("answer queued"))
        let note = folder.root.appendingPathComponent("note.txt")
        try "Customer sounded upset on the phone.\n".write(to: note, atomically: true, encoding: .utf8)
        let noted = try folder.run(["threads", "note", "1", "--from", "tom@desk.example", "--file", note.path])
        #expect(noted.status == 0, "\(noted.stderr)")
        #expect(noted.stdout.contains("note added"))
        #expect(try folder.run(["run", "--once"]).status == 0)

        let toCustomer = try sent(server, to: "c1@example.com")
        #expect(toCustomer.count == 2)  // the acknowledgement, then the answer; never the note
        let relayed = try #require(toCustomer.last)
        #expect(relayed.contains("X-Maildesk: answer"))
        #expect(!relayed.contains("upset"))
        let shown = try folder.json(["threads", "show", "1"]) as? [String: Any] ?? [:]
        let thread = shown["thread"] as? [String: Any] ?? [:]
        #expect(thread["priority"] as? String == "high")
        #expect(thread["status"] as? String == "pending")
        let messages = shown["messages"] as? [[String: Any]] ?? []
        #expect(
            messages.contains {
                ($0["internal"] as? Bool) == true && ($0["text"] as? String)?.contains("upset") == true
            })
        #expect(
            messages.contains {
                $0["direction"] as? String == "out" && ($0["text"] as? String)?.contains("inner button") == true
            })

        // What cannot be done says what, where and how to fix, with a non-zero status.
        let noThread = try folder.run(["threads", "reply", "99", "--from", "tom@desk.example", "--file", answer.path])
        #expect(noThread.status == 65)
        #expect(noThread.stderr.contains("no thread 99"))
        let noAgent = try folder.run(["threads", "reply", "1", "--from", "nobody@desk.example", "--file", answer.path])
        #expect(noAgent.status == 65)
        #expect(noAgent.stderr.contains("no agent 'nobody@desk.example'"))
        let bad = folder.root.appendingPathComponent("bad.txt")
        try "#priority asap\nSoon.\n".write(to: bad, atomically: true, encoding: .utf8)
        let refused = try folder.run(["threads", "reply", "1", "--from", "tom@desk.example", "--file", bad.path])
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("nothing was relayed"))
        let missing = try folder.run(["threads", "reply", "1", "--from", "tom@desk.example", "--file", "nope.txt"])
        #expect(missing.status == 66)
    }

    @Test func theDemoAgentReplyIsRelayedByTheNextPass() throws {
        let server = try SMTPTestServer()
        let folder = try threadWithQuestion(server)
        let wrote = try folder.run(["demo", "agent-reply", "1", "--text", "Hello,\\n\\nplease replace the batteries."])
        #expect(wrote.status == 0, "\(wrote.stderr)")
        #expect(wrote.stdout.contains("from tom@desk.example to support+a1-"))
        let run = try folder.run(["run", "--once"])
        #expect(run.stdout.contains("agent answers 1"), "\(run.stdout)")
        let relayed = try #require(try sent(server, to: "c1@example.com").last)
        #expect(relayed.contains("X-Maildesk: answer"))
        #expect(!relayed.contains("Ticket:"))
        // Someone who is not the notified agent, with the notification's token: not relayed, nobody is told.
        let spoof = try folder.run(["demo", "agent-reply", "1", "--from", "mallory@evil.example", "--text", "Pay here."]
        )
        #expect(spoof.status == 0)
        #expect(try folder.run(["run", "--once"]).status == 0)
        #expect(try sent(server, to: "c1@example.com").count == 2)
        #expect(try server.captured().allSatisfy { !String(decoding: $0.bytes, as: UTF8.self).contains("Pay here") })
        let reset = try folder.run(["demo", "reset"])
        #expect(reset.status == 0)
        let left = try FileManager.default.contentsOfDirectory(
            atPath: folder.maildir.appendingPathComponent("new").path)
        #expect(!left.contains { $0.hasPrefix("demo-agent-reply-") })
    }

    /// kill -9 between the relay's commit and the send (and during sends): every answer is sent, at most one
    /// duplicate per kill, and each agent's mail is relayed once.
    @Test func killedBetweenTheRelayAndTheSendNothingIsLost() throws {
        let server = try SMTPTestServer()
        try server.control(["data_delay": 0.05])
        let threads = 8
        let folder = try threadWithQuestion(server, count: threads)
        for thread in 1...threads {
            let wrote = try folder.run([
                "demo", "agent-reply", "\(thread)", "--text", "Answer \(thread): replace the batteries."
            ])
            #expect(wrote.status == 0, "\(wrote.stderr)")
        }
        let store = folder.root.appendingPathComponent("var/test.sqlite")
        let answers = "SELECT count(*) FROM outbox WHERE purpose = 'reply'"
        let sentAnswers = "SELECT count(*) FROM outbox WHERE purpose = 'reply' AND state = 'sent'"
        var kills = 0
        for _ in 0..<6 {
            let relayed = StoreProbe.count(store, answers), sent = StoreProbe.count(store, sentAnswers)
            if sent == threads { break }
            let process = try folder.start(["run", "--once"])
            // The first relay committed (before any send of it), or one more answer sent.
            StoreProbe.wait(for: process) {
                relayed < threads
                    ? StoreProbe.count(store, answers) > relayed : StoreProbe.count(store, sentAnswers) > sent
            }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            ChildProcess.wait(for: process)
        }
        for _ in 0..<3 where StoreProbe.count(store, sentAnswers) < threads { _ = try folder.run(["run", "--once"]) }
        #expect(StoreProbe.count(store, answers) == threads)  // each agent mail relayed exactly once
        #expect(StoreProbe.count(store, sentAnswers) == threads)
        var copies: [String: Int] = [:]
        for mail in try server.captured() {
            let text = String(decoding: mail.bytes, as: UTF8.self)
            guard text.contains("X-Maildesk: answer") else { continue }
            copies[mail.recipients.joined(), default: 0] += 1
        }
        #expect(copies.count == threads)
        let duplicates = copies.values.reduce(0) { $0 + $1 - 1 }
        #expect(duplicates <= kills, "\(duplicates) duplicates for \(kills) kills")
    }
}
