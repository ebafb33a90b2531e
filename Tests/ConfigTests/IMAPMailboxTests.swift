import Config
import Foundation
import Testing

/// IMAP mailbox definitions: each key's errors with the exact lines printed, and valid ones read back.
@Suite struct IMAPMailboxTests {
    typealias Case = MailboxErrorTests.Case

    /// A valid `imaps://` mailbox in lines 1–5; a tested key goes on line 6.
    static let imaps = """
        name = "support"
        url = "imaps://imap.example.com/INBOX"
        address = "support@example.com"
        user = "support@example.com"
        password_env = "MAILDESK_SUPPORT_PASSWORD"

        """
    /// The same with `imap://` (STARTTLS).
    static let imap = imaps.replacingOccurrences(of: "imaps://", with: "imap://")
    /// A valid Maildir mailbox in lines 1–3.
    static let maildir = "name = \"support\"\nurl = \"maildir:mailboxes/support\"\naddress = \"support@example.com\"\n"
    /// An IMAP mailbox with `url` on line 1 and nothing but the other required keys.
    static func withURL(_ url: String) -> String {
        "url = \"\(url)\"\n" + imaps.split(separator: "\n").filter { !$0.hasPrefix("url") }.joined(separator: "\n")
            + "\n"
    }

    static let missingUser =
        ": missing required key 'user' (the IMAP login, e.g. user = \"support@example.com\")"
    static let missingPasswordEnv =
        ": missing required key 'password_env' (the name of the environment variable "
        + "holding the IMAP password, e.g. password_env = \"MAILDESK_SUPPORT_PASSWORD\")"
    static let form = "imaps://HOST[:PORT]/MAILBOX, e.g. url = \"imaps://imap.example.com/INBOX\""
    static let credentials =
        ":1: 'url' must not contain a user name or password: write imaps://HOST/MAILBOX and set "
        + "user = \"LOGIN\" and password_env = \"VARIABLE\" (the environment variable holding the password); an @ in a "
        + "mailbox name is written %40"

