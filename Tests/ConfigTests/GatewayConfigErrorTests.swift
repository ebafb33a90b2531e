import Config
import Testing

/// Bad `config/maildesk.toml` contents, each with the exact lines the loader must print.
@Suite struct GatewayConfigErrorTests {
    typealias Case = ErrorCase<ConfigFileCase>

    static let cases: [Case] = [
        Case("[stor]\npath = \"x.sqlite\"\n", "1: unknown table [stor] — did you mean [store]?"),
        Case("[Parser]\n", "1: unknown table [Parser] — did you mean [parser]?"),
        Case("[parser]\nmax_parts = \"many\"\n", "2: 'max_parts' must be an integer, got a string"),
        Case(
            "[parser]\nmax_parts = \"2000\"\n",
            "2: 'max_parts' must be an integer, got a string (remove the quotes: max_parts = 2000)"),
        Case(
            "[parser]\nmax_depth = 64.0\n",
            "2: 'max_depth' must be an integer, got a floating-point number (write it without a decimal point: max_depth = 64)"
        ),
        Case(
            "[parser]\nmax_depth = 0\nmax_header_fields = -5\n",
            "2: 'max_depth' must be at least 1, got 0", "3: 'max_header_fields' must be at least 1, got -5"),
        Case(
            "[threading]\nsubject_window_days = 4000\n",
            "2: 'subject_window_days' must be between 1 and 3650, got 4000"),
        Case("[run]\ninterval = 0\n", "2: 'interval' must be at least 1, got 0"),
        Case("[run]\nintervall = 5\n", "2: unknown key 'intervall' in [run] — did you mean 'interval'?"),
        Case(
            "# windows\r\n[run]\r\nintervall = 5\r\n", "3: unknown key 'intervall' in [run] — did you mean 'interval'?"),
        Case("[run]\nInterval = 5\n", "2: unknown key 'Interval' in [run] — did you mean 'interval'?"),
        Case(
            "[parser]\nmax_message = 5\n",
            "2: unknown key 'max_message' in [parser] — did you mean 'max_message_bytes'?"),
        Case(
            "[parser]\nmax = 5\n",
            "2: unknown key 'max' in [parser] (valid keys here: max_message_bytes, max_depth, max_parts, max_header_fields)"
        ),
        Case("interval = 5\n", "1: unknown key 'interval' — it belongs in [run]: move it under that header"),
        Case(
            "[run]\ninterval = 5\nmailboxes = \"mailboxes\"\n",
            "3: unknown key 'mailboxes' in [run] — it is a top-level key: move it above the first [section] header"),
        Case("mailbox = \"mailboxes\"\n", "1: unknown key 'mailbox' — did you mean 'mailboxes'?"),
        Case("stor = 1\n", "1: unknown key 'stor' — did you mean the section [store]?"),
        Case("parser.max_part = 5\n", "1: unknown key 'max_part' in [parser] — did you mean 'max_parts'?"),
        Case(
            "# c\n[parser]\n\"max-parts\" = 5\n", "3: unknown key 'max-parts' in [parser] — did you mean 'max_parts'?"),
        Case(
            "notes = '''\n[run]\ninterval = 1\n'''\n[run]\nintervl = 3\n",
            "1: unknown key 'notes' (valid keys here: mailboxes)",
            "6: unknown key 'intervl' in [run] — did you mean 'interval'?"),
        Case("[store.backup]\n", "1: unknown table [store.backup] — [store] has no sub-sections"),
        Case("store = \"var/x.sqlite\"\n", "1: 'store' must be a table, got a string: write it as a [store] section"),
        Case("[store]\npath = \"\"\n", "2: 'path' must not be empty"),
        Case(
            "[store]\npath = \"~/maildesk.sqlite\"\n",
            "2: 'path' starts with ~, which is not expanded here: write the full path (e.g. /home/you/…) or a path relative to the working directory"
        ),
        Case(
            "[threading]\nsecret_env = \"hunter2 is my password\"\n",
            "2: 'secret_env' must be the name of an environment variable (letters, digits and _), e.g. secret_env = \"MAILDESK_SECRET\" — put the secret itself in that variable, never in this file"
        ),
        Case(
            "[threading]\ndomain = \"help@example.com\"\n",
            "2: 'domain' must be a domain name like maildesk.example.com, got \"help@example.com\" — did you mean \"example.com\"? (or leave it empty to use the first mailbox's domain)"
        ),
        Case(
            "mailboxes = 3\n",
            "1: 'mailboxes' must be a string, got an integer (put the value in quotes: mailboxes = \"3\")"),
        Case(
            "a = 1\n[store\n",
            "2: invalid TOML: Error while parsing table header: expected ']', saw '\\n' (check quotes and brackets)"),
        Case(
            "[store]\npath = \"var/x.sqlite\n",
            "2: invalid TOML: Error while parsing string: unescaped control characters other than TAB (U+0009) are explicitly prohibited (check quotes and brackets)"
        ),
        Case(
            "[http]\nlisten = \"0.0.0.0:9425\"\n",
            "2: 'listen' is 0.0.0.0:9425, which other machines can reach: /metrics and /healthz tell them about your mail flow; listen on 127.0.0.1 (and let a reverse proxy or the scraper's tunnel reach it), or also set allow_public = true if you accept that"
        ),
        Case(
            "[http]\nlisten = \"monitor.example.com:9425\"\n",
            "2: 'listen' must be an IP address and a port, like \"127.0.0.1:9425\" or \"[::1]:9425\", got \"monitor.example.com:9425\""
        ),
        Case(
            "[http]\nlisten = \"127.0.0.1:99999\"\n",
            "2: 'listen' must be an IP address and a port, like \"127.0.0.1:9425\" or \"[::1]:9425\", got \"127.0.0.1:99999\""
        ),
        Case(
            "[http]\nallow_public = true\n",
            "1: [http] needs listen = \"127.0.0.1:9425\" (or remove the section to serve nothing)"),
        Case(
            "[http]\nlisten = \"127.0.0.1:9425\"\nallow_publik = true\n",
            "3: unknown key 'allow_publik' in [http] — did you mean 'allow_public'?"),
        Case(
            "[status]\nunsent_warning_minutes = 90\n",
            "2: 'unsent_warning_minutes' (90) must be less than 'unsent_critical_minutes' (60): an unsent message warns first, then is critical"
        ),
        Case("[status]\npoll_stale_intervals = 1\n", "2: 'poll_stale_intervals' must be between 2 and 1000, got 1")
    ]

