import Synchronization

/// Every token any of a classifier's five models knows, with its feature index in each (-1: unknown to that model):
/// a message's tokens are looked up once instead of once per model, and hashing strings is most of what predicting
/// costs.
struct FeatureTable: Sendable {
    /// Per token: the index in kind, feedback type, category, priority and sentiment, in that order.
    let slots: [String: SIMD8<Int32>]

    init(_ models: [SoftmaxRegression]) {
        var slots: [String: SIMD8<Int32>] = [:]
        for (m, model) in models.enumerated() {
            for (feature, token) in model.vocabulary.enumerated() {
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