    static let keyCases: [Case] = [
        // Keys of the other kind of mailbox, refused through the schema.
        Case(
            maildir + "user = \"support@example.com\"\npassword_env = \"X\"\n",
            ":4: 'user' is only for imap:// and imaps:// mailboxes — remove it from this maildir: mailbox",
            ":5: 'password_env' is only for imap:// and imaps:// mailboxes — remove it from this maildir: mailbox"),
        Case(
            maildir + "tls_verify = false\npoll_interval = 60\ntimeout = 5\n",
            ":4: 'tls_verify' is only for imap:// and imaps:// mailboxes — remove it from this maildir: mailbox",
            ":5: 'poll_interval' is only for imap:// and imaps:// mailboxes — remove it from this maildir: mailbox",
            ":6: 'timeout' is only for imap:// and imaps:// mailboxes — remove it from this maildir: mailbox"),
        Case(
            maildir + "starttls = \"required\"\n",
            ":4: 'starttls' is only for imap:// mailboxes — remove it from this maildir: mailbox"),
        Case(
            imaps + "starttls = \"required\"\n",
            ":6: 'starttls' is only for imap:// mailboxes — remove it: imaps:// is encrypted from the first byte"),
        Case(
            imaps + "password = \"hunter2\"\n",
            ":6: 'password': never write a password in this file — set password_env = \"VARIABLE\" and put the "
                + "password in that environment variable"),
        Case(imaps + "pasword_env = \"X\"\n", ":6: unknown key 'pasword_env' — did you mean 'password_env'?"),
        Case(imap + "startls = \"never\"\n", ":6: unknown key 'startls' — did you mean 'starttls'?"),
        Case(
            imaps + "host = \"imap.example.com\"\n",
            ":6: unknown key 'host' (valid keys here: name, url, kind, address, after_import, user, password_env, "
                + "tls_ca_file, tls_verify, allow_insecure, poll_interval, max_messages_per_poll, connect_timeout, timeout)"
        ),

        // user and password_env: required, and checked.
        Case(
            "name = \"support\"\nurl = \"imaps://imap.example.com/\"\naddress = \"support@example.com\"\n",
            missingUser, missingPasswordEnv),
        Case(
            "name = \"sales-eu\"\nurl = \"imap://imap.example.com/\"\naddress = \"support@example.com\"\nuser = \"s\"\n",
            ": missing required key 'password_env' (the name of the environment variable holding the IMAP password, "
                + "e.g. password_env = \"MAILDESK_SALES_EU_PASSWORD\")"),
        Case(
            imaps.replacingOccurrences(of: "user = \"support@example.com\"", with: "user = \"\""),
            ":4: 'user' must not be empty: write the IMAP login, e.g. user = \"support@example.com\""),
        Case(
            imaps.replacingOccurrences(of: "user = \"support@example.com\"", with: "user = 5"),
            ":4: 'user' must be a string, got an integer (put the value in quotes: user = \"5\")"),
        Case(
            imaps.replacingOccurrences(of: "user = \"support@example.com\"", with: "user = \" support\""),
            ":4: 'user' must not start or end with blanks"),
        Case(
            imaps.replacingOccurrences(of: "user = \"support@example.com\"", with: "user = \"a\\r\\nb\""),
            ":4: 'user' must not contain control characters"),
        Case(
            imaps.replacingOccurrences(of: "\"MAILDESK_SUPPORT_PASSWORD\"", with: "\"hunter2!\""),
            ":5: 'password_env' must be the name of an environment variable (letters, digits and _), e.g. "
                + "password_env = \"MAILDESK_SUPPORT_PASSWORD\" — put the secret itself in that variable, never in this file"
        ),
        Case(
            imaps.replacingOccurrences(of: "\"MAILDESK_SUPPORT_PASSWORD\"", with: "\"1PASS\""),
            ":5: 'password_env' must be the name of an environment variable (letters, digits and _), e.g. "
                + "password_env = \"MAILDESK_SUPPORT_PASSWORD\" — put the secret itself in that variable, never in this file"
        ),

        // TLS.
        Case(imaps + "tls_ca_file = \"\"\n", ":6: 'tls_ca_file' must not be empty"),
        Case(
            imaps + "tls_ca_file = \"~/ca.pem\"\n",
            ":6: 'tls_ca_file' starts with ~, which is not expanded here: write the full path (e.g. /home/you/…) or a "
                + "path relative to the working directory"),
        Case(
            imaps + "tls_ca_file = \"config/ca.pem\"\n",
            ":6: CA file config/ca.pem not found (relative to the working directory $ROOT) — give the PEM bundle of "
                + "the CA that signed the server's certificate, or remove tls_ca_file"),
        Case(
            imaps + "tls_ca_file = \"/nonexistent/ca.pem\"\n",
            ":6: CA file /nonexistent/ca.pem not found — give the PEM bundle of the CA that signed the server's "
                + "certificate, or remove tls_ca_file"),
        Case(
            imaps + "tls_ca_file = \"config\"\n",
            ":6: CA file config is a folder: give one PEM file holding the CA certificates"),
        Case(
            imaps + "tls_verify = \"false\"\n",
            ":6: 'tls_verify' must be true or false, got a string (remove the quotes: tls_verify = false)"),
        Case(
            imaps + "tls_verify = 0\n",
            ":6: 'tls_verify' must be true or false, got an integer (write tls_verify = false)"),
        Case(imaps + "tls_verify = \"no\"\n", ":6: 'tls_verify' must be true or false, got a string"),
        Case(
            imap + "starttls = \"require\"\n",
            ":6: 'starttls' must be \"required\", \"optional\" or \"never\" — did you mean \"required\"?"),
        Case(
            imap + "starttls = \"Never\"\n",
            ":6: 'starttls' must be \"required\", \"optional\" or \"never\" — did you mean \"never\"?"),
        Case(
            imap + "starttls = \"yes\"\n",
            ":6: 'starttls' must be \"required\", \"optional\" or \"never\" — did you mean \"required\"?"),
        Case(
            imap + "starttls = \"always\"\n",
            ":6: 'starttls' must be \"required\", \"optional\" or \"never\", got \"always\""),
        Case(
            imap + "starttls = true\n",
            ":6: 'starttls' must be \"required\", \"optional\" or \"never\", got a boolean (write starttls = "
                + "\"required\" to always encrypt)"),
        Case(
            imap + "starttls = \"never\"\ntls_verify = false\ntls_ca_file = \"config/maildesk.toml\"\n",
            ":7: 'tls_verify' has no effect with starttls = \"never\" (no TLS): remove it, or use starttls = \"required\"",
            ":8: 'tls_ca_file' has no effect with starttls = \"never\" (no TLS): remove it, or use starttls = \"required\""
        ),

        // Polling limits.
        Case(imaps + "poll_interval = 1\n", ":6: 'poll_interval' must be between 2 and 86400, got 1"),
        Case(imaps + "poll_interval = 86401\n", ":6: 'poll_interval' must be between 2 and 86400, got 86401"),
        Case(
            imaps + "poll_interval = \"60\"\n",
            ":6: 'poll_interval' must be an integer, got a string (remove the quotes: poll_interval = 60)"),
        Case(imaps + "poll_interval = 1.5\n", ":6: 'poll_interval' must be an integer, got a floating-point number"),
        Case(imaps + "max_messages_per_poll = 0\n", ":6: 'max_messages_per_poll' must be between 1 and 100000, got 0"),
        Case(
            imaps + "max_messages_per_poll = 100001\n",
            ":6: 'max_messages_per_poll' must be between 1 and 100000, got 100001"),
        Case(imaps + "connect_timeout = 0\n", ":6: 'connect_timeout' must be between 1 and 600, got 0"),
        Case(imaps + "connect_timeout = 601\n", ":6: 'connect_timeout' must be between 1 and 600, got 601"),
        Case(imaps + "timeout = 4\n", ":6: 'timeout' must be between 5 and 3600, got 4"),
        Case(imaps + "timeout = 3601\n", ":6: 'timeout' must be between 5 and 3600, got 3601"),
        Case(
            imaps + "timeout = 120.0\n",
            ":6: 'timeout' must be an integer, got a floating-point number (write it without a decimal point: timeout = 120)"
        )
    ]

