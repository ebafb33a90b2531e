import Testing
@testable import SMTP

/// Each recipient's result from the protocol lines libcurl reports (the live server tests are in CLITests).
@Suite("SMTP replies")
struct SMTPRepliesTests {
    @Test func eachRecipientGetsTheFinalLineOfItsReply() {
        let lines: [(sent: Bool, line: String)] = [
            (false, "220 mx ESMTP"), (true, "EHLO desk.example"), (false, "250-mx"), (false, "250-PIPELINING"),
            (false, "250 SMTPUTF8"),
            (true, "MAIL FROM:<support@desk.example>"), (false, "250 2.1.0 Ok"),
            (true, "RCPT TO:<a@example.com>"), (false, "250 2.1.5 Ok"),
            (true, "RCPT TO:<b@example.com>"), (false, "550-5.1.1 No such user"), (false, "550 5.1.1 here either"),
            (true, "RCPT TO:<c@example.com>"), (false, "452 4.2.2 Mailbox full"),
            (true, "DATA"), (false, "354 End data with <CR><LF>.<CR><LF>"), (false, "250 2.0.0 Ok: queued"),
            (true, "QUIT"), (false, "221 Bye")
        ]
        let results = SMTPTransport.recipientResults(
            lines, ["a@example.com", "b@example.com", "c@example.com", "d@example.com"])
        #expect(
            results == [
                RecipientResult(address: "a@example.com", accepted: true, code: 250, text: "2.1.5 Ok"),
                RecipientResult(address: "b@example.com", accepted: false, code: 550, text: "5.1.1 here either"),
                RecipientResult(address: "c@example.com", accepted: false, code: 452, text: "4.2.2 Mailbox full"),
                RecipientResult(address: "d@example.com", accepted: false, code: nil, text: "not attempted")
            ])
        #expect(SMTPTransport.lastReply(lines)?.code == 250)
    }

    @Test(
        arguments: [
            ("250 2.1.5 Ok", 250, true), ("250-PIPELINING", 250, false), ("451", 451, true), ("hello", nil, false),
            ("999 x", nil, false)
        ] as [(String, Int?, Bool)])
    func replyLines(_ c: (String, Int?, Bool)) {
        let reply = SMTPTransport.reply(c.0)
        #expect(reply?.code == c.1)
        if c.1 != nil { #expect(reply?.final == c.2) }
    }
}
