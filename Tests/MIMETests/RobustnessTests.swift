import Foundation
import Testing
import TestSupport
@testable import MIME

/// SplitMix64: a seeded generator, so a failing mutation can be reproduced from its seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

enum Mutation {
    /// Fragments that steer mutations into the parser's tricky paths.
    static let tokens: [[UInt8]] = [
        "\n--", "\r\n--boundary--\r\n", "=?utf-8?B?", "=?gb2312?Q?=D6=D0", "?=",
        "Content-Type: multipart/mixed; boundary=x\n\n--x\n",
        "Content-Transfer-Encoding: base64\n", "Content-Transfer-Encoding: quoted-printable\n", "=\n", "=ZZ",
        "\n\n", "begin 644 a.txt\n", "\nend\n", "filename*0*=utf-8''%E4%B8", "; filename*1*=%AD.txt", "\"", "\\",
        "Content-Type: message/rfc822\n\n", "<", ">", "(", ")", ":", ";", ",", "\u{1B}$B", "\0"
    ].map { Array($0.utf8) }

    static func mutate(_ input: [UInt8], with other: [UInt8], _ rng: inout SeededGenerator) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let at = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<8, using: &rng) {
            case 0 where !bytes.isEmpty:
                bytes[at] ^= UInt8.random(in: 1...255, using: &rng)
            case 1:
                bytes.insert(
                    contentsOf: (0..<Int.random(in: 1...16, using: &rng)).map { _ in
                        UInt8.random(in: 0...255, using: &rng)
                    }, at: at)
            case 2 where !bytes.isEmpty:
                bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...200, using: &rng)))
            case 3:
                bytes = Array(bytes.prefix(at))  // truncation
            case 4 where !other.isEmpty:
                let from = Int.random(in: 0..<other.count, using: &rng)
                bytes = Array(bytes.prefix(at)) + other[from...]  // splice two messages
            case 5:
                bytes.insert(contentsOf: tokens.randomElement(using: &rng)!, at: at)
            case 6 where !bytes.isEmpty:
                let end = min(bytes.count, at + Int.random(in: 1...400, using: &rng))
                bytes.insert(contentsOf: bytes[at..<end], at: end)  // duplicate a range
            default:
                bytes.insert(
                    contentsOf: repeatElement(UInt8(ascii: "-"), count: Int.random(in: 1...80, using: &rng)), at: at)
            }
        }
        return bytes
    }
}

@Suite("robustness")
struct RobustnessTests {
    static var seeds: [[UInt8]] {
        let fixtures = TestPaths.files(under: TestPaths.fixtures) { $0.pathExtension == "eml" }
        let corpus = TestPaths.files(under: TestPaths.corpus.appendingPathComponent("enmime-testdata")) {
            $0.pathExtension == "raw"
        }
        return (fixtures + corpus).map(TestPaths.bytes).filter { $0.count < 200_000 }
    }

    /// Thousands of random mutations, truncations and splices never crash the parser; every parsed message
    /// satisfies the invariants later stages rely on.
    @Test func mutatedMessagesNeverCrash() throws {
        let seeds = Self.seeds
        try #require(seeds.count >= 20, "need fixtures and ../shared/corpus")
        var rng = SeededGenerator(state: 20261121)
        var parsed = 0
        let rounds = 4_000
        for round in 0..<rounds {
            let input = Mutation.mutate(seeds[round % seeds.count], with: seeds.randomElement(using: &rng)!, &rng)
            guard let message = try? MessageParser.parse(input) else { continue }
            parsed += 1
            for attachment in message.attachments {
                #expect(
                    !attachment.filename.isEmpty && !attachment.filename.contains("/")
                        && !attachment.filename.contains("\\"))
                #expect(!attachment.filename.unicodeScalars.contains { $0.value < 0x20 })
            }
            if let subject = message.subject { #expect(!subject.contains("\n") && !subject.contains("\r")) }
        }
        #expect(parsed > rounds / 2)
    }

