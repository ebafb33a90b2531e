/// JSON maildesk writes and reads back itself (the parse stage's columns, the event log), by hand: Foundation's
/// JSONEncoder costs more than parsing the message the JSON describes. The reader takes any valid JSON of the
/// shapes it knows (older rows JSONEncoder wrote included) and refuses the rest with nil.
public enum JSONText {
    /// `s` as a JSON string literal, appended to `out` (control characters escaped, everything else as is).
    public static func quote(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// `["a","b"]`.
    public static func strings(_ values: [String]) -> String {
        var out = "["
        for (i, v) in values.enumerated() {
            if i > 0 { out += "," }
            quote(v, into: &out)
        }
        return out + "]"
    }

    /// An array of flat objects whose values are strings or null, keys in the order given
    /// (`[{"name":null,"address":"a@b"}]`).
    public static func objects(_ values: [KeyValuePairs<String, String?>]) -> String {
        var out = "["
        for (i, object) in values.enumerated() {
            if i > 0 { out += "," }
            out += "{"
            for (j, (key, value)) in object.enumerated() {
                if j > 0 { out += "," }
                quote(key, into: &out)
                out += ":"
                if let value { quote(value, into: &out) } else { out += "null" }
            }
            out += "}"
        }
        return out + "]"
    }

    /// One flat object of strings, keys in the order given (`{"plan":"pro","city":"上海"}`).
    public static func object(_ pairs: [(key: String, value: String)]) -> String {
        var out = "{"
        for (i, pair) in pairs.enumerated() {
            if i > 0 { out += "," }
            quote(pair.key, into: &out)
            out += ":"
            quote(pair.value, into: &out)
        }
        return out + "}"
    }

    // MARK: reading back

    /// A JSON array of strings, or nil if `json` is anything else .
    public static func decodeStrings(_ json: String) -> [String]? {
        var reader = Reader(Array(json.utf8))
        guard reader.take(UInt8(ascii: "[")) else { return nil }
        var values: [String] = []
        if reader.take(UInt8(ascii: "]")) { return reader.atEnd ? values : nil }
        repeat {
            guard let value = reader.string() else { return nil }
            values.append(value)
        } while reader.take(UInt8(ascii: ","))
        return reader.take(UInt8(ascii: "]")) && reader.atEnd ? values : nil
    }

    /// A JSON array of flat objects whose values are strings or null (`[{"name":null,"address":"a@b"}]`),
    /// or nil if `json` is anything else.
    public static func decodeObjects(_ json: String) -> [[String: String?]]? {
        var reader = Reader(Array(json.utf8))
        guard reader.take(UInt8(ascii: "[")) else { return nil }
        var objects: [[String: String?]] = []
        if reader.take(UInt8(ascii: "]")) { return reader.atEnd ? objects : nil }
        repeat {
            guard let object = reader.flatObject() else { return nil }
            objects.append(object)
        } while reader.take(UInt8(ascii: ","))
        return reader.take(UInt8(ascii: "]")) && reader.atEnd ? objects : nil
    }

    /// One flat object whose values are strings or null, or nil if `json` is anything else.
    public static func decodeObject(_ json: String) -> [String: String?]? {
        var reader = Reader(Array(json.utf8))
        guard let object = reader.flatObject() else { return nil }
        return reader.atEnd ? object : nil
    }

    /// A cursor over JSON text: strings with every escape JSON allows, whitespace between tokens.
    private struct Reader {
        let bytes: [UInt8]
        var i = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool {
            mutating get {
                skipBlanks()
                return i == bytes.count
            }
        }

        /// `{"key": "value" | null, …}`.
        mutating func flatObject() -> [String: String?]? {
            guard take(UInt8(ascii: "{")) else { return nil }
            var object: [String: String?] = [:]
            if take(UInt8(ascii: "}")) { return object }
            repeat {
                guard let key = string(), take(UInt8(ascii: ":")) else { return nil }
                if takeNull() {
                    object[key] = .some(nil)
                } else {
                    guard let value = string() else { return nil }
                    object[key] = value
                }
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "}")) ? object : nil
        }

        mutating func skipBlanks() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 {
                i += 1
            }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            skipBlanks()
            guard i < bytes.count, bytes[i] == byte else { return false }
            i += 1
            return true
        }

        mutating func takeNull() -> Bool {
            skipBlanks()
            guard i + 4 <= bytes.count, bytes[i..<i + 4].elementsEqual("null".utf8) else { return false }
            i += 4
            return true
        }

        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            var out: [UInt8] = []
            while i < bytes.count {
                let b = bytes[i]
                i += 1
                switch b {
                case UInt8(ascii: "\""):
                    return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard i < bytes.count else { return nil }
                    let e = bytes[i]
                    i += 1
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        guard var scalar = hex4() else { return nil }
                        if (0xD800..<0xDC00).contains(scalar) {
                            // A surrogate pair: \uD83D\uDE00.
                            guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u")
                            else { return nil }
                            i += 2
                            guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let u = Unicode.Scalar(scalar) else { return nil }
                        out.append(contentsOf: Array(String(Character(u)).utf8))
                    default:
                        return nil
                    }
                default:
                    if b < 0x20 { return nil }
                    out.append(b)
                }
            }
            return nil
        }

        private mutating func hex4() -> UInt32? {
            guard i + 4 <= bytes.count else { return nil }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = bytes[i]
                i += 1
                switch c {
                case 0x30...0x39: v = v << 4 | UInt32(c - 0x30)
                case 0x41...0x46: v = v << 4 | UInt32(c - 0x37)
                case 0x61...0x66: v = v << 4 | UInt32(c - 0x57)
                default: return nil
                }
            }
            return v
        }
    }
}
