import Testing

@testable import Config

/// Each key's declared default is the settings' built-in default: `key = <declared default>` alone in its table
/// reads without a problem to the same settings as an empty file.
@Suite("declared defaults are the built-in defaults")
struct DeclaredDefaultsTests {
    static let file = "defaults.toml"

    @Test func gatewayKeys() throws {
        var tables = GatewaySchema.sections.sorted { $0.key < $1.key }.map { (section: $0.key, keys: $0.value) }
        tables.insert(("", GatewayConfig.Keys.all), at: 0)
        var problems: [String] = []
        for (section, keys) in tables {
            for key in keys {
                guard let literal = key.defaultLiteral else { continue }
                let (context, expected) = Self.gatewayContext(section: section, key: key.name)
                let header = section.isEmpty ? "" : "[\(section)]\n"
                let text = header + context + "\(key.name) = \(literal)\n"
                let document = try TOMLDocument.parse(text, file: Self.file).get()
                let log = Diagnostics()
                let config = GatewayConfigReader.read(document, log: log).config
                if !log.errors.isEmpty || config != expected {
                    problems.append("[\(section)] \(key.name) = \(literal): " + Self.outcome(log))
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "; "))")
    }

    /// What a table needs besides the key under test, and the settings expected with it.
    static func gatewayContext(section: String, key: String) -> (String, GatewayConfig) {
        switch section {
        case "smtp" where key != SMTPSettings.Keys.url.name:
            // The connection keys are refused with the file: transport.
            let smtp = SMTPSettings(
                url: "smtp://mail.example.com", transport: .smtp(tls: false, host: "mail.example.com", port: 587),
                from: "support@example.com")
            return (
                "url = \"smtp://mail.example.com\"\nfrom = \"support@example.com\"\n",
                GatewayConfig(smtp: smtp, file: file)
            )
        case "http":
            // The section turns the listener on, and needs where.
            return ("listen = \"127.0.0.1:9425\"\n", GatewayConfig(http: HTTPSettings(), file: file))
        default:
            return ("", GatewayConfig(file: file))
        }
    }

    @Test func mailboxKeys() throws {
        let common = "name = \"support\"\naddress = \"support@example.com\"\n"
        let maildir = MailboxDefinition(
            name: "support", source: .maildir(path: "mailboxes/support"), address: "support@example.com",
            file: Self.file)
        let imap = MailboxDefinition(
            name: "support",
            source: .imap(
                IMAPSettings(
                    tls: false, host: "mail.example.com", user: "support@example.com",
                    passwordEnv: "MAILDESK_SUPPORT_PASSWORD")),
            address: "support@example.com", file: Self.file)
        let sources = [
            (MailboxDefinition.Keys.all, "url = \"maildir:mailboxes/support\"\n", maildir),
            (
                IMAPSettings.Keys.all,
                "url = \"imap://mail.example.com/INBOX\"\nuser = \"support@example.com\"\n"
                    + "password_env = \"MAILDESK_SUPPORT_PASSWORD\"\n", imap
            )
        ]
        var problems: [String] = []
        for (keys, context, expected) in sources {
            for key in keys {
                guard let literal = key.defaultLiteral else { continue }
                let text = common + context + "\(key.name) = \(literal)\n"
                let document = try TOMLDocument.parse(text, file: Self.file).get()
                let log = Diagnostics()
                let definition = MailboxReader.read(document, log: log)
                if !log.errors.isEmpty || definition != expected {
                    problems.append("\(key.name) = \(literal): " + Self.outcome(log))
                }
            }
        }
        #expect(problems.isEmpty, "\(problems.joined(separator: "; "))")
    }

    /// The problems recorded, or that none was and the value still differs from the built-in default.
    static func outcome(_ log: Diagnostics) -> String {
        log.errors.isEmpty
            ? "reads to settings other than the built-in defaults"
            : log.errors.map(\.description).joined(separator: ", ")
    }

    /// Each table's keys have distinct names and a one-line doc.
    @Test func declarationsAreComplete() {
        var tables = GatewaySchema.sections
        tables[""] = GatewayConfig.Keys.all
        tables["mailbox"] = MailboxDefinition.Keys.all + IMAPSettings.Keys.all
        for (section, keys) in tables {
            #expect(Set(keys.map(\.name)).count == keys.count, "[\(section)] declares a key twice")
            for key in keys {
                #expect(!key.doc.isEmpty && !key.doc.contains("\n"), "[\(section)] \(key.name): one line of doc")
            }
        }
    }
}
