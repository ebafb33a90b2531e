import Config
import Foundation
import GRDB
import Pipeline
import Store
import Testing
import Threading

/// The care stage with a manual clock: who is greeted when, across zones and DST, exactly once.
@Suite("care stage")
struct CareStageTests {
    /// The clock of every gateway (and pipeline) of one test.
    let clock = ManualClock(Date())

    static func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    /// A gateway with the shipped templates, the given campaigns, and customers imported as marketing would.
    func gateway(_ campaigns: [CampaignDefinition], care: CareSettings = CareSettings()) throws -> (TestGateway, Store)
    {
        var gateway = try TestGateway()
        gateway.clock = clock
        gateway.templates = repositoryRoot + "/templates"
        gateway.campaigns = campaigns
        gateway.care = care
        return (gateway, try gateway.store())
    }

    func importCustomers(_ store: Store, _ profiles: [CustomerProfile]) throws {
        _ = try store.importCustomers(
            profiles, dryRun: false, actor: "test", source: "test", at: Self.utc("2027-01-01T00:00:00Z"))
    }

    /// Runs the care stage alone at `time`; returns (queued, skipped).
    @discardableResult
    func run(_ pipeline: Pipeline, at time: String) throws -> (Int, Int) {
        clock.set(Self.utc(time))
        var summary = RunSummary()
        try pipeline.scheduleCare(into: &summary)
        #expect(summary.errors.isEmpty, "\(summary.errors)")
        return (summary.careQueued, summary.careSkipped)
    }

    func careOutbox(_ store: Store) throws -> [OutboxEntry] {
        try store.outbox(state: nil, limit: 0).filter { $0.kind == "care" }.sorted { $0.id < $1.id }
    }

    static let zones = ["Australia/Sydney", "Asia/Shanghai", "Asia/Kolkata", "Europe/Berlin", "America/New_York"]

