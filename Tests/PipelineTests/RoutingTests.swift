import Config
import Foundation
import GRDB
import Pipeline
import Store
import Testing

/// The classify and assign stages over a real store: rules, model, signals, owners, corrections.
@Suite("classify and assign")
struct RoutingPipelineTests {
    static let ann = AgentDefinition(
        name: "Ann", address: "ann@desk.example", categories: ["technical"], languages: ["en"], maxOpen: 1)
    static let bob = AgentDefinition(
        name: "Bob", address: "bob@desk.example", categories: ["billing", "technical"], languages: ["zh", "en"])
    static let teams = [TeamDefinition(name: "Tech", categories: ["technical"], queue: "tech@desk.example")]

    static func invoiceRule() -> RuleDefinition {
        var rule = RuleDefinition(name: "Invoices")
        rule.textContains = ["发票", "invoice"]
        rule.setCategory = "billing"
        return rule
    }

    func gateway(agents: [AgentDefinition] = [ann, bob], rules: [RuleDefinition] = [invoiceRule()]) throws
        -> TestGateway
    {
        var gateway = try TestGateway()
        gateway.routing = Configuration.Routing(agents: agents, teams: Self.teams, rules: rules)
        return gateway
    }

    func events(_ store: Store, _ thread: Int64, _ action: String) throws -> [String] {
        try store.events(entity: "thread", id: thread).filter { $0.action == action }.map { $0.detail ?? "" }
    }

    static let hubOffline =
        "My smart hub goes offline every night around 2am and the app cannot reach it until I restart it. How do I fix this?"

    @Test func newThreadsAreClassifiedAssignedAndTheirMessagesDone() throws {
        let g = try gateway()
        try g.deliver(mail(subject: "Hub goes offline every night", id: "a@x", body: Self.hubOffline))
        try g.deliver(
            mail(
                from: "王伟 <wang@example.cn>", subject: "订单 #20487 申请开具增值税专用发票", id: "b@x",
                body: "你好，订单 #20487 需要开增值税专用发票，公司抬头和税号见附件，谢谢。"))
        let store = try g.store()
        let summary = try g.pipeline(store).runOnce()
        #expect(summary.threadsClassified == 2)
        #expect(summary.threadsAssigned == 2)
        let threads = try store.threads(ThreadFilter(), limit: 0).sorted { $0.id < $1.id }
        #expect(threads.map(\.category) == ["technical", "billing"])
        #expect(threads.map(\.language) == ["en", "zh"])
        #expect(threads.map(\.assignee) == ["ann@desk.example", "bob@desk.example"])
        #expect(threads[1].decidedBy?.contains("rule:Invoices") == true)
        let classified = try events(store, threads[0].id, "classified")
        #expect(classified.count == 1)
        #expect(classified[0].contains("\"decided_by\":\"model\""))
        #expect(
            try events(store, threads[1].id, "assigned") == [
                "bob@desk.example: fewest open threads (0) among 1 matching agent"
            ])
        #expect(try store.stats().messagesByState == ["done": 2])

