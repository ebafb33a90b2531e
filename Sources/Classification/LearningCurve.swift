/// How accuracy on a deployment's unseen mail grows with the corrections its agents make.
///
/// One run splits the labelled deployment set in two, at random by its seed: a correction pool, in a random order
/// (one order agents could meet the mails in), and a held-out half. For each step N the generic model is adapted
/// to the first N pool messages, labelled as agents would label them (correcting those the model got wrong,
/// confirming the rest: `classifier train` learns from both), and scored on the held-out half, which no model
/// ever sees. The curve averages several runs (seeds), so no one lucky split or order decides it.
public enum LearningCurve {
    /// One step of the curve: mean accuracies on the held-out half over the runs, after `corrections`
    /// labelled pool messages (fewer than asked when the pool is smaller), with the lowest and highest category
    /// accuracy of a single run. `mistakes`: how many of those messages, on average, the generic model got a
    /// kind, category or priority wrong, so that agents had to correct them (at most: a model retrained along
    /// the way makes fewer); the others they only confirmed.
    public struct Point: Sendable, Codable, Equatable {
        public var corrections: Int
        public var mistakes: Double
        public var heldOut: Int
        public var category: Double
        public var kind: Double
        public var priority: Double
        public var categoryMin: Double
        public var categoryMax: Double
        /// The category accuracy on the held-out messages of the subset `measure` was given (nil without one, or
        /// when no held-out message is in it), mean over the runs, and how many of them there were per run.
        public var subsetCategory: Double? = nil
        public var subsetHeldOut: Double? = nil
    }

    /// The company of a deployment example: the last part of its id (`dep-0042-tb` → `tb`).
    public static func company(_ example: TrainingExample) -> String {
        example.id.split(separator: "-").last.map(String.init) ?? ""
    }

    /// The correction pool (in the run's random order) and the held-out half of `deployment`.
    public static func split(_ deployment: [TrainingExample], seed: UInt64)
        -> (pool: [TrainingExample], heldOut: [TrainingExample])
    {
        let shuffled = deployment.sorted { (mix($0.id, seed), $0.id) < (mix($1.id, seed), $1.id) }
        let pool = shuffled.prefix(shuffled.count / 2)
            .sorted { (mix($0.id, ~seed), $0.id) < (mix($1.id, ~seed), $1.id) }
        return (Array(pool), Array(shuffled.dropFirst(shuffled.count / 2)))
    }

    /// The curve at each of `steps`, averaged over one run per seed, starting from `generic` (the model trained
    /// on the generic examples alone; training it is most of the cost, so it is trained once). With `subset`, the
    /// held-out messages it picks (one batch or mailbox of the set) are also scored on their own: the pool still
    /// draws on the whole set, as a deployment's agents label whatever arrives.
    public static func measure(
        generic: MessageClassifier, deployment: [TrainingExample], steps: [Int],
        seeds: [UInt64], subset: ((TrainingExample) -> Bool)? = nil
    ) -> [Point] {
        struct Score {
            var category = 0.0, kind = 0.0, priority = 0.0, corrections = 0, mistakes = 0, heldOut = 0
            var subsetRight = 0, subsetHeldOut = 0
        }
        let runs: [[Score]] = seeds.map { seed in
            let (pool, heldOut) = split(deployment, seed: seed)
            let wrong = pool.map { e in
                let c = generic.classify(subject: e.subject, body: e.body)
                return c.kind != e.kind || c.category != e.category || c.priority != e.priority
            }
            return steps.map { step in
                let corrections = Array(pool.prefix(max(0, step)))
                let model = generic.adapted(to: corrections)
                let decided = heldOut.map { ($0, model.classify(subject: $0.subject, body: $0.body)) }
                func accuracy(_ same: (TrainingExample, Classification) -> Bool) -> Double {
                    decided.isEmpty ? 0 : Double(decided.filter(same).count) / Double(decided.count)
                }
                let picked = subset.map { chosen in decided.filter { chosen($0.0) } } ?? []
                return Score(
                    category: accuracy { $0.category == $1.category }, kind: accuracy { $0.kind == $1.kind },
                    priority: accuracy { $0.priority == $1.priority }, corrections: corrections.count,
                    mistakes: wrong.prefix(corrections.count).filter { $0 }.count, heldOut: heldOut.count,
                    subsetRight: picked.filter { $0.0.category == $0.1.category }.count, subsetHeldOut: picked.count)
            }
        }
        return steps.indices.map { i in
            let scores = runs.map { $0[i] }
            func mean(_ value: (Score) -> Double) -> Double {
                scores.isEmpty ? 0 : scores.map(value).reduce(0, +) / Double(scores.count)
            }
            // A run whose held-out half holds none of the subset has no figure for it.
            let subsetScores = scores.filter { $0.subsetHeldOut > 0 }
            return Point(
                corrections: scores.map(\.corrections).min() ?? 0, mistakes: mean { Double($0.mistakes) },
                heldOut: scores.first?.heldOut ?? 0,
                category: mean(\.category), kind: mean(\.kind), priority: mean(\.priority),
                categoryMin: scores.map(\.category).min() ?? 0, categoryMax: scores.map(\.category).max() ?? 0,
                subsetCategory: subsetScores.isEmpty
                    ? nil
                    : subsetScores.map { Double($0.subsetRight) / Double($0.subsetHeldOut) }.reduce(0, +)
                        / Double(subsetScores.count),
                subsetHeldOut: subsetScores.isEmpty ? nil : mean { Double($0.subsetHeldOut) })
        }
    }

    /// The same, training the generic model on `base` first.
    public static func measure(
        base: [TrainingExample], deployment: [TrainingExample], steps: [Int],
        seeds: [UInt64]
    ) -> [Point] {
        measure(generic: MessageClassifier.train(base), deployment: deployment, steps: steps, seeds: seeds)
    }

    /// What adapting to a deployment costs on other mail: category accuracy on the `test` split of the generic
    /// examples, for a model trained on their `train` split and adapted to the first N pool messages of each
    /// run (N = each of `steps`), averaged over the runs.
    public static func genericTestAccuracy(
        base: [TrainingExample], deployment: [TrainingExample], steps: [Int],
        seeds: [UInt64]
    ) -> [(corrections: Int, category: Double)] {
        let generic = MessageClassifier.train(base.filter { $0.split == "train" })
        let test = base.filter { $0.split == "test" }
        return steps.map { step in
            let accuracies = seeds.map { seed in
                let model = generic.adapted(to: Array(split(deployment, seed: seed).pool.prefix(max(0, step))))
                let right = test.filter { model.classify(subject: $0.subject, body: $0.body).category == $0.category }
                return test.isEmpty ? 0 : Double(right.count) / Double(test.count)
            }
            return (
                min(max(0, step), deployment.count / 2),
                accuracies.isEmpty ? 0 : accuracies.reduce(0, +) / Double(accuracies.count)
            )
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
