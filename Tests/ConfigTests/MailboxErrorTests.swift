import Config
import Testing

/// Bad `mailboxes/support.toml` contents, each with the exact lines the loader must print.
@Suite struct MailboxErrorTests {
    typealias Case = ErrorCase<MailboxFileCase>

    static let head = "name = \"support\"\nurl = \"maildir:mailboxes/support\"\n"  // lines 1–2
    static let address = "address = \"support@example.com\"\n"

    static let cases: [Case] = [
        Case(
            head + "adress = \"support@example.com\"\n",
            ": missing required key 'address' (the support address customers write to, e.g. address = \"support@example.com\")",
            ":3: unknown key 'adress' — did you mean 'address'?"),
        Case(
            head,
            ": missing required key 'address' (the support address customers write to, e.g. address = \"support@example.com\")"
        ),
        Case(
            address,
            ": missing required key 'name' (the mailbox's name, unique across files, e.g. name = \"support\")",
            ": missing required key 'url' (where its mail is, e.g. url = \"maildir:mailboxes/support\")"),
        Case(
            head + address + "kind = \"needs\"\n",
            ":4: 'kind' must be \"need\" or \"feedback\" — did you mean \"need\"?"),
        Case(
            head + address + "kind = \"Feedback\"\n",
            ":4: 'kind' must be \"need\" or \"feedback\" — did you mean \"feedback\"?"),
        Case(head + address + "kind = \"question\"\n", ":4: 'kind' must be \"need\" or \"feedback\", got \"question\""),
        Case(
            head + address + "after_import = \"move:\"\n",
            ":4: 'after_import' needs a folder after move:, e.g. after_import = \"move:Archive\""),
        Case(
            head + address + "after_import = \"Move:Archive\"\n",
            ":4: 'after_import' must be \"seen\", \"keep\" or \"move:FOLDER\" — did you mean \"move:Archive\"?"),
        Case(
            head + address + "after_import = \"sen\"\n",
            ":4: 'after_import' must be \"seen\", \"keep\" or \"move:FOLDER\" — did you mean \"seen\"?"),
        Case(
            head + address + "after_import = \"archive\"\n",
            ":4: 'after_import' must be \"seen\", \"keep\" or \"move:FOLDER\", got \"archive\""),
        Case(
            head + address + "after_import = \"move:../x\"\n",
            ":4: 'after_import' folder must be a folder name inside the mailbox, like \"Archive\" (no leading /, . or ..)"
        ),
        Case(
            "name = \"support\"\n" + address + "url = \"maildir:\"\n",
            ":3: 'url' needs a folder after maildir:, e.g. url = \"maildir:mailboxes/support\""),
        Case(
            "name = \"support\"\n" + address + "url = \"mailboxes/support\"\n",
            ":3: 'url' must start with a scheme, e.g. url = \"maildir:mailboxes/support\" — did you mean \"maildir:mailboxes/support\"?"
        ),
        Case(
            "name = \"support\"\n" + address + "url = \"maildr:mailboxes/support\"\n",
            ":3: 'url' scheme 'maildr' is not supported — did you mean \"maildir:mailboxes/support\"?"),
        Case(
            "name = \"support\"\n" + address + "url = \"https://example.com/\"\n",
            ":3: 'url' scheme 'https' is not supported: use maildir:PATH, imaps://HOST/MAILBOX, imap://HOST/MAILBOX or pipe:, e.g. url = \"maildir:mailboxes/support\""
        ),
        Case(
            "name = \"support\"\nurl = \"pipe:support\"\n" + address,
            ":2: 'url' is just \"pipe:\" for mail an MTA delivers with `maildesk deliver`"),
        Case(
            "name = \"support\"\nurl = \"pipe:\"\n" + address + "user = \"support\"\n",
            ":4: 'user' is only for imap:// and imaps:// mailboxes — remove it from this pipe: mailbox"),
        Case(
            "name = \"support\"\n" + address + "url = \"imapx://me:hunter2@mail.example.com/\"\n",
            ":3: 'url' scheme 'imapx' is not supported — did you mean imap://?"),
        Case(
            "name = \"support\"\n" + address + "url = \"maildir://mailboxes/support\"\n",
            ":3: 'url' is maildir:PATH, without //: e.g. url = \"maildir:mailboxes/support\", or maildir:/var/mail/support for an absolute path"
        ),
        Case(
            "name = \"support\"\n" + address + "url = \"maildir:mailboxes/nothere\"\n",
            ":3: Maildir mailboxes/nothere/ not found (relative to the working directory $ROOT) — create it with cur/, new/ and tmp/ inside, or fix the path"
        ),
        Case(
            "name = \"support\"\n" + address + "url = \"maildir:config\"\n",
            ":3: config/ is not a Maildir (it needs cur/, new/ and tmp/ folders inside)"),
        Case(
            head + "address = \"Support <support@example.com>\"\n",
            ":3: 'address' must be a bare address, without a display name or <> — did you mean \"support@example.com\"?"
        ),
        Case(
            head + "address = \"support\"\n",
            ":3: 'address' must look like local@domain (e.g. address = \"support@example.com\"), got \"support\""),
        Case(
            head + "address = \"support@exa mple.com\"\n",
            ":3: 'address' has an invalid domain after the @ (like example.com), got \"support@exa mple.com\""),
        Case(
            head + "address = \"sup..port@example.com\"\n",
            ":3: 'address' has an invalid part before the @ (letters, digits and .!#$%&'*+/=?^_`{|}~- only, no leading, trailing or double dot), got \"sup..port@example.com\""
        ),
        Case(
            "name = \"Support Desk\"\nurl = \"maildir:mailboxes/support\"\n" + address,
            ":1: 'name' must start with a lowercase letter or digit and use only a-z, 0-9, '_' and '-' — did you mean \"support-desk\"?"
        ),
        Case(
            "name = 5\nurl = \"maildir:mailboxes/support\"\n" + address,
            ":1: 'name' must be a string, got an integer (put the value in quotes: name = \"5\")"),
        Case(
            "[mailbox]\n" + head + address,
            ": missing required key 'name' (the mailbox's name, unique across files, e.g. name = \"support\")",
            ": missing required key 'url' (where its mail is, e.g. url = \"maildir:mailboxes/support\")",
            ": missing required key 'address' (the support address customers write to, e.g. address = \"support@example.com\")",
            ":1: unknown table [mailbox] — this file has no sections: write its keys at the top, without a [header]"),
        Case(
            head + "address = \"support@example.com\n",
            ":3: invalid TOML: Error while parsing string: unescaped control characters other than TAB (U+0009) are explicitly prohibited (check quotes and brackets)"
        ),
        Case(
            head + address + "imap_host = \"x\"\n",
            ":4: unknown key 'imap_host' (valid keys here: name, url, kind, address, after_import)")
    ]

    @Test(arguments: cases)
    func reportsTheLineAndTheFix(_ c: Case) {
        let sandbox = Sandbox.make(mailbox: c.toml)
        #expect(sandbox.errorLines() == c.expected)
    }

    @Test(arguments: [
        "imap://me:hunter2@host/", "imaps://me:hunter2@imap.example.com/INBOX", "imapz://me:hunter2@x/",
        "imaps://me:hunter2/INBOX", "imaps://:hunter2@host", "//me:hunter2@host/INBOX"
    ])
    func anIMAPPasswordIsNeverEchoed(_ url: String) {
        let sandbox = Sandbox.make(
            mailbox: "name = \"a\"\nurl = \"\(url)\"\naddress = \"a@b.c\"\nuser = \"a\"\npassword_env = \"P\"\n")
        let lines = sandbox.errorLines()
        #expect(lines.count == 1)
        #expect(lines.allSatisfy { $0.hasPrefix("mailboxes/support.toml:2: 'url' ") })
        #expect(!lines.joined().contains("hunter2"))
    }
}
