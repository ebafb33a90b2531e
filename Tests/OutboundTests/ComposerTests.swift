import Foundation
import Testing
@testable import Compose
import MIME

@Suite("composer")
struct ComposerTests {
    static let date = Date(timeIntervalSince1970: 1_795_290_792)

    func message(
        subject: String = "Re: 智能门锁无法连接 Wi-Fi [#42-abcdefghij]", name: String? = "王小明",
        text: String = "您好！\n我们已收到您的来信。\n", html: String? = nil,
        references: [String] = ["a@example.cn", "b@example.cn"],
        extra: [(name: String, value: String)] = [("X-Maildesk", "acknowledgement")]
    ) -> OutgoingMessage {
        OutgoingMessage(
            from: MailAddress("support@desk.example", name: "Lumo 客服"),
            to: [MailAddress("ming@example.cn", name: name)],
            replyTo: MailAddress("support+42-abcdefghij@desk.example"), subject: subject,
            messageID: "maildesk.42-abcdefghij.ack@desk.example", inReplyTo: "b@example.cn", references: references,
            date: Self.date, autoSubmitted: "auto-replied", extraHeaders: extra, text: text, html: html)
    }

    func lines(_ bytes: [UInt8]) -> [String] {
        String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
    }

    func headerNames(_ bytes: [UInt8]) throws -> [String] {
        try MessageParser.parse(bytes).header.fields.map(\.key)
    }

    @Test func readsBackWithEveryFieldIntact() throws {
        let bytes = try Composer.compose(message(html: "<p>您好 &amp; welcome</p>"))
        let parsed = try MessageParser.parse(bytes)
        #expect(parsed.subject == "Re: 智能门锁无法连接 Wi-Fi [#42-abcdefghij]")
        #expect(parsed.from.first?.name == "Lumo 客服")
        #expect(parsed.to.first?.name == "王小明")
        #expect(parsed.to.first?.address == "ming@example.cn")
        #expect(parsed.replyTo.first?.address == "support+42-abcdefghij@desk.example")
        #expect(parsed.messageID == "maildesk.42-abcdefghij.ack@desk.example")
        #expect(parsed.inReplyTo == "b@example.cn")
        #expect(parsed.references == ["a@example.cn", "b@example.cn"])
        #expect(parsed.header["Auto-Submitted"]?.value == "auto-replied")
        #expect(parsed.header["X-Auto-Response-Suppress"]?.value == "All")
        #expect(parsed.text.trimmingCharacters(in: .newlines) == "您好！\n我们已收到您的来信。")
        #expect(parsed.html?.contains("<p>您好 &amp; welcome</p>") == true)
        #expect(parsed.header["Content-Type"]?.value.hasPrefix("multipart/alternative") == true)
        #expect(parsed.date == Self.date)
    }

