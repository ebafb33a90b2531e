import Foundation
import GRDB
import Store
import TestSupport

/// A small store with hand-checkable figures: the week 2026-11-16 to 2026-11-23 (UTC), the week before it, and
/// the report read at 2026-11-23T00:00:00Z. Rows go in by SQL (exact times); status changes go through
/// `Store.correctThread`, so resolution times are read from the events the store really writes.
///
/// | thread | kind | category (team) | owner | opened | first response | settled |
/// |---|---|---|---|---|---|---|
/// | 1 | need | billing (Billing) | ann | 11-16 09:00 | +1 h | resolved 11-16 13:00 (4 h) |
/// | 2 | need | billing (Billing) | ann | 11-17 09:00 | +3 h | resolved 11-18 09:00 (24 h) |
/// | 3 | need | technical (Tech) | bob | 11-18 08:00 | +0.5 h | pending |
/// | 4 | need | technical (Tech) | bob | 11-19 00:00 | +6 h | resolved 11-19 12:00, reopened, closed 11-20 00:00 (24 h) |
/// | 5 | complaint | shipping (none) | ann | 11-20 10:00 | +2 h | resolved 11-21 10:00 (24 h) |
/// | 6 | complaint | shipping (none) | — | 11-21 00:00 | — | open |
/// | 7 | praise | billing (Billing) | ann | 11-22 12:00 | +1 h | pending |
/// | 8 | need | — | — | 11-22 20:00 | — | open (a hostile subject) |
/// | 9 | bulk | — | — | 11-17 00:00 | — | open (a robot's: not work) |
/// | 10 | complaint | shipping | bob | 11-10 00:00 | — | open (previous week) |
/// | 11 | praise | billing | ann | 11-12 00:00 | 11-12 01:00 | resolved 11-13 00:00 (previous week) |
/// | 12 | need | technical (Tech) | bob | 11-14 00:00 | 11-14 02:00 | resolved 11-17 00:00 (72 h) |
struct ReportFixture {
    let store: Store
    let path: String
    static let from = at("2026-11-16T00:00:00Z")
    static let to = at("2026-11-23T00:00:00Z")
    static let now = to
    static let teams = ["billing": "Billing", "technical": "Tech"]
    static let hostileSubject = "<script>alert(1)</script><img src=x onerror=alert(2)> \"quoted\" & 'single'"
    static let formulaSubject = "=HYPERLINK(\"http://evil.example\",\"click\")"

    static func at(_ text: String) -> Date { Timestamp.date(text)! }

