import Glibc

/// A text prepared once (lowercased, or as it is) and searched for many phrases with memchr and memcmp: the
/// priority signals and the rules look for a hundred phrases in every new thread, and String.contains costs
/// far more than the bytes it scans.
public struct SearchText: Sendable {
    public let bytes: [UInt8]

    /// The text lowercased, for phrases written in lower case.
    public init(lowercasing text: String) {
        bytes = Array(text.lowercased().utf8)
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
                    // memchr finds the next candidate first byte; memcmp checks the rest.
                    guard let hit = memchr(base + i, Int32(first), last - i + 1) else { return false }
                    let at = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
                    if memcmp(base + at, needle.baseAddress!, needle.count) == 0 { return true }
                    i = at + 1
                }
                return false
            }
        }
    }

    /// Whether any of `phrases` occurs.
    public func containsAny(_ phrases: [String]) -> Bool { phrases.contains(where: contains) }
}
