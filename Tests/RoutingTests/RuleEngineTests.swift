import Config
import Testing
@testable import Routing

/// One rule against one message: does it match?
struct RuleCase: CustomTestStringConvertible, Sendable {
    let name: String
    let rule: RuleDefinition
    let facts: ThreadFacts
    let matches: Bool
    var testDescription: String { name }
}

func rule(_ configure: (inout RuleDefinition) -> Void) -> RuleDefinition {
    var r = RuleDefinition(name: "r")
    r.setCategory = "billing"
    configure(&r)
    return r
}

func facts(
    mailbox: String = "support", from: String = "ann@example.com", subject: String = "Hello",
    body: String = "Some text", headers: [String: [String]] = [:], tags: [String] = [],
    automated: String? = nil
) -> ThreadFacts {
    ThreadFacts(
        mailbox: mailbox, mailboxKind: "need", from: from, subject: subject, body: body, headers: headers,
        customerTags: tags, automated: automated)
}

@Suite("rules")
struct RuleEngineTests {
    static let cases: [RuleCase] = [
        RuleCase(name: "always", rule: rule { $0.always = true }, facts: facts(), matches: true),
        RuleCase(
            name: "mailbox listed", rule: rule { $0.mailboxes = ["sales", "support"] }, facts: facts(), matches: true),
        RuleCase(name: "mailbox not listed", rule: rule { $0.mailboxes = ["sales"] }, facts: facts(), matches: false),
        RuleCase(name: "from domain glob", rule: rule { $0.from = ["*@example.com"] }, facts: facts(), matches: true),
        RuleCase(
            name: "from glob is anchored", rule: rule { $0.from = ["*@example.co"] }, facts: facts(), matches: false),
        RuleCase(
            name: "from ignores case", rule: rule { $0.from = ["*@example.com"] },
            facts: facts(from: "Ann@EXAMPLE.com"), matches: true),
        RuleCase(
            name: "from subdomain glob", rule: rule { $0.from = ["*@*.example.com"] },
            facts: facts(from: "a@mail.example.com"), matches: true),
        RuleCase(
            name: "from look-alike domain", rule: rule { $0.from = ["*@example.com"] },
            facts: facts(from: "a@example.com.evil.test"), matches: false),
        RuleCase(
            name: "subject contains any", rule: rule { $0.subjectContains = ["invoice", "发票"] },
            facts: facts(subject: "关于发票"), matches: true),
        RuleCase(
            name: "subject contains ignores case", rule: rule { $0.subjectContains = ["invoice"] },
            facts: facts(subject: "INVOICE 42"), matches: true),
        RuleCase(
            name: "subject contains none", rule: rule { $0.subjectContains = ["invoice"] },
            facts: facts(subject: "Wi-Fi"), matches: false),
        RuleCase(
            name: "body contains", rule: rule { $0.bodyContains = ["refund"] }, facts: facts(body: "I want a Refund"),
            matches: true),
        RuleCase(
            name: "body is not the subject", rule: rule { $0.bodyContains = ["refund"] },
            facts: facts(subject: "refund", body: "x"), matches: false),
        RuleCase(
            name: "text is subject or body", rule: rule { $0.textContains = ["refund"] },
            facts: facts(subject: "refund", body: "x"), matches: true),
        RuleCase(
            name: "subject regex", rule: rule { $0.subjectMatches = "order #?\\d{5}" },
            facts: facts(subject: "Order #20231"), matches: true),
        RuleCase(
            name: "subject regex no match", rule: rule { $0.subjectMatches = "^re:" }, facts: facts(subject: "Order"),
            matches: false),
        RuleCase(
            name: "body regex", rule: rule { $0.bodyMatches = "\\bVAT\\b" }, facts: facts(body: "our vat number"),
            matches: true),
        RuleCase(
            name: "header substring", rule: rule { $0.headers = ["x-mailer": ["outlook"]] },
            facts: facts(headers: ["x-mailer": ["Microsoft Outlook 16.0"]]), matches: true),
        RuleCase(
            name: "header absent", rule: rule { $0.headers = ["x-mailer": ["outlook"]] }, facts: facts(), matches: false
        ),
        RuleCase(
            name: "header present (*)", rule: rule { $0.headers = ["list-id": ["*"]] },
            facts: facts(headers: ["list-id": ["<news.example.com>"]]), matches: true),
        RuleCase(
            name: "customer tag", rule: rule { $0.customerTags = ["vip"] }, facts: facts(tags: ["VIP"]), matches: true),
        RuleCase(
            name: "customer tag missing", rule: rule { $0.customerTags = ["vip"] }, facts: facts(tags: ["reseller"]),
            matches: false),
        RuleCase(
            name: "language", rule: rule { $0.languages = ["zh-Hant"] }, facts: facts(subject: "攝影機畫面全黑，申請保固維修"),
            matches: true),
        RuleCase(
            name: "language other", rule: rule { $0.languages = ["zh"] }, facts: facts(subject: "My camera is broken"),
            matches: false),
        RuleCase(
            name: "all conditions must hold",
            rule: rule {
                $0.mailboxes = ["support"]; $0.subjectContains = ["invoice"]
            }, facts: facts(subject: "hello"), matches: false),
        RuleCase(
            name: "all conditions hold",
            rule: rule {
                $0.mailboxes = ["support"]; $0.from = ["ann@*"]; $0.bodyContains = ["text"]
            }, facts: facts(), matches: true)
    ]

