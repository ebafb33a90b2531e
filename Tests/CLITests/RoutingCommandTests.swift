import Foundation
import Testing

@Suite("threads, agents, customers and classify commands")
struct RoutingCommandTests {
    func demo() throws -> URL { try CLI.demoFolder() }

    func json(_ arguments: [String], in root: URL) throws -> Any {
        let result = try CLI.run(arguments, in: root)
        #expect(result.status == 0, "\(arguments): \(result.stderr)")
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    @Test func theDemoIsClassifiedAssignedFilteredAndCorrected() throws {
        let root = try demo()
        let run = try CLI.run(["run", "--once"], in: root)
        #expect(run.status == 0, "\(run.stderr)")
        // The demo's bounce, auto-reply and carrier newsletter are robots: filed, never classified.
        #expect(run.stdout.contains("robots 3 (bounces 1), classified 14"))

        let threads = try #require(
            try json(["threads", "list", "--json", "--limit", "0"], in: root) as? [[String: Any]])
        #expect(threads.count == 14)
        for thread in threads {
            for key in [
                "kind", "feedback_type", "category", "priority", "language", "assignee", "queue", "needs_review",
                "decided_by"
            ] {
                #expect(thread.keys.contains(key), "missing \(key)")
            }
            #expect(
                ["sales", "technical", "after_sales", "billing", "other"].contains(thread["category"] as? String ?? ""))
            #expect(["urgent", "high", "normal", "low"].contains(thread["priority"] as? String ?? ""))
        }
        // Every thread is either owned or waiting; the invoice mail went to billing by the shipped rule.
        let invoice = try #require(threads.first { ($0["subject"] as? String)?.contains("增值税专用发票") == true })
        #expect(invoice["category"] as? String == "billing")
        #expect((invoice["decided_by"] as? String)?.contains("rule:Invoice requests are billing") == true)
        let praise = try #require(threads.first { $0["subject"] as? String == "给安装师傅点个赞！" })
        #expect(praise["kind"] as? String == "feedback")
        #expect(praise["feedback_type"] as? String == "praise")

