/// Quoted-printable (RFC 2045 §6.7) for bodies and the Q encoding (RFC 2047 §4.2) for headers.
enum QuotedPrintable {
    /// Decodes a body. Invalid escapes (`=ZZ`, a lone `=`) are kept literally and counted.
    static func decode(_ input: UnsafeBufferPointer<UInt8>, header: Bool = false) -> (bytes: [UInt8], invalid: Int) {
        var out = [UInt8]()
        out.reserveCapacity(input.count)
        var invalid = 0
        var i = 0
        let n = input.count
        guard let p = input.baseAddress else { return ([], 0) }
        var literalBlanks = 0  // literal spaces/tabs at the end of `out`, which a hard line break drops
        while i < n {
            let c = p[i]
            if c == UInt8(ascii: "=") {
                if i + 2 < n, let hi = hexValue(p[i + 1]), let lo = hexValue(p[i + 2]) {
                    out.append(hi << 4 | lo)
                    literalBlanks = 0
                    i += 3
                    continue
                }
                // Soft line break: "=" then optional transport whitespace then a line end (or the end).
                var j = i + 1
                while j < n && (p[j] == 0x20 || p[j] == 0x09) { j += 1 }
                if j == n { i = n; continue }
                if p[j] == 0x0A { i = j + 1; continue }
                if p[j] == 0x0D {
                    i = (j + 1 < n && p[j + 1] == 0x0A) ? j + 2 : j + 1
                    continue
                }
                invalid += 1
                out.append(c)
                literalBlanks = 0
                i += 1
                continue
            }
            if header && c == UInt8(ascii: "_") {
                out.append(0x20)
                literalBlanks = 0
                i += 1
                continue
            }
            if c == 0x0A || c == 0x0D {
                // Trailing whitespace before a hard line break was added in transport (RFC 2045 rule 3).
                out.removeLast(literalBlanks)
                literalBlanks = 0
                out.append(c)
                i += 1
                continue
            }
            out.append(c)
            literalBlanks = (c == 0x20 || c == 0x09) ? literalBlanks + 1 : 0
            i += 1
        }
        return (out, invalid)
    }

    @inline(__always)
    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }
}
