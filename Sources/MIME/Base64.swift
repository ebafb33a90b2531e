/// Base64 as mail really carries it: line breaks, stray spaces and garbage skipped, padding optional,
/// several padded blocks concatenated.
enum Base64 {
    /// Decoded bytes and the number of characters that were neither alphabet, padding nor whitespace.
    static func decode(_ input: UnsafeBufferPointer<UInt8>) -> (bytes: [UInt8], garbage: Int, truncated: Bool) {
        var out = [UInt8]()
        out.reserveCapacity(input.count / 4 * 3 + 3)
        var garbage = 0
        var acc: UInt32 = 0
        var pending = 0
        var i = 0
        let n = input.count
        let table = decodeTable
        guard let base = input.baseAddress else { return ([], 0, false) }
        while i < n {
            // Fast path: four alphabet characters at once.
            if pending == 0 && i + 4 <= n {
                let a = table[Int(base[i])], b = table[Int(base[i + 1])]
                let c = table[Int(base[i + 2])], d = table[Int(base[i + 3])]
                if (a | b | c | d) & 0xC0 == 0 {
                    let v = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                    out.append(UInt8(truncatingIfNeeded: v >> 16))
                    out.append(UInt8(truncatingIfNeeded: v >> 8))
                    out.append(UInt8(truncatingIfNeeded: v))
                    i += 4
                    continue
                }
            }
            let ch = base[i]
            let v = table[Int(ch)]
            i += 1
            if v < 64 {
                acc = acc << 6 | UInt32(v)
                pending += 1
                if pending == 4 {
                    out.append(UInt8(truncatingIfNeeded: acc >> 16))
                    out.append(UInt8(truncatingIfNeeded: acc >> 8))
                    out.append(UInt8(truncatingIfNeeded: acc))
                    acc = 0
                    pending = 0
                }
            } else if ch == UInt8(ascii: "=") {
                flush(&acc, &pending, into: &out)
            } else if v == whitespace {
                continue
            } else {
                garbage += 1
            }
        }
        let truncated = pending == 1
        flush(&acc, &pending, into: &out)
        return (out, garbage, truncated)
    }

    static func decode(_ input: [UInt8]) -> [UInt8] {
        input.withUnsafeBufferPointer { decode($0).bytes }
    }

    /// Emits the bytes a partial quantum holds (two sextets → one byte, three → two).
    private static func flush(_ acc: inout UInt32, _ pending: inout Int, into out: inout [UInt8]) {
        switch pending {
        case 2:
            out.append(UInt8(truncatingIfNeeded: acc >> 4))
        case 3:
            out.append(UInt8(truncatingIfNeeded: acc >> 10))
            out.append(UInt8(truncatingIfNeeded: acc >> 2))
        default:
            break
        }
        acc = 0
        pending = 0
    }

    private static let whitespace: UInt8 = 0x80
    private static let invalid: UInt8 = 0xFF

    private static let decodeTable: [UInt8] = {
        var t = [UInt8](repeating: invalid, count: 256)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = UInt8(i) }
        // URL-safe alphabet, which some webmail encoders emit.
        t[Int(UInt8(ascii: "-"))] = 62
        t[Int(UInt8(ascii: "_"))] = 63
        for c in [0x20, 0x09, 0x0D, 0x0A, 0x0B, 0x0C] { t[c] = whitespace }
        return t
    }()

}
