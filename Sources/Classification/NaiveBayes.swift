import Foundation

/// Multinomial naive Bayes over token counts with Laplace smoothing: trains in one pass, predicts in
/// microseconds, and is small enough to store as JSON.
public struct NaiveBayes: Codable, Sendable {
    public private(set) var labels: [String] = []
    var documents: [String: Int] = [:]
    var tokenTotals: [String: Int] = [:]
    var counts: [String: [String: Int]] = [:]
    var vocabulary: Set<String> = []

    public init() {}

    public mutating func train(_ tokens: [String], label: String) {
        if documents[label] == nil { labels.append(label) }
        documents[label, default: 0] += 1
        // Boolean counts: a word repeated in one message says little more than once.
        for token in Set(tokens) {
            counts[label, default: [:]][token, default: 0] += 1
            tokenTotals[label, default: 0] += 1
            vocabulary.insert(token)
        }
    }

    /// The most probable label and its posterior probability.
    public func predict(_ tokens: [String]) -> (label: String, probability: Double)? {
        posteriors(tokens).max { $0.probability < $1.probability }
    }

    /// The most probable label when each label's posterior is weighted by `prior` (labels it omits keep weight 1).
    public func predict(_ tokens: [String], prior: [String: Double]) -> (label: String, probability: Double)? {
        let weighted = posteriors(tokens).map { ($0.label, $0.probability * (prior[$0.label] ?? 1)) }
        let total = weighted.reduce(0) { $0 + $1.1 }
        guard total > 0, let best = weighted.max(by: { $0.1 < $1.1 }) else { return predict(tokens) }
        return (best.0, best.1 / total)
    }

    /// Every label's posterior probability (summing to 1), in training order; empty before training.
    public func posteriors(_ tokens: [String]) -> [(label: String, probability: Double)] {
        let total = documents.values.reduce(0, +)
        guard total > 0 else { return [] }
        let v = Double(vocabulary.count + 1)
        var scores: [(String, Double)] = []
        for label in labels {
            // Uniform class priors: the training mix (mostly needs, mostly normal) must not drown the rare
            // classes that matter most (feedback, urgent).
            var score = 0.0
            let denominator = Double(tokenTotals[label] ?? 0) + v
            let labelCounts = counts[label] ?? [:]
            for token in Set(tokens) where vocabulary.contains(token) {
                score += log(Double((labelCounts[token] ?? 0) + 1) / denominator)
            }
            scores.append((label, score))
        }
        guard let best = scores.max(by: { $0.1 < $1.1 }) else { return [] }
        let normaliser = scores.reduce(0.0) { $0 + exp($1.1 - best.1) }
        return scores.map { ($0.0, exp($0.1 - best.1) / normaliser) }
    }
}
