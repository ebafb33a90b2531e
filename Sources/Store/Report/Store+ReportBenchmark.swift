import Foundation
import GRDB

/// What `seedSyntheticService` wrote.
public struct SyntheticServiceCounts: Sendable {
    public var messages: Int
    public var threads: Int
    public var events: Int
    /// When the oldest thread opened.
    public var from: Date
}

extension Store {
    /// Fills an empty store with a year of synthetic service work ending at `now`, about `messages` messages in
    /// all, for the report benchmark (`maildesk bench report`): threads of two to six messages (customer mail and
    /// agents' answers in turn), labels, owners, ratings, first responses, status changes and the audit events
    /// the pipeline writes for each (stored, parsed, threaded, created, classified, assigned, corrected). Old
    /// threads are mostly settled, recent ones wait. Deterministic (a fixed seed). Refuses a store with threads.
    public func seedSyntheticService(messages: Int, now: Date) throws -> SyntheticServiceCounts {
        var random = SplitMix(seed: 0x6d61_696c_6465_736b)
        let year = 365.0 * 86_400
        let start = now.addingTimeInterval(-year)
        let categories = ["billing", "technical", "shipping", "account", "after_sales", "other"]
        let priorities = ["low", "normal", "normal", "normal", "high", "urgent"]
        let languages = ["zh", "zh", "en", "en", "zh-Hant"]
        let agents = (1...12).map { "agent\($0)@bench.example" }
        let needTexts = [
            "您好，请问如何修改账户密码？我找不到设置页面。", "请问发票什么时候可以开具？谢谢。", "How do I change the email address on my account?",
            "Could you tell me when my order will ship? Thanks.", "请问你们支持哪些付款方式？",
            "Where can I download last month's invoice?"
        ]
        let complaintTexts = [
            "退款太慢了，已经两个星期还没有到账，非常不满意。", "包装破损，商品也坏了，物流太差。", "The refund is delayed again and nobody answers.",
            "I was charged twice for the same order, this is unacceptable.", "快递一直没有更新，物流太慢了。",
            "The parcel arrived damaged and the box was crushed."
        ]
        let praiseTexts = ["客服非常耐心，问题很快解决了，五星好评！", "Great service, the agent solved it in minutes. 5/5"]
        let suggestionTexts = ["希望App能增加夜间模式。", "It would be nice to track orders by SMS."]
        return try write { db in
            guard try Int.fetchOne(db, sql: "SELECT count(*) FROM thread") == 0 else {
                throw StoreError.invalidState("the benchmark seeds only an empty store")
            }
            let raw = try db.makeStatement(
                sql: "INSERT INTO raw_message (sha256, size, bytes, stored_at) VALUES (?, ?, ?, ?)")
            let message = try db.makeStatement(
                sql: """
                    INSERT INTO message (id, sha256, mailbox, direction, state, message_id, subject, from_address, text,
                        thread_id, received_at, date, author, agent)
                    VALUES (?, ?, ?, ?, 'done', ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            let customer = try db.makeStatement(
                sql: """
                    INSERT INTO customer (id, address, first_contact, last_contact) VALUES (?, ?, ?, ?)
                    """)
            let thread = try db.makeStatement(
                sql: """
                    INSERT INTO thread (id, token, kind, feedback_type, category, priority, language, status, subject,
                        subject_key, mailbox, customer_id, assignee, rating, created_at, updated_at, last_message_at,
                        classified_at, assigned_at, first_response_at, last_agent_reply_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            let event = try db.makeStatement(
                sql: """
                    INSERT INTO event (at, actor, entity, entity_id, action, detail) VALUES (?, ?, ?, ?, ?, ?)
                    """)
            let timer = try db.makeStatement(
                sql: """
                    INSERT INTO sla_timer (thread_id, metric, cycle, policy, calendar, target_minutes, state, started_at, due_at,
                        stopped_at, breached_at, business_seconds, updated_at)
                    VALUES (?, ?, 1, ?, 'shanghai', ?, ?, ?, ?, ?, ?, 0, ?)
                    """)
            let survey = try db.makeStatement(
                sql: """
                    INSERT INTO csat (thread_id, customer_id, agent, category, priority, language, state, created_at, resolved_at,
                        score, comment, answered_at, low_action)
                    VALUES (?, ?, ?, ?, ?, ?, 'sent', ?, ?, ?, ?, ?, ?)
                    """)
            // Threads average about four messages (two to six): the year is cut into that many.
            let threadCount = max(1, Int(Double(messages) / 3.95))
            var messageID: Int64 = 0
            var events = 0
            func log(_ at: String, _ actor: String, _ entity: String, _ id: Int64, _ action: String, _ detail: String?)
                throws
            {
                try event.execute(arguments: [at, actor, entity, id, action, detail])
                events += 1
            }
            var t = 0
            while messageID < Int64(messages) {
                t += 1
                let id = Int64(t)
                let opened = min(
                    now.addingTimeInterval(-60), start.addingTimeInterval(year * Double(t - 1) / Double(threadCount)))
                let openedAt = Timestamp.string(opened)
                let isFeedback = random.below(5) == 0
                let type =
                    isFeedback ? ["praise", "complaint", "complaint", "complaint", "suggestion"][random.below(5)] : nil
                let text: String
                switch type {
                case "praise": text = praiseTexts[random.below(praiseTexts.count)]
                case "complaint": text = complaintTexts[random.below(complaintTexts.count)]
                case "suggestion": text = suggestionTexts[random.below(suggestionTexts.count)]
                default: text = needTexts[random.below(needTexts.count)]
                }
                // Threads wait unassigned only in the last days; one in 400 is never answered (the backlog's tail).
                let recent = now.timeIntervalSince(opened) < 3 * 86_400
                let owner: String? = recent && random.below(5) == 0 ? nil : agents[random.below(agents.count)]
                let count = 2 + random.below(5)
                // First answer after 6 minutes to two days, skewed short; later mail hours apart.
                let firstAnswer = opened.addingTimeInterval(360 + pow(random.unit(), 3) * 48 * 3600)
                let answered = owner != nil && random.below(400) != 0 && firstAnswer < now
                var times = [opened]
                var at = firstAnswer
                for _ in 1..<count {
                    times.append(at)
                    at = at.addingTimeInterval(1800 + random.unit() * 20 * 3600)
                }
                let settledAt = at
                // Most threads are settled within two weeks of their last mail; recent ones often still wait.
                let old = now.timeIntervalSince(settledAt) > 14 * 86_400
                let settled = answered && settledAt < now && random.below(old ? 200 : 4) != 0
                let status = settled ? (random.below(5) == 0 ? "closed" : "resolved") : (answered ? "pending" : "open")
                let customerAddress = "customer\(t)@example.com"
                try customer.execute(arguments: [id, customerAddress, openedAt, openedAt])
                let subject = String(text.prefix(24))
                let rating: Int? =
                    isFeedback && random.below(3) == 0
                    ? (type == "complaint" ? 1 + random.below(2) : 4 + random.below(2)) : nil
                let lastAt = Timestamp.string(times.last ?? opened)
                let category = categories[random.below(categories.count)],
                    priority = priorities[random.below(priorities.count)]
                let language = languages[random.below(languages.count)]
                try thread.execute(arguments: [
                    id, "\(t)-bench", isFeedback ? "feedback" : "need", type, category, priority, language, status,
                    subject,
                    subject.lowercased(), t % 3 == 0 ? "sales" : "support", id, owner, rating, openedAt,
                    settled ? Timestamp.string(settledAt) : lastAt, lastAt, openedAt, owner == nil ? nil : openedAt,
                    answered ? Timestamp.string(firstAnswer) : nil, answered ? lastAt : nil
                ])
                try log(
                    openedAt, "thread", "thread", id, "created",
                    "kind need from mailbox support; first message \(messageID + 1)")
                try log(openedAt, "classify", "thread", id, "classified", "by model")
                if let owner { try log(openedAt, "assign", "thread", id, "assigned", "\(owner): fewest open threads") }
                for (n, time) in times.enumerated() {
                    let fromAgent = n % 2 == 1
                    if messageID >= Int64(messages) || time > now || (fromAgent && !answered) { break }
                    messageID += 1
                    let when = Timestamp.string(time)
                    let sha = String(format: "%064llx", messageID)
                    let body = fromAgent ? "Thank you for writing. 感谢您的来信，我们已处理。" : text
                    try raw.execute(arguments: [sha, body.utf8.count, Data(body.utf8), when])
                    try message.execute(arguments: [
                        messageID, sha, t % 3 == 0 ? "sales" : "support", fromAgent ? "out" : "in",
                        "<\(messageID)@bench>",
                        subject, fromAgent ? owner : customerAddress, body, id, when, when,
                        fromAgent ? "agent" : "customer",
                        fromAgent ? owner : nil
                    ])
                    if fromAgent {
                        try log(when, "agent \(owner ?? "")", "thread", id, "answered", "message \(messageID)")
                        if n == 1 {
                            try log(when, "agent \(owner ?? "")", "thread", id, "corrected", "status: open → pending")
                        }
                    } else {
                        for action in ["stored", "parsed", "threaded"] {
                            try log(
                                when, action == "threaded" ? "thread" : action == "parsed" ? "parse" : "fetch",
                                "message", messageID, action, action == "threaded" ? "thread \(id) by subject" : nil)
                        }
                    }
                }
                if settled {
                    try log(
                        Timestamp.string(settledAt), "agent \(owner ?? "")", "thread", id, "corrected",
                        "status: pending → \(status)")
                }
                // SLA timers (first response 4 h, resolution 24 h, on the clock here: what the report reads is the
                // same) and a survey for each settled thread, a third of them answered.
                func target(_ metric: String, minutes: Int, stop: Date?) throws {
                    let due = opened.addingTimeInterval(Double(minutes) * 60)
                    let late = stop.map { $0 > due } ?? false
                    let state = stop == nil ? "running" : late ? "breached" : "met"
                    try timer.execute(arguments: [
                        id, metric, priority, minutes, state, openedAt, Timestamp.string(due),
                        stop.map(Timestamp.string), late ? Timestamp.string(due) : nil,
                        Timestamp.string(stop ?? opened)
                    ])
                }
                try target("first_response", minutes: 240, stop: answered ? firstAnswer : nil)
                try target("resolution", minutes: 1440, stop: settled ? settledAt : nil)
                if settled {
                    let replied = random.below(3) == 0
                    let score = replied ? [1, 2, 3, 4, 4, 5, 5, 5][random.below(8)] : nil
                    let answeredAt =
                        replied ? min(now, settledAt.addingTimeInterval(7200 + random.unit() * 86_400)) : nil
                    try survey.execute(arguments: [
                        id, id, owner, category, priority, language, Timestamp.string(settledAt),
                        Timestamp.string(settledAt),
                        score, score.map { $0 <= 2 ? "还是太慢了 too slow" : "谢谢 thanks" }, answeredAt.map(Timestamp.string),
                        score.map { $0 <= 2 ? "reopened" : nil } ?? nil
                    ])
                }
            }
            return SyntheticServiceCounts(messages: Int(messageID), threads: t, events: events, from: start)
        }
    }
}

/// SplitMix64: a small deterministic generator, so every benchmark run builds the same store.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