        for (filter, key, value) in [
            ("--category", "category", "billing"), ("--priority", "priority", "high"), ("--kind", "kind", "feedback")
        ] {
            let some = try #require(
                try json(["threads", "list", "--json", filter, value, "--limit", "0"], in: root) as? [[String: Any]])
            #expect(some.count == threads.filter { $0[key] as? String == value }.count)
            #expect(!some.isEmpty)
        }
        let unassigned = try #require(
            try json(["threads", "list", "--json", "--unassigned"], in: root) as? [[String: Any]])
        #expect(unassigned.count == threads.filter { $0["assignee"] is NSNull }.count)
        #expect(unassigned.allSatisfy { $0["assignee"] is NSNull })

        // agents list: the loads add up to the assigned threads.
        let agents = try #require(try json(["agents", "list", "--json"], in: root) as? [String: Any])
        let rows = try #require(agents["agents"] as? [[String: Any]])
        #expect(rows.map { $0["open"] as? Int ?? 0 }.reduce(0, +) == threads.count - unassigned.count)
        let human = try CLI.run(["agents"], in: root)
        #expect(human.stdout.contains("wang.fang@maildesk.example"))

        // A correction: recorded, shown in the history, used by training.
        let id = "\(praise["id"] as! Int)"
        let set = try CLI.run(
            ["threads", "set", id, "--category", "sales", "--assignee", "li.na@maildesk.example", "--actor", "lead"],
            in: root)
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("thread \(id): category: after_sales → sales") || set.stdout.contains("category:"))
        #expect(set.stdout.contains("assignee:"))
        let show = try CLI.run(["threads", "show", id, "--history"], in: root)
        #expect(show.stdout.contains("agent:lead"))
        #expect(show.stdout.contains("corrected"))
        #expect(show.stdout.contains("Owner: li.na@maildesk.example"))
        // Another thread resolved as it was classified: its labels are confirmed, and learned from too.
        let other = try #require(threads.first { ($0["id"] as? Int).map(String.init) != id })
        let resolved = try CLI.run(["threads", "set", "\(other["id"] as! Int)", "--status", "resolved"], in: root)
        #expect(resolved.status == 0, "\(resolved.stderr)")
        let train = try CLI.run(["classifier", "train"], in: root)
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stdout.contains("agents' threads: 1 corrected, 1 confirmed"), "\(train.stdout)")
        // The saved model is scored on what agents label after its training, corrected or confirmed.
        let before = try CLI.run(["classifier", "evaluate", "--corrections"], in: root)
        #expect(before.status == 0, "\(before.stderr)")
        #expect(before.stdout.contains("threads labelled since: 0 of 2"), "\(before.stdout)")
        #expect(before.stdout.contains("nothing to score yet"))
        let third = try #require(threads.first { ![id, "\(other["id"] as! Int)"].contains("\($0["id"] as! Int)") })
        let later = try CLI.run(["threads", "set", "\(third["id"] as! Int)", "--status", "resolved"], in: root)
        #expect(later.status == 0, "\(later.stderr)")
        let after = try CLI.run(["classifier", "evaluate", "--corrections"], in: root)
        #expect(after.stdout.contains("threads labelled since: 1 of 3 (0 corrected, 1 confirmed)"), "\(after.stdout)")
        #expect(after.stdout.contains("category"))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("var/classifier.json").path))

        // Mistakes are refused with the fix.
        let badCategory = try CLI.run(["threads", "set", id, "--category", "invoices"], in: root)
        #expect(badCategory.status == 65)
        #expect(
            badCategory.stderr.contains(
                "unknown category 'invoices' (the categories are sales, technical, after_sales, billing, other"))
        let badAgent = try CLI.run(["threads", "set", id, "--assignee", "nobody@example.com"], in: root)
        #expect(badAgent.status == 65)
        #expect(badAgent.stderr.contains("'nobody@example.com' is not an agent"))
        let nothing = try CLI.run(["threads", "set", id], in: root)
        #expect(nothing.status == 64)
        let badPriority = try CLI.run(["threads", "list", "--priority", "critical"], in: root)
        #expect(badPriority.status == 64)
        #expect(
            badPriority.stderr.contains(
                "'critical' is invalid for '--priority <priority>'. Please provide one of 'urgent', 'high', 'normal' or 'low'"
            ))
    }

    @Test func customerTagsAndClassifyDryRun() throws {
        let root = try demo()
        let tag = try CLI.run(["customers", "tag", "Boss@BigCorp.example", "vip", "partner"], in: root)
        #expect(tag.status == 0, "\(tag.stderr)")
        #expect(tag.stdout == "boss@bigcorp.example: tags vip, partner\n")
        let listed = try #require(
            try json(["customers", "list", "--tag", "vip", "--json"], in: root) as? [[String: Any]])
        #expect(listed.map { $0["address"] as? String } == ["boss@bigcorp.example"])
        let removed = try CLI.run(["customers", "tag", "--remove", "boss@bigcorp.example", "partner"], in: root)
        #expect(removed.stdout == "boss@bigcorp.example: tags vip\n")

        let message = """
            From: The Boss <boss@bigcorp.example>
            To: support@maildesk.example
            Subject: Which colours?
            Message-ID: <q1@bigcorp.example>

            Hello, which colours does the smart lock come in? Thanks.

            """.replacingOccurrences(of: "\n", with: "\r\n")
        let file = try CLI.temporaryFile(Array(message.utf8))
        let decided = try #require(try json(["classify", "--json", file.path], in: root) as? [String: Any])
        #expect(decided["priority"] as? String == "high")  // the store's vip tag
        let fields = try #require(decided["fields"] as? [String: [String: Any]])
        #expect((fields["priority"]?["decided_by"] as? String)?.contains("customer tagged vip") == true)
        let text = try CLI.run(["classify", file.path, "--mailbox", "demo"], in: root)
        #expect(text.stdout.contains("priority: high"))
        let wrong = try CLI.run(["classify", file.path, "--mailbox", "sales"], in: root)
        #expect(wrong.status == 65)
        #expect(wrong.stderr.contains("no mailbox named 'sales'"))
    }

    @Test func aBadRulesFileStopsEveryCommandWithFileLineAndFix() throws {
        let root = try demo()
        try "[[rule]]\nname = \"x\"\nsubject_contains = \"a\"\nset_priority = \"critical\"\n"
            .write(to: root.appendingPathComponent("config/rules.toml"), atomically: true, encoding: .utf8)
        let result = try CLI.run(["run", "--once"], in: root)
        #expect(result.status == 78)
        #expect(
            result.stderr.contains(
                "config/rules.toml:4: 'set_priority' must be one of \"urgent\", \"high\", \"normal\", \"low\", got \"critical\""
            ))
    }
}
