import Config
import Foundation
import Testing
import TestSupport
@testable import Routing

/// The shipped `config/rules.toml` is narrower than the model: it sends invoice requests to billing and leaves
/// refunds, returns and repairs to the model.
@Suite("shipped rules")
struct ShippedRulesTests {
    static let root = Repository.root.path

    static let cases: [(subject: String, body: String, billing: Bool)] = [
        ("订单 #20231 需要开增值税专用发票", "抬头：杭州某某有限公司", true),
        ("VAT invoice for order 4411", "Please send a VAT invoice.", true),
        ("補開收據", "需要購買憑證報帳", true),
        ("门锁坏了，要求退货退款", "用了三天就打不开，申请退货退款。", false),
        ("保修期内维修", "摄像头坏了，维修不好就退款吧，发票已经附上。", false),
        ("Return for a refund", "The lock is faulty, I want to return it and get a refund.", false),
        ("Warranty repair", "Broken after a month. Repair it or refund me, invoice attached.", false),
        ("換貨", "顏色不對，想換貨，不行就退款。", false)
    ]

    @Test(arguments: cases.indices)
    func refundsAreLeftToTheModel(_ i: Int) throws {
        let c = Self.cases[i]
        let configuration = try ConfigLoader.load(configPath: "config/maildesk.toml", workingDirectory: Self.root)
        let outcome = RuleEngine(configuration.routing.rules).evaluate(
            ThreadFacts(
                mailbox: "support", mailboxKind: "need", from: "a@example.com", subject: c.subject,
                body: c.body))
        #expect((outcome.fields["category"]?.value == "billing") == c.billing, "\(c.subject)")
    }
}