    @Test func everyLineEndsInCRLFAndHeaderLinesFoldAt78() throws {
        let long = String(repeating: "智能门锁无法连接网络请帮忙处理", count: 6)
        let bytes = try Composer.compose(
            message(
                subject: long, name: String(repeating: "名", count: 40),
                references: (0..<40).map { "id\($0)@example.cn" }))
        let raw = String(decoding: bytes, as: UTF8.self)
        #expect(!raw.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(!raw.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        let header = raw.components(separatedBy: "\r\n\r\n")[0]
        for line in header.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 78, "\(line)") }
        #expect(try MessageParser.parse(bytes).subject == long)
        // References keep the first and the last twenty.
        let refs = try MessageParser.parse(bytes).references
        #expect(refs.count == 21 && refs.first == "id0@example.cn" && refs.last == "id39@example.cn")
    }

    /// Hostile values from mail or customer records: none can add a header field.
    @Test(arguments: [
        "Hello\r\nBcc: victim@example.com", "Hello\nBcc: victim@example.com", "Hello\rBcc: victim@example.com",
        "Hello\u{2028}Bcc: victim@example.com", "Hello\u{85}Bcc: victim@example.com", "Hello\u{0}\r\n\r\nbody",
        "=?UTF-8?Q?x=0D=0ABcc:_victim@example.com?=", "你好\r\n Bcc: victim@example.com", "\r\n\r\n<html>",
        String(repeating: "A", count: 2000) + "\r\nBcc: victim@example.com"
    ])
    func injectionIsImpossible(_ hostile: String) throws {
        let bytes = try Composer.compose(
            message(
                subject: hostile, name: hostile, text: hostile,
                references: [hostile, "ok@example.cn"], extra: [("X-Maildesk", hostile)]))
        let names = try headerNames(bytes)
        #expect(!names.contains("bcc"))
        #expect(names.filter { $0 == "subject" }.count == 1)
        #expect(
            Set(names) == [
                "date", "from", "to", "reply-to", "subject", "message-id", "in-reply-to", "references",
                "auto-submitted", "x-auto-response-suppress", "x-maildesk", "mime-version", "content-type",
                "content-transfer-encoding"
            ])
        let parsed = try MessageParser.parse(bytes)
        #expect(parsed.references == ["ok@example.cn"])  // the hostile one is dropped
        #expect(parsed.to.count == 1 && parsed.to[0].address == "ming@example.cn")
        for line in lines(bytes) { #expect(line.utf8.count <= 998) }
    }

    @Test(arguments: [
        "ming@example.cn>\r\nBcc: x@y.z", "ming @example.cn", "<ming@example.cn>", "mïng@example.cn",
        "ming@exa mple.cn", "ming@", "@example.cn", "a\"b@example.cn", "ming@example.cn,other@example.cn", ""
    ])
    func badAddressesAreRefused(_ address: String) {
        var m = message()
        m.to = [MailAddress(address)]
        #expect(throws: ComposeError.self) { try Composer.compose(m) }
    }

    @Test func badHeaderNamesAndIDsAreRefused() {
        var m = message(extra: [("X-Bad\r\nBcc", "x")])
        #expect(throws: ComposeError.self) { try Composer.compose(m) }
        m = message()
        m.messageID = "no-at-sign"
        #expect(throws: ComposeError.self) { try Composer.compose(m) }
    }

    @Test func quotedPrintableRoundTripsTheAwkwardCases() throws {
        let text = "a=b\ntrailing spaces   \n.\nFrom the start\n" + String(repeating: "x", count: 200) + "\ncafé\n"
        let bytes = try Composer.compose(message(text: text))
        let raw = String(decoding: bytes, as: UTF8.self)
        #expect(raw.contains("Content-Transfer-Encoding: quoted-printable"))
        #expect(raw.contains("\r\n=2E\r\n"))
        #expect(raw.contains("\r\n=46rom the start"))
        for line in raw.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 78) }
        #expect(
            try MessageParser.parse(bytes).text.trimmingCharacters(in: .newlines)
                == text.trimmingCharacters(in: .newlines))
    }

    @Test func mostlyChineseTextIsBase64() throws {
        let bytes = try Composer.compose(message())
        #expect(String(decoding: bytes, as: UTF8.self).contains("Content-Transfer-Encoding: base64"))
    }

    @Test func sameInputSameBytes() throws {
        #expect(try Composer.compose(message(html: "<p>x</p>")) == Composer.compose(message(html: "<p>x</p>")))
    }

    @Test func displayNamesAreQuotedOrEncodedAsNeeded() throws {
        #expect(try Composer.mailbox(MailAddress("a@b.cd", name: "Ann Lee")) == "Ann Lee <a@b.cd>")
        #expect(
            try Composer.mailbox(MailAddress("a@b.cd", name: "Lee, Ann \"AL\"")) == "\"Lee, Ann \\\"AL\\\"\" <a@b.cd>")
        #expect(try Composer.mailbox(MailAddress("a@b.cd", name: "王")) == "=?UTF-8?B?546L?= <a@b.cd>")
        #expect(try Composer.mailbox(MailAddress("a@b.cd", name: "=?UTF-8?B?x?=")).hasPrefix("=?UTF-8?B?"))
    }

    /// A "." or "From " pushed to the start of a line by a soft break is encoded too: an SMTP server would take the
    /// lone dot for the end of the data, an mbox writer would quote the From.
    @Test func noDotOrFromStartsALineAfterASoftBreak() {
        for width in 70...80 {
            let text =
                String(repeating: "a", count: width) + ".\r\n" + String(repeating: "b", count: width) + "From here\r\n"
            let encoded = String(decoding: BodyEncoder.quotedPrintable(Array(text.utf8)), as: UTF8.self)
            for line in encoded.components(separatedBy: "\r\n") {
                #expect(!line.hasPrefix(".") && !line.hasPrefix("From "), "width \(width): \(line)")
                #expect(line.utf8.count <= 76)
            }
        }
    }
}
