import MIME

/// The small JSON arrays the parse stage stores for every message (addresses, ids, problems), written
/// directly: Foundation's JSONEncoder costs more than parsing the message itself.
enum CompactJSON {
    static func strings(_ values: [String]) -> String {
        var out = "["
        for (i, v) in values.enumerated() {
            if i > 0 { out += "," }
            quote(v, into: &out)
        }
        return out + "]"
    }

    static func addresses(_ values: [Address]) -> String {
        var out = "["
        for (i, a) in values.enumerated() {
            if i > 0 { out += "," }
            out += "{\"name\":"
            if let name = a.name { quote(name, into: &out) } else { out += "null" }
            out += ",\"address\":"
            if let address = a.address { quote(address, into: &out) } else { out += "null" }
            out += "}"
        }
        return out + "]"
    }

    static func quote(_ s: String, into out: inout String) {
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
}
