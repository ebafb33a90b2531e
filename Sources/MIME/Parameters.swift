import Charset

/// The `; name=value` parameters of Content-Type and Content-Disposition, with RFC 2231 continuations and
/// charsets joined and decoded, and RFC 2047 encoded words in quoted values decoded (Outlook and QQ Mail
/// write `name="=?gb2312?B?...?="`). Names are lowercased; the first occurrence of a name wins.
public struct Parameters: Sendable, Equatable {
    public private(set) var values: [String: String] = [:]
    /// Names in order of first appearance.
    public private(set) var names: [String] = []

    public init() {}

    public subscript(_ name: String) -> String? { values[name.lowercased()] }

    mutating func set(_ name: String, _ value: String) {
        if values[name] == nil { names.append(name) }
        values[name] = value
    }

    /// Parses the parameter list that follows the value (`text/plain; charset=utf-8` from the first `;`).
    static func parse(_ raw: ArraySlice<UInt8>, problems: inout [String]) -> Parameters {
        var plain: [(String, [UInt8])] = []
        var extended: [String: [(index: Int, encoded: Bool, value: [UInt8])]] = [:]
        var extendedOrder: [String] = []
        var i = raw.startIndex
        let end = raw.endIndex

        while i < end {
            while i < end, raw[i] == UInt8(ascii: ";") || isBlank(raw[i]) { i += 1 }
            guard i < end else { break }
            let nameStart = i
            while i < end, raw[i] != UInt8(ascii: "="), raw[i] != UInt8(ascii: ";") { i += 1 }
            var nameEnd = i
            while nameEnd > nameStart, isBlank(raw[nameEnd - 1]) { nameEnd -= 1 }
            let name = String(decoding: raw[nameStart..<nameEnd], as: UTF8.self).lowercased()
            guard i < end, raw[i] == UInt8(ascii: "=") else {
                if !name.isEmpty { problems.append("parameter '\(name.prefix(40))' without a value ignored") }
                continue
            }
            i += 1
            while i < end, isBlank(raw[i]) { i += 1 }
            var value: [UInt8] = []
            if i < end, raw[i] == UInt8(ascii: "\"") {
                i += 1
                var closed = false
                while i < end {
                    let c = raw[i]
                    if c == UInt8(ascii: "\\"), i + 1 < end { value.append(raw[i + 1]); i += 2; continue }
                    if c == UInt8(ascii: "\"") { closed = true; i += 1; break }
                    value.append(c)
                    i += 1
                }
                if !closed { problems.append("unterminated quoted parameter value for '\(name.prefix(40))'") }
                // Anything after the closing quote up to the next ";" is junk.
                while i < end, raw[i] != UInt8(ascii: ";") { i += 1 }
            } else {
                // A token; unquoted values with spaces (`name=my file.pdf`) run to the next ";".
                let valueStart = i
                while i < end, raw[i] != UInt8(ascii: ";") { i += 1 }
                var valueEnd = i
                // A trailing comment: `charset=us-ascii (Plain text)`.
                if raw[valueStart..<valueEnd].last == UInt8(ascii: ")"),
                    let open = raw[valueStart..<valueEnd].firstIndex(of: UInt8(ascii: "(")), open > valueStart
                {
                    valueEnd = open
                }
                while valueEnd > valueStart, isBlank(raw[valueEnd - 1]) { valueEnd -= 1 }
                value = Array(raw[valueStart..<valueEnd])
            }
            guard !name.isEmpty else { continue }
            if let star = name.firstIndex(of: "*") {
                // RFC 2231: name*=, name*0=, name*0*=, name*1*= ...
                let base = String(name[..<star])
                var rest = name[name.index(after: star)...]
                let encoded = rest.hasSuffix("*") || rest.isEmpty
                if rest.hasSuffix("*") { rest = rest.dropLast() }
                let index = rest.isEmpty ? 0 : (Int(rest) ?? -1)
                guard index >= 0, index < 10_000 else { plain.append((name, value)); continue }
                if extended[base] == nil { extendedOrder.append(base) }
                extended[base, default: []].append((index, encoded, value))
            } else {
                plain.append((name, value))
            }
        }

        var result = Parameters()
        for base in extendedOrder {
            guard let segments = extended[base] else { continue }
            result.set(base, joinRFC2231(segments, problems: &problems))
        }
        for (name, value) in plain where result.values[name] == nil {
            result.set(name, HeaderText.decode(value, problems: &problems))
        }
        return result
    }

    /// Joins continuation segments in index order and decodes the whole with the first segment's charset,
    /// so a multibyte character split across segments survives.
    private static func joinRFC2231(
        _ segments: [(index: Int, encoded: Bool, value: [UInt8])],
        problems: inout [String]
    ) -> String {
        let ordered = segments.sorted { $0.index < $1.index }
        var charset: String?
        var bytes: [UInt8] = []
        for (n, segment) in ordered.enumerated() {
            var value = segment.value[...]
            if n == 0 && segment.encoded {
                // charset'language'value
                if let q1 = value.firstIndex(of: UInt8(ascii: "'")),
                    let q2 = value[(q1 + 1)...].firstIndex(of: UInt8(ascii: "'"))
                {
                    let label = String(decoding: value[..<q1], as: UTF8.self)
                    charset = label.isEmpty ? nil : label
                    value = value[(q2 + 1)...]
                }
            }
            bytes.append(contentsOf: segment.encoded ? percentDecode(value) : Array(value))
        }
        let decoded = Charset.decode(bytes, label: charset ?? (Charset.isASCII(bytes) ? "us-ascii" : nil))
        if let problem = decoded.problem { problems.append("RFC 2231 parameter: \(problem)") }
        return HeaderText.sanitise(Array(decoded.text.utf8))
    }

    private static func percentDecode(_ value: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(value.count)
        var i = value.startIndex
        while i < value.endIndex {
            let c = value[i]
            if c == UInt8(ascii: "%"), i + 2 < value.endIndex,
                let hi = QuotedPrintable.hexValue(value[i + 1]), let lo = QuotedPrintable.hexValue(value[i + 2])
            {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(c)
                i += 1
            }
        }
        return out
    }

    @inline(__always)
    static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0A }
}
