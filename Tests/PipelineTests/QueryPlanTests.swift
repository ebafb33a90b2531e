import Foundation
import GRDB
import Synchronization
import Testing

@testable import Store

/// The queries behind `threads list` and the follow-up scheduler use indexes: with a million messages and
/// millions of events, a full scan of either table would make them take seconds. Checked on SQLite's own plans
/// (`EXPLAIN QUERY PLAN`) of the statements the store really runs, so a new condition without an index fails here.
@Suite("query plans")
struct QueryPlanTests {
    final class Statements: Sendable {
        let sql = Mutex<[String]>([])
    }

    /// A fresh store whose statements are recorded while `body` runs: the queue (for the plans) and the SQL.
    func traced(_ body: (Store) throws -> Void) throws -> (queue: DatabaseQueue, statements: [String]) {
        var configuration = Configuration()
        configuration.publicStatementArguments = true
        let queue = try DatabaseQueue(configuration: configuration)
        let store = try Store(writer: queue)
        let seen = Statements()
        queue.inDatabase { db in
            db.trace(options: .statement) { event in
                if case .statement(let statement) = event { seen.sql.withLock { $0.append(statement.expandedSQL) } }
            }
        }
        try body(store)
        queue.inDatabase { db in db.trace(options: []) { _ in } }
        return (queue, seen.sql.withLock { $0 })
    }

    @Test func listsAndDueTimerQueriesNeverScanMessagesOrEvents() throws {
        let now = Date()
        let filters: [ThreadFilter] = [
            ThreadFilter(), ThreadFilter(status: .open), ThreadFilter(kind: "bulk"), ThreadFilter(priority: .urgent),
            ThreadFilter(assignee: "ann@example.com"), ThreadFilter(unassigned: true), ThreadFilter(needsReview: true),
            {
                var f = ThreadFilter()
                f.slaBreachedBy = now
                return f
            }(),
            {
                var f = ThreadFilter()
                f.slaDue = (now, now.addingTimeInterval(7200))
                return f
            }()
        ]
        let (queue, statements) = try traced { store in
            for filter in filters { _ = try store.threads(filter, limit: 100) }
            _ = try store.thread(1)
            _ = try store.timerAlerts(now: now)
            _ = try store.pendingWaits()
            _ = try store.outbox(state: .queued, limit: 100)
        }
        let selects = statements.filter { $0.uppercased().hasPrefix("SELECT") }
        #expect(selects.count >= filters.count + 3)
        for sql in selects {
            // The names `message` and `event` go by in the statement: the tables and their aliases.
            var names: Set<String> = ["message", "event"]
            let alias = try NSRegularExpression(
                pattern: #"\b(?:message|event)\s+(?:AS\s+)?([a-z_]+)"#, options: [.caseInsensitive])
            for match in alias.matches(in: sql, range: NSRange(sql.startIndex..., in: sql)) {
                if let range = Range(match.range(at: 1), in: sql) { names.insert(String(sql[range]).lowercased()) }
            }
            names.subtract(["where", "on", "join", "left", "inner", "group", "order", "limit", "set", "using"])
            let plan = try queue.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String }
            }
            let scans = plan.filter { detail in
                guard detail.hasPrefix("SCAN ") else { return false }
                let table = detail.dropFirst(5).prefix { $0 != " " }.lowercased()
                return names.contains(table)
            }
            #expect(scans.isEmpty, "full scan of messages or events: \(scans) in\n\(sql)\nplan: \(plan)")
        }
    }

    /// The answer and assign stages' batches and `status`'s counts read only the threads with work waiting (the
    /// partial indexes of migrations 016 and 017), never every thread, or every open one, from the first.
    @Test func threadsAwaitingAnAnswerOrAnOwnerAreReadByTheirIndexes() throws {
        let (queue, statements) = try traced { store in
            _ = try store.threadsToAnswer(limit: 64, textLimit: 100)
            _ = try store.threadsAwaitingOwner(limit: 500)
            _ = try store.statusFigures(at: Date(), failedSince: Date())
        }
        for index in ["thread_awaiting_answer", "thread_awaiting_owner"] {
            let queries = statements.filter { $0.contains("INDEXED BY \(index)") }
            #expect(queries.count == 2, "\(index): \(queries)")  // the stage's batch and the status count
            for sql in queries {
                let plan = try queue.read { db in
                    try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String }
                }
                #expect(plan.contains { $0.contains("INDEX \(index)") }, "\(plan)\n\(sql)")
            }
        }
    }
}
