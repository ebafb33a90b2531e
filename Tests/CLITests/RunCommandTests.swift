import Foundation
import Testing

@Suite("maildesk run and the store commands")
struct RunCommandTests {
    func demoFolder() throws -> URL { try CLI.demoFolder() }

    @Test func theDemoIngestsOnceAndResets() throws {
        let root = try demoFolder()
        let first = try CLI.run(["run", "--once"], in: root)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("fetched 21, stored 21, duplicates 0"))
        let second = try CLI.run(["run", "--once", "--json"], in: root)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any])
        #expect(summary["stored"] as? Int == 0)
        #expect(summary["already_imported"] as? Int == 21)

        let threads = try #require(
            try JSONSerialization.jsonObject(
                with: Data(try CLI.run(["threads", "list", "--json"], in: root).stdout.utf8)) as? [[String: Any]])
        let wang = try #require(threads.first { $0["customer"] as? String == "xiaoming.wang@example.cn" })
        #expect(wang["messages"] as? Int == 2)  // the reply joined by References
        // By subject.
        #expect(threads.first { $0["customer"] as? String == "chen.jing@example.com.cn" }?["messages"] as? Int == 2)
        #expect(threads.filter { $0["subject"] as? String == "退货申请" }.count == 2)  // two customers, two threads

        let show = try CLI.run(["threads", "show", "\(wang["id"] as! Int)", "--json"], in: root)
        let detail = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        let messages = try #require(detail["messages"] as? [[String: Any]])
        #expect(messages.first?["message_id"] as? String == "202611200912451234567@example.cn")
        #expect((messages.first?["text"] as? String)?.contains("上海明远贸易有限公司") == true)

        // messages raw gives back the file byte for byte.
        let list = try #require(
            try JSONSerialization.jsonObject(
                with: Data(try CLI.run(["messages", "list", "--json", "--limit", "0"], in: root).stdout.utf8))
                as? [[String: Any]])
        let firstMessage = try #require(
            list.first { $0["message_id"] as? String == "202611200912451234567@example.cn" })
        let raw = try CLI.run(["messages", "raw", "\(firstMessage["id"] as! Int)"], in: root)
        let file = try Data(contentsOf: root.appendingPathComponent("mailboxes/demo/new/1763700000.M1P1.demo"))
        #expect(Data(raw.stdout.utf8) == file)

        let reset = try CLI.run(["demo", "reset"], in: root)
        #expect(reset.status == 0)
        #expect(try CLI.run(["run", "--once"], in: root).stdout.hasPrefix("fetched 21, stored 21"))
    }

    @Test func aTypoInAMailboxFileIsRefusedWithFileLineAndFix() throws {
        let folder = try GatewayFolder()
        try """
        name = "support"
        url = "maildir:Maildir"
        adress = "support@desk.example"
        """.write(to: folder.root.appendingPathComponent("mailboxes/support.toml"), atomically: true, encoding: .utf8)
        let result = try folder.run(["run", "--once"])
        #expect(result.status == 78)
        #expect(result.stderr.contains("mailboxes/support.toml:3: unknown key 'adress' — did you mean 'address'?"))
        #expect(!FileManager.default.fileExists(atPath: folder.root.appendingPathComponent("var/test.sqlite").path))
    }

    @Test func aMissingConfigFileSaysHowToFixIt() throws {
        let folder = try GatewayFolder()
        let result = try folder.run(["stats", "--config", "nowhere/maildesk.toml"])
        #expect(result.status == 78)
        #expect(result.stderr.contains("nowhere/maildesk.toml"))
    }

    @Test func quarantinedMailIsListedAndRetried() throws {
        let folder = try GatewayFolder()
        try Data().write(to: folder.maildir.appendingPathComponent("new/1.M1P1.empty"))
        try Data("From: a@example.com\r\nSubject: fine\r\n\r\nok\r\n".utf8).write(
            to: folder.maildir.appendingPathComponent("new/2.M2P1.ok"))
        let run = try folder.run(["run", "--once"])
        #expect(run.stdout.contains("quarantined 1"), "\(run.stdout)")
        let entries = try #require(try folder.json(["quarantine", "list"]) as? [[String: Any]])
        #expect(entries.count == 1)
        #expect((entries.first?["reason"] as? String)?.contains("empty input") == true)
        let retry = try folder.run(["quarantine", "retry", "\(entries[0]["id"] as! Int)"])
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(retry.stdout.contains("now quarantined"))
        let missing = try folder.run(["quarantine", "retry", "999"])
        #expect(missing.status == 65)
        #expect(missing.stderr.contains("no quarantine entry 999"))
    }
}
