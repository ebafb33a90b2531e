import Testing
import Threading

@Suite("reply tokens")
struct ReplyTokenTests {
    let secret = ReplySecret(Array("test secret".utf8))
    var addressing: ThreadAddressing { ThreadAddressing(secret: secret, domain: "Example.COM") }

    @Test func mintedTokensVerify() throws {
        let token = ReplyToken(threadID: 42, secret: secret)
        #expect(token.description.hasPrefix("42-"))
        #expect(ReplyToken(verifying: token.description, secret: secret)?.threadID == 42)
        #expect(ReplyToken(verifying: token.description.uppercased(), secret: secret)?.threadID == 42)
    }

    @Test(arguments: ["42", "42-", "43-aaaaaaaaaa", "-abcdefghij", "x-abcdefghij", "42-abcdefghi", "0-aaaaaaaaaa"])
    func guessedOrMalformedTokensAreRejected(_ text: String) {
        #expect(ReplyToken(verifying: text, secret: secret) == nil)
    }

    @Test func aTokenOfAnotherThreadOrSecretDoesNotVerify() {
        let token = ReplyToken(threadID: 42, secret: secret)
        #expect(ReplyToken(verifying: "43-\(token.signature)", secret: secret) == nil)
        #expect(ReplyToken(verifying: token.description, secret: ReplySecret(Array("other".utf8))) == nil)
    }

    @Test func plusAddressRoundTrips() {
        let address = addressing.replyAddress("support@example.com", threadID: 7)
        #expect(address.hasPrefix("support+7-"))
        #expect(address.hasSuffix("@example.com"))
        #expect(addressing.token(inAddress: address)?.threadID == 7)
        #expect(addressing.token(inAddress: "support+7-zzzzzzzzzz@example.com") == nil)
        #expect(addressing.token(inAddress: "support@example.com") == nil)
    }

    @Test func ownMessageIDsRoundTripOnlyOnOurDomain() {
        let id = addressing.messageID(threadID: 9, unique: "a1b2")
        #expect(addressing.token(inMessageID: id)?.threadID == 9)
        let foreign = id.replacingOccurrences(of: "@example.com", with: "@evil.example")
        #expect(addressing.token(inMessageID: foreign) == nil)
        #expect(addressing.token(inMessageID: "random@example.com") == nil)
    }

    @Test func subjectTagsRoundTrip() {
        let tag = addressing.subjectTag(threadID: 12)
        #expect(addressing.token(inSubject: "Re: Your order \(tag)")?.threadID == 12)
        #expect(addressing.token(inSubject: "Re: [#12] guessed") == nil)
        #expect(addressing.token(inSubject: "[#99-aaaaaaaaaa] then \(tag)")?.threadID == 12)
    }
}

@Suite("subject keys")
struct SubjectKeyTests {
    @Test(arguments: [
        ("Re: Order status", "order status"),
        ("RE: re: Fwd: Order status", "order status"),
        ("Re[2]: Order status", "order status"),
        ("AW: WG: Bestellung", "bestellung"),
        ("回复: 订单 #20231 的发票抬头需要修改", "订单 #20231 的发票抬头需要修改"),
        ("回复：智能门锁无法连接 Wi-Fi", "智能门锁无法连接 wi-fi"),
        ("答复: 转发: 退货申请", "退货申请"),
        ("回覆：退貨", "退貨"),
        ("FW: [External] Invoice  question", "invoice question"),
        ("【通知】发货延迟", "发货延迟"),
        ("Re: Help needed [#42-abcdefghij]", "help needed"),
        ("Regarding my order", "regarding my order"),
        ("[only a tag]", "[only a tag]"),
        ("", "")
    ])
    func normalises(_ pair: (String, String)) {
        #expect(SubjectKey.normalise(pair.0) == pair.1)
    }
}

@Suite("unsubscribe tokens")
struct UnsubscribeTokenTests {
    let secret = ReplySecret(Array("unsubscribe-secret".utf8))

    @Test func anAddressRoundTripsAndAForgedOneDoesNot() throws {
        let token = UnsubscribeToken(customerID: 42, secret: secret)
        let address = token.address("care@example.com")
        #expect(address.hasPrefix("care+u42-"))
        #expect(UnsubscribeToken(inAddress: address.uppercased(), secret: secret)?.customerID == 42)
        #expect(
            UnsubscribeToken(inAddress: address.replacingOccurrences(of: "u42-", with: "u43-"), secret: secret) == nil)
        #expect(UnsubscribeToken(inAddress: address, secret: ReplySecret(Array("other".utf8))) == nil)
        // A thread's reply token is not an unsubscribe token.
        #expect(
            UnsubscribeToken(verifying: ReplyToken(threadID: 42, secret: secret).description, secret: secret) == nil)
    }
}
