import Synchronization

/// Every token any of a classifier's five models knows, with its feature index in each (-1: unknown to that model):
/// a message's tokens are looked up once instead of once per model. Tokens are keyed by a 64-bit hash of their
/// UTF-8 bytes: hashing a Swift String normalises it first, which for Chinese text cost more than the model.
struct FeatureTable: Sendable {
    /// Per token key: the index in kind, feedback type, category, priority and sentiment, in that order.
    let slots: [UInt64: SIMD8<Int32>]

    /// FNV-1a over the token's UTF-8 bytes (two tokens of one message or vocabulary sharing a key: about one
    /// chance in 10^11).
    static func key(_ token: String) -> UInt64 {
        var token = token
        return token.withUTF8 { hash($0) }
    }

    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325

    /// FNV-1a of `bytes`, continuing from `hash`.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ hash: UInt64 = offsetBasis) -> UInt64 {
        var hash = hash
        for byte in bytes { hash = Self.hash(byte: byte, hash) }
        return hash
    }

    /// One FNV-1a step: `byte` into `hash`.
    @inline(__always)
    static func hash(byte: UInt8, _ hash: UInt64) -> UInt64 { (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }

    init(_ models: [SoftmaxRegression]) {
        var slots: [UInt64: SIMD8<Int32>] = [:]
        for (m, model) in models.enumerated() {
            for (feature, token) in model.vocabulary.enumerated() {
                let token = Self.key(token)
                var slot = slots[token] ?? SIMD8(repeating: -1)
                if slot[m] < 0 {
                    slot[m] = Int32(feature)
                    slots[token] = slot
                }
            }
        }
        self.slots = slots
    }
}

/// A `FeatureTable` built on first use and shared by copies of one classifier; replaced (empty) whenever a model
/// changes, so a table never describes other models than its classifier's.
final class FeatureTableCache: Sendable {
    private let table = Mutex<FeatureTable?>(nil)

    func table(_ build: () -> FeatureTable) -> FeatureTable {
        if let built = table.withLock({ $0 }) { return built }
        let built = build()
        table.withLock { $0 = built }
        return built
    }
}
