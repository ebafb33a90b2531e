import Foundation
import TestSupport
import Glibc
import Testing

@Suite("holidays, customers and campaign commands")
struct CareCommandTests {
    @Test func holidaysListsTheYearWithIdsNamesAndKinds() throws {
        let result = try CLI.run(["holidays", "--year", "2027"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("2027-02-06  spring_festival"))
        #expect(result.stdout.contains("lunar"))
        #expect(result.stdout.contains("Spring Festival / 春节 / 春節"))

        let json = try CLI.run(["holidays", "--year", "2027", "--json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let qingming = try #require(list.first { $0["id"] as? String == "qingming" })
        #expect(qingming["kind"] as? String == "solar_term")
        #expect(qingming["date"] as? String == "2027-04-05")
        #expect((qingming["name"] as? [String: String])?["zh-Hant"] == "清明節")
        #expect(list.contains { $0["id"] as? String == "christmas" && $0["kind"] as? String == "fixed" })
        #expect(list.contains { $0["id"] as? String == "thanksgiving" && $0["kind"] as? String == "rule" })

        let bad = try CLI.run(["holidays", "--year", "1800"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("1901-2100"))
    }

    /// `config/occasions.toml`: a custom occasion is listed, dated and greeted like a built-in holiday, an
    /// override moves a holiday in one year, and a mistake stops the command at its line.
    @Test func customOccasionsAndOverridesReachHolidaysAndCampaigns() throws {
        let root = try CLI.demoFolder()
        func run(_ arguments: [String]) throws -> CLI.Result { try CLI.run(arguments, in: root) }
        let occasions = root.appendingPathComponent("config/occasions.toml")
        try """
        [[occasion]]
        id = "anniversary"
        name = { en = "Our anniversary", zh = "周年庆", zh-Hant = "週年慶" }
        date = "06-18"

        [[override]]
        occasion = "spring_festival"
        year = 2027
        date = 2027-02-05
        """.write(to: occasions, atomically: true, encoding: .utf8)
        try """
        name = "anniversary"
        occasion = "anniversary"
        template = "care_spring_festival"
        """.write(
            to: root.appendingPathComponent("config/campaigns/anniversary.toml"), atomically: true, encoding: .utf8)
        try """
        email,name,timezone,language
        ming@example.cn,王小明,Asia/Shanghai,zh
        """.write(to: root.appendingPathComponent("customers.csv"), atomically: true, encoding: .utf8)
        #expect(try run(["customers", "import", "customers.csv"]).status == 0)

        let list = try run(["holidays", "--year", "2027"])
        #expect(list.status == 0, "\(list.stderr)")
        #expect(list.stdout.contains("2027-06-18  anniversary"), "\(list.stdout)")
        #expect(list.stdout.contains("Our anniversary / 周年庆 / 週年慶"))
        #expect(list.stdout.contains("2027-02-05  spring_festival"))
        #expect(try run(["holidays", "--year", "2028"]).stdout.contains("2028-01-26  spring_festival"))

        let festival = try run([
            "campaign", "dry-run", "spring_festival", "--from", "2027-02-01", "--to", "2027-02-10", "--json"
        ])
        let festivalPlan = try #require(
            try JSONSerialization.jsonObject(with: Data(festival.stdout.utf8)) as? [[String: Any]])
        #expect(festivalPlan.map { $0["due_utc"] as? String } == ["2027-02-05T01:00:00Z"], "\(festival.stdout)")
        let anniversary = try run([
            "campaign", "dry-run", "anniversary", "--from", "2027-01-01", "--to", "2027-12-31", "--json"
        ])
        let plan = try #require(
            try JSONSerialization.jsonObject(with: Data(anniversary.stdout.utf8)) as? [[String: Any]])
        #expect(plan.map { $0["due_utc"] as? String } == ["2027-06-18T01:00:00Z"], "\(anniversary.stdout)")
        #expect(plan.first?["template"] as? String == "zh/care_spring_festival", "\(anniversary.stdout)")
        let sent = try run(["care", "run", "--now", "2027-06-18T01:30:00Z"])
        #expect(sent.stdout.contains("care: queued 1, skipped 0"), "\(sent.stdout)")

        try "[[occasion]]\nid = \"christmas\"\ndate = \"12-24\"\n".write(
            to: occasions, atomically: true, encoding: .utf8)
        let bad = try run(["holidays", "--year", "2027"])
        #expect(bad.status == 78, "\(bad.stdout)")
        #expect(
            bad.stderr.contains("config/occasions.toml:2: occasion id 'christmas' is already a built-in holiday"),
            "\(bad.stderr)")
    }

    static let customersCSV = """
        email,name,birthday,timezone,language,tags,opt_out,member_since
        Ann@Example.com,Ann Lee,1992-02-29,America/New_York,en,vip;newsletter,no,2019
        li@example.cn,李雷,lunar:08-15,Asia/Shanghai,zh,,,2021
        not-an-address,Nobody,,,,,,
        tz@example.com,Tom,,Europe/Berlln,,,,

        """

    @Test func importReportsBadRowsDryRunWritesNothingAndReimportChangesNothing() throws {
        let folder = try GatewayFolder()
        let file = folder.root.appendingPathComponent("customers.csv")
        try Self.customersCSV.write(to: file, atomically: true, encoding: .utf8)

        let dry = try folder.run(["customers", "import", "customers.csv", "--dry-run"])
        #expect(dry.status == 65)
        #expect(
            dry.stdout.contains("dry run: would create 2, would update 0, unchanged 0, bad rows 2"), "\(dry.stdout)")
        #expect(dry.stderr.contains("customers.csv:4: 'not-an-address' is not an email address"))
        #expect(
            dry.stderr.contains("customers.csv:5: unknown time zone 'Europe/Berlln' — did you mean 'Europe/Berlin'?"))
        #expect(try folder.run(["customers", "show", "ann@example.com"]).status == 65)

