/// Where each key and table of a TOML document is first defined, found by scanning its text (TOMLKit gives no
/// positions). Paths are full: `[store]` + `path = …` is `["store", "path"]`; dotted and quoted keys are split
/// and unquoted; keys inside inline tables are included; the elements of an array of tables are numbered from 0
/// (`[[rule]]` … `name = …` is `["rule", "0", "name"]`). Only meant for documents that parsed.
struct KeyLineIndex {
    private var lines: [[String]: Int] = [:]

    /// Indexes `source`.
    init(source: String) {
        var scanner = Scanner(bytes: Array(source.utf8))
        scanner.run()
        lines = scanner.lines
    }

    /// The 1-based line defining `path`, else the line of its longest defined prefix, else nil.
    func line(for path: [String]) -> Int? {
        var path = path
        while !path.isEmpty {
            if let line = lines[path] { return line }
            path.removeLast()
        }
        return nil
    }
}

private struct Scanner {
    let bytes: [UInt8]
    var i = 0
    var line = 1
    var lines: [[String]: Int] = [:]
    /// How many `[[name]]` elements each array of tables has had so far.
    var elements: [[String]: Int] = [:]

    init(bytes: [UInt8]) { self.bytes = bytes }

    var current: UInt8? { i < bytes.count ? bytes[i] : nil }

    func peek(_ offset: Int) -> UInt8? { i + offset < bytes.count ? bytes[i + offset] : nil }

    mutating func run() {
        var table: [String] = []
        while let c = current {
            switch c {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): i += 1
            case UInt8(ascii: "\n"): line += 1; i += 1
            case UInt8(ascii: "#"): skipComment()
            case UInt8(ascii: "["):
                i += 1
                let isArrayElement = current == UInt8(ascii: "[")
                if isArrayElement { i += 1 }
                let headerLine = line
                if var key = parseKey() {
                    // `[[agent]]` elements are paths `agent.0`, `agent.1`, …: each keeps its own key lines.
                    if isArrayElement {
                        let index = elements[key, default: 0]
                        elements[key] = index + 1
                        record(key, line: headerLine)
                        key.append(String(index))
                    }
                    table = key
                    record(key, line: headerLine)
                }
                skipToLineEnd()
            default:
                let keyLine = line
                guard let key = parseKey() else { skipToLineEnd(); continue }
                skipBlanks()
                guard current == UInt8(ascii: "=") else { skipToLineEnd(); continue }
                i += 1
                record(table + key, line: keyLine)
                skipValue(path: table + key)
            }
        }
    }

    /// Records `path` and its prefixes, keeping the first line seen for each.
    mutating func record(_ path: [String], line: Int) {
        for count in 1...max(1, path.count) where count <= path.count {
            let prefix = Array(path.prefix(count))
            if lines[prefix] == nil { lines[prefix] = line }
        }
    }

    mutating func skipBlanks() {
        while let c = current, c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") { i += 1 }
    }

    mutating func skipComment() {
        while let c = current, c != UInt8(ascii: "\n") { i += 1 }
    }

    /// Skips the rest of the line (strings on it may not span lines in a header or broken line).
    mutating func skipToLineEnd() {
        while let c = current, c != UInt8(ascii: "\n") { i += 1 }
    }

    /// A dotted key (`a."b.c".d`) as its components, or nil when no key starts here.
    mutating func parseKey() -> [String]? {
        var parts: [String] = []
        while true {
            skipBlanks()
            guard let c = current else { break }
            if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                parts.append(parseQuotedKey(quote: c))
            } else {
                let start = i
                while let b = current, isBareKeyByte(b) { i += 1 }
                if start == i { break }
                parts.append(String(decoding: bytes[start..<i], as: UTF8.self))
            }
            skipBlanks()
            guard current == UInt8(ascii: ".") else { break }
            i += 1
        }
        return parts.isEmpty ? nil : parts
    }

    func isBareKeyByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
            || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
    }

    /// A one-line quoted key, unescaped (`\"`, `\\`, `\n`, `\t`, `\uXXXX`, `\UXXXXXXXX` in basic strings).
    mutating func parseQuotedKey(quote: UInt8) -> String {
        i += 1
        var out: [UInt8] = []
        while let c = current, c != quote, c != UInt8(ascii: "\n") {
            i += 1
            guard quote == UInt8(ascii: "\""), c == UInt8(ascii: "\\"), let e = current else { out.append(c); continue }
            i += 1
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"), UInt8(ascii: "U"):
                let width = e == UInt8(ascii: "u") ? 4 : 8
                let end = min(i + width, bytes.count)
                let hex = String(decoding: bytes[i..<end], as: UTF8.self)
                i = end
                if let value = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(value) {
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                }
            default: out.append(e)
            }
        }
        if current == quote { i += 1 }
        return String(decoding: out, as: UTF8.self)
    }

    /// Skips a value up to the end of its line, through multi-line strings and arrays, recording the keys of
    /// inline tables under `path`.
    mutating func skipValue(path: [String]) {
        enum Frame { case array([String]), table([String]) }
        var stack: [Frame] = []
        var valuePath = path
        while let c = current {
            switch c {
            case UInt8(ascii: "\n"):
                if stack.isEmpty { return }
                line += 1
                i += 1
            case UInt8(ascii: "#"): skipComment()
            case UInt8(ascii: "\""), UInt8(ascii: "'"): skipString(quote: c)
            case UInt8(ascii: "["):
                stack.append(.array(valuePath))
                i += 1
            case UInt8(ascii: "{"):
                stack.append(.table(valuePath))
                i += 1
                valuePath = inlineKey(in: valuePath) ?? valuePath
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                i += 1
                _ = stack.popLast()
                switch stack.last {
                case .array(let p), .table(let p): valuePath = p
                case nil: valuePath = path
                }
            case UInt8(ascii: ","):
                i += 1
                if case .table(let p) = stack.last { valuePath = inlineKey(in: p) ?? p }
            default: i += 1
            }
        }
    }

    /// After `{` or `,` in an inline table: records the next key under `table` and returns its path.
    mutating func inlineKey(in table: [String]) -> [String]? {
        while let c = current,
            c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r")
                || c == UInt8(ascii: "\n")
        {
            if c == UInt8(ascii: "\n") { line += 1 }
            i += 1
        }
        let keyLine = line
        guard let key = parseKey() else { return nil }
        skipBlanks()
        guard current == UInt8(ascii: "=") else { return nil }
        i += 1
        record(table + key, line: keyLine)
        return table + key
    }

    /// Skips a basic or literal string, one-line or multi-line, counting the lines it spans.
    mutating func skipString(quote: UInt8) {
        let multi = peek(1) == quote && peek(2) == quote
        i += multi ? 3 : 1
        while let c = current {
            if c == UInt8(ascii: "\n") {
                if !multi { return }
                line += 1
            }
            if c == UInt8(ascii: "\\") && quote == UInt8(ascii: "\"") {
                if peek(1) == UInt8(ascii: "\n") { line += 1 }
                i += 2
                continue
            }
            if c == quote {
                if !multi { i += 1; return }
                if peek(1) == quote && peek(2) == quote {
                    i += 3
                    while current == quote { i += 1 }  // up to two quotes may end the content
                    return
                }
            }
            i += 1
        }
    }
}
