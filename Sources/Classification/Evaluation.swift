/// Precision, recall and F1 per class, the confusion matrix and accuracy of one decision on held-out data.
public struct Evaluation: Sendable {
    public var field: String
    public var labels: [String]
    /// confusion[actual][predicted]
    public var confusion: [String: [String: Int]] = [:]
    public var total = 0
    public var correct = 0

    public init(field: String, pairs: [(actual: String, predicted: String)]) {
        self.field = field
        labels = Array(Set(pairs.flatMap { [$0.actual, $0.predicted] })).sorted()
        for (actual, predicted) in pairs {
            confusion[actual, default: [:]][predicted, default: 0] += 1
            total += 1
            if actual == predicted { correct += 1 }
        }
    }

    public var accuracy: Double { total == 0 ? 0 : Double(correct) / Double(total) }

    public func scores(_ label: String) -> (precision: Double, recall: Double, f1: Double, support: Int) {
        let tp = confusion[label]?[label] ?? 0
        let predicted = confusion.values.reduce(0) { $0 + ($1[label] ?? 0) }
        let actual = confusion[label]?.values.reduce(0, +) ?? 0
        let p = predicted == 0 ? 0 : Double(tp) / Double(predicted)
        let r = actual == 0 ? 0 : Double(tp) / Double(actual)
        return (p, r, p + r == 0 ? 0 : 2 * p * r / (p + r), actual)
    }

    /// A plain-text report: per-class scores, the confusion matrix, accuracy.
    public var report: String {
        func pct(_ v: Double) -> String { String(Int((v * 1000).rounded())).leftPad(4) }
        var lines = [
            "\(field): accuracy \(String(format: "%.3f", accuracy)) (\(correct)/\(total))",
            "  " + "class".padding(toLength: 12, withPad: " ", startingAt: 0) + "  prec‰ rec‰  F1‰ support"
        ]
        for label in labels {
            let s = scores(label)
            lines.append(
                "  " + label.padding(toLength: 12, withPad: " ", startingAt: 0)
                    + "  \(pct(s.precision))  \(pct(s.recall)) \(pct(s.f1)) \(String(s.support).leftPad(7))")
        }
        lines.append("  confusion (rows actual, columns predicted): " + labels.joined(separator: " | "))
        for actual in labels {
            lines.append(
                "  " + actual.padding(toLength: 12, withPad: " ", startingAt: 0) + " "
                    + labels.map { String(confusion[actual]?[$0] ?? 0).leftPad(5) }.joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func leftPad(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}

import Foundation
