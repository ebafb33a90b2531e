import ArgumentParser
import Classification
import Foundation

extension Classifier {
    /// `classifier curve`: accuracy on a deployment's unseen mail after 0, 25, 50… of its corrections.
    struct Curve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure how accuracy on a labelled deployment set grows with the corrections fed in.",
            discussion: """
                The deployment set (JSONL files like the training data, never the training data itself) is split \
                in two by --seed: a correction pool and a held-out half. For each step N the model is trained on \
                the training data plus the first N pool messages in id order, as agents' corrections, and scored \
                on the held-out half.
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "Folder of *.jsonl training files (default: [classification] training_data).") var data: String?
        @Option(help: ArgumentHelp("Folder of the labelled deployment set's *.jsonl files.", valueName: "dir"))
        var deployment: String
        @Option(help: "How many corrections to feed in at each step, comma-separated.") var steps = "0,25,50,100,200"
        @Option(help: "Chooses the split into correction pool and held-out half.") var seed: UInt64 = 1
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            guard counts != nil else {
                throw ValidationError(
                    "--steps must be whole numbers separated by commas, e.g. 0,25,50,100, got '\(steps)'")
            }
        }

        var counts: [Int]? {
            let parts = steps.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !parts.isEmpty, parts.allSatisfy({ ($0 ?? -1) >= 0 }) else { return nil }
            return parts.compactMap { $0 }
        }

        func run() throws {
            let folder = try data ?? loadConfiguration(global).gateway.classification.trainingData
            let base = try loadTrainingData(folder)
            let labelled = try loadTrainingData(deployment)
            let baseIDs = Set(base.map(\.id))
            guard !labelled.contains(where: { baseIDs.contains($0.id) }) else {
                printError("\(deployment) shares ids with the training data in \(folder): "
                    + "the curve needs mail the model has not seen")
                throw ExitStatus.dataError
            }
            let points = LearningCurve.measure(base: base, deployment: labelled, steps: counts ?? [], seed: seed)
            if json { return try JSONOutput.print(points) }
            let pool = labelled.count / 2
            print("deployment set: \(labelled.count) messages in \(deployment); correction pool \(pool), "
                + "held out \(labelled.count - pool) (seed \(seed)); generic examples: \(base.count) from \(folder)\n")
            print("corrections  category  kind   priority")
            func pct(_ v: Double) -> String { String(format: "%5.1f %%", v * 100) }
            for p in points {
                print(String(p.corrections).leftPadded(11) + "  " + pct(p.category) + "  " + pct(p.kind) + " "
                      + pct(p.priority))
            }
        }
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