    static let urlCases: [Case] = [
        Case(withURL("imaps://me:hunter2@imap.example.com/INBOX"), credentials),
        Case(withURL("imaps://support@example.com@imap.example.com/"), credentials),
        Case(withURL("imaps:imap.example.com/INBOX"), ":1: 'url' is " + form),
        Case(
            withURL("imaps:///INBOX"),
            ":1: 'url' needs a server name after imaps://, e.g. url = \"imaps://imap.example.com/INBOX\""),
        Case(
            withURL("imaps://"),
            ":1: 'url' needs a server name after imaps://, e.g. url = \"imaps://imap.example.com/INBOX\""),
        Case(
            withURL("imap://:143/INBOX"),
            ":1: 'url' needs a server name after imap://, e.g. url = \"imap://imap.example.com/INBOX\""),
        Case(
            withURL("imaps://imap.example.com:99999/INBOX"),
            ":1: 'url' port must be a number from 1 to 65535 (or left out, for 993), e.g. imaps://imap.example.com:993/INBOX"
        ),
        Case(
            withURL("imap://imap.example.com:/INBOX"),
            ":1: 'url' port must be a number from 1 to 65535 (or left out, for 143), e.g. imap://imap.example.com:143/INBOX"
        ),
        Case(
            withURL("imaps://imap.example.com:0"),
            ":1: 'url' port must be a number from 1 to 65535 (or left out, for 993), e.g. imaps://imap.example.com:993/INBOX"
        ),
        Case(
            withURL("imaps://me:hunter2/INBOX"),
            ":1: 'url' port must be a number from 1 to 65535 (or left out, for 993), e.g. imaps://imap.example.com:993/INBOX"
        ),
        Case(
            withURL("imaps://imap_example.com/"),
            ":1: 'url' has an invalid server name: use a host name like imap.example.com or an IP address"),
        Case(
            withURL("imaps://邮件.example.com/"),
            ":1: 'url' has an invalid server name: use a host name like imap.example.com or an IP address (write an "
                + "internationalized domain in its xn-- form)"),
        Case(
            withURL("imaps://2001:db8::1/"),
            ":1: 'url' has an invalid server name: use a host name like imap.example.com or an IP address (write an IPv6 "
                + "address in brackets, e.g. imaps://[2001:db8::1]/INBOX)"),
        Case(
            withURL("imaps://[::1/INBOX"),
            ":1: 'url' has an IPv6 address without its closing ], e.g. imaps://[::1]/INBOX"),
        Case(withURL("imaps://[mail]/INBOX"), ":1: 'url' has an invalid IPv6 address between [ and ]"),
        Case(withURL("imaps://[::1]x/INBOX"), ":1: 'url' is \(form), with an IPv6 address as [ADDRESS]"),
        Case(
            withURL("imaps://imap.example.com/INBOX?unseen"),
            ":1: 'url' must not have a ?query or #fragment: write \(form) (a ? or # in a mailbox name is written %3F or %23)"
        ),
        Case(
            withURL("imaps://imap.example.com/%E5%AE"),
            ":1: 'url' mailbox name is not UTF-8 once its %XX escapes are decoded (客服 is %E5%AE%A2%E6%9C%8D, or write "
                + "it as it is)"),
        Case(
            withURL("imaps://imap.example.com/50%"),
            ":1: 'url' mailbox name has a % not followed by two hexadecimal digits (write % itself as %25)"),
        Case(withURL("imaps://imap.example.com/a%0Db"), ":1: 'url' mailbox name must not contain control characters"),
        Case(
            withURL("imaps://imap.example.com/%2Fetc%2Fpasswd"),
            ":1: 'url' mailbox name must not start or end with / (or %2F)"),
        Case(withURL("imaps://imap.example.com/a\\tb"), ":1: 'url' must not contain control characters"),
        // The other keys are still checked when the URL is wrong, so every problem shows at once.
        Case(
            "url = \"imaps://me:hunter2@imap.example.com/\"\nname = \"support\"\naddress = \"support@example.com\"\n"
                + "poll_interval = 1\n",
            missingUser, missingPasswordEnv, credentials,
            ":4: 'poll_interval' must be between 2 and 86400, got 1")
    ]

