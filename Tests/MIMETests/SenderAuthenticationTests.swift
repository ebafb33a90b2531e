import Testing

@testable import MIME

/// Authentication-Results as receiving servers write them (RFC 8601): comments, several headers, `header.i`.
@Suite struct SenderAuthenticationTests {
    func verdict(_ results: [String], from: String = "ann@desk.example", trusted: String? = nil)
        -> SenderAuthentication.Verdict
    {
        SenderAuthentication.check(
            from: from, returnPath: nil, results: results, trustedAuthservID: trusted, requireAlignedReturnPath: false
        ).verdict
    }

    @Test func commentsDoNotSplitAResult() {
        // OpenDKIM: a `;` inside the comment used to end the clause before header.d.
        #expect(verdict(["mx.desk.example; dkim=pass (2048-bit key; unprotected) header.d=desk.example"]) == .pass)
        #expect(
            HeaderComments.removed(from: "a (b (c) d) e \"(kept)\" f (x\\) y) g")
                == "a   e \"(kept)\" f   g")
    }

    @Test func gmailsIdentityAndDMARCPass() {
        #expect(verdict(["mx.google.com; dkim=pass header.i=@desk.example header.s=g1"]) == .pass)
        #expect(verdict(["mx.google.com; dmarc=pass (p=NONE sp=NONE) header.from=desk.example"]) == .pass)
        #expect(verdict(["mx.google.com; dkim=pass header.i=@evil.example"]) == .none)
    }

    @Test func onlyTheTrustedServersHeadersCount() {
        let forged = "mx.desk.example; dkim=pass header.d=desk.example"
        // Without a trusted id only the topmost header (the receiving server's) is read.
        #expect(verdict(["mx.desk.example; none", forged]) == .none)
        // With one, every header of that server is read (one per milter), and no other.
        #expect(verdict(["mx.desk.example; dmarc=none", forged], trusted: "mx.desk.example") == .pass)
        #expect(verdict(["evil.example; dkim=pass header.d=desk.example"], trusted: "mx.desk.example") == .none)
    }
}
