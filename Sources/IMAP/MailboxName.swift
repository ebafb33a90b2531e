/// Mailbox names on the wire: modified UTF-7 (RFC 3501 §5.1.3) for non-ASCII names like 客服, and
/// percent-encoding where a name goes into a URL.
enum MailboxName {
    /// `客服` → `&WqJnDQ-`; `A&B` → `A&-B`.
    static func modifiedUTF7(_ name: String) -> String {
        var out = ""
        var pending: [UInt16] = []
        func flush() {
            guard !pending.isEmpty else { return }
            var bytes: [UInt8] = []
            for unit in pending { bytes.append(UInt8(unit >> 8)); bytes.append(UInt8(unit & 0xFF)) }
            let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,")
            var encoded = ""
            var i = 0
            while i < bytes.count {
                let b0 = bytes[i], b1 = i + 1 < bytes.count ? bytes[i + 1] : 0,
                    b2 = i + 2 < bytes.count ? bytes[i + 2] : 0
                encoded.append(alphabet[Int(b0 >> 2)])
                encoded.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
                if i + 1 < bytes.count { encoded.append(alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)]) }
                if i + 2 < bytes.count { encoded.append(alphabet[Int(b2 & 0x3F)]) }
                i += 3
            }
            out += "&" + encoded + "-"
            pending.removeAll()
        }
        for scalar in name.unicodeScalars {
            if scalar.value >= 0x20 && scalar.value <= 0x7E {
                flush()
                out += scalar == "&" ? "&-" : String(scalar)
            } else {
                pending.append(contentsOf: String(scalar).utf16)
            }
        }
        flush()
        return out
    }

    /// Percent-encodes everything but unreserved characters and `/` (hierarchy), for URL paths.
    static func urlPath(_ wireName: String) -> String {
        var out = ""
        for byte in wireName.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if c.isLetter && byte < 0x80 || c.isNumber && byte < 0x80 || "-._~/&,+".contains(c) {
                out.append(c)
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }

    /// A quoted string for commands; libcurl URL-decodes custom requests, so `%` is escaped as `%25`.
    static func quoted(_ wireName: String) -> String {
        var s = "\""
        for c in wireName {
            switch c {
            case "\"": s += "\\\""
            case "\\": s += "\\\\"
            case "%": s += "%25"
            default: s.append(c)
            }
        }
        return s + "\""
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
