import Foundation
import GRDB
import Store
import Testing
import TestSupport

/// The store finds percentiles by counting durations into buckets and sorting only the bucket that holds each
/// wanted rank; here it must agree with sorting every duration, on thousands of durations from seconds to
/// months (every kind of bucket) and with many ties.
@Suite("percentiles in SQL")
struct PercentileTests {
    /// numpy's default (type 7): linear interpolation between the closest ranks.
    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        let position = p * Double(sorted.count - 1)
        let low = Int(position.rounded(.down))
        let high = min(low + 1, sorted.count - 1)
        return sorted[low] + (position - Double(low)) * (sorted[high] - sorted[low])
    }

    @Test func bucketedPercentilesEqualSortingEverything() throws {
        let root = try TemporaryFolder.make("maildesk-pct")
        let path = root.appendingPathComponent("store.sqlite").path
        let store = try Store(path: path)
        let db = try DatabaseQueue(path: path)
        let start = Timestamp.date("2026-11-02T00:00:00Z")!
        var state: UInt64 = 42
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let owners = ["a@x", "b@x", "c@x"]
        var byOwner: [String: [Double]] = [:]
        try db.write { db in
            for i in 1...3000 {
                // Seconds to three months, skewed short; every fifth a round number of hours (ties).
                let seconds =
                    i % 5 == 0 ? Double(next() % 30) * 3600 : pow(Double(next() % 10_000) / 10_000, 4) * 90 * 86_400
                let opened = start.addingTimeInterval(Double(i))
                let answered = opened.addingTimeInterval(seconds.rounded(.down))
                let owner = owners[Int(next() % 3)]
                byOwner[owner, default: []].append(answered.timeIntervalSince(opened) / 3600)
                try db.execute(
                    sql: """
                        INSERT INTO thread (id, kind, status, subject, subject_key, mailbox, assignee, created_at, updated_at,
                            last_message_at, first_response_at) VALUES (?, 'need', 'open', 's', 's', 'm', ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        i, owner, Timestamp.string(opened), Timestamp.string(opened), Timestamp.string(opened),
                        Timestamp.string(answered)
                    ])
            }
        }
        let rows = try store.reportTimes(ReportScope(from: start, to: start.addingTimeInterval(200 * 86_400))).durations
        let all = byOwner.values.flatMap { $0 }.sorted()
        func check(_ key: String?, _ values: [Double], dimension: String) throws {
            let row = try #require(
                rows.first { $0.measure == "first_response" && $0.dimension == dimension && $0.key == key })
            #expect(row.count == values.count)
            #expect(abs(row.medianHours - Self.percentile(values, 0.5)) < 0.001, "\(dimension) \(key ?? "")")
            #expect(abs(row.p90Hours - Self.percentile(values, 0.9)) < 0.001, "\(dimension) \(key ?? "")")
            #expect(abs(row.maxHours - values.last!) < 0.001)
            #expect(abs(row.meanHours - values.reduce(0, +) / Double(values.count)) < 0.001)
        }
        try check(nil, all, dimension: "all")
        for (owner, values) in byOwner { try check(owner, values.sorted(), dimension: "owner") }
        #expect(all.last! > 720)  // the day buckets are reached
    }
}