    @Test(arguments: cases)
    func condition(_ c: RuleCase) {
        let outcome = RuleEngine([c.rule]).evaluate(c.facts)
        #expect((outcome.matched == ["r"]) == c.matches)
        #expect((outcome.fields["category"]?.value == "billing") == c.matches)
    }

    @Test func laterRulesOverrideAndStopEndsThePass() {
        var first = RuleDefinition(name: "first")
        first.always = true
        first.setCategory = "sales"
        first.setPriority = "low"
        var second = RuleDefinition(name: "second")
        second.always = true
        second.setCategory = "billing"
        second.stop = true
        var third = RuleDefinition(name: "third")
        third.always = true
        third.setPriority = "urgent"
        let outcome = RuleEngine([first, second, third]).evaluate(facts())
        #expect(outcome.matched == ["first", "second"])
        #expect(outcome.fields["category"]?.value == "billing")
        #expect(outcome.fields["category"]?.by == "rule:second")
        #expect(outcome.fields["priority"]?.value == "low")
    }

    @Test func raisePriorityKeepsTheHighestFloorAndTagsAccumulate() {
        var a = RuleDefinition(name: "a")
        a.always = true
        a.raisePriority = "urgent"
        a.tagCustomer = ["vip"]
        var b = RuleDefinition(name: "b")
        b.always = true
        b.raisePriority = "high"
        b.tagCustomer = ["vip", "partner"]
        b.review = true
        b.setFeedbackType = "complaint"
        let outcome = RuleEngine([a, b]).evaluate(facts())
        #expect(outcome.priorityFloor?.value == "urgent")
        #expect(outcome.priorityFloor?.by == "rule:a")
        #expect(outcome.tagCustomer == ["vip", "partner"])
        #expect(outcome.review == ["rule:b"])
        #expect(outcome.fields["kind"]?.value == "feedback")
        #expect(outcome.fields["feedback_type"]?.value == "complaint")
    }

    @Test(
        arguments: [
            ("*@example.com", "a@example.com", true), ("a*b*c", "aXbYc", true), ("a*b*c", "aXbY", false),
            ("*", "", true), ("**@x", "a@x", true), ("abc", "abcd", false),
            ("*" + String(repeating: "*a", count: 40), String(repeating: "a", count: 2000) + "b", false)
        ]
            as [(String, String, Bool)])
    func glob(_ c: (String, String, Bool)) {
        #expect(Glob.matches(c.0, c.1) == c.2)
    }
}
