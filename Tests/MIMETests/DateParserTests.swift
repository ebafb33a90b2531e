import Foundation
import Testing

@testable import MIME

/// stalwart mail-parser's resources/date.json, and our own table of the forms real mail carries.
@Suite struct DateParserTests {
    struct Vector: Decodable {
        var header: String
        var expected: Fields?
    }

    struct Fields: Decodable {
        var year, month, day, hour, minute, second: Int
        var tz_before_gmt: Bool
        var tz_hour, tz_minute: Int

        /// The instant, computed with Foundation's calendar so that the oracle is not our own arithmetic.
        var instant: Date {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let local = calendar.date(
                from: DateComponents(
                    year: year, month: month, day: day, hour: hour,
                    minute: minute, second: second))!
            let offset = (tz_hour * 3600 + tz_minute * 60) * (tz_before_gmt ? -1 : 1)
            return local.addingTimeInterval(TimeInterval(-offset))
        }
    }

    static let corpus = TestPaths.stalwartVectors("date")

    /// Vectors (1-based) where we differ from stalwart on purpose:
    ///  13 ` 4 8 15 16 23 42, 4 8 15 16 23 42, ...`: stalwart reads 2015-08-04 16:23:42 +00:04 out of bare numbers; a
    ///     time without ":" and a zone without a sign are not clearly a date to us, so it is unparsable.
    /// The 7 vectors stalwart expects to fail (garbage, an unterminated comment swallowing the time, month names
    /// "zzz", "All", "Bog", "Sjj" and month 00) fail here too.
    static let knownDifferences: Set<Int> = [13]

