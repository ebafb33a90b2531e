@testable import IMAP
import Testing

/// The poller trusts no server: what a response claims is bounded before it is expanded.
@Suite("IMAP responses")
struct IMAPResponseTests {
    func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func esearchRangesAreExpanded() {
        let response = bytes("* ESEARCH (TAG \"A4\") UID ALL 1:3,7,10:9\r\nA4 OK done\r\n")
        #expect(IMAPResponse.esearch(response, limit: 100) == .some([1, 2, 3, 7, 9, 10]))
        #expect(IMAPResponse.esearch(bytes("* ESEARCH (TAG \"A5\") UID\r\n")) == .some([]))
        #expect(IMAPResponse.esearch(bytes("* SEARCH 1 2\r\n")) == nil)
    }

    @Test func aHostileEsearchIsRefusedBeforeItIsExpanded() {
        // One range of four billion UIDs, or many ranges each under any per-range bound.
        let huge = bytes("* ESEARCH (TAG \"A4\") UID ALL 1:4000000000\r\n")
        #expect(IMAPResponse.esearch(huge, limit: 10_010) == .some(nil))
        let many = (0..<2_000).map { "\($0 * 10_000 + 1):\($0 * 10_000 + 9_999)" }.joined(separator: ",")
        #expect(IMAPResponse.esearch(bytes("* ESEARCH (TAG \"A4\") UID ALL \(many)\r\n"), limit: 10_010) == .some(nil))
        // Exactly at the bound is fine.
        #expect(IMAPResponse.sequenceSet("1:10010", limit: 10_010)?.count == 10_010)
        #expect(IMAPResponse.sequenceSet("1:10011", limit: 10_010) == nil)
    }

    @Test func statusAndSearchLines() {
        let status = IMAPResponse.status(bytes("* STATUS INBOX (MESSAGES 3 UIDNEXT 4 UIDVALIDITY 123 UNSEEN 1)\r\n"))
        #expect(status == ["MESSAGES": 3, "UIDNEXT": 4, "UIDVALIDITY": 123, "UNSEEN": 1])
        #expect(IMAPResponse.search(bytes("* SEARCH 4 5\r\n* SEARCH 9\r\nA1 OK\r\n")) == [4, 5, 9])
    }
}