        // A follow-up in the thread neither re-decides nor re-assigns it.
        try g.deliver(mail(subject: "Re: Hub goes offline every night", id: "c@x", inReplyTo: "a@x", body: "Any news?"))
        let again = try g.pipeline(store).runOnce()
        #expect(again.threadsClassified == 0)
        #expect(try events(store, threads[0].id, "classified").count == 1)
        #expect(try events(store, threads[0].id, "assigned").count == 1)
        #expect(try store.stats().messagesByState == ["done": 3])
    }

    @Test func fullAgentsLeaveThreadsInTheTeamQueueUntilCapacityFrees() throws {
        let g = try gateway(agents: [Self.ann])
        try g.deliver(
            mail(from: "a@example.com", subject: "Hub goes offline every night", id: "a@x", body: Self.hubOffline))
        try g.deliver(
            mail(
                from: "b@example.com", subject: "Camera offline after the update", id: "b@x",
                body:
                    "Since the last firmware update my camera keeps going offline and the app shows an error. How can I fix it?"
            ))
        let store = try g.store()
        try g.pipeline(store).runOnce()
        let waiting = try store.threads(ThreadFilter(unassigned: true), limit: 0)
        #expect(waiting.count == 1)
        #expect(waiting.first?.queue == "tech@desk.example")
        let queued = try events(store, waiting[0].id, "queued")
        #expect(queued.count == 1)
        #expect(queued[0].contains("ann@desk.example at max_open 1"))
        // Waiting is not logged again on every pass.
        try g.pipeline(store).runOnce()
        #expect(try events(store, waiting[0].id, "queued").count == 1)
        // Once Ann's thread is resolved the waiting one is hers.
        let owned = try #require(try store.threads(ThreadFilter(assignee: "ann@desk.example"), limit: 0).first)
        _ = try store.correctThread(owned.id, ThreadCorrection(status: .resolved), actor: "agent:ann", at: Date())
        try g.pipeline(store).runOnce()
        #expect(try store.thread(waiting[0].id)?.assignee == "ann@desk.example")
        #expect(try store.thread(waiting[0].id)?.queue == nil)
    }

    /// Ann and Bob on duty; one technical thread, which Ann gets.
    func hubThreadOwnedByAnn() throws -> (TestGateway, Store, ThreadSummary) {
        let g = try gateway(agents: [Self.ann, Self.bob])
        try g.deliver(mail(subject: "Hub goes offline every night", id: "a@x", body: Self.hubOffline))
        let store = try g.store()
        try g.pipeline(store).runOnce()
        let thread = try #require(try store.threads(ThreadFilter(), limit: 0).first)
        #expect(thread.assignee == "ann@desk.example")
        return (g, store, thread)
    }

    @Test func aReopenedThreadGoesBackToItsAgentUnlessTheyAreAway() throws {
        var (g, store, thread) = try hubThreadOwnedByAnn()
        _ = try store.correctThread(thread.id, ThreadCorrection(status: .resolved), actor: "agent:ann", at: Date())

        try g.deliver(
            mail(subject: "Re: Hub goes offline every night", id: "b@x", inReplyTo: "a@x", body: "It happened again."))
        try g.pipeline(store).runOnce()
        #expect(try store.thread(thread.id)?.status == "open")
        #expect(try store.thread(thread.id)?.assignee == "ann@desk.example")
        #expect(try events(store, thread.id, "kept").first?.contains("sticky") == true)

        // Ann goes on leave; the customer reopens again: Bob takes it.
        _ = try store.correctThread(thread.id, ThreadCorrection(status: .closed), actor: "agent:ann", at: Date())
        g.routing.agents[0].awayFrom = CalendarDay(g.now, in: .current)
        try g.deliver(
            mail(subject: "Re: Hub goes offline every night", id: "c@x", inReplyTo: "b@x", body: "Still broken."))
        try g.pipeline(store).runOnce()
        #expect(try store.thread(thread.id)?.assignee == "bob@desk.example")
        #expect(
            try events(store, thread.id, "assigned").last?.contains("previous agent ann@desk.example away since")
                == true)
    }

    @Test func anUnavailableAgentsThreadsAreRebalanced() throws {
        var (g, store, thread) = try hubThreadOwnedByAnn()

        g.routing.agents[0].available = false
        let summary = try g.pipeline(store).runOnce()
        #expect(summary.threadsReleased == 1)
        #expect(try store.thread(thread.id)?.assignee == "bob@desk.example")
        #expect(try events(store, thread.id, "released") == ["ann@desk.example marked unavailable"])

        // Switched off, nothing moves.
        g.routing.agents[1].available = false
        var off = g
        off.routing.agents = [Self.ann]
        let pipeline = try off.pipeline(store)
        _ = pipeline
        var config = off.configuration
        config.gateway.assignment.rebalanceUnavailable = false
        let quiet = try Pipeline(
            configuration: config, store: store, workingDirectory: off.root.path,
            logger: .init(label: "test"), environment: [:])
        #expect(try quiet.runOnce().threadsReleased == 0)
        #expect(try store.thread(thread.id)?.assignee == "bob@desk.example")
    }

    @Test func vipCustomersAndUrgentWordsRaisePriority() throws {
        let g = try gateway()
        let store = try g.store()
        _ = try store.tagCustomer("boss@bigcorp.example", add: ["vip"], remove: [], actor: "test", at: Date())
        try g.deliver(
            mail(
                from: "boss@bigcorp.example", subject: "Question about colours", id: "a@x",
                body: "Hello, which colours does the smart lock come in? Thanks."))
        try g.deliver(
            mail(
                from: "c@example.com", subject: "网站打不开了", id: "b@x",
                body: "你们的服务器宕机了吗？我们整个门店系统都用不了，请马上处理！"))
        try g.pipeline(store).runOnce()
        let threads = try store.threads(ThreadFilter(), limit: 0)
        let vip = try #require(threads.first { $0.customer == "boss@bigcorp.example" })
        #expect(vip.priority == "high")
        #expect(vip.decidedBy != nil)
        let outage = try #require(threads.first { $0.customer == "c@example.com" })
        #expect(outage.priority == "urgent")
        #expect(try store.threads(ThreadFilter(priority: .urgent), limit: 0).map(\.id) == [outage.id])
    }

    @Test func correctionsAreRecordedAndBecomeTrainingExamples() throws {
        let g = try gateway()
        try g.deliver(mail(subject: "Hub goes offline every night", id: "a@x", body: Self.hubOffline))
        let store = try g.store()
        try g.pipeline(store).runOnce()
        let thread = try #require(try store.threads(ThreadFilter(), limit: 0).first)
        let priority: ThreadPriority = thread.priority == "urgent" ? .low : .urgent
        let changes = try store.correctThread(
            thread.id,
            ThreadCorrection(
                category: "after_sales", priority: priority,
                assignee: .some("bob@desk.example")), actor: "agent:lead", at: Date())
        #expect(
            changes == [
                "category: technical → after_sales", "priority: \(thread.priority!) → \(priority.rawValue)",
                "assignee: ann@desk.example → bob@desk.example"
            ])
        #expect(
            try store.correctThread(
                thread.id, ThreadCorrection(category: "after_sales"), actor: "agent:lead", at: Date()) == [])
        let examples = try store.correctedThreads()
        #expect(examples.map(\.category) == ["after_sales"])
        #expect(examples.first?.text.contains("offline every night") == true)
        #expect(try events(store, thread.id, "corrected").count == 1)
        // A correction is final: the next pass leaves it alone.
        try g.pipeline(store).runOnce()
        #expect(try store.thread(thread.id)?.category == "after_sales")
        #expect(try store.thread(thread.id)?.assignee == "bob@desk.example")
    }

    /// A thread an agent worked without changing its labels confirms them; the follow-up's own closing does not.
    @Test func threadsAgentsWorkedWithoutChangesAreConfirmedExamples() throws {
        let g = try gateway()
        for (n, subject) in ["Hub goes offline", "Hub offline again", "Hub still offline", "Hub dead"].enumerated() {
            try g.deliver(mail(from: "c\(n)@example.com", subject: subject, id: "m\(n)@x", body: Self.hubOffline))
        }
        let store = try g.store()
        try g.pipeline(store).runOnce()
        let ids = try store.threads(ThreadFilter(), limit: 0).map(\.id).sorted()
        try #require(ids.count == 4)
        let resolved = ThreadCorrection(status: .resolved)
        _ = try store.correctThread(ids[0], resolved, actor: "agent:lead", at: g.now)  // confirmed
        _ = try store.correctThread(ids[1], ThreadCorrection(category: "sales"), actor: "agent:lead", at: g.now)
        _ = try store.correctThread(ids[2], resolved, actor: "followup", at: g.now)  // no one looked
        // ids[3]: untouched, for now.
        let confirmed = try store.confirmedThreads()
        #expect(confirmed.map(\.threadID) == [ids[0]])
        #expect(confirmed.first?.correctedAt == nil)
        #expect(confirmed.first?.labelledAt != nil)
        #expect(confirmed.first?.text.contains("offline every night") == true)
        #expect(try store.correctedThreads().map(\.threadID) == [ids[1]])
        // The newest confirmed threads when there are too many, oldest first.
        let owner = try store.thread(ids[3])?.assignee == "bob@desk.example" ? "ann@desk.example" : "bob@desk.example"
        #expect(
            try !store.correctThread(ids[3], ThreadCorrection(assignee: .some(owner)), actor: "agent:lead", at: g.now)
                .isEmpty)
        #expect(try store.confirmedThreads().map(\.threadID) == [ids[0], ids[3]])
        #expect(try store.confirmedThreads(limit: 1).map(\.threadID) == [ids[3]])
        // Changing a confirmed thread's labels makes it a correction, never both.
        _ = try store.correctThread(ids[0], ThreadCorrection(category: "sales"), actor: "agent:lead", at: g.now)
        #expect(try store.confirmedThreads().map(\.threadID) == [ids[3]])
        #expect(try store.correctedThreads().map(\.threadID) == [ids[0], ids[1]])
    }

    @Test func withoutModelOrAgentsThreadsTakeTheMailboxKindAndWait() throws {
        var g = try gateway(agents: [], rules: [])
        g.kind = .feedback
        try g.deliver(mail(subject: "Hi", id: "a@x", body: "Hello there"))
        var config = g.configuration
        config.gateway.classification.trainingData = g.root.path + "/none"
        let store = try g.store()
        let pipeline = try Pipeline(
            configuration: config, store: store, workingDirectory: g.root.path,
            logger: .init(label: "test"), environment: [:])
        try pipeline.runOnce()
        let thread = try #require(try store.threads(ThreadFilter(), limit: 0).first)
        #expect(thread.kind == "feedback")
        #expect(thread.category == "other")
        #expect(thread.needsReview)
        #expect(thread.assignee == nil && thread.queue == nil)
        #expect(try store.threads(ThreadFilter(needsReview: true), limit: 0).count == 1)
        #expect(try events(store, thread.id, "queued").first?.contains("no agents configured") == true)
    }

    @Test func machineMailIsLowPriority() throws {
        let g = try gateway()
        // Marked as automatic, but not a robot of its own kind (bulk mail gets a bulk thread, see RobotFilingTests).
        try g.deliver(
            mail(
                from: "noreply@shop.example", subject: "Your weekly newsletter", id: "a@x",
                body: "Big sale! Act now, urgent offer ends tonight.", headers: ["X-Auto-Response-Suppress: All"]))
        let store = try g.store()
        try g.pipeline(store).runOnce()
        let thread = try #require(try store.threads(ThreadFilter(), limit: 0).first)
        #expect(thread.priority == "low")
        #expect(thread.needsReview)
    }
}
