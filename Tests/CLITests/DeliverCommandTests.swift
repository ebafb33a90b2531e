import Foundation
import Testing

/// `maildesk deliver` without an MTA: exit codes, idempotent retries, quarantine of what is not mail.
@Suite("deliver", .serialized)
struct DeliverCommandTests {
    /// A gateway with a second mailbox, `inbound`, that only an MTA fills (`url = "pipe:"`).
    static func gateway(config: String = GatewayFolder.quiet) throws -> GatewayFolder {
        let folder = try GatewayFolder(config: config)
        try """
        name = "inbound"
        url = "pipe:"
        address = "help@desk.example"
        """.write(to: folder.root.appendingPathComponent("mailboxes/inbound.toml"), atomically: true, encoding: .utf8)
        return folder
    }

    static let mail = Data(
        """
        From: Ana Lima <ana@customer.example>\r
        To: help@desk.example\r
        Subject: The invoice is wrong\r
        Date: Mon, 16 Nov 2026 10:00:00 +0100\r
        Message-ID: <invoice-1@customer.example>\r
        \r
        The invoice lists two routers; I ordered one.\r

        """.utf8)

    static func deliver(_ folder: GatewayFolder, _ input: Data, _ extra: [String] = []) throws -> CLI.Result {
        try CLI.run(["deliver", "--mailbox", "inbound"] + extra, stdin: input, in: folder.root)
    }

    @Test func aRetriedDeliveryIsStoredOnceAndTheRecipientIsRecorded() throws {
        let folder = try Self.gateway()
        let first = try Self.deliver(folder, Self.mail, ["--recipient", "help+vip@desk.example"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("stored for mailbox inbound"))
        // The MTA did not hear the answer and delivers the same bytes again.
        let retry = try Self.deliver(folder, Self.mail, ["--recipient", "help+vip@desk.example"])
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(retry.stdout.contains("nothing stored twice"))
        #expect(folder.count("SELECT count(*) FROM message") == 1)
        #expect(
            folder.count("SELECT count(*) FROM ingest_ledger WHERE source = 'deliver' AND mailbox = 'inbound'") == 1)
        // The later stages run on the next pass, and read the recipient where they read Maildir's Delivered-To.
        let run = try folder.run(["run", "--once"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(
            folder.count("SELECT count(*) FROM message WHERE delivered_to = 'help+vip@desk.example' AND state = 'done'")
                == 1)
        #expect(folder.count("SELECT count(*) FROM thread WHERE mailbox = 'inbound'") == 1)
    }

    @Test func inputThatIsNotMailIsQuarantinedAndAccepted() throws {
        let folder = try Self.gateway()
        let result = try Self.deliver(folder, Data("hello\nthis is no mail at all\n".utf8))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("quarantine"))
        #expect(
            folder.count(
                "SELECT count(*) FROM quarantine WHERE stage = 'deliver' AND reason LIKE 'not a mail message%'") == 1)
        #expect(folder.count("SELECT count(*) FROM message WHERE state = 'quarantined'") == 1)
    }

    @Test func emptyInputIsADataError() throws {
        let folder = try Self.gateway()
        let result = try Self.deliver(folder, Data())
        #expect(result.status == 65)
        #expect(result.stderr.contains("no message on standard input"))
        #expect(folder.count("SELECT count(*) FROM message") == 0)
    }

    @Test func anUnknownMailboxIsAConfigurationErrorNamingTheMailboxes() throws {
        let folder = try Self.gateway()
        let result = try CLI.run(["deliver", "--mailbox", "inbund"], stdin: Self.mail, in: folder.root)
        #expect(result.status == 78)
        #expect(result.stderr.contains("unknown mailbox 'inbund'"))
        #expect(result.stderr.contains("inbound, support") || result.stderr.contains("support, inbound"))
        #expect(result.stderr.contains("did you mean 'inbound'"))
    }

    @Test func aBadRecipientIsAUsageError() throws {
        let folder = try Self.gateway()
        let result = try Self.deliver(folder, Self.mail, ["--recipient", "a@b.example\r\nBcc: x@evil.example"])
        #expect(result.status == 64)
        #expect(folder.count("SELECT count(*) FROM message") == 0)
    }

    /// Over 4 × max_message_bytes (here 4 × 64 KiB, the floor), the first part is stored in quarantine and the
    /// whole input still read (the MTA must not see a broken pipe); a retry of the same input stores nothing.
    @Test func anOversizeMessageIsCutAndQuarantinedNotLost() throws {
        let folder = try Self.gateway(config: GatewayFolder.quiet + "[parser]\nmax_message_bytes = 1000\n")
        let body = String(
            repeating: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678\r\n", count: 5_000)
        let input = Self.mail + Data(body.utf8)
        let result = try Self.deliver(folder, input)
        // Not kept whole: 65, so the MTA returns it to the sender rather than count it delivered.
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("goes back to the sender"))
        #expect(folder.count("SELECT size FROM raw_message") == 262_144)
        #expect(
            folder.count(
                "SELECT count(*) FROM quarantine WHERE reason LIKE '%had \(input.count) bytes%first 262144 bytes are stored%'"
            ) == 1)
        let retry = try Self.deliver(folder, input)
        #expect(retry.status == 65)
        #expect(folder.count("SELECT count(*) FROM message") == 1)
    }

    @Test func aLockedStoreIsATemporaryFailureAndTheRetrySucceeds() throws {
        let folder = try Self.gateway()
        #expect(try folder.run(["stats"]).status == 0)  // creates the store
        let lock = try StoreLock(folder.root.appendingPathComponent("var/test.sqlite"))
        let locked = try Self.deliver(folder, Self.mail, ["--lock-timeout", "0.5"])
        #expect(locked.status == 75, "\(locked.stdout) \(locked.stderr)")
        #expect(locked.stderr.contains("locked"))
        lock.release()
        #expect(folder.count("SELECT count(*) FROM message") == 0)
        let retry = try Self.deliver(folder, Self.mail)
        #expect(retry.status == 0, "\(retry.stderr)")
        #expect(folder.count("SELECT count(*) FROM message") == 1)
    }

    @Test func anUnopenableStoreIsATemporaryFailure() throws {
        let folder = try Self.gateway()
        // The store's folder is a file: nothing can be created there.
        try Data().write(to: folder.root.appendingPathComponent("var"))
        let result = try Self.deliver(folder, Self.mail)
        #expect(result.status == 75, "\(result.stderr)")
        #expect(result.stderr.contains("the MTA will retry"))
    }
}
