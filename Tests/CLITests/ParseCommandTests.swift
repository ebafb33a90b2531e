import Foundation
import Testing

@Suite("maildesk parse")
struct ParseCommandTests {
    static let sample = "mailboxes/demo/new/1763700000.M1P1.demo"

    @Test func printsASummaryOfTheSampleMail() throws {
        let result = try CLI.run(["parse", Self.sample])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Subject: 订单 #20231 的发票抬头需要修改"))
        #expect(result.stdout.contains("From: 王小明 <xiaoming.wang@example.cn>"))
        #expect(result.stdout.contains("Text:"))
    }

    @Test func jsonHasTheDocumentedKeys() throws {
        let result = try CLI.run(["parse", "--json", Self.sample])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let keys = [
            "message_id", "subject", "from", "to", "cc", "reply_to", "originator", "date", "in_reply_to",
            "references", "text", "html", "attachments", "auto_submitted", "auto_reason", "delivery_status", "problems"
        ]
        for key in keys { #expect(object.keys.contains(key), "missing key \(key)") }
        #expect(object["subject"] as? String == "订单 #20231 的发票抬头需要修改")
        #expect(object["date"] as? String == "2026-11-20T01:12:45Z")
        #expect(object["auto_submitted"] as? Bool == false)
        #expect(object["html"] is NSNull || object["html"] is String)
    }

    @Test func severalFilesGiveAJSONArray() throws {
        let result = try CLI.run(["parse", "--json", Self.sample, Self.sample])
        #expect(result.status == 0)
        let array = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
        #expect(array?.count == 2)
    }

    @Test func readsStandardInput() throws {
        let mail = Data("From: a@example.com\nSubject: stdin works\n\nhello\n".utf8)
        let result = try CLI.run(["parse", "--json", "-"], stdin: mail)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("\"subject\" : \"stdin works\""))
    }

    @Test func notMailExitsWith65AndSaysWhy() throws {
        let file = try CLI.temporaryFile(
            [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00], name: "picture.png")
        let result = try CLI.run(["parse", file.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("picture.png"))
        #expect(result.stderr.contains("not a mail message"))
        #expect(result.stdout.isEmpty)
    }

    @Test func emptyFileIsNotMail() throws {
        let file = try CLI.temporaryFile([], name: "empty.eml")
        let result = try CLI.run(["parse", "--json", file.path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("empty input"))
    }

    @Test func unreadableFileExitsWith66AndNamesIt() throws {
        let result = try CLI.run(["parse", "no/such/message.eml"])
        #expect(result.status == 66)
        #expect(result.stderr.contains("no/such/message.eml"))
        #expect(result.stderr.contains("no such file"))
    }

    @Test func aBadFileDoesNotStopTheOthers() throws {
        let result = try CLI.run(["parse", "--json", "no/such/file.eml", Self.sample])
        #expect(result.status == 66)
        let array = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
        #expect(array?.count == 1)
    }

    @Test func benchPrintsOneLineOfFigures() throws {
        let result = try CLI.run(["bench", "parse", "mailboxes/demo"])
        #expect(result.status == 0, "\(result.stderr)")
        let line = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(line.hasPrefix("messages="))
        for key in ["bytes=", "seconds=", "msg_per_s=", "MB_per_s=", "peak_rss_mb="] { #expect(line.contains(key)) }
        #expect(!line.hasPrefix("messages=0 "))
    }
}
