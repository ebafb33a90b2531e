import Config
import Foundation
import Pipeline
import Store
import Testing

/// Robots never become work for agents: bounces are filed with the message they report, auto-replies with the
/// thread they answer, bulk mail in bulk threads; none is classified, assigned, acknowledged or reopens a thread.
@Suite("robots")
struct RobotFilingTests {
    static let tom = AgentDefinition(name: "Tom Baker", address: "tom@desk.example")

    /// A gateway with one agent and the shipped templates; the customer's question answered with an acknowledgement.
    func askedAndAcknowledged(customer: String = "jo@corp.example") throws -> (TestGateway, Store, Int64, OutboxEntry) {
        var g = try TestGateway()
        g.routing = Configuration.Routing(agents: [Self.tom], teams: [], rules: [])
        g.templates = repositoryRoot + "/templates"
        try g.deliver(
            mail(
                from: "Jo <\(customer)>", subject: "Order 1234 has not arrived", id: "q1@corp.example",
                body: "I ordered a smart lock two weeks ago and it has not arrived. Where is it?"))
        let store = try g.store()
        try g.pipeline(store).runOnce()
        let thread = try #require(try store.threads(ThreadFilter(), limit: 0).first).id
        let ack = try #require(try store.outbox(state: nil, limit: 0).first { $0.kind == "acknowledgement" })
        return (g, store, thread, ack)
    }

    func events(_ store: Store, thread: Int64) throws -> [String] {
        try store.events(entity: "thread", id: thread).map(\.action)
    }

    @Test func aBounceOfTheAcknowledgementIsFiledWithItAndOpensNothing() throws {
        let (g, store, thread, ack) = try askedAndAcknowledged()
        let before = try store.outbox(state: nil, limit: 0).count
        try g.deliver(
            """
            From: Mail Delivery System <MAILER-DAEMON@mx.corp.example>
            To: support@desk.example
            Subject: Undelivered Mail Returned to Sender
            Message-ID: <dsn-1@mx.corp.example>
            MIME-Version: 1.0
            Content-Type: multipart/report; report-type=delivery-status; boundary="r"

            --r
            Content-Type: text/plain

            I'm sorry to have to inform you that your message could not be delivered.
            --r
            Content-Type: message/delivery-status

            Reporting-MTA: dns; mx.corp.example

            Final-Recipient: rfc822; jo@corp.example
            Action: failed
            Status: 5.1.1
            Diagnostic-Code: smtp; 550 5.1.1 <jo@corp.example>: Recipient address rejected
            --r
            Content-Type: text/rfc822-headers

            From: support@desk.example
            To: jo@corp.example
            Message-ID: <\(ack.messageId)>
            --r--
            """)
        let summary = try g.pipeline(store).runOnce()
        #expect(summary.threadsCreated == 0)
        #expect(summary.bounces == 1)
        #expect(try store.threads(ThreadFilter(includeRobots: true), limit: 0).count == 1)
        let bounced = try #require(try store.outbox(state: nil, limit: 0).first { $0.id == ack.id })
        #expect(bounced.bounce?.permanent == true)
        #expect(bounced.bounce?.recipients == ["jo@corp.example"])
        #expect(bounced.bouncedAt != nil)
        #expect(try events(store, thread: thread).contains("bounced"))
        #expect(
            try store.customers(tag: nil, limit: 0).first { $0.address == "jo@corp.example" }?.undeliverable == true)
        // The report is in the thread, but nobody is told and nothing is sent.
        #expect(try store.messages(inThread: thread).contains { $0.messageId == "dsn-1@mx.corp.example" })
        #expect(try store.outbox(state: nil, limit: 0).count == before)
        #expect(try store.thread(thread)?.status == "open")
        // No customer record for the mail system.
        #expect(try store.customers(tag: nil, limit: 0).allSatisfy { !$0.address.contains("mailer-daemon") })