    @Test func springFestivalReachesEachZoneAtNineLocalAndOnlyOnce() throws {
        let spring = CampaignDefinition(name: "spring_festival", occasion: .holiday("spring_festival"))
        let (gateway, store) = try gateway([spring])
        try importCustomers(
            store,
            Self.zones.enumerated().map { i, zone in
                CustomerProfile(
                    address: "c\(i)@example.com", name: "Customer \(i)", timezone: zone,
                    language: ["en", "zh", "zh-Hant"][i % 3])
            })
        let pipeline = try gateway.pipeline(store)
        // The campaign is first seen days before; 2027-02-06 is the Spring Festival.
        #expect(try run(pipeline, at: "2027-02-01T00:00:00Z") == (0, 0))
        #expect(try run(pipeline, at: "2027-02-05T21:59:59Z") == (0, 0))
        #expect(try run(pipeline, at: "2027-02-05T22:00:00Z") == (1, 0))  // Sydney 09:00 AEDT
        #expect(try run(pipeline, at: "2027-02-05T22:00:00Z") == (0, 0))  // the same pass again: nothing
        #expect(try run(pipeline, at: "2027-02-06T01:00:00Z") == (1, 0))  // Shanghai
        #expect(try run(pipeline, at: "2027-02-06T03:30:00Z") == (1, 0))  // Kolkata (+05:30)
        #expect(try run(pipeline, at: "2027-02-06T08:00:00Z") == (1, 0))  // Berlin (CET)
        #expect(try run(pipeline, at: "2027-02-06T13:59:00Z") == (0, 0))
        #expect(try run(pipeline, at: "2027-02-06T14:00:00Z") == (1, 0))  // New York (EST)
        #expect(try run(pipeline, at: "2027-02-07T14:00:00Z") == (0, 0))

        let mails = try careOutbox(store)
        #expect(
            mails.map { $0.to[0] } == [
                "c0@example.com", "c1@example.com", "c2@example.com", "c3@example.com", "c4@example.com"
            ])
        #expect(
            mails.map { $0.template ?? "" } == [
                "en/care_spring_festival", "zh/care_spring_festival",
                "zh-Hant/care_spring_festival", "en/care_spring_festival", "zh/care_spring_festival"
            ])
        #expect(mails[1].subject.contains("春节"))
        #expect(mails[2].subject.contains("春節"))
        let (_, bytes) = try #require(try store.outboxMessage(mails[0].id))
        // Header lines unfolded (a long field may continue on the next line after a blank).
        let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n ", with: " ")
        #expect(text.contains("Auto-Submitted: auto-generated"))
        #expect(text.contains("Precedence: bulk"))
        // Without [care] public_url there is no HTTPS link, so no one-click header (RFC 8058 requires one).
        #expect(!text.contains("List-Unsubscribe-Post"))
        #expect(text.contains("List-Unsubscribe: <mailto:support+u"))
        #expect(text.contains("Happy Spring Festival"))
        let greetings = try store.greetings(campaign: "spring_festival")
        #expect(greetings.first { $0.customer == "c4@example.com" }?.localTime == "2027-02-06 09:00 -05:00")
        #expect(greetings.first { $0.customer == "c2@example.com" }?.localTime == "2027-02-06 09:00 +05:30")
    }

    @Test func withAPublicURLCareMailOffersOneClickUnsubscribe() throws {
        let spring = CampaignDefinition(name: "spring_festival", occasion: .holiday("spring_festival"))
        var care = CareSettings(defaultTimezone: "Asia/Shanghai")
        care.publicURL = "https://desk.example.com"
        let (gateway, store) = try gateway([spring], care: care)
        try importCustomers(store, [CustomerProfile(address: "ming@example.cn")])
        let pipeline = try gateway.pipeline(store)
        try run(pipeline, at: "2027-02-01T00:00:00Z")
        #expect(try run(pipeline, at: "2027-02-06T01:00:00Z") == (1, 0))
        let mail = try #require(try careOutbox(store).first)
        let (_, bytes) = try #require(try store.outboxMessage(mail.id))
        let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n ", with: " ")
        let header = try #require(text.components(separatedBy: "\r\n").first { $0.hasPrefix("List-Unsubscribe: ") })
        #expect(header.hasPrefix("List-Unsubscribe: <https://desk.example.com/unsubscribe/u"))
        #expect(header.contains(">, <mailto:support+u"))
        #expect(text.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"))
    }

    @Test func birthdaysAcrossDaylightSavingFeb29AndLunar() throws {
        let birthday = CampaignDefinition(name: "birthday", occasion: .birthday, feb29: .mar1)
        let (gateway, store) = try gateway([birthday], care: CareSettings(defaultTimezone: "Asia/Shanghai"))
        try importCustomers(
            store,
            [
                CustomerProfile(address: "ny@example.com", birthday: "03-14", timezone: "America/New_York"),
                CustomerProfile(address: "berlin@example.com", birthday: "1980-03-28", timezone: "Europe/Berlin"),
                CustomerProfile(address: "leap@example.com", birthday: "2000-02-29", timezone: "Australia/Sydney"),
                CustomerProfile(address: "lunar@example.cn", birthday: "lunar:01-02")  // default zone: Shanghai
            ])
        let pipeline = try gateway.pipeline(store)
        try run(pipeline, at: "2027-02-01T00:00:00Z")
        // 正月初二 2027 is 2027-02-07: 09:00 in Shanghai.
        #expect(try run(pipeline, at: "2027-02-07T00:59:00Z") == (0, 0))
        #expect(try run(pipeline, at: "2027-02-07T01:00:00Z") == (1, 0))
        // 29 February in 2027 with feb29 = mar1: 1 March 09:00 AEDT is 28 February 22:00 UTC.
        #expect(try run(pipeline, at: "2027-02-28T21:59:00Z") == (0, 0))
        #expect(try run(pipeline, at: "2027-02-28T22:00:00Z") == (1, 0))
        // New York's DST starts on 14 March: 09:00 EDT is 13:00 UTC, not 14:00.
        #expect(try run(pipeline, at: "2027-03-14T12:59:00Z") == (0, 0))
        #expect(try run(pipeline, at: "2027-03-14T13:00:00Z") == (1, 0))
        // Berlin's DST starts on 28 March: 09:00 CEST is 07:00 UTC.
        #expect(try run(pipeline, at: "2027-03-28T06:59:00Z") == (0, 0))
        #expect(try run(pipeline, at: "2027-03-28T07:00:00Z") == (1, 0))
        let dates = try store.greetings(campaign: "birthday").map { "\($0.customer) \($0.occasionDate)" }
        #expect(
            dates == [
                "lunar@example.cn 2027-02-07", "leap@example.com 2027-03-01", "ny@example.com 2027-03-14",
                "berlin@example.com 2027-03-28"
            ])
    }

    @Test func pausedCampaignSendsNothingAndAfterResumeOnlyWhatIsWithinCatchUp() throws {
        let spring = CampaignDefinition(
            name: "spring_festival", occasion: .holiday("spring_festival"), catchUpHours: 12)
        let (gateway, store) = try gateway([spring])
        try importCustomers(
            store,
            [
                CustomerProfile(address: "sydney@example.com", timezone: "Australia/Sydney"),  // due 2027-02-05T22:00Z
                CustomerProfile(address: "ny@example.com", timezone: "America/New_York")  // due 2027-02-06T14:00Z
            ])
        let pipeline = try gateway.pipeline(store)
        try run(pipeline, at: "2027-02-01T00:00:00Z")
        #expect(try store.setCampaignState("spring_festival", "paused", actor: "test", at: Date()))
        #expect(try run(pipeline, at: "2027-02-06T15:00:00Z") == (0, 0))
        #expect(try store.setCampaignState("spring_festival", "active", actor: "test", at: Date()))
        // Sydney's greeting is 17 hours late: skipped with the reason; New York's is 1 hour late: sent.
        #expect(try run(pipeline, at: "2027-02-06T15:00:00Z") == (1, 1))
        let greetings = try store.greetings(campaign: "spring_festival")
        let sydney = try #require(greetings.first { $0.customer == "sydney@example.com" })
        #expect(sydney.state == "skipped")
        #expect(sydney.reason?.contains("17 hours late (catch_up_hours = 12)") == true)
        #expect(greetings.first { $0.customer == "ny@example.com" }?.state == "queued")
        // Cancelled stays cancelled.
        #expect(try store.setCampaignState("spring_festival", "cancelled", actor: "test", at: Date()))
        #expect(try store.setCampaignState("spring_festival", "active", actor: "test", at: Date()) == false)
    }

    @Test func optedOutUndeliverableAndMinimumGapAreSkippedWithTheReason() throws {
        let spring = CampaignDefinition(name: "spring_festival", occasion: .holiday("spring_festival"))
        let birthday = CampaignDefinition(name: "birthday", occasion: .birthday)
        let (gateway, store) = try gateway(
            [birthday, spring], care: CareSettings(defaultTimezone: "Asia/Shanghai", minGapHours: 20))
        try importCustomers(
            store,
            [
                CustomerProfile(address: "out@example.com", optOut: true),
                CustomerProfile(address: "both@example.com", birthday: "02-06"),  // birthday on the Spring Festival
                CustomerProfile(address: "bounced@example.com")
            ])
        _ = try store.updateCustomer("bounced@example.com", [.undeliverable(true)], actor: "test", at: Date())
        let pipeline = try gateway.pipeline(store)
        try run(pipeline, at: "2027-02-01T00:00:00Z")
        #expect(try run(pipeline, at: "2027-02-06T01:00:00Z") == (1, 3))
        let mails = try careOutbox(store)
        #expect(mails.map { $0.to[0] } == ["both@example.com"])
        let reasons = try (store.greetings(campaign: "spring_festival") + store.greetings(campaign: "birthday"))
            .filter { $0.state == "skipped" }.map { "\($0.customer): \($0.reason ?? "")" }.sorted()
        #expect(reasons.count == 3)
        #expect(
            reasons[0].hasPrefix(
                "both@example.com: another care mail was queued at 2027-02-06T01:00:00Z, within min_gap_hours = 20"))
        #expect(reasons[1] == "bounced@example.com: address is undeliverable")
        #expect(reasons[2].hasPrefix("out@example.com: opted out of care mail at"))
    }

    /// The dry run decides the minimum gap as the stage will: the birthday campaign comes first in the
    /// configuration, so on 2027-02-06 (Spring Festival) its greeting goes out and Spring Festival's is skipped.
    @Test func dryRunSkipsWhatTheMinimumGapWillSkip() throws {
        let spring = CampaignDefinition(name: "spring_festival", occasion: .holiday("spring_festival"))
        let birthday = CampaignDefinition(name: "birthday", occasion: .birthday)
        let (gateway, store) = try gateway(
            [birthday, spring], care: CareSettings(defaultTimezone: "Asia/Shanghai", minGapHours: 20))
        try importCustomers(
            store,
            [
                CustomerProfile(address: "both@example.com", birthday: "02-06"),
                CustomerProfile(address: "eve@example.com", birthday: "02-05"),  // the day before: 24 h apart, both go
                CustomerProfile(address: "one@example.com")
            ])
        let pipeline = try gateway.pipeline(store)
        let plan = try pipeline.planCampaign(
            spring, from: Self.utc("2027-02-01T00:00:00Z"), to: Self.utc("2027-02-10T00:00:00Z"))
        let byCustomer = Dictionary(uniqueKeysWithValues: plan.map { ($0.customer, $0) })
        #expect(byCustomer["one@example.com"]?.action == "send")
        #expect(byCustomer["eve@example.com"]?.action == "send")
        #expect(byCustomer["both@example.com"]?.action == "skip")
        #expect(
            byCustomer["both@example.com"]?.reason
                == "another care mail (birthday) at 2027-02-06T01:00:00Z, within min_gap_hours = 20")
        // The stage agrees.
        try run(pipeline, at: "2027-02-06T01:00:00Z")
        #expect(
            try store.greetings(campaign: "spring_festival").first { $0.customer == "both@example.com" }?.state
                == "skipped")
    }

    @Test func twoProcessesOnOneStoreGreetOnce() throws {
        let spring = CampaignDefinition(name: "spring_festival", occasion: .holiday("spring_festival"))
        let (gateway, store) = try gateway([spring])
        try importCustomers(
            store, (0..<50).map { CustomerProfile(address: "c\($0)@example.com", timezone: "Asia/Shanghai") })
        let first = try gateway.pipeline(store)
        let second = try gateway.pipeline(try gateway.store())
        try run(first, at: "2027-02-01T00:00:00Z")
        // Two pipelines (two connections to one file) interleave at the same instant.
        let a = try run(first, at: "2027-02-06T01:00:00Z")
        let b = try run(second, at: "2027-02-06T01:00:00Z")
        #expect(a.0 + b.0 == 50)
        #expect(try careOutbox(store).count == 50)
        #expect(Set(try careOutbox(store).map { $0.to[0] }).count == 50)
    }

    @Test func mailToTheUnsubscribeAddressOrAReplySayingTDOptsOutOnceAndMakesNoThread() throws {
        let spring = CampaignDefinition(name: "spring_festival", occasion: .holiday("spring_festival"))
        let (gateway, store) = try gateway([spring], care: CareSettings(defaultTimezone: "Asia/Shanghai"))
        gateway.now = Self.utc("2027-02-06T02:00:00Z")
        try importCustomers(
            store,
            [
                CustomerProfile(address: "ann@example.com", name: "Ann", language: "en"),
                CustomerProfile(address: "li@example.cn", name: "李雷", language: "zh"),
                CustomerProfile(address: "tom@example.com", name: "Tom", language: "en")
            ])
        let pipeline = try gateway.pipeline(store)
        try run(pipeline, at: "2027-02-01T00:00:00Z")
        #expect(try run(pipeline, at: "2027-02-06T01:00:00Z") == (3, 0))
        clock.set(Self.utc("2027-02-06T02:00:00Z"))
        let secret = ReplySecret(try store.tokenSecret())
        let ann = try #require(try store.careRecipient(address: "ann@example.com"))
        let li = try #require(try store.careRecipient(address: "li@example.cn"))
        let unsubscribe = UnsubscribeToken(customerID: ann.id, secret: secret).address("support@desk.example")
        try gateway.deliver(
            mail(from: "Ann <ann@example.com>", to: unsubscribe, subject: "unsubscribe", id: "u1@example.com", body: "")
        )
        try gateway.deliver(
            mail(
                from: "Li <li@example.cn>", subject: "回复：Lumo恭祝您春节快乐", id: "u2@example.cn",
                inReplyTo: "maildesk.care.spring_festival.\(li.id).2027-02-06@desk.example",
                body: "退订\n\n在 2027年2月6日，Lumo 写道：\n> 恭祝您和家人新春快乐"))
        try gateway.deliver(
            mail(
                from: "Tom <tom@example.com>", subject: "Re: Happy Spring Festival", id: "u3@example.com",
                inReplyTo: "maildesk.care.spring_festival.3.2027-02-06@desk.example",
                body: "Thanks! By the way, my lock does not unsubscribe from Wi-Fi."))
        let summary = try pipeline.runOnce()
        #expect(summary.careUnsubscribed == 2)
        #expect(summary.threadsCreated == 1)  // Tom's reply is support mail
        #expect(try store.careRecipient(address: "ann@example.com")?.optedOutAt != nil)
        #expect(try store.careRecipient(address: "li@example.cn")?.optedOutAt != nil)
        #expect(try store.careRecipient(address: "tom@example.com")?.optedOutAt == nil)
        let confirmations = try careOutbox(store).filter { $0.template?.hasSuffix("care_unsubscribed") == true }
        #expect(confirmations.map { $0.to[0] }.sorted() == ["ann@example.com", "li@example.cn"])
        #expect(confirmations.first { $0.to[0] == "li@example.cn" }?.subject.contains("退订") == true)

        // Asking again changes nothing and confirms nothing more; support mail from Ann is still threaded.
        try gateway.deliver(
            mail(from: "Ann <ann@example.com>", to: unsubscribe, subject: "unsubscribe", id: "u4@example.com", body: "")
        )
        let again = try pipeline.runOnce()
        #expect(again.careUnsubscribed == 1)
        #expect(try careOutbox(store).filter { $0.template?.hasSuffix("care_unsubscribed") == true }.count == 2)
        // A forged token is ordinary mail.
        try gateway.deliver(
            mail(
                from: "Eve <eve@example.com>", to: "support+u\(li.id)-aaaaaaaaaa@desk.example",
                subject: "unsubscribe", id: "u5@example.com", body: ""))
        let forged = try pipeline.runOnce()
        #expect(forged.careUnsubscribed == 0)
        #expect(forged.threadsCreated == 1)
    }

    @Test func forgettingACustomerErasesTheirWordsAndKeepsTheThread() throws {
        let (gateway, store) = try gateway([])
        try gateway.deliver(
            mail(
                from: "Ann Lee <ann@example.com>", subject: "My lock at 5 Elm Street", id: "f1@example.com",
                body: "Call me at 555-0100"))
        let pipeline = try gateway.pipeline(store)
        #expect(try pipeline.runOnce().threadsCreated == 1)
        let forgotten = try store.forgetCustomer("ANN@example.com", actor: "test", at: Date())
        #expect(forgotten == 1)
        #expect(try store.customerProfile("ann@example.com") == nil)
        #expect(try store.forgetCustomer("ann@example.com", actor: "test", at: Date()) == nil)
        let threads = try store.customers(tag: nil, limit: 0)
        #expect(threads.count == 1)
        #expect(threads[0].address.hasPrefix("forgotten-"))
        #expect(threads[0].threads == 1)  // the thread stays
        let messages = try store.messageIDs(in: .done, limit: 10, before: nil)
        #expect(messages.count == 1)
        let body = try store.messageBody(messages[0])
        #expect(body.text == "[erased]")
        // What was sent to them: the address replaced, the bytes (their words quoted, their name) erased.
        let sent = try store.outbox(state: nil, limit: 0).filter { $0.kind == "acknowledgement" }
        #expect(sent.count == 1)
        #expect(sent.map(\.to) == [[threads[0].address]])
        #expect(try sent.map { try store.outboxMessage($0.id)?.bytes } == [[]])
    }

    @Test func throttleSpreadsACampaignOverHours() throws {
        let spring = CampaignDefinition(name: "spring_festival", occasion: .holiday("spring_festival"), throttle: 2)
        let (gateway, store) = try gateway([spring], care: CareSettings(defaultTimezone: "Asia/Shanghai"))
        try importCustomers(store, (0..<5).map { CustomerProfile(address: "c\($0)@example.com") })
        let pipeline = try gateway.pipeline(store)
        try run(pipeline, at: "2027-02-01T00:00:00Z")
        #expect(try run(pipeline, at: "2027-02-06T01:00:00Z") == (2, 0))
        #expect(try run(pipeline, at: "2027-02-06T01:30:00Z") == (0, 0))
        #expect(try run(pipeline, at: "2027-02-06T02:00:00Z") == (2, 0))
        #expect(try run(pipeline, at: "2027-02-06T03:00:00Z") == (1, 0))
        #expect(try careOutbox(store).count == 5)
    }
}
