import Foundation

/// RFC 5322 §3.3 date-time, the obsolete forms of §4.3 and the broken forms real mail carries.
///
/// A tokenizer over the UTF-8 bytes and a civil-date computation: no DateFormatter, no allocation but one small
/// token array, because this runs on every message.
enum DateParser {
    /// Parses a Date header value to an instant (UTC), or returns a problem line.
    static func parse(_ value: String) -> (date: Date?, problem: String?) {
        let parsed =
            value.utf8.withContiguousStorageIfAvailable { parse(bytes: $0) }
            ?? Array(value.utf8).withUnsafeBufferPointer { parse(bytes: $0) }
        guard let parsed else { return (nil, "unparsable Date: \(excerpt(value))") }
        return (Date(timeIntervalSince1970: TimeInterval(parsed.seconds)), parsed.problem)
    }

    private static func parse(bytes: UnsafeBufferPointer<UInt8>) -> (seconds: Int, problem: String?)? {
        if let parsed = DateScanner(raw: bytes, from: 0).parse() { return parsed }
        // A Received header's date follows its last ";".
        guard let semicolon = bytes.lastIndex(of: UInt8(ascii: ";")) else { return nil }
        return DateScanner(raw: bytes, from: semicolon + 1).parse()
    }

    /// At most 80 characters of the input, control characters and runs of blanks as one space.
    private static func excerpt(_ value: String) -> String {
        var out = String.UnicodeScalarView()
        var blank = false
        for scalar in value.unicodeScalars.prefix(80) {
            if scalar.value <= 0x20 || scalar.value == 0x7F {
                blank = !out.isEmpty
                continue
            }
            if blank { out.append(" "); blank = false }
            out.append(scalar)
        }
        return String(out)
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static let months: [[UInt8]] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        .map { Array($0.utf8) }
    static let monthNames: [[UInt8]] = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december"
    ].map { Array($0.utf8) }

    static let sept = Array("sept".utf8), am = Array("am".utf8), pm = Array("pm".utf8), t = Array("t".utf8)

    /// RFC 5322 §4.3 zones, and the unambiguous names real mail uses (IST, BST are ambiguous: unknown), in minutes.
    static let zones: [(name: [UInt8], minutes: Int)] = [
        ("ut", 0), ("utc", 0), ("gmt", 0), ("z", 0), ("wet", 0), ("west", 60), ("cet", 60), ("met", 60),
        ("cest", 120), ("mest", 120), ("eet", 120), ("eest", 180), ("msk", 180), ("hkt", 480), ("sgt", 480),
        ("awst", 480), ("jst", 540), ("kst", 540), ("aest", 600), ("aedt", 660), ("nzst", 720), ("nzdt", 780),
        ("est", -300), ("edt", -240), ("cst", -360), ("cdt", -300), ("mst", -420), ("mdt", -360), ("pst", -480),
        ("pdt", -420), ("akst", -540), ("akdt", -480), ("hst", -600)
    ].map { (Array($0.0.utf8), $0.1) }
}

private struct Token {
    enum Kind { case number, word, plus, minus, colon, dot, slash, other }
    var kind: Kind
    var start: Int
    var end: Int
    var value: Int  // numbers only; capped, `end - start` is the digit count
    var length: Int { end - start }
}

private struct DateScanner {
    let raw: UnsafeBufferPointer<UInt8>
    var tokens: [Token] = []

    init(raw: UnsafeBufferPointer<UInt8>, from start: Int) {
        self.raw = raw
        tokens.reserveCapacity(24)
        tokenize(from: start)
    }

