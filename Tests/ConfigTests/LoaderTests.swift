import Config
import Foundation
import Testing

/// Loading real files: the shipped configuration, full and default settings, folders and cross-file checks.
@Suite struct LoaderTests {
    @Test func theShippedConfigurationLoads() throws {
        let configuration = try ConfigLoader.load(configPath: "config/maildesk.toml", workingDirectory: repositoryRoot)
        // Every key at its default, but the demo's sender and company name.
        var expected = GatewayConfig(file: "config/maildesk.toml")
        expected.smtp.from = "support@maildesk.example"
        expected.smtp.fromName = "Lumo Support"
        expected.outbound.companyName = "Lumo"
        expected.care.defaultTimezone = "Asia/Shanghai"
        #expect(configuration.gateway == expected)
        #expect(configuration.campaigns.map(\.name) == ["birthday", "spring_festival"])
        #expect(configuration.campaign(named: "spring_festival")?.occasion == .holiday("spring_festival"))
        #expect(
            configuration.mailboxes == [
                MailboxDefinition(
                    name: "demo", source: .maildir(path: "mailboxes/demo"), kind: .need,
                    address: "support@maildesk.example", afterImport: .keep, file: "mailboxes/demo.toml")
            ])
        #expect(configuration.messageIDDomain == "maildesk.example")
    }

    @Test func everyKeyIsRead() throws {
        let sandbox = Sandbox()
        sandbox.write(
            "etc/gw.toml",
            """
            mailboxes = "defs/"
            [store]
            path = "/srv/maildesk/db.sqlite"
            [threading]
            subject_window_days = 7
            secret_env = "DESK_KEY"
            domain = "desk.example.org"
            [parser]
            max_message_bytes = 1000
            max_depth = 5
            max_parts = 6
            max_header_fields = 7
            [run]
            interval = 5

            """)
        sandbox.write(
            "defs/b.toml",
            """
            name = "sales"
            url = "maildir:maildirs/sales"
            kind = "feedback"
            address = "sales+desk@example.com"
            after_import = "move:Archive"

            """)
        sandbox.write("defs/a.toml", "name = \"help\"\nurl = 'maildir:maildirs/help'\naddress = \"help@example.com\"\n")
        sandbox.write("defs/.a.toml.swp.toml", "broken = ")
        sandbox.write("defs/notes.txt", "not a definition")
        sandbox.makeMaildir("maildirs/sales")
        sandbox.makeMaildir("maildirs/help")

        let configuration = try sandbox.load("etc/gw.toml")
        #expect(
            configuration.gateway
                == GatewayConfig(
                    mailboxesDirectory: "defs/",
                    store: StoreSettings(path: "/srv/maildesk/db.sqlite"),
                    threading: ThreadingSettings(
                        subjectWindowDays: 7, secretEnv: "DESK_KEY", domain: "desk.example.org"),
                    parser: ParserSettings(maxMessageBytes: 1000, maxDepth: 5, maxParts: 6, maxHeaderFields: 7),
                    run: RunSettings(interval: 5),
                    file: "etc/gw.toml"))
        #expect(
            configuration.mailboxes == [
                MailboxDefinition(
                    name: "help", source: .maildir(path: "maildirs/help"), address: "help@example.com",
                    file: "defs/a.toml"),
                MailboxDefinition(
                    name: "sales", source: .maildir(path: "maildirs/sales"), kind: .feedback,
                    address: "sales+desk@example.com", afterImport: .move(folder: "Archive"), file: "defs/b.toml")
            ])
        #expect(configuration.messageIDDomain == "desk.example.org")
        #expect(configuration.mailbox(named: "sales")?.file == "defs/b.toml")
    }

    @Test func absentKeysTakeTheirDefaults() throws {
        let configuration = try Sandbox.make(config: "").load()
        #expect(configuration.gateway == GatewayConfig())
        #expect(
            configuration.gateway.parser
                == ParserSettings(
                    maxMessageBytes: 52_428_800, maxDepth: 64, maxParts: 2_000, maxHeaderFields: 2_000))
        #expect(configuration.gateway.threading.domain == nil)
        #expect(configuration.messageIDDomain == "example.com")
        #expect(configuration.mailboxes.map(\.kind) == [.need])
        #expect(configuration.mailboxes.map(\.afterImport) == [.seen])
    }

    @Test func anAbsoluteConfigPathIsNamedAsGiven() throws {
        let sandbox = Sandbox.make()
        let configuration = try sandbox.load(sandbox.root + "/config/maildesk.toml")
        #expect(configuration.gateway.file == sandbox.root + "/config/maildesk.toml")
    }

    @Test func resolvingPathsMakesThemAbsolute() throws {
        let sandbox = Sandbox.make()
        let resolved = try sandbox.load().resolvingPaths(against: sandbox.root)
        #expect(resolved.gateway.store.path == sandbox.root + "/var/maildesk.sqlite")
        #expect(resolved.gateway.mailboxesDirectory == sandbox.root + "/mailboxes")
        #expect(resolved.mailboxes.map(\.source) == [.maildir(path: sandbox.root + "/mailboxes/support")])
        #expect(resolved.mailboxes.map(\.file) == ["mailboxes/support.toml"])
    }

    @Test(arguments: [
        ("var/x.sqlite", "/srv", "/srv/var/x.sqlite"),
        ("./var//x.sqlite", "/srv/", "/srv/var/x.sqlite"),
        ("../data/x", "/srv/app", "/srv/data/x"),
        ("/abs/./x", "/srv", "/abs/x")
    ])
    func absolutePaths(_ path: String, _ workingDirectory: String, _ expected: String) {
        #expect(ConfigPaths.absolute(path, workingDirectory: workingDirectory) == expected)
    }

    @Test func theSecretComesFromTheNamedVariable() {
        let settings = ThreadingSettings(secretEnv: "DESK_KEY")
        #expect(settings.secret(in: ["DESK_KEY": "k"]) == "k")
        #expect(settings.secret(in: ["DESK_KEY": ""]) == nil)
        #expect(settings.secret(in: [:]) == nil)
    }

    @Test func aMissingConfigFileSaysHowToCreateIt() {
        let sandbox = Sandbox()
        #expect(
            sandbox.errorLines() == [
                "config/maildesk.toml: not found (create it, see config/maildesk.toml in the repository, or pass --config PATH)"
            ])
    }

    @Test func aMissingMailboxesFolderIsNamed() {
        let sandbox = Sandbox.make()
        sandbox.remove("mailboxes")
        #expect(
            sandbox.errorLines() == [
                "config/maildesk.toml: mailboxes folder mailboxes/ not found (relative to the working directory $ROOT)"
                    + " — create it with one *.toml per watched mailbox, or set mailboxes = \"PATH\" in config/maildesk.toml"
            ])
    }

    @Test func aMistypedMailboxesFolderPointsAtItsLine() {
        let sandbox = Sandbox.make(config: "# folder\nmailboxes = \"/nonexistent/mbx\"\n")
        #expect(
            sandbox.errorLines() == [
                "config/maildesk.toml:2: mailboxes folder /nonexistent/mbx/ not found — create it with one *.toml per"
                    + " watched mailbox, or set mailboxes = \"PATH\" in config/maildesk.toml"
            ])
    }

    @Test func anEmptyMailboxesFolderAsksForADefinition() {
        let sandbox = Sandbox.make()
        sandbox.remove("mailboxes/support.toml")
        #expect(
            sandbox.errorLines() == [
                "config/maildesk.toml: no mailbox definitions in mailboxes/ — add one, e.g. mailboxes/support.toml"
            ])
    }

    @Test func duplicateNamesNameBothFiles() {
        let sandbox = Sandbox.make()
        sandbox.write("mailboxes/zz.toml", "# copy\n" + Sandbox.validMailbox)
        #expect(
            sandbox.errorLines() == [
                "mailboxes/zz.toml:2: mailbox name 'support' is already used by mailboxes/support.toml:1 — names must be"
                    + " unique across files: rename one of them"
            ])
    }

    @Test func problemsFromEveryFileAreReportedTogether() {
        let sandbox = Sandbox.make(config: "[run]\ninterval = 0\n")
        sandbox.write("mailboxes/a.toml", "name = \"a\"\nurl = \"maildir:mailboxes/support\"\naddress = \"a\"\n")
        sandbox.write(
            "mailboxes/b.toml",
            "name = \"b\"\nurl = \"maildir:mailboxes/support\"\naddress = \"b@x.y\"\nkid = \"need\"\n")
        #expect(
            sandbox.errorLines() == [
                "config/maildesk.toml:2: 'interval' must be at least 1, got 0",
                "mailboxes/a.toml:3: 'address' must look like local@domain (e.g. address = \"support@example.com\"), got \"a\"",
                "mailboxes/b.toml:4: unknown key 'kid' — did you mean 'kind'?"
            ])
    }

    @Test func aFileThatIsNotUTF8IsNamed() {
        let sandbox = Sandbox.make()
        try! Data([0x6E, 0x61, 0x6D, 0x65, 0xFF, 0xFE]).write(
            to: URL(fileURLWithPath: sandbox.root + "/mailboxes/x.toml"))
        #expect(sandbox.errorLines() == ["mailboxes/x.toml: is not UTF-8 text (save it as UTF-8)"])
    }
}
