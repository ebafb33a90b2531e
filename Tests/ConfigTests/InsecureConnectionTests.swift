import Config
import Testing

/// `starttls` other than "required" and `tls_verify = false` in a mailbox file.
struct InsecureConnectionTests {
    /// Plain or unverified connections expose the password and the mail: only to this machine, unless the
    /// operator says allow_insecure = true.
    @Test func insecureSettingsAreForLoopbackOnly() throws {
        for extra in ["starttls = \"optional\"\n", "starttls = \"never\"\n", "tls_verify = false\n"] {
            let lines = Sandbox.make(mailbox: IMAPMailboxTests.imap + extra).errorLines()
            #expect(lines.count == 1, "\(extra): \(lines)")
            #expect(lines.first?.contains("allowed only for localhost") == true)
            let local = IMAPMailboxTests.imap.replacingOccurrences(of: "imap.example.com", with: "127.0.0.1")
            #expect(Sandbox.make(mailbox: local + extra).errorLines() == ["loaded"], "\(extra)")
        }
    }
}
