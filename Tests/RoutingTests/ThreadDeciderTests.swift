import Classification
import Config
import Foundation
import Testing
import TestSupport
@testable import Routing

@Suite("deciding threads")
struct ThreadDeciderTests {
    static let model: MessageClassifier = {
        let data = Repository.url("config/training").path
        return MessageClassifier.train(try! TrainingExample.load(from: data))
    }()

    func decider(
        _ rules: [RuleDefinition] = [], model: MessageClassifier? = ThreadDeciderTests.model,
        settings: ClassificationSettings = ClassificationSettings()
    ) -> ThreadDecider {
        ThreadDecider(rules: rules, model: model, settings: settings)
    }

    @Test func aRuleDecidesItsFieldsAndTheModelTheRest() {
        var billing = RuleDefinition(name: "Invoices")
        billing.subjectContains = ["发票"]
        billing.setCategory = "billing"
        let d = decider([billing]).decide(facts(subject: "订单 #20231 的发票抬头需要修改", body: "请把发票抬头改成我们公司的全称，谢谢。"))
        #expect(d.category == FieldDecision("billing", by: "rule:Invoices"))
        #expect(d.kind.decidedBy == "model")
        #expect(d.kind.value == "need")
        #expect(d.language.value == "zh")
        #expect(d.decidedBy == "model, rule:Invoices")
        #expect(d.rulesMatched == ["Invoices"])
    }

    @Test func aRulePriorityIsFinalButARaiseIsAFloor() {
        var newsletter = RuleDefinition(name: "Low")
        newsletter.always = true
        newsletter.setPriority = "low"
        let urgentText = facts(subject: "URGENT: site is down", body: "Our whole site is down, fix it immediately!")
        #expect(decider([newsletter]).decide(urgentText).priority == FieldDecision("low", by: "rule:Low"))
        var raise = RuleDefinition(name: "Raise")
        raise.always = true
        raise.raisePriority = "high"
        let calm = decider([raise]).decide(
            facts(subject: "Question about colours", body: "Does the lock come in black?"))
        #expect(calm.priority.value == "high")
        #expect(calm.priority.decidedBy.contains("rule:Raise"))
    }

    @Test func theMailboxKindIsAPriorNotTheAnswer() {
        let praise = facts(subject: "给安装师傅点个赞！", body: "昨天来安装门锁的师傅非常专业，耐心讲解，服务很棒，五星好评！")
        #expect(decider().decide(praise).kind.value == "feedback")
        #expect(decider().decide(praise).feedbackType.value == "praise")
        var atFeedback = facts(subject: "门锁无法连接Wi-Fi，请尽快处理", body: "门锁一直连不上家里的Wi-Fi，试了很多次，请告诉我怎么办。")
        atFeedback.mailboxKind = "feedback"
        #expect(decider().decide(atFeedback).kind.value == "need")
    }

    @Test func withoutAModelEverythingFallsBackAndAsksForReview() {
        var f = facts(subject: "Hello", body: "Something")
        f.mailboxKind = "feedback"
        let d = decider(model: nil).decide(f)
        #expect(d.kind == FieldDecision("feedback", by: "mailbox default"))
        #expect(d.category.value == "other")
        #expect(d.priority.value == "normal")
        #expect(d.needsReview)
        #expect(d.confidence == 1)
    }

    @Test func lowConfidenceFallsBackToTheLastCategoryAndFlags() {
        var settings = ClassificationSettings()
        settings.threshold = 0.999_999_999
        settings.categories = ["sales", "technical", "after_sales", "billing", "misc"]
        let d = decider(settings: settings).decide(
            facts(subject: "App crash", body: "The app crashes when I open it."))
        #expect(d.category.value == "misc")
        #expect(d.category.decidedBy.hasPrefix("fallback: model unsure"))
        #expect(d.review.contains { $0.hasPrefix("category uncertain") })
    }