    @Test func stalwartVectors() throws {
        let vectors = try JSONDecoder().decode([Vector].self, from: Data(contentsOf: Self.corpus))
        #expect(vectors.count == 40)
        var agree = 0
        var differing: [Int] = []
        for (index, vector) in vectors.enumerated() {
            let got = DateParser.parse(TestPaths.headerValue(vector.header))
            if got.date == vector.expected?.instant {
                agree += 1
            } else {
                differing.append(index + 1)
                if !Self.knownDifferences.contains(index + 1) {
                    let stalwart = String(describing: vector.expected?.instant)
                    Issue.record(
                        "vector \(index + 1) \(vector.header.debugDescription): got \(got), stalwart \(stalwart)")
                }
            }
            if got.date == nil { #expect(got.problem?.hasPrefix("unparsable Date: ") == true) }
        }
        #expect(agree >= 39, "agree with stalwart on \(agree)/\(vectors.count); differing: \(differing)")
    }

    static func iso(_ date: Date?) -> String? {
        guard let date else { return nil }
        var style = Date.ISO8601FormatStyle()
        style.timeZone = TimeZone(identifier: "UTC")!
        return date.formatted(style)
    }

    /// Input, expected instant (nil: unparsable), whether a problem is reported.
    static let cases: [(String, String?, Bool)] = [
        ("Tue, 1 Jul 2003 10:52:37 +0200", "2003-07-01T08:52:37Z", false),
        ("Tuesday, 01 July 2003 10:52:37 +0200", "2003-07-01T08:52:37Z", false),
        ("Fri, 1 Jul 2003 10:52:37 +0200", "2003-07-01T08:52:37Z", false),  // wrong day name: ignored
        ("1 JUL 2003 10:52:37 +0200", "2003-07-01T08:52:37Z", false),
        ("1 Sept 2003 10:52 -0430", "2003-09-01T15:22:00Z", false),
        ("5 Jan 23 10:00:00 +0000", "2023-01-05T10:00:00Z", false),
        ("5 Jan 49 10:00:00 +0000", "2049-01-05T10:00:00Z", false),
        ("5 Jan 50 10:00:00 +0000", "1950-01-05T10:00:00Z", false),
        ("5 Jan 103 10:00:00 +0000", "2003-01-05T10:00:00Z", false),
        ("5 Jan 2023 10:00:00 +08:00", "2023-01-05T02:00:00Z", false),
        ("5 Jan 2023 10:00:00 +8", "2023-01-05T02:00:00Z", false),
        ("5 Jan 2023 10:00:00 GMT+0800", "2023-01-05T02:00:00Z", false),
        ("5 Jan 2023 10:00:00 UTC+8", "2023-01-05T02:00:00Z", false),
        ("5 Jan 2023 10:00:00 UT", "2023-01-05T10:00:00Z", false),
        ("5 Jan 2023 10:00:00 Z", "2023-01-05T10:00:00Z", false),
        ("5 Jan 2023 10:00:00 EST", "2023-01-05T15:00:00Z", false),
        ("5 Jul 2023 10:00:00 PDT", "2023-07-05T17:00:00Z", false),
        ("5 Jan 2023 10:00:00 CET", "2023-01-05T09:00:00Z", false),
        ("5 Jul 2023 10:00:00 CEST", "2023-07-05T08:00:00Z", false),
        ("5 Jan 2023 10:00:00 JST", "2023-01-05T01:00:00Z", false),
        ("5 Jan 2023 10:00:00 HKT", "2023-01-05T02:00:00Z", false),
        ("5 Jan 2023 10:00:00 MSK", "2023-01-05T07:00:00Z", false),
        ("5 Jan 2023 10:00:00 M", "2023-01-05T10:00:00Z", false),  // military: RFC 5322 §4.3 says +0000
        ("5 Jan 2023 10:00:00 XYZ", "2023-01-05T10:00:00Z", true),
        ("5 Jan 2023 10:00:00", "2023-01-05T10:00:00Z", true),
        ("Thu, 5 Jan 2023 10:00:00 +0800 (CST)", "2023-01-05T02:00:00Z", false),
        ("Thu, 5 Jan 2023 10:00:00 +0800 (China Standard Time)", "2023-01-05T02:00:00Z", false),
        ("  Thu ,  5  Jan ,  2023   10:00:00   +0800 ,", "2023-01-05T02:00:00Z", false),
        ("Thu, 5 Jan 2023 10.52.37 +0000", "2023-01-05T10:52:37Z", false),
        ("Tue Jul  1 10:52:37 2003", "2003-07-01T10:52:37Z", true),
        ("Tue Jul  1 10:52:37 CST 2003", "2003-07-01T16:52:37Z", false),
        ("Jul 1, 2003 10:52 PM +0000", "2003-07-01T22:52:00Z", false),
        ("2023-01-05 10:00:00 +0800", "2023-01-05T02:00:00Z", false),
        ("2023-01-05T10:00:00Z", "2023-01-05T10:00:00Z", false),
        ("2023-01-05T10:00:00.123+05:30", "2023-01-05T04:30:00Z", false),
        ("1-Jan-2003 00:00:00 +0000", "2003-01-01T00:00:00Z", false),
        ("31 Dec 2016 23:59:60 +0000", "2016-12-31T23:59:59Z", false),  // leap second
        ("29 Feb 2024 12:00:00 +0000", "2024-02-29T12:00:00Z", false),
        ("1 Jan 1960 00:00:00 +0000", "1960-01-01T00:00:00Z", false),
        ("周四, 5 Jan 2023 10:00:00 +0800", "2023-01-05T02:00:00Z", false),
        ("29 Feb 2023 12:00:00 +0000", nil, true),
        ("31 Apr 2023 12:00:00 +0000", nil, true),
        ("5 Jan 2023 24:00:00 +0000", nil, true),
        ("5 Jan 2023 10:60:00 +0000", nil, true),
        ("5 Jan 2023 10:00:61 +0000", nil, true),
        ("05/01/2023 10:00:00 +0000", nil, true),  // dd/mm or mm/dd: ambiguous
        ("05.01.2023 10:00:00 +0000", nil, true),
        ("5 Jan 2023", nil, true),
        ("", nil, true),
        ("yesterday", nil, true)
    ]

    @Test(arguments: cases) func table(_ input: String, _ expected: String?, _ problem: Bool) {
        let got = DateParser.parse(input)
        #expect(Self.iso(got.date) == expected)
        #expect((got.problem != nil) == problem, "problem: \(got.problem ?? "none")")
    }

    @Test func problemTextIsShort() throws {
        let junk = String(repeating: "x\r\n", count: 1000)
        let got = DateParser.parse(junk)
        #expect(got.date == nil)
        let problem = try #require(got.problem)
        #expect(problem.hasPrefix("unparsable Date: "))
        #expect(problem.count <= "unparsable Date: ".count + 80)
        #expect(!problem.contains("\n") && !problem.contains("\r"))
    }

    @Test func receivedHeaderDate() {
        let received = "from mx.example by mail.example with ESMTPS id 123; Mon, 10 Oct 2022 10:31:15 -0700 (PDT)"
        let got = DateParser.parse(received)
        #expect(Self.iso(got.date) == "2022-10-10T17:31:15Z")
    }

    @Test func civilDaysMatchFoundation() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        // From 1600: Foundation's Gregorian calendar switches to Julian before 1582, ours is proleptic.
        for year in stride(from: 1600, through: 9999, by: 97) {
            for month in 1...12 {
                let date = calendar.date(from: DateComponents(year: year, month: month, day: 28))!
                let days = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
                #expect(DateParser.days(year: year, month: month, day: 28) == days)
            }
        }
    }

    /// Random short inputs over the bytes that matter: the tokenizer must never trap.
    @Test func neverCrashes() {
        let alphabet = Array("0123456789 :+-./,()\\TZjan".utf8) + [0xE5, 0x00]
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<20_000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            var rng = seed
            let bytes = (0..<Int(seed >> 58)).map { _ in
                rng = rng &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return alphabet[Int(rng >> 33) % alphabet.count]
            }
            let got = DateParser.parse(String(decoding: bytes, as: UTF8.self))
            #expect(got.date != nil || got.problem != nil)
        }
    }
}
