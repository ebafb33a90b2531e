import Glibc

/// Byte-level conversions to UTF-8. Each returns the UTF-8 bytes and how many input sequences were invalid
/// (each became U+FFFD).
enum Transcode {
    static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// Conversion through iconv, counting invalid sequences. Nil when glibc lacks the charset.
    static func iconv(_ bytes: UnsafeBufferPointer<UInt8>, from name: String) -> (utf8: [UInt8], errors: Int)? {
        IconvPool.shared.withConverter(name) { cd in
            var capacity = bytes.count * 3 + 16
            var out = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            defer { out.deallocate() }
            var used = 0
            var errors = 0
            var inPtr = UnsafeMutablePointer<CChar>(
                mutating: UnsafeRawPointer(bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!)
                    .assumingMemoryBound(to: CChar.self))
            var inLeft = bytes.count

            func grow() {
                let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
                bigger.update(from: out, count: used)
                out.deallocate()
                out = bigger
                capacity *= 2
            }
            /// One call of iconv; flushes the shift state when `input` is false.
            func step(input: Bool) -> (ok: Bool, err: Int32) {
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(out + used)
                    .assumingMemoryBound(to: CChar.self)
                var outLeft = capacity - used
                var inOpt: UnsafeMutablePointer<CChar>? = inPtr
                let r =
                    input
                    ? Glibc.iconv(cd, &inOpt, &inLeft, &outPtr, &outLeft)
                    : Glibc.iconv(cd, nil, nil, &outPtr, &outLeft)
                let err = errno
                if input, let moved = inOpt { inPtr = moved }
                used = capacity - outLeft
                return (r != -1, err)
            }

            while inLeft > 0 {
                let (ok, err) = step(input: true)
                if ok { break }
                if err == E2BIG { grow(); continue }
                // EILSEQ or EINVAL: one replacement character, then resynchronise on the next byte.
                errors += 1
                while capacity - used < 3 { grow() }
                (out + used).update(from: replacement, count: 3)
                used += 3
                inPtr += 1
                inLeft -= 1
                _ = Glibc.iconv(cd, nil, nil, nil, nil)
            }
            while true {
                let (ok, err) = step(input: false)
                if ok || err != E2BIG { break }
                grow()
            }
            return (Array(UnsafeBufferPointer(start: out, count: used)), errors)
        }
    }

    /// windows-1252 as WHATWG defines it: 0x80–0x9F map to the Windows punctuation, undefined bytes to C1 controls.
    static func windows1252(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count + bytes.count / 4)
        for b in bytes {
            if b < 0x80 {
                out.append(b)
                continue
            }
            let scalar: UInt32 = b < 0xA0 ? UInt32(c1Table[Int(b - 0x80)]) : UInt32(b)
            appendUTF8(scalar, to: &out)
        }
        return out
    }

    private static let c1Table: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152,
        0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122,
        0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178
    ]

    /// UTF-8 with each invalid sequence replaced by U+FFFD (WHATWG "maximal subpart" replacement).
    static func utf8Lossy(_ bytes: UnsafeBufferPointer<UInt8>) -> (utf8: [UInt8], errors: Int) {
        let s = String(decoding: bytes, as: UTF8.self)
        var errors = 0
        for scalar in s.unicodeScalars where scalar == "\u{FFFD}" { errors += 1 }
        // Genuine U+FFFD in the input also counts; that is harmless for the decisions made on it.
        return (Array(s.utf8), errors)
    }

    /// ISO-2022-JP (with CP50221's half-width katakana and JIS X 0212) rewritten as EUC-JP bytes, so that
    /// glibc's EUC-JP-MS, which carries the NEC and IBM extensions Microsoft's encoder emits, can decode it.
    static func iso2022jpToEUCJP(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        enum Mode { case ascii, jis0208, katakana, jis0212 }
        var mode = Mode.ascii
        var shiftedOut = false  // SO/SI katakana (CP50222)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b == 0x1B, i + 2 < n {
                let b1 = bytes[i + 1], b2 = bytes[i + 2]
                if b1 == 0x28 && (b2 == 0x42 || b2 == 0x4A) { mode = .ascii; i += 3; continue }
                if b1 == 0x28 && b2 == 0x49 { mode = .katakana; i += 3; continue }
                if b1 == 0x24 && (b2 == 0x40 || b2 == 0x42) { mode = .jis0208; i += 3; continue }
                if b1 == 0x24 && b2 == 0x28 && i + 3 < n && bytes[i + 3] == 0x44 { mode = .jis0212; i += 4; continue }
                if b1 == 0x24 && b2 == 0x28 && i + 3 < n && (bytes[i + 3] == 0x42 || bytes[i + 3] == 0x40) {
                    mode = .jis0208; i += 4; continue
                }
            }
            if b == 0x0E { shiftedOut = true; i += 1; continue }
            if b == 0x0F { shiftedOut = false; i += 1; continue }
            if b == 0x0A || b == 0x0D {
                // Lines must end in ASCII mode; tolerate encoders that forget to switch back.
                mode = .ascii
                shiftedOut = false
                out.append(b)
                i += 1
                continue
            }
            if shiftedOut && b >= 0x21 && b <= 0x5F {
                out.append(0x8E); out.append(b | 0x80); i += 1; continue
            }
            switch mode {
            case .ascii:
                out.append(b)
                i += 1
            case .katakana:
                if b >= 0x21 && b <= 0x5F { out.append(0x8E); out.append(b | 0x80) } else { out.append(b) }
                i += 1
            case .jis0208, .jis0212:
                if b >= 0x21 && b <= 0x7E && i + 1 < n && bytes[i + 1] >= 0x21 && bytes[i + 1] <= 0x7E {
                    if mode == .jis0212 { out.append(0x8F) }
                    out.append(b | 0x80)
                    out.append(bytes[i + 1] | 0x80)
                    i += 2
                } else {
                    out.append(b)
                    i += 1
                }
            }
        }
        return out
    }

    static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (scalar >> 6)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (scalar >> 12)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (scalar >> 18)))
            out.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }
}
