import Config
import Testing

/// `[smtp]` reads its connection keys with the reader IMAP mailbox files use: the same checks, the same messages.
@Suite("[smtp] connection keys")
struct SMTPConnectionKeysTests {
    func errors(_ smtp: String) -> [String] {
        Sandbox.make(config: "[smtp]\nurl = \"smtp://127.0.0.1:2525\"\nfrom = \"desk@example.com\"\n" + smtp)
            .errorLines()
    }

    @Test func theSameMistakesAsInAMailboxFileGetTheSameMessages() {
        #expect(
            errors("starttls = true\n") == [
                "config/maildesk.toml:4: 'starttls' must be \"required\", \"optional\" or \"never\", got a boolean "
                    + "(write starttls = \"required\" to always encrypt)"
            ])
        #expect(
            errors("starttls = \"never\"\ntls_verify = false\n") == [
                "config/maildesk.toml:5: 'tls_verify' has no effect with starttls = \"never\" (no TLS): remove it, "
                    + "or use starttls = \"required\""
            ])
        #expect(
            errors("passwd = \"hunter2\"\n") == [
                "config/maildesk.toml:4: 'passwd': never write a password in this file — set password_env = "
                    + "\"VARIABLE\" and put the password in that environment variable"
            ])
        #expect(
            errors("connect_timeout = 0\n") == [
                "config/maildesk.toml:4: 'connect_timeout' must be between 1 and 600, got 0"
            ])
    }

    @Test func goodKeysAreRead() throws {
        let smtp = try Sandbox.make(
            config: "[smtp]\nurl = \"smtp://127.0.0.1:2525\"\nfrom = \"desk@example.com\"\nstarttls = \"never\"\n"
                + "connect_timeout = 5\ntimeout = 30\n"
        ).load().gateway.smtp
        #expect(smtp.startTLS == .never && smtp.connectTimeout == 5 && smtp.timeout == 30)
    }
}