    @Test(arguments: keyCases + urlCases)
    func reportsTheLineAndTheFix(_ c: Case) {
        let sandbox = Sandbox.make(mailbox: c.toml)
        #expect(sandbox.errorLines() == c.expected)
    }

    @Test func aPasswordWrittenInTheFileIsNeverEchoed() {
        for toml in [
            Self.imaps + "password = \"hunter2\"\n",
            Self.imaps.replacingOccurrences(of: "\"MAILDESK_SUPPORT_PASSWORD\"", with: "\"hunter2 !\"")
        ] {
            let lines = Sandbox.make(mailbox: toml).errorLines()
            #expect(lines.count == 1)
            #expect(!lines.joined().contains("hunter2"))
        }
    }

    @Test func everyKeyOfAnIMAPSMailboxIsRead() throws {
        let sandbox = Sandbox.make(
            mailbox: """
                name = "support"
                url = "imaps://imap.example.com:10993/%E5%AE%A2%E6%9C%8D"
                kind = "feedback"
                address = "support@example.com"
                after_import = "move:Archive"
                user = "support@example.com"
                password_env = "MAILDESK_SUPPORT_PASSWORD"
                tls_ca_file = "config/ca.pem"
                tls_verify = false
                allow_insecure = true
                poll_interval = 5
                max_messages_per_poll = 100000
                connect_timeout = 600
                timeout = 3600

                """)
        sandbox.write("config/ca.pem", "-----BEGIN CERTIFICATE-----\n")
        let settings = IMAPSettings(
            tls: true, host: "imap.example.com", port: 10993, mailbox: "客服", user: "support@example.com",
            passwordEnv: "MAILDESK_SUPPORT_PASSWORD", tlsCAFile: "config/ca.pem", tlsVerify: false,
            startTLS: .required, pollInterval: 5, maxMessagesPerPoll: 100_000, connectTimeout: 600, timeout: 3600)
        let configuration = try sandbox.load()
        #expect(
            configuration.mailboxes == [
                MailboxDefinition(
                    name: "support", source: .imap(settings), kind: .feedback, address: "support@example.com",
                    afterImport: .move(folder: "Archive"), file: "mailboxes/support.toml")
            ])
        #expect(settings.displayURL == "imaps://imap.example.com:10993/客服")