        // The customer's next thread is not acknowledged: the address is undeliverable.
        try g.deliver(
            mail(
                from: "jo@corp.example", subject: "Another question", id: "q2@corp.example",
                body: "Can I change the delivery address?"))
        try g.pipeline(store).runOnce()
        #expect(try store.outbox(state: nil, limit: 0).filter { $0.kind == "acknowledgement" }.count == 1)
    }

    @Test func aBounceReportingNothingOfOursGoesToTheSystemView() throws {
        let (g, store, _, _) = try askedAndAcknowledged()
        try g.deliver(
            """
            From: MAILER-DAEMON@qq.com
            To: support@desk.example
            Subject: 退信
            Message-ID: <b2@qq.com>
            Content-Type: text/plain; charset=utf-8

            很抱歉您的邮件没能成功发送：550 Mailbox not found
            Message-ID: <someone-else@other.example>
            """)
        try g.pipeline(store).runOnce()
        #expect(try store.threads(ThreadFilter(), limit: 0).count == 1)  // hidden by default
        let system = try store.threads(ThreadFilter(kind: "system"), limit: 0)
        #expect(system.count == 1)
        #expect(system.first?.assignee == nil && system.first?.queue == nil)
        #expect(try store.outbox(state: nil, limit: 0).filter { $0.threadId == system.first?.id }.isEmpty)
    }

    @Test func anOutOfOfficeReplyJoinsQuietlyAndAnUnsolicitedOneOpensNothing() throws {
        let (g, store, thread, ack) = try askedAndAcknowledged()
        _ = try store.correctThread(thread, ThreadCorrection(status: .resolved), actor: "test", at: Date())
        let outbox = try store.outbox(state: nil, limit: 0).count
        try g.deliver(
            """
            From: Jo <jo@corp.example>
            To: support@desk.example
            Subject: =?UTF-8?B?6Ieq5Yqo5Zue5aSN?=: Re: Order 1234 has not arrived
            In-Reply-To: <\(ack.messageId)>
            Message-ID: <ooo-1@corp.example>

            我正在休假，12月10日回来。
            """)
        try g.deliver(
            """
            From: Someone <someone@else.example>
            To: support@desk.example
            Subject: Out of Office: back Monday
            Message-ID: <ooo-2@else.example>

            I am away until Monday.
            """)
        let summary = try g.pipeline(store).runOnce()
        #expect(summary.robots == 2)
        #expect(summary.threadsCreated == 0)
        #expect(try store.thread(thread)?.status == "resolved")  // not reopened
        #expect(try store.messages(inThread: thread).contains { $0.messageId == "ooo-1@corp.example" })
        #expect(try store.outbox(state: nil, limit: 0).count == outbox)  // nobody notified, nothing answered
        #expect(try store.threads(ThreadFilter(includeRobots: true), limit: 0).count == 1)
        #expect(try store.customers(tag: nil, limit: 0).allSatisfy { $0.address != "someone@else.example" })
    }

    @Test func bulkMailGetsABulkThreadOrNoneWhenDropped() throws {
        for filing in [RobotSettings.BulkFiling.thread, .drop] {
            var g = try TestGateway()
            g.routing = Configuration.Routing(agents: [Self.tom], teams: [], rules: [])
            g.templates = repositoryRoot + "/templates"
            g.robots = RobotSettings(bulk: filing)
            try g.deliver(
                """
                From: Deals <news@shop.example>
                To: support@desk.example
                Subject: 50% off this weekend
                List-Unsubscribe: <mailto:unsubscribe@shop.example>
                Message-ID: <n1@shop.example>

                Big sale on smart plugs.
                """)
            let store = try g.store()
            let summary = try g.pipeline(store).runOnce()
            #expect(summary.robots == 1)
            #expect(try store.threads(ThreadFilter(), limit: 0).isEmpty)
            let bulk = try store.threads(ThreadFilter(kind: "bulk"), limit: 0)
            #expect(bulk.count == (filing == .thread ? 1 : 0))
            #expect(bulk.allSatisfy { $0.assignee == nil && $0.queue == nil })
            #expect(try store.outbox(state: nil, limit: 0).isEmpty)
            #expect(try store.customers(tag: nil, limit: 0).isEmpty)
        }
    }

    @Test func threeSoftBouncesIn30DaysSuppressToo() throws {
        let (g, store, _, _) = try askedAndAcknowledged()
        for i in 2...3 {
            try g.deliver(
                mail(
                    from: "Jo <jo@corp.example>", subject: "Another question \(i)", id: "q\(i)@corp.example",
                    body: "Question \(i): can I change the colour of my order?"))
        }
        try g.pipeline(store).runOnce()
        let acks = try store.outbox(state: nil, limit: 0).filter { $0.kind == "acknowledgement" }
        #expect(acks.count == 3)
        for (n, ack) in acks.enumerated() {
            try g.deliver(
                """
                From: MAILER-DAEMON@mx.corp.example
                To: support@desk.example
                Subject: Delivery Status Notification (Delay)
                Message-ID: <delay-\(n)@mx.corp.example>
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="r"

                --r
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.corp.example

                Final-Recipient: rfc822; jo@corp.example
                Action: delayed
                Status: 4.2.2
                --r
                Content-Type: text/rfc822-headers

                Message-ID: <\(ack.messageId)>
                --r--
                """)
            try g.pipeline(store).runOnce()
            let jo = try store.customers(tag: nil, limit: 0).first { $0.address == "jo@corp.example" }
            #expect(jo?.undeliverable == (n == 2), "after \(n + 1) soft bounces")
        }
    }
}
