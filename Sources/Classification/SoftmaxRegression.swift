import Foundation

/// Multinomial logistic regression over token presence: each message a sparse, length-normalised vector,
/// trained by AdaGrad with class weights (rare classes such as urgent or feedback count as much as common
/// ones) and L2 decay. Better calibrated than naive Bayes, whose independence assumption makes it sure of
/// everything; that matters because the confidence threshold decides what a person reviews.
public struct SoftmaxRegression: Codable, Sendable {
    public private(set) var labels: [String] = []
    /// Feature names; a token's index in the weight rows.
    var vocabulary: [String] = []
    /// weights[label][feature], as Float to keep the model file small.
    var weights: [[Float]] = []
    var bias: [Float] = []
    private var index: [String: Int] = [:]

    public struct Settings: Sendable {
        public var epochs = 40
        public var learningRate = 0.5
        public var l2 = 1e-5
        public init() {}
    }

    public init() {}

    enum CodingKeys: String, CodingKey { case labels, vocabulary, weights, bias }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        labels = try c.decode([String].self, forKey: .labels)
        vocabulary = try c.decode([String].self, forKey: .vocabulary)
        weights = try c.decode([[Float]].self, forKey: .weights)
        bias = try c.decode([Float].self, forKey: .bias)
        index = Dictionary(vocabulary.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Trains on `(tokens, label)` pairs, each counting once; deterministic (a fixed shuffle seed).
    public static func train(_ examples: [(tokens: [String], label: String)], settings: Settings = Settings())
        -> SoftmaxRegression
    {
        train(weighted: examples.map { ($0.tokens, $0.label, 1) }, settings: settings)
    }

    /// Trains on `(tokens, label, weight)` triples: an example of weight w pulls on the weights as w copies of
    /// it would, in the class balance and in the gradient. Deterministic (a fixed shuffle seed).
    public static func train(
        weighted examples: [(tokens: [String], label: String, weight: Double)],
        settings: Settings = Settings()
    ) -> SoftmaxRegression {
        var model = SoftmaxRegression()
        var counts: [String: Double] = [:]
        for e in examples {
            if counts[e.label] == nil { model.labels.append(e.label) }
            counts[e.label, default: 0] += e.weight
        }
        // Features seen in at least two messages: a token seen once teaches nothing general. Weight counts as
        // messages, so a heavy example (an agent's correction) admits its own words.
        var frequency: [String: Double] = [:]
        for e in examples { for t in Set(e.tokens) { frequency[t, default: 0] += e.weight } }
        model.vocabulary = frequency.filter { $0.value >= 2 }.map(\.key).sorted()
        model.index = Dictionary(model.vocabulary.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let k = model.labels.count, n = model.vocabulary.count
        guard k > 0 else { return model }
        let data = examples.map { e in
            (features: model.features(e.tokens), label: model.labels.firstIndex(of: e.label)!, weight: e.weight)
        }
        let total = counts.values.reduce(0, +)
        let classWeight = model.labels.map { total / (Double(k) * counts[$0]!) }

        // Flat rows (w[c * n + f]) through unsafe buffers: this loop is the whole cost of training.
        var w = [Double](repeating: 0, count: k * n)
        var g2 = [Double](repeating: 1e-8, count: k * n)
        var b = [Double](repeating: 0, count: k), b2 = [Double](repeating: 1e-8, count: k)
        var z = [Double](repeating: 0, count: k)
        var order = Array(data.indices)
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        let rate = settings.learningRate, l2 = settings.l2
        w.withUnsafeMutableBufferPointer { w in
            g2.withUnsafeMutableBufferPointer { g2 in
                for _ in 0..<settings.epochs {
                    for i in stride(from: order.count - 1, to: 0, by: -1) {
                        seed = seed &* 6364136223846793005 &+ 1442695040888963407
                        order.swapAt(i, Int((seed >> 33) % UInt64(i + 1)))
                    }
                    for j in order {
                        let (x, y, weight) = data[j]
                        var top = -Double.infinity
                        for c in 0..<k {
                            var score = b[c]
                            let row = c * n
                            for (f, v) in x { score += w[row + f] * v }
                            z[c] = score
                            top = max(top, score)
                        }
                        var sum = 0.0
                        for c in 0..<k { z[c] = exp(z[c] - top); sum += z[c] }
                        for c in 0..<k {
                            let gradient = (z[c] / sum - (c == y ? 1 : 0)) * classWeight[y] * weight
                            b2[c] += gradient * gradient
                            b[c] -= rate * gradient / b2[c].squareRoot()
                            let row = c * n
                            for (f, v) in x {
                                let g = gradient * v + l2 * w[row + f]
                                g2[row + f] += g * g
                                w[row + f] -= rate * g / g2[row + f].squareRoot()
                            }
                        }
                    }
                }
            }
        }
        model.weights = (0..<k).map { c in w[(c * n)..<((c + 1) * n)].map(Float.init) }
        model.bias = b.map(Float.init)
        return model
    }

    /// The known tokens of a message, each weighted 1/√n (long and short messages count alike).
    func features(_ tokens: [String]) -> [(Int, Double)] {
        Self.features(known: Set(tokens.compactMap { index[$0] }))
    }

    /// The length-normalised vector of these feature indices, in index order.
    static func features(known: some Collection<Int>) -> [(Int, Double)] {
        guard !known.isEmpty else { return [] }
        let v = 1 / Double(known.count).squareRoot()
        return known.sorted().map { ($0, v) }
    }

    /// Every label's probability, in training order; empty before training.
    public func posteriors(_ tokens: [String]) -> [(label: String, probability: Double)] {
        posteriors(x: features(tokens))
    }

    /// The same for the distinct feature indices `known` (looked up by the caller, see `FeatureTable`).
    func posteriors(known: [Int]) -> [(label: String, probability: Double)] {
        posteriors(x: Self.features(known: known))
    }

    private func posteriors(x: [(Int, Double)]) -> [(label: String, probability: Double)] {
        guard !labels.isEmpty else { return [] }
        var z = labels.indices.map { c in Double(bias[c]) + x.reduce(0.0) { $0 + Double(weights[c][$1.0]) * $1.1 } }
        let top = z.max()!
        var sum = 0.0
        for c in z.indices { z[c] = exp(z[c] - top); sum += z[c] }
        return labels.indices.map { (labels[$0], z[$0] / sum) }
    }
}

extension SoftmaxRegression {
    /// This model adapted to a few examples of one deployment (MAP adaptation, Chelba & Acero 2004): training
    /// continues from the current weights on `examples` only (AdaGrad, no class weights: the deployment's own
    /// label mix is information), each weight pulled back toward its current value with strength `pull` instead
    /// of toward zero, so the examples move the weights they need (an accounting tool's "invoice" towards
    /// technical) and leave the rest as they were. Every token of the examples becomes a feature, even one seen
    /// once; a label the model did not know is added. Deterministic (a fixed shuffle seed).
    public func adapted(
        to examples: [(tokens: [String], label: String, weight: Double)], epochs: Int,
        learningRate: Double, pull: Double
    ) -> SoftmaxRegression {
        guard !examples.isEmpty else { return self }
        var model = self
        for e in examples where !model.labels.contains(e.label) {
            model.labels.append(e.label)
            model.weights.append([Float](repeating: 0, count: vocabulary.count))
            model.bias.append(0)
        }
        let known = Set(vocabulary)
        let added = Set(examples.flatMap(\.tokens)).subtracting(known).sorted()
        model.vocabulary = vocabulary + added
        model.index = Dictionary(model.vocabulary.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let k = model.labels.count, n = model.vocabulary.count
        var w0 = [Double](repeating: 0, count: k * n)
        for c in 0..<k { for f in 0..<model.weights[c].count { w0[c * n + f] = Double(model.weights[c][f]) } }
        var w = w0
        var b = model.bias.map(Double.init)
        let b0 = b
        var g2 = [Double](repeating: 1e-8, count: k * n), b2 = [Double](repeating: 1e-8, count: k)
        let data = examples.map { e in
            (features: model.features(e.tokens), label: model.labels.firstIndex(of: e.label)!, weight: e.weight)
        }
        var order = Array(data.indices)
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        var z = [Double](repeating: 0, count: k)
        for _ in 0..<epochs {
            for i in stride(from: order.count - 1, to: 0, by: -1) {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                order.swapAt(i, Int((seed >> 33) % UInt64(i + 1)))
            }
            for j in order {
                let (x, y, weight) = data[j]
                var top = -Double.infinity
                for c in 0..<k {
                    var score = b[c]
                    for (f, v) in x { score += w[c * n + f] * v }
                    z[c] = score
                    top = max(top, score)
                }
                var sum = 0.0
                for c in 0..<k { z[c] = exp(z[c] - top); sum += z[c] }
                for c in 0..<k {
                    let gradient = (z[c] / sum - (c == y ? 1 : 0)) * weight
                    let gb = gradient + pull * (b[c] - b0[c])
                    b2[c] += gb * gb
                    b[c] -= learningRate * gb / b2[c].squareRoot()
                    for (f, v) in x {
                        let i = c * n + f
                        let g = gradient * v + pull * (w[i] - w0[i])
                        g2[i] += g * g
                        w[i] -= learningRate * g / g2[i].squareRoot()
                    }
                }
            }
        }
        model.weights = (0..<k).map { c in w[(c * n)..<((c + 1) * n)].map(Float.init) }
        model.bias = b.map(Float.init)
        return model
    }
}