    @Test(
        arguments: [
            ("Our whole site is down, please fix it immediately", "urgent"),  // critical + urgency
            ("我的账号被盗了，紧急！", "urgent"),
            ("帳號被盜了，請馬上處理", "urgent"),
            ("I was charged twice for the same order", "high"),  // critical alone
            ("律师会联系你们", "high"),
            ("Please answer asap, I need the manual", "high"),  // urgency alone
            ("不急，有空的时候告诉我门锁的颜色有哪些", nil),  // negated urgency: the model decides
            ("No rush at all, but what colours does the lock come in?", nil),
            ("It is NOT URGENT, not urgent at all", nil),  // every negated occurrence removed
            ("Not urgent for me, but my colleague says it is urgent", "high")  // one left unnegated
        ] as [(String, String?)])
    func contentSignals(_ c: (String, String?)) {
        let signals = PrioritySignals.content(c.0.lowercased())
        #expect(signals.floor == c.1, "\(signals)")
        let d = decider().decide(facts(subject: "Question", body: c.0))
        if let floor = c.1 { #expect(ThreadPriority.rank(of: d.priority.value!) <= ThreadPriority.rank(of: floor)) }
    }

    @Test func vipCustomersAreAtLeastHigh() {
        let plain = facts(subject: "Colours", body: "Which colours does the smart lock come in? Thanks.")
        let normal = decider().decide(plain).priority.value!
        #expect(ThreadPriority.rank(of: normal) >= 2)
        var vip = plain
        vip.customerTags = ["vip"]
        let d = decider().decide(vip)
        #expect(d.priority.value == "high")
        #expect(d.priority.decidedBy.contains("customer tagged vip"))
        // A rule's tag counts the same message.
        var tagger = RuleDefinition(name: "Partners")
        tagger.from = ["*@partner.example"]
        tagger.tagCustomer = ["vip"]
        var partner = plain
        partner.from = "x@partner.example"
        #expect(decider([tagger]).decide(partner).priority.value == "high")
    }

    @Test(
        arguments: [
            (["importance": ["High"]], "high"), (["x-priority": ["1 (Highest)"]], "high"),
            (["priority": ["urgent"]], "high"),
            (["x-msmail-priority": ["High"]], "high"), (["x-priority": ["5 (Lowest)"]], "low"),
            (["importance": ["low"]], "low"),
            (["x-priority": ["3 (Normal)"]], nil), ([:], nil)
        ] as [([String: [String]], String?)])
    func headersAreWeakSignals(_ c: ([String: [String]], String?)) {
        #expect(PrioritySignals.header(c.0)?.level == c.1)
        let plain = facts(subject: "Colours", body: "Which colours does the smart lock come in? Thanks.", headers: c.0)
        let base = decider().decide(
            facts(subject: "Colours", body: "Which colours does the smart lock come in? Thanks.")
        ).priority.value!
        let d = decider().decide(plain).priority.value!
        // One step at most, never to urgent.
        #expect(abs(ThreadPriority.rank(of: d) - ThreadPriority.rank(of: base)) <= 1)
        #expect(d != "urgent")
    }

    @Test func machineMailIsLowAndFlagged() {
        let d = decider().decide(
            facts(
                subject: "Undelivered Mail Returned to Sender", body: "urgent: the site is down",
                automated: "mailer-daemon"))
        #expect(d.priority.value == "low")
        #expect(d.review.contains { $0.contains("mailer-daemon") })
    }

    @Test func quotedTextDoesNotRaisePriority() {
        let body =
            "Thanks, that worked.\n\nOn Mon, 16 Nov 2026 at 10:00, Support <s@x> wrote:\n> Is the site down? This is urgent."
        #expect(PrioritySignals.content(facts(subject: "Re: help", body: body).ownText.lowercased()).floor == nil)
    }

    @Test func jsonCarriesEveryKeyAndEachFieldsSource() throws {
        let d = decider().decide(
            facts(subject: "Charged twice for order #30921", body: "I was charged twice. Please refund one."))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let object = try JSONSerialization.jsonObject(with: encoder.encode(d)) as! [String: Any]
        for key in [
            "kind", "feedback_type", "category", "priority", "language", "sentiment", "rating", "confidence",
            "decided_by", "needs_review", "review", "rules", "fields"
        ] {
            #expect(object.keys.contains(key), "missing \(key)")
        }
        let fields = object["fields"] as! [String: [String: Any]]
        #expect(fields["priority"]?["decided_by"] as? String != nil)
        // The event log's hand-written JSON is the same object.
        let event = try JSONSerialization.jsonObject(with: Data(d.eventJSON.utf8)) as! NSDictionary
        #expect(event == (object as NSDictionary))
    }
}