    /// Numbers, letter runs and the punctuation that matters; blanks, commas, 8-bit bytes and comments are skipped.
    /// Stops after 40 tokens: no date needs more, and a huge junk value must cost nothing.
    mutating func tokenize(from start: Int) {
        var i = start
        let n = raw.count
        while i < n, tokens.count < 40 {
            let c = raw[i]
            let begin = i
            switch c {
            case 0x20, 0x09, 0x0D, 0x0A, UInt8(ascii: ","), 0x80...0xFF:
                i += 1  // 8-bit bytes too: a no-break space, a localised day name ("周四,") carry nothing we read
            case UInt8(ascii: "("):
                var depth = 0
                while i < n {
                    if raw[i] == UInt8(ascii: "\\") { i += 2; continue }
                    if raw[i] == UInt8(ascii: "(") { depth += 1 }
                    if raw[i] == UInt8(ascii: ")") { depth -= 1; if depth == 0 { break } }
                    i += 1
                }
                i += 1  // an unterminated comment swallows the rest, as RFC 5322 reads it
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                var value = 0
                while i < n, raw[i] >= 0x30, raw[i] <= 0x39 {
                    if value < 100_000_000 { value = value * 10 + Int(raw[i] - 0x30) }
                    i += 1
                }
                tokens.append(Token(kind: .number, start: begin, end: i, value: value))
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
                while i < n, Self.isLetter(raw[i]) { i += 1 }
                tokens.append(Token(kind: .word, start: begin, end: i, value: 0))
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: "."), UInt8(ascii: "/"):
                let kind: Token.Kind =
                    c == UInt8(ascii: "+")
                    ? .plus
                    : c == UInt8(ascii: "-")
                        ? .minus
                        : c == UInt8(ascii: ":") ? .colon : c == UInt8(ascii: ".") ? .dot : .slash
                tokens.append(Token(kind: kind, start: begin, end: i + 1, value: 0))
                i += 1
            default:
                while i < n, raw[i] > 0x20, raw[i] < 0x80, !Self.isLetter(raw[i]), !(0x28...0x3A).contains(raw[i]) {
                    i += 1
                }
                if i == begin { i += 1 }
                tokens.append(Token(kind: .other, start: begin, end: i, value: 0))
            }
        }
    }

    static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z") }

    func kind(_ p: Int) -> Token.Kind? { p < tokens.count ? tokens[p].kind : nil }

    func number(_ p: Int, digits: ClosedRange<Int>) -> Int? {
        guard p < tokens.count, tokens[p].kind == .number, digits.contains(tokens[p].length) else { return nil }
        return tokens[p].value
    }

    /// Whether the word token at `p` is `literal` (lowercase ASCII), in any case.
    func word(_ p: Int, is literal: [UInt8]) -> Bool {
        guard p < tokens.count, tokens[p].kind == .word, tokens[p].length == literal.count else { return false }
        var k = tokens[p].start
        for c in literal {
            if raw[k] | 0x20 != c { return false }
            k += 1
        }
        return true
    }

    /// 1–12 for an English month name, abbreviated or full ("Sept" too), in any case.
    func month(_ p: Int) -> Int? {
        for m in 0..<12 where word(p, is: DateParser.months[m]) || word(p, is: DateParser.monthNames[m]) {
            return m + 1
        }
        return word(p, is: DateParser.sept) ? 9 : nil
    }

    /// A time starts here: `h:mm` or `h.mm`.
    func isTime(_ p: Int) -> Bool {
        number(p, digits: 1...2) != nil && (kind(p + 1) == .colon || kind(p + 1) == .dot) && kind(p + 2) == .number
    }

    /// RFC 5322 §4.3: two-digit years are 1950–2049, three-digit years count from 1900.
    func year(_ p: Int) -> Int? {
        guard let y = number(p, digits: 1...4) else { return nil }
        switch tokens[p].length {
        case 1, 2: return y < 50 ? 2000 + y : 1900 + y
        case 3: return 1900 + y
        default: return y
        }
    }

    func parse() -> (seconds: Int, problem: String?)? {
        var p = 0
        // A day name, right or wrong, is ignored; so is a repeated "Date:".
        while let k = kind(p), k == .word && month(p) == nil || k == .other || k == .dot || k == .colon { p += 1 }
        var y: Int?, m: Int?, d: Int?
        if let first = number(p, digits: 4...4), kind(p + 1) == .minus || kind(p + 1) == .slash {
            // ISO 8601-ish: 2023-01-05[T]10:00:00, 2023/01/05 (year first, so unambiguous).
            let separator = kind(p + 1)
            y = first
            m = number(p + 2, digits: 1...2) ?? month(p + 2)
            guard kind(p + 3) == separator else { return nil }
            d = number(p + 4, digits: 1...2)
            p += 5
            if word(p, is: DateParser.t) { p += 1 }
        } else if let day = number(p, digits: 1...2) {
            d = day
            p += 1
            var separator: Token.Kind?
            if let k = kind(p), k == .minus || k == .slash || k == .dot { separator = k; p += 1 }
            if let name = month(p) {
                m = name
            } else if separator == nil, let numeric = number(p, digits: 1...2) {
                m = numeric  // "20 11 79": RFC order with a numeric month; "20/11/79" is locale-dependent, refused
            } else {
                return nil
            }
            p += 1
            if let k = kind(p), k == separator { p += 1 }  // 1-Jan-2003
            if !isTime(p), let year = year(p) { y = year; p += 1 }
        } else if let name = month(p) {
            // asctime and US order: "Jul  1 10:52:37 2003", "Jul 1, 2003 10:52 PM".
            m = name
            p += 1
            if kind(p) == .minus || kind(p) == .dot { p += 1 }
            d = number(p, digits: 1...2)
            p += 1
            if !isTime(p), let year = year(p) { y = year; p += 1 }
        } else {
            return nil
        }
        guard isTime(p), var hour = number(p, digits: 1...2), let minute = number(p + 2, digits: 1...2) else {
            return nil
        }
        p += 3
        var second = 0
        if kind(p) == .colon || kind(p) == .dot, let s = number(p + 1, digits: 1...2) {
            second = s
            p += 2
            if kind(p) == .dot, kind(p + 1) == .number { p += 2 }  // fractional seconds
        }

        // After the time: the zone (a number beats a name), the year in asctime, AM/PM, and junk to ignore.
        var numericZone: Int?, namedZone: Int?, unknownZone: Token?, zoneProblem: String?
        while p < tokens.count {
            let token = tokens[p]
            switch token.kind {
            case .plus, .minus:
                guard numericZone == nil, kind(p + 1) == .number else { p += 1; continue }
                let sign = token.kind == .plus ? 1 : -1
                var h = tokens[p + 1].value, mm = 0
                switch tokens[p + 1].length {
                case 1, 2:
                    if kind(p + 2) == .colon, let minutes = number(p + 3, digits: 2...2) {  // +08:00
                        mm = minutes
                        p += 2
                    }
                case 3, 4: (h, mm) = (h / 100, h % 100)
                default: h = 99
                }
                if h <= 18 && mm <= 59 {
                    numericZone = sign * (h * 60 + mm)
                } else {
                    numericZone = 0
                    zoneProblem = "invalid time zone offset in Date, assumed +0000"
                }
                p += 2
            case .word:
                let pm = word(p, is: DateParser.pm), am = word(p, is: DateParser.am)
                if pm, (1...11).contains(hour) { hour += 12 }
                if am, hour == 12 { hour = 0 }
                if namedZone == nil, unknownZone == nil, !am, !pm {
                    if let zone = DateParser.zones.first(where: { word(p, is: $0.name) }) {
                        namedZone = zone.minutes
                    } else if token.length == 1, raw[token.start] | 0x20 != UInt8(ascii: "j") {
                        namedZone = 0  // military letters: RFC 5322 §4.3 says their sign was botched, so -0000
                    } else {
                        unknownZone = token
                    }
                }
                p += 1
            case .number where y == nil:
                y = year(p)
                p += 1
            default:
                p += 1
            }
        }

        guard let year = y, let month = m, let day = d, (1000...9999).contains(year), (1...12).contains(month),
            day >= 1, day <= DateParser.daysInMonth(year: year, month: month),
            hour <= 23, minute <= 59, second <= 60
        else { return nil }
        let offset: Int
        var problem = zoneProblem
        if let zone = numericZone ?? namedZone {
            offset = zone
        } else {
            offset = 0
            if let unknown = unknownZone {
                let letters = raw[unknown.start..<min(unknown.end, unknown.start + 16)]
                let name = String(decoding: UnsafeBufferPointer(rebasing: letters), as: UTF8.self)
                problem = "unknown time zone '\(name)' in Date, assumed +0000"
            } else {
                problem = "Date without time zone, assumed +0000"
            }
        }
        let days = DateParser.days(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - offset * 60  // leap second → :59
        return (seconds, problem)
    }
}
