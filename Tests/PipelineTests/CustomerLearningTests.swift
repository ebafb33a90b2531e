import Config
import Foundation
import Pipeline
import Store
import Testing

/// Customer records without a language or a time zone learn them from the customer's mail; what a record
/// already says (an import, `customers set`) is never overwritten.
struct CustomerLearningTests {
    @Test func languageAndAGuessedZoneComeFromTheFirstMail() throws {
        let g = try TestGateway()
        let chinese = mail(
            from: "王小明 <ming@example.cn>", subject: "智能门锁无法连接", id: "l1@example.cn",
            body: "您好，我家的智能门锁一直连不上 Wi-Fi，试了很多次，请帮忙看看怎么处理。谢谢！"
        )
        .replacingOccurrences(
            of: "Date: Mon, 16 Nov 2026 10:00:00 +0000", with: "Date: Mon, 16 Nov 2026 18:00:00 +0800")
        try g.deliver(chinese)
        try g.deliver(
            mail(
                from: "Priya <priya@example.in>", subject: "Lock will not pair", id: "l2@example.in",
                body: "Hello, my lock will not pair with the hub. What should I try next?"
            )
            .replacingOccurrences(of: "+0000", with: "+0530"))
        let store = try g.store()
        _ = try store.importCustomers(
            [CustomerProfile(address: "priya@example.in", timezone: "Asia/Calcutta", language: nil)],
            dryRun: false, actor: "test", source: "test", at: Date())
        try g.pipeline(store).runOnce()
        let ming = try #require(try store.customerProfile("ming@example.cn"))
        #expect(ming.language == "zh")
        #expect(ming.timezone == "Etc/GMT-8")
        #expect(ming.attributes["timezone_guess"] == "from Date: +0800")
        let priya = try #require(try store.customerProfile("priya@example.in"))
        #expect(priya.timezone == "Asia/Calcutta")  // the record's own value stays
        #expect(priya.language == "en")
        #expect(Pipeline.timezoneGuess("Tue, 1 Dec 2026 09:00:00 -0500")?.zone == "Etc/GMT+5")
        #expect(Pipeline.timezoneGuess("Tue, 1 Dec 2026 09:00:00 -0000") == nil)
    }
}