    /// Pathological shapes stay within limits and are reported, not fatal.
    @Test func deepNestingIsCutAtTheDepthLimit() throws {
        var mail = "From: a@example.com\nSubject: deep\nMIME-Version: 1.0\n"
        for level in 0..<5_000 { mail += "Content-Type: multipart/mixed; boundary=\"b\(level)\"\n\n--b\(level)\n" }
        mail += "Content-Type: text/plain\n\ninnermost\n"
        let message = try MessageParser.parse(Array(mail.utf8))
        #expect(message.problems.contains { $0.contains("deeper than 64") })
    }

    @Test func manyPartsAreCutAtThePartLimit() throws {
        var mail = "From: a@example.com\nSubject: parts\nContent-Type: multipart/mixed; boundary=b\n\n"
        for i in 0..<3_000 { mail += "--b\nContent-Type: text/plain\n\npart \(i)\n" }
        mail += "--b--\n"
        let message = try MessageParser.parse(Array(mail.utf8))
        #expect(message.problems.contains { $0.contains("more than 2000 MIME parts") })
        // Nothing is dropped: the rest is one undecoded attachment.
        #expect(message.attachments.contains { $0.size > 10_000 })
    }

    @Test func oversizedMessageKeepsTheRest() throws {
        var limits = Limits()
        limits.maxMessageBytes = 1_000
        let mail = "From: a@example.com\nSubject: big\n\n" + String(repeating: "0123456789\n", count: 500)
        let message = try MessageParser.parse(Array(mail.utf8), limits: limits)
        #expect(message.problems.contains { $0.contains("size limit") })
        let rest = try #require(message.attachments.last)
        #expect(rest.size == mail.utf8.count - 1_000)
    }

    /// Parsing time grows linearly: 16 times the input must cost far less than 256 times (quadratic).
    /// A ratio, not a duration, so a slow machine does not fail it.
    @Test(arguments: [
        "long line", "many parts", "many header fields", "many encoded words", "unterminated encoded words",
        "deep quoting", "stray header lines", "stray lines in an open encoded word", "stray lines between fields"
    ])
    func parsingTimeIsLinear(_ shape: String) throws {
        func mail(_ n: Int) -> [UInt8] {
            var s = "From: a@example.com\nSubject: x\n"
            switch shape {
            case "long line":
                s += "\n" + String(repeating: "abcdefgh ", count: n * 200)
            case "many parts":
                s +=
                    "Content-Type: multipart/mixed; boundary=b\n\n" + String(repeating: "--b\n\nx\n", count: n)
                    + "--b--\n"
            case "many header fields":
                s += String(repeating: "X-Field: value\n", count: n) + "\nbody\n"
            case "many encoded words":
                s = "From: a@example.com\nSubject: " + String(repeating: "=?utf-8?B?5Lit?= ", count: n) + "\n\nbody\n"
            case "unterminated encoded words":
                s = "From: a@example.com\nSubject: " + String(repeating: "=?a?q? ", count: n * 4) + "\n\nbody\n"
            case "stray header lines":
                // Every line not a field, a mail field after them: all read as continuations.
                s += String(repeating: "not a field\n", count: n * 4) + "X-Field: v\n\nbody\n"
            case "stray lines in an open encoded word":
                s =
                    "From: a@example.com\nSubject: =?utf-8?B?" + String(repeating: "5Lit5Lit\n", count: n * 4)
                    + "\nbody\n"
            case "stray lines between fields":
                s += String(repeating: "X-Field: v\nnot a field\n", count: n) + "\nbody\n"
            default:
                s += "\n" + String(repeating: "> ", count: n * 20) + "quoted\n"
            }
            return Array(s.utf8)
        }
        var limits = Limits()
        limits.maxParts = 1_000_000
        limits.maxHeaderFields = 1_000_000
        let ratio = GrowthRatio.of(small: mail(500), large: mail(8_000)) {
            _ = try? MessageParser.parse($0, limits: limits)
        }
        #expect(ratio < 80, "\(shape): 16× input took \(ratio)× time")
    }
}