        let first = try folder.run(["customers", "import", "customers.csv"])
        #expect(first.status == 65)
        #expect(first.stdout.contains("created 2, updated 0, unchanged 0, bad rows 2"), "\(first.stdout)")
        let again = try folder.run(["customers", "import", "customers.csv"])
        #expect(again.stdout.contains("created 0, updated 0, unchanged 2, bad rows 2"), "\(again.stdout)")

        let ann = try #require(try folder.json(["customers", "show", "ANN@example.com"]) as? [String: Any])
        #expect(ann["birthday"] as? String == "1992-02-29")
        #expect(ann["timezone"] as? String == "America/New_York")
        #expect(ann["tags"] as? [String] == ["vip", "newsletter"])
        #expect((ann["attributes"] as? [String: String])?["member_since"] == "2019")

        let set = try folder.run(["customers", "set", "ann@example.com", "timezone=Europe/Berlin", "opt_out=yes"])
        #expect(set.status == 0, "\(set.stderr)")
        #expect(set.stdout.contains("timezone Europe/Berlin"))
        #expect(set.stdout.contains("opted out"))
        let badSet = try folder.run(["customers", "set", "ann@example.com", "birthday=13-01"])
        #expect(badSet.status == 64)
        #expect(badSet.stderr.contains("month 13"))

        // The opt-out and the changed zone survive a re-import of the old file: only what the file adds changes.
        let third = try folder.run(["customers", "import", "customers.csv"])
        #expect(third.stdout.contains("updated 1"), "\(third.stdout)")
        let export = try folder.run(["customers", "export"])
        #expect(export.status == 0)
        let lines = export.stdout.split(separator: "\n")
        #expect(lines.first == "email,name,birthday,timezone,language,tags,opt_out,member_since")
        #expect(lines.contains("ann@example.com,Ann Lee,1992-02-29,America/New_York,en,vip;newsletter,true,2019"))
        #expect(lines.contains("li@example.cn,李雷,lunar:08-15,Asia/Shanghai,zh,,false,2021"))

        // The export imports back without a change.
        try export.stdout.write(to: folder.root.appendingPathComponent("export.csv"), atomically: true, encoding: .utf8)
        let round = try folder.run(["customers", "import", "export.csv"])
        #expect(round.status == 0, "\(round.stderr)")
        #expect(round.stdout.contains("created 0, updated 0, unchanged 2"), "\(round.stdout)")

