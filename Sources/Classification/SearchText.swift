import Glibc

/// A text prepared once (lowercased, or as it is) and searched for many phrases with memchr and memcmp: the
/// priority signals and the rules look for a hundred phrases in every new thread, and String.contains costs
/// far more than the bytes it scans.
public struct SearchText: Sendable {
    public private(set) var bytes: [UInt8]

    /// The text lowercased, for phrases written in lower case.
    public init(lowercasing text: String) {
        bytes = Self.lowercasedBytes(text)
    }

    /// `text.lowercased()`'s bytes (which maps each scalar to its lowercase mapping), without a String per
    /// scalar for the scripts that have no case: ASCII is lowered by arithmetic, Han, kana and hangul are copied.
    static func lowercasedBytes(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                bytes.append(v >= 0x41 && v <= 0x5A ? UInt8(v + 0x20) : UInt8(v))
            } else if (0x3000...0x9FFF).contains(v) || (0xAC00...0xD7AF).contains(v) {
                UTF8.encode(scalar) { bytes.append($0) }
            } else {
                bytes.append(contentsOf: scalar.properties.lowercaseMapping.utf8)
            }
        }
        return bytes
    }

    /// The text as it is (for phrases whose case does not matter, such as punctuation and Han).
    public init(verbatim text: String) {
        bytes = Array(text.utf8)
    }

    /// Whether `phrase` occurs (lowercase it when the text was lowercased).
    public func contains(_ phrase: String) -> Bool {
        var phrase = phrase
        return phrase.withUTF8 { needle in
            if needle.isEmpty { return true }
            return bytes.withUnsafeBufferPointer { haystack in
                guard haystack.count >= needle.count, let base = haystack.baseAddress else { return false }
                let first = needle[0], last = haystack.count - needle.count
                var i = 0
                while i <= last {
                    // memchr finds the next candidate first byte; the last byte, then memcmp, check the rest
                    // (most candidates fail on the last byte, without a call).
                    guard let hit = memchr(base + i, Int32(first), last - i + 1) else { return false }
                    let at = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
                    if base[at + needle.count - 1] == needle[needle.count - 1]
                        && memcmp(base + at, needle.baseAddress!, needle.count) == 0
                    {
                        return true
                    }
                    i = at + 1
                }
                return false
            }
        }
    }

    /// Every occurrence of `phrase` replaced by one `byte` (negated phrases by a space, so "not urgent" no longer
    /// says "urgent").
    mutating func replace(_ phrase: String, with byte: UInt8) {
        let needle = Array(phrase.utf8)
        guard !needle.isEmpty, bytes.count >= needle.count else { return }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if i + needle.count <= bytes.count && bytes[i] == needle[0]
                && bytes[i..<i + needle.count].elementsEqual(needle)
            {
                out.append(byte)
                i += needle.count
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        bytes = out
    }

    /// Whether any of `phrases` occurs.
    public func containsAny(_ phrases: [String]) -> Bool { phrases.contains(where: contains) }
}