    @Test func httpListensWhereItIsTold() {
        for (toml, listen) in [
            ("listen = \"[::1]:9425\"", "[::1]:9425"), ("listen = \"localhost:9100\"", "127.0.0.1:9100"),
            ("listen = \"0.0.0.0:9425\"\nallow_public = true", "0.0.0.0:9425")
        ] {
            let sandbox = Sandbox.make(config: "[http]\n" + toml + "\n")
            #expect(sandbox.errorLines() == ["loaded"])
            #expect((try? sandbox.load())?.gateway.http?.listen == listen)
        }
        #expect((try? Sandbox.make().load())?.gateway.http == nil)
    }

    @Test(arguments: cases)
    func reportsTheLineAndTheFix(_ c: Case) {
        let sandbox = Sandbox.make(config: c.toml)
        #expect(sandbox.errorLines() == c.expected)
    }

    @Test func collectsEveryProblemInLineOrder() {
        let sandbox = Sandbox.make(config: "[run]\ninterval = 0\n[parser]\nmax_depth = \"deep\"\n[stor]\n")
        #expect(
            sandbox.errorLines() == [
                "config/maildesk.toml:2: 'interval' must be at least 1, got 0",
                "config/maildesk.toml:4: 'max_depth' must be an integer, got a string",
                "config/maildesk.toml:5: unknown table [stor] — did you mean [store]?"
            ])
    }

    @Test func aLongValueIsNeverEchoedWhole() {
        let secret = String(repeating: "s3cr3t", count: 20)
        let sandbox = Sandbox.make(config: "[threading]\ndomain = \"\(secret)\"\n")
        let lines = sandbox.errorLines()
        #expect(lines.count == 1)
        #expect(!lines[0].contains(secret))
        #expect(lines[0].contains("\"" + String(secret.prefix(59)) + "…\""))
    }
}