        let forget = try folder.run(["customers", "forget", "li@example.cn"])
        #expect(forget.status == 0, "\(forget.stderr)")
        #expect(try folder.run(["customers", "show", "li@example.cn"]).status == 65)
        #expect(!(try folder.run(["customers", "export"]).stdout.contains("李雷")))
    }

    /// On a terminal (here a pseudo-terminal from script(1)) the import shows its progress on one line; in a
    /// pipe it prints only the result.
    @Test func importShowsProgressOnATerminalOnly() throws {
        let folder = try GatewayFolder()
        let csv = folder.root.appendingPathComponent("many.csv")
        try ("email,name\n" + (0..<2_500).map { "c\($0)@example.com,Customer \($0)\n" }.joined())
            .write(to: csv, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", "'\(CLI.binary.path)' customers import '\(csv.path)'", "/dev/null"]
        process.currentDirectoryURL = folder.root
        let output = ChildProcess.pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try ChildProcess.launch(process)
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        ChildProcess.wait(for: process)
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("\rimport: 1000/2500 rows") && text.contains("\rimport: 2500/2500 rows"), "\(text)")
        #expect(text.contains("created 2500, updated 0, unchanged 0, bad rows 0"))
        let piped = try folder.run(["customers", "import", csv.path])
        #expect(!piped.stderr.contains("import:") && piped.stdout.contains("unchanged 2500"))
    }

    @Test func aFileThatIsNotACustomerListIsRefusedWithTheFix() throws {
        let folder = try GatewayFolder()
        try "name,birthday\nAnn,01-01\n".write(
            to: folder.root.appendingPathComponent("x.csv"), atomically: true, encoding: .utf8)
        let result = try folder.run(["customers", "import", "x.csv"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("no 'email' column"))
        let missing = try folder.run(["customers", "import", "nope.csv"])
        #expect(missing.status == 66)
    }

    @Test func campaignsPreviewDryRunCareRunPauseAndReportWork() throws {
        let root = try CLI.demoFolder()
        func run(_ arguments: [String]) throws -> CLI.Result { try CLI.run(arguments, in: root) }
        try """
        email,name,birthday,timezone,language
        ming@example.cn,王小明,lunar:01-02,Asia/Shanghai,zh
        anna@example.de,Anna Schmidt,1990-03-01,Europe/Berlin,en
        """.write(to: root.appendingPathComponent("customers.csv"), atomically: true, encoding: .utf8)
        #expect(try run(["customers", "import", "customers.csv"]).status == 0)

        let list = try run(["campaigns"])
        #expect(list.stdout.contains("spring_festival     active"), "\(list.stdout)")
        #expect(list.stdout.contains("birthday            active"))

        let preview = try run([
            "campaign", "preview", "spring_festival", "--customer", "ming@example.cn", "--now", "2027-01-20T00:00:00Z"
        ])
        #expect(preview.status == 0, "\(preview.stderr)")
        #expect(
            preview.stdout.contains(
                "due 2027-02-06T01:00:00Z (2027-02-06 09:00 +08:00 Asia/Shanghai), template zh/care_spring_festival"))
        #expect(preview.stdout.contains("Lumo恭祝您春节快乐"))
        #expect(preview.stdout.contains("王小明，您好！"))
        let noCustomer = try run(["campaign", "preview", "birthday", "--customer", "nobody@example.com"])
        #expect(noCustomer.status == 65)
        #expect(noCustomer.stderr.contains("no customer nobody@example.com"))
        let typo = try run(["campaign", "report", "birthdy"])
        #expect(typo.status == 65)
        #expect(typo.stderr.contains("did you mean 'birthday'?"))

        let dry = try run([
            "campaign", "dry-run", "spring_festival", "--from", "2027-02-01", "--to", "2027-02-10", "--json"
        ])
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(dry.stdout.utf8)) as? [[String: Any]])
        #expect(plan.map { $0["customer"] as? String } == ["ming@example.cn", "anna@example.de"])
        #expect(plan.map { $0["due_utc"] as? String } == ["2027-02-06T01:00:00Z", "2027-02-06T08:00:00Z"])
        #expect(plan.last?["local_time"] as? String == "2027-02-06 09:00 +01:00")
        #expect(plan.allSatisfy { $0["action"] as? String == "send" })
        let badDates = try run(["campaign", "dry-run", "spring_festival", "--from", "2027-02-10", "--to", "2027-02-01"])
        #expect(badDates.status == 64)

        // First sight, then the festival in Shanghai; running again at the same moment sends nothing more.
        #expect(try run(["care", "run", "--now", "2027-02-01T00:00:00Z"]).stdout.contains("care: queued 0, skipped 0"))
        let festival = try run(["care", "run", "--now", "2027-02-06T01:30:00Z"])
        #expect(festival.status == 0, "\(festival.stderr)")
        #expect(festival.stdout.contains("care: queued 1, skipped 0; mail sent 1"), "\(festival.stdout)")
        #expect(
            try run(["care", "run", "--now", "2027-02-06T01:30:00Z"]).stdout.contains(
                "care: queued 0, skipped 0; mail sent 0"))

        #expect(try run(["campaign", "pause", "spring_festival"]).stdout.contains("campaign spring_festival: paused"))
        #expect(try run(["care", "run", "--now", "2027-02-06T08:30:00Z"]).stdout.contains("queued 0"))
        #expect(try run(["campaign", "resume", "spring_festival"]).status == 0)
        // Anna's greeting is now 22 hours late: skipped with the reason; Ming's lunar birthday (正月初二) is due.
        let late = try run(["care", "run", "--now", "2027-02-07T06:00:00Z"])
        #expect(late.stdout.contains("care: queued 1, skipped 1"), "\(late.stdout)")
        let report = try run(["campaign", "report", "spring_festival"])
        #expect(
            report.stdout.contains(
                "campaign spring_festival (active): sent 1, waiting in the outbox 0, failed 0, skipped 1"),
            "\(report.stdout)")
        #expect(report.stdout.contains("skipped 1: too late (catch_up_hours)"))
        #expect(try run(["campaign", "cancel", "spring_festival"]).status == 0)
        let resume = try run(["campaign", "resume", "spring_festival"])
        #expect(resume.status == 65)
        #expect(resume.stderr.contains("stays cancelled"))
    }

    /// `care run` killed with SIGKILL in the middle of a campaign, five times, then run to the end: every
    /// customer has exactly one greeting and one outbox row, and the outbox holds no mail twice.
    @Test func sigkillDuringCareRunNeverGreetsTwice() throws {
        let folder = try GatewayFolder.withSpringFestivalCampaign(
            config: GatewayFolder.quiet + "[care]\ndefault_timezone = \"Asia/Shanghai\"\n")
        let customers = 1_500
        try ("email,name\n" + (0..<customers).map { "c\($0)@example.com,Customer \($0)\n" }.joined())
            .write(to: folder.root.appendingPathComponent("c.csv"), atomically: true, encoding: .utf8)
        #expect(try folder.run(["customers", "import", "c.csv"]).status == 0)
        #expect(try folder.run(["care", "run", "--no-send", "--now", "2027-02-01T00:00:00Z"]).status == 0)
        let store = folder.root.appendingPathComponent("var/test.sqlite")
        for _ in 0..<5 {
            let before = StoreProbe.count(store, "SELECT count(*) FROM greeting")
            let process = try folder.start(["care", "run", "--no-send", "--now", "2027-02-06T01:30:00Z"])
            StoreProbe.wait(for: process) { StoreProbe.count(store, "SELECT count(*) FROM greeting") >= before + 100 }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            ChildProcess.wait(for: process)
        }
        #expect(StoreProbe.count(store, "SELECT count(*) FROM greeting") < customers)  // the kills interrupted work
        let last = try folder.run(["care", "run", "--no-send", "--now", "2027-02-06T01:30:00Z"])
        #expect(last.status == 0, "\(last.stderr)")
        #expect(StoreProbe.count(store, "SELECT count(*) FROM greeting WHERE state = 'queued'") == customers)
        #expect(StoreProbe.count(store, "SELECT count(*) FROM outbox WHERE purpose = 'care'") == customers)
        #expect(
            StoreProbe.count(store, "SELECT count(DISTINCT to_address) FROM outbox WHERE purpose = 'care'") == customers
        )
        #expect(
            StoreProbe.count(
                store, "SELECT count(*) FROM greeting g LEFT JOIN outbox o ON o.id = g.outbox_id WHERE o.id IS NULL")
                == 0)
    }
}
