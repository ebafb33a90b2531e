/// Text decoded from a declared charset, with what had to be guessed.
public struct DecodedText: Sendable, Equatable {
    public var text: String
    /// The decoder actually used (`UTF-8`, `GB18030`, `windows-1252`, ...).
    public var charset: String
    /// Set when the label was wrong, unknown, or bytes were undecodable.
    public var problem: String?
}

/// Decodes text bytes in the charsets customers really use, never failing.
///
/// Order when the label is wrong or unknown: declared → UTF-8 if valid → the declared charset's relatives
/// (the other encodings of its language: Shift_JIS, EUC-JP and ISO-2022-JP; GB18030 and Big5; ...) that decode
/// cleanly, the most plausible first → GB18030 if plausibly Chinese → windows-1252. Undecodable bytes become
/// U+FFFD.
public enum Charset {
    public static func decode(_ bytes: [UInt8], label: String?) -> DecodedText {
        bytes.withUnsafeBufferPointer { decode($0, label: label) }
    }

    public static func decode(_ bytes: ArraySlice<UInt8>, label: String?) -> DecodedText {
        bytes.withUnsafeBufferPointer { decode($0, label: label) }
    }

    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, label: String?) -> DecodedText {
        let declared = label.flatMap { CharsetLabel.decoder(for: $0) }
        let labelText = label.map { CharsetLabel.normalise($0) } ?? ""

        if isASCII(bytes), declared?.isASCIICompatible ?? true {
            return DecodedText(text: String(decoding: bytes, as: UTF8.self), charset: declared?.name ?? "US-ASCII")
        }

        guard let declared else {
            let (text, used) = guess(bytes)
            let why = labelText.isEmpty ? "no charset declared" : "unknown charset '\(labelText)'"
            return DecodedText(text: text, charset: used, problem: "\(why); decoded as \(used)")
        }

        if declared.isSingleByte, let utf8 = validUTF8(bytes) {
            // Mislabelled UTF-8 is the commonest charset lie; valid multibyte UTF-8 is almost never accidental.
            return DecodedText(
                text: utf8, charset: "UTF-8",
                problem: "declared charset '\(labelText)' but the text is UTF-8")
        }

        // A 7-bit charset (ISO-2022-JP, UTF-7, HZ) on 8-bit bytes is a lie whatever its decoder makes of them.
        let eightBitInSevenBit = declared.isSevenBit && !isASCII(bytes)
        let relatives = CharsetLabel.relatives(of: declared)
        let reading = convert(bytes, with: declared)
        if !eightBitInSevenBit, let (utf8, errors) = reading, errors == 0 {
            // Clean but implausible (EUC-JP bytes read as Shift_JIS are half-width katakana): a relative that
            // reads far more plausibly wins.
            let oddities = relatives.isEmpty ? 0 : implausibleScalars(utf8)
            if oddities > 0, let relative = bestRelative(bytes, relatives), relative.oddities * 2 < oddities {
                return DecodedText(
                    text: relative.text, charset: relative.charset,
                    problem: "declared charset '\(labelText)' but the text is \(relative.charset)")
            }
            return DecodedText(text: String(decoding: utf8, as: UTF8.self), charset: declared.name)
        }

        // The declared charset fails: fall back, and if nothing is clean keep the declared reading with U+FFFD.
        if declared != .utf8, let utf8 = validUTF8(bytes) {
            return DecodedText(
                text: utf8, charset: "UTF-8",
                problem: "declared charset '\(labelText)' but the text is UTF-8")
        }
        // A relative must read better than the declared charset with its errors: one damaged byte in Shift_JIS
        // text keeps Shift_JIS.
        let declaredOddities = reading.map { eightBitInSevenBit ? Int.max : implausibleScalars($0.utf8) } ?? Int.max
        if let relative = bestRelative(bytes, relatives), relative.oddities < declaredOddities {
            return DecodedText(
                text: relative.text, charset: relative.charset,
                problem: "declared charset '\(labelText)' but the text is \(relative.charset)")
        }
        if declared != .iconv(["GB18030"]), let chinese = plausibleChinese(bytes) {
            return DecodedText(
                text: chinese, charset: "GB18030",
                problem: "declared charset '\(labelText)' but the text is GB18030")
        }
        if let (utf8, errors) = reading {
            let problem =
                errors == 0
                ? "8-bit bytes in 7-bit charset '\(labelText)'; no other reading is clean"
                : "\(errors) invalid byte sequence(s) for charset '\(labelText)' replaced by U+FFFD"
            return DecodedText(text: String(decoding: utf8, as: UTF8.self), charset: declared.name, problem: problem)
        }
        let (text, used) = guess(bytes)
        return DecodedText(text: text, charset: used, problem: "charset '\(labelText)' unavailable; decoded as \(used)")
    }

    /// The relative of a lying label that decodes `bytes` without error and with the fewest implausible
    /// characters (ties: the first listed), with its count of them.
    static func bestRelative(_ bytes: UnsafeBufferPointer<UInt8>, _ relatives: [CharsetLabel.Decoder])
        -> (text: String, charset: String, oddities: Int)?
    {
        // Only 8-bit text can be in another encoding of the language: 7-bit text is what its label says.
        guard !relatives.isEmpty, !isASCII(bytes) else { return nil }
        var best: (text: String, charset: String, oddities: Int)?
        for relative in relatives where !relative.isSevenBit {
            guard let (utf8, errors) = convert(bytes, with: relative), errors == 0 else { continue }
            // One stray 8-bit byte (a Latin letter in a file name) is no evidence of another encoding.
            guard
                String(decoding: utf8, as: UTF8.self).unicodeScalars.lazy.filter({ $0.value >= 0x80 }).prefix(2)
                    .count == 2
            else { continue }
            let oddities = implausibleScalars(utf8)
            if best == nil || oddities < best!.oddities {
                best = (String(decoding: utf8, as: UTF8.self), relative.name, oddities)
            }
        }
        return best
    }

    /// Characters that real text in an East Asian charset rarely holds, but a wrong decoder of it produces:
    /// half-width katakana, private-use characters, C0 and C1 controls (other than tab and line ends), U+FFFD.
    static func implausibleScalars(_ utf8: [UInt8]) -> Int {
        var count = 0
        for scalar in String(decoding: utf8, as: UTF8.self).unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0C, 0x0D: continue
            case 0x00..<0x20, 0x7F...0x9F, 0xFF61...0xFF9F, 0xE000...0xF8FF, 0xFFFD: count += 1
            default: continue
            }
        }
        return count
    }

    /// The fallback chain for undeclared or unknown charsets.
    static func guess(_ bytes: UnsafeBufferPointer<UInt8>) -> (String, String) {
        if let utf8 = validUTF8(bytes) { return (utf8, "UTF-8") }
        if let chinese = plausibleChinese(bytes) { return (chinese, "GB18030") }
        return (String(decoding: Transcode.windows1252(bytes), as: UTF8.self), "windows-1252")
    }

    static func convert(_ bytes: UnsafeBufferPointer<UInt8>, with decoder: CharsetLabel.Decoder)
        -> (utf8: [UInt8], errors: Int)?
    {
        switch decoder {
        case .utf8:
            return Transcode.utf8Lossy(bytes)
        case .windows1252:
            return (Transcode.windows1252(bytes), 0)
        case .iso2022jp:
            let euc = Transcode.iso2022jpToEUCJP(bytes)
            return euc.withUnsafeBufferPointer { Transcode.iconv($0, from: "EUC-JP-MS") }
        case .iconv(let names):
            var first: (utf8: [UInt8], errors: Int)?
            for name in names {
                guard let result = Transcode.iconv(bytes, from: name) else { continue }
                if result.errors == 0 { return result }
                if first == nil { first = result }
            }
            return first
        }
    }

    public static func isASCII(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { isASCII($0) }
    }

    public static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var i = 0
        let n = bytes.count
        // Eight bytes at a time: the high bit of any byte set means non-ASCII.
        let raw = UnsafeRawPointer(base)
        while i + 8 <= n {
            if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i += 8
        }
        while i < n {
            if base[i] >= 0x80 { return false }
            i += 1
        }
        return true
    }

    static func validUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        String(validating: bytes, as: UTF8.self)
    }

    /// GB18030 text that reads as Chinese: it decodes cleanly and most of its two-byte characters lie in the
    /// GB2312 hanzi and punctuation rows, where Big5 and Latin text rarely fall.
    static func plausibleChinese(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var pairs = 0
        var common = 0
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            guard i + 1 < n else { return nil }
            let t = bytes[i + 1]
            pairs += 1
            if (0xA1...0xF7).contains(b) && (0xA1...0xFE).contains(t) { common += 1 }
            i += 2
        }
        guard pairs > 0, common * 10 >= pairs * 8 else { return nil }
        guard let (utf8, errors) = Transcode.iconv(bytes, from: "GB18030"), errors == 0 else { return nil }
        return String(decoding: utf8, as: UTF8.self)
    }
}