        let resolved = configuration.resolvingPaths(against: sandbox.root)
        var expected = settings
        expected.tlsCAFile = sandbox.root + "/config/ca.pem"
        #expect(resolved.mailboxes.map(\.source) == [.imap(expected)])
    }

    @Test func anIMAPMailboxTakesTheDefaults() throws {
        let configuration = try Sandbox.make(mailbox: Self.imap).load()
        let settings = IMAPSettings(
            tls: false, host: "imap.example.com", port: 143, mailbox: "INBOX", user: "support@example.com",
            passwordEnv: "MAILDESK_SUPPORT_PASSWORD", tlsCAFile: nil, tlsVerify: true, startTLS: .required,
            pollInterval: 10, maxMessagesPerPoll: 500, connectTimeout: 15, timeout: 120)
        #expect(configuration.mailboxes.map(\.source) == [.imap(settings)])
        #expect(configuration.mailboxes.map(\.kind) == [.need])
        #expect(configuration.mailboxes.map(\.afterImport) == [.seen])
        #expect(
            settings
                == IMAPSettings(
                    tls: false, host: "imap.example.com", user: "support@example.com",
                    passwordEnv: "MAILDESK_SUPPORT_PASSWORD"))
        #expect(settings.displayURL == "imap://imap.example.com:143/INBOX")
        // Nothing to resolve: no CA file.
        #expect(configuration.resolvingPaths(against: "/srv").mailboxes.map(\.source) == [.imap(settings)])
    }

    @Test(arguments: ["required", "optional", "never"])
    func starttlsIsRead(_ value: String) throws {
        let configuration = try Sandbox.make(mailbox: Self.imap + "starttls = \"\(value)\"\nallow_insecure = true\n")
            .load()
        guard case .imap(let settings)? = configuration.mailboxes.first?.source else {
            Issue.record("not an IMAP mailbox")
            return
        }
        #expect(settings.startTLS == StartTLS(rawValue: value))
        #expect(settings.tls == false)
    }

    /// URL → (host, port, mailbox, displayURL).
    @Test(arguments: [
        ("imaps://imap.example.com", "imap.example.com", 993, "INBOX", "imaps://imap.example.com:993/INBOX"),
        ("imaps://imap.example.com/", "imap.example.com", 993, "INBOX", "imaps://imap.example.com:993/INBOX"),
        ("imap://imap.example.com", "imap.example.com", 143, "INBOX", "imap://imap.example.com:143/INBOX"),
        ("imap://imap.example.com/", "imap.example.com", 143, "INBOX", "imap://imap.example.com:143/INBOX"),
        ("imap://localhost:1143/inbox", "localhost", 1143, "INBOX", "imap://localhost:1143/INBOX"),
        ("IMAPS://Mail.Example.COM/INBOX/", "Mail.Example.COM", 993, "INBOX", "imaps://Mail.Example.COM:993/INBOX"),
        ("imaps://127.0.0.1:993/%E5%AE%A2%E6%9C%8D", "127.0.0.1", 993, "客服", "imaps://127.0.0.1:993/客服"),
        (
            "imaps://imap.example.com/客服/2024", "imap.example.com", 993, "客服/2024",
            "imaps://imap.example.com:993/客服/2024"
        ),
        (
            "imaps://imap.example.com/Sent%20Items", "imap.example.com", 993, "Sent Items",
            "imaps://imap.example.com:993/Sent%20Items"
        ),
        (
            "imaps://imap.example.com/Sent Items", "imap.example.com", 993, "Sent Items",
            "imaps://imap.example.com:993/Sent%20Items"
        ),
        (
            "imaps://imap.example.com/a%40b%25c%3Fd%23e", "imap.example.com", 993, "a@b%c?d#e",
            "imaps://imap.example.com:993/a%40b%25c%3Fd%23e"
        ),
        (
            "imaps://imap.example.com/INBOX%2FArchive", "imap.example.com", 993, "INBOX/Archive",
            "imaps://imap.example.com:993/INBOX/Archive"
        ),
        ("imaps://[::1]:10993/INBOX", "::1", 10993, "INBOX", "imaps://[::1]:10993/INBOX"),
        ("imap://[2001:db8::1]", "2001:db8::1", 143, "INBOX", "imap://[2001:db8::1]:143/INBOX")
    ])
    func theURLIsTakenApart(_ url: String, _ host: String, _ port: Int, _ mailbox: String, _ display: String) throws {
        let configuration = try Sandbox.make(mailbox: Self.withURL(url)).load()
        guard case .imap(let settings)? = configuration.mailboxes.first?.source else {
            Issue.record("not an IMAP mailbox")
            return
        }
        #expect(settings.tls == url.lowercased().hasPrefix("imaps:"))
        #expect(settings.host == host)
        #expect(settings.port == port)
        #expect(settings.mailbox == mailbox)
        #expect(settings.displayURL == display)
        // The display URL reads back as the same mailbox.
        let again = try Sandbox.make(mailbox: Self.withURL(display)).load()
        #expect(again.mailboxes.map(\.source) == [.imap(settings)])
    }

    @Test func thePasswordComesFromTheNamedVariable() throws {
        let configuration = try Sandbox.make(mailbox: Self.imaps).load()
        guard case .imap(let settings)? = configuration.mailboxes.first?.source else {
            Issue.record("not an IMAP mailbox")
            return
        }
        #expect(configuration.password(for: settings, environment: ["MAILDESK_SUPPORT_PASSWORD": "s3cret"]) == "s3cret")
        #expect(configuration.password(for: settings, environment: ["MAILDESK_SUPPORT_PASSWORD": ""]) == nil)
        #expect(configuration.password(for: settings, environment: ["OTHER": "x"]) == nil)
    }

    @Test func maildirAndIMAPMailboxesLoadTogether() throws {
        let sandbox = Sandbox.make()
        sandbox.write("mailboxes/sales.toml", Self.imaps.replacingOccurrences(of: "\"support\"", with: "\"sales\""))
        let configuration = try sandbox.load()
        #expect(configuration.mailboxes.map(\.name) == ["sales", "support"])
        #expect(configuration.mailboxes.map(\.source.isIMAP) == [true, false])
    }
}

extension MailboxSource {
    fileprivate var isIMAP: Bool {
        if case .imap = self { return true }
        return false
    }
}
