/// How accuracy on a deployment's unseen mail grows with the corrections its agents make.
///
/// The labelled deployment set is split in two, deterministically by `seed`: a correction pool and a held-out
/// half. For each step N the model is trained on the generic examples plus the first N pool messages, in id
/// order (the order agents meet them), as corrections, and scored on the held-out half. The held-out half is
/// never trained on.
public enum LearningCurve {
    /// One step of the curve: accuracies on the held-out half after `corrections` corrections.
    public struct Point: Sendable, Codable, Equatable {
        public var corrections: Int
        public var heldOut: Int
        public var category: Double
        public var kind: Double
        public var priority: Double
    }

    /// The correction pool (in id order) and the held-out half of `deployment`.
    public static func split(_ deployment: [TrainingExample], seed: UInt64)
        -> (pool: [TrainingExample], heldOut: [TrainingExample])
    {
        let shuffled = deployment.sorted { (mix($0.id, seed), $0.id) < (mix($1.id, seed), $1.id) }
        let pool = shuffled.prefix(shuffled.count / 2).sorted { $0.id < $1.id }
        return (Array(pool), Array(shuffled.dropFirst(shuffled.count / 2)))
    }

    /// The curve at each of `steps` (a step beyond the pool's size uses the whole pool).
    public static func measure(base: [TrainingExample], deployment: [TrainingExample], steps: [Int],
                               seed: UInt64 = 1,
                               correctionWeight: Double = MessageClassifier.correctionWeight) -> [Point] {
        let (pool, heldOut) = split(deployment, seed: seed)
        return steps.map { step in
            let corrections = Array(pool.prefix(max(0, step)))
            let model = MessageClassifier.train(base, corrections: corrections, correctionWeight: correctionWeight)
            let decided = heldOut.map { ($0, model.classify(subject: $0.subject, body: $0.body)) }
            func accuracy(_ same: (TrainingExample, Classification) -> Bool) -> Double {
                decided.isEmpty ? 0 : Double(decided.filter(same).count) / Double(decided.count)
            }
            return Point(corrections: corrections.count, heldOut: heldOut.count,
                         category: accuracy { $0.category == $1.category }, kind: accuracy { $0.kind == $1.kind },
                         priority: accuracy { $0.priority == $1.priority })
        }
    }

    /// A stable 64-bit hash of an id and the seed (FNV-1a, then a final mix): the same on every platform and
    /// run, unlike `Hasher`.
    static func mix(_ id: String, _ seed: UInt64) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ seed
        for byte in id.utf8 { h = (h ^ UInt64(byte)) &* 0x100_0000_01B3 }
        h ^= h >> 33
        h = h &* 0xFF51_AFD7_ED55_8CCD
        return h ^ (h >> 33)
    }
}