    init() throws {
        let root = try TemporaryFolder.make("maildesk-report")
        path = root.appendingPathComponent("store.sqlite").path
        store = try Store(path: path)
        let db = try DatabaseQueue(path: path)
        var nextMessage = 0
        func thread(
            _ id: Int, kind: String = "need", type: String? = nil, category: String?, priority: String? = "normal",
            language: String? = "en", mailbox: String = "support", owner: String?, opened: String,
            firstResponse: String? = nil, rating: Int? = nil, subject: String? = nil, text: String,
            robot: String? = nil
        ) throws {
            try db.write { db in
                try db.execute(
                    sql: "INSERT INTO customer (id, address, first_contact, last_contact) VALUES (?, ?, ?, ?)",
                    arguments: [id, "customer\(id)@example.com", opened, opened])
                try db.execute(
                    sql: """
                        INSERT INTO thread (id, token, kind, feedback_type, category, priority, language, status, subject,
                            subject_key, mailbox, customer_id, assignee, rating, created_at, updated_at, last_message_at,
                            classified_at, first_response_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        id, "\(id)-t", kind, type, category, priority, language, subject ?? "Order \(1000 + id)",
                        "order \(1000 + id)", mailbox, kind == "bulk" ? nil : id, owner, rating, opened, opened,
                        opened, opened, firstResponse
                    ])
            }
            try message(thread: id, at: opened, text: text, robot: robot)
            if let firstResponse {
                try message(thread: id, at: firstResponse, text: "Thank you, we are on it.", agent: owner)
            }
        }
        func message(
            thread: Int, at: String, text: String, agent: String? = nil, internalNote: Bool = false,
            robot: String? = nil
        ) throws {
            nextMessage += 1
            let sha = String(repeating: "0", count: 56) + String(format: "%08d", nextMessage)
            try db.write { db in
                try db.execute(
                    sql: "INSERT INTO raw_message (sha256, size, bytes, stored_at) VALUES (?, ?, ?, ?)",
                    arguments: [sha, text.utf8.count, Data(text.utf8), at])
                try db.execute(
                    sql: """
                        INSERT INTO message (sha256, mailbox, direction, state, text, thread_id, received_at, date, author,
                            agent, internal, robot)
                        VALUES (?, 'support', ?, 'done', ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        sha, agent != nil && !internalNote ? "out" : "in", text, thread, at, at,
                        agent == nil ? "customer" : "agent", agent, internalNote, robot
                    ])
            }
        }
        let ann = "ann@desk.example", bob = "bob@desk.example"
        try thread(
            1, category: "billing", priority: "high", language: "zh", owner: ann, opened: "2026-11-16T09:00:00Z",
            firstResponse: "2026-11-16T10:00:00Z", text: "请问发票什么时候可以开具？")
        try thread(
            2, category: "billing", owner: ann, opened: "2026-11-17T09:00:00Z", firstResponse: "2026-11-17T12:00:00Z",
            text: "How do I change the invoice address?")
        try message(thread: 2, at: "2026-11-17T15:00:00Z", text: "Thanks, and the postcode too?")
        try thread(
            3, category: "technical", owner: bob, opened: "2026-11-18T08:00:00Z", firstResponse: "2026-11-18T08:30:00Z",
            text: "The app crashes when I open settings.")
        try message(thread: 3, at: "2026-11-18T09:00:00Z", text: "#note asked QA", agent: bob, internalNote: true)
        try thread(
            4, category: "technical", priority: "urgent", language: "zh", mailbox: "sales", owner: bob,
            opened: "2026-11-19T00:00:00Z", firstResponse: "2026-11-19T06:00:00Z", text: "无法登录账户，一直提示密码错误。")
        try thread(
            5, kind: "feedback", type: "complaint", category: "shipping", language: "zh", owner: ann,
            opened: "2026-11-20T10:00:00Z", firstResponse: "2026-11-20T12:00:00Z", rating: 2, text: "退款太慢，物流也太慢了")
        try thread(
            6, kind: "feedback", type: "complaint", category: "shipping", priority: "low", language: "zh", owner: nil,
            opened: "2026-11-21T00:00:00Z", rating: 1, subject: Self.formulaSubject, text: "物流太慢，退款也没到")
        try thread(
            7, kind: "feedback", type: "praise", category: "billing", owner: ann, opened: "2026-11-22T12:00:00Z",
            firstResponse: "2026-11-22T13:00:00Z", rating: 5, text: "Great service, five stars!")
        try thread(
            8, category: nil, priority: nil, language: nil, owner: nil, opened: "2026-11-22T20:00:00Z",
            subject: Self.hostileSubject, text: "Hello, is anyone there?")
        try thread(
            9, kind: "bulk", category: nil, priority: nil, language: nil, owner: nil, opened: "2026-11-17T00:00:00Z",
            text: "Our newsletter", robot: "bulk")
        try thread(
            10, kind: "feedback", type: "complaint", category: "shipping", language: "zh", owner: bob,
            opened: "2026-11-10T00:00:00Z", text: "物流太慢")
        try thread(
            11, kind: "feedback", type: "praise", category: "billing", owner: ann, opened: "2026-11-12T00:00:00Z",
            firstResponse: "2026-11-12T01:00:00Z", rating: 4, text: "Very helpful, thank you")
        try thread(
            12, category: "technical", owner: bob, opened: "2026-11-14T00:00:00Z",
            firstResponse: "2026-11-14T02:00:00Z",
            text: "Sync fails on the desktop client.")

        func status(_ id: Int64, _ status: ThreadStatus, _ at: String) throws {
            _ = try store.correctThread(id, ThreadCorrection(status: status), actor: "test", at: Self.at(at))
        }
        try status(11, .resolved, "2026-11-13T00:00:00Z")
        try status(12, .pending, "2026-11-14T02:00:00Z")
        try status(12, .resolved, "2026-11-17T00:00:00Z")
        try status(1, .resolved, "2026-11-16T13:00:00Z")
        try status(2, .pending, "2026-11-17T12:00:00Z")
        try status(2, .resolved, "2026-11-18T09:00:00Z")
        try status(3, .pending, "2026-11-18T08:30:00Z")
        try status(4, .resolved, "2026-11-19T12:00:00Z")
        try status(4, .open, "2026-11-19T18:00:00Z")
        try status(4, .closed, "2026-11-20T00:00:00Z")
        try status(5, .resolved, "2026-11-21T10:00:00Z")
        try status(7, .pending, "2026-11-22T13:00:00Z")

        // SLA timers as the follow-up stage leaves them (see `ReportServiceLevelTests` for what counts where).
        func timer(
            _ thread: Int, _ metric: String, policy: String, state: String, due: String?, stopped: String? = nil,
            breached: String? = nil
        ) throws {
            try db.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO sla_timer (thread_id, metric, cycle, policy, calendar, target_minutes, state, started_at,
                            due_at, stopped_at, breached_at, updated_at)
                        VALUES (?, ?, 1, ?, 'always', 240, ?, '2026-11-01T00:00:00Z', ?, ?, ?, '2026-11-01T00:00:00Z')
                        """, arguments: [thread, metric, policy, state, due, stopped, breached])
            }
        }
        try timer(
            1, "first_response", policy: "high", state: "met", due: "2026-11-16T11:00:00Z",
            stopped: "2026-11-16T10:00:00Z")
        try timer(
            2, "first_response", policy: "normal", state: "met", due: "2026-11-17T17:00:00Z",
            stopped: "2026-11-17T12:00:00Z")
        try timer(
            4, "first_response", policy: "urgent", state: "breached", due: "2026-11-19T04:00:00Z",
            stopped: "2026-11-19T06:00:00Z", breached: "2026-11-19T04:00:00Z")
        try timer(
            4, "resolution", policy: "urgent", state: "met", due: "2026-11-20T08:00:00Z",
            stopped: "2026-11-20T00:00:00Z")
        try timer(6, "first_response", policy: "low", state: "running", due: "2026-11-21T08:00:00Z")
        try timer(8, "first_response", policy: "normal", state: "running", due: "2026-11-23T04:00:00Z")
        try timer(
            12, "resolution", policy: "normal", state: "breached", due: "2026-11-15T00:00:00Z",
            stopped: "2026-11-17T00:00:00Z", breached: "2026-11-15T00:00:00Z")
        try timer(
            3, "next_response", policy: "normal", state: "cancelled", due: "2026-11-18T12:00:00Z",
            stopped: "2026-11-18T08:30:00Z")
        try timer(7, "first_response", policy: "normal", state: "paused", due: nil)
        try timer(10, "first_response", policy: "normal", state: "running", due: "2026-11-10T04:00:00Z")

        // Satisfaction surveys: sent when resolved, some answered.
        func survey(
            _ thread: Int, agent: String?, category: String, state: String = "sent", sent: String,
            score: Int? = nil, answered: String? = nil, comment: String? = nil, action: String? = nil
        ) throws {
            try db.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO csat (thread_id, customer_id, agent, category, state, created_at, score, comment,
                            answered_at, low_action)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [thread, thread, agent, category, state, sent, score, comment, answered, action]
                )
            }
        }
        try survey(
            1, agent: ann, category: "billing", sent: "2026-11-16T13:00:00Z", score: 5, answered: "2026-11-16T15:00:00Z"
        )
        try survey(
            2, agent: ann, category: "billing", sent: "2026-11-18T09:00:00Z", score: 4, answered: "2026-11-19T09:00:00Z"
        )
        try survey(
            4, agent: bob, category: "technical", sent: "2026-11-20T00:00:00Z", score: 2,
            answered: "2026-11-20T08:00:00Z", comment: Self.lowComment, action: "reopened")
        try survey(5, agent: ann, category: "shipping", sent: "2026-11-21T10:00:00Z")
        try survey(
            11, agent: ann, category: "billing", sent: "2026-11-13T00:00:00Z", score: 3,
            answered: "2026-11-16T08:00:00Z")
        try survey(
            12, agent: bob, category: "technical", sent: "2026-11-17T00:00:00Z", score: 1,
            answered: "2026-11-17T05:00:00Z", action: "notified")
        try survey(9, agent: nil, category: "other", state: "skipped", sent: "2026-11-17T00:00:00Z")
    }

    static let lowComment = "还是很慢 <b>太慢</b>"

    var scope: ReportScope { ReportScope(from: Self.from, to: Self.to, teams: Self.teams) }
}
