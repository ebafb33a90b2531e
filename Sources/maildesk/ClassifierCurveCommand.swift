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
                at random in two, once per run: a correction pool, in a random order, and a held-out half. For \
                each step N the model trained on the training data is adapted to the first N pool messages, \
                labelled as agents label threads (`corrected`: how many of them the model got wrong, so that \
                agents corrected them; the rest they confirmed), and scored on the held-out half; the figures are \
                means over the runs. The \
                curve is measured on the whole set (the companies' mail mixed in one pool) and on each company \
                alone (ids end in -<company>), whose pool is its own half. --subset also scores the held-out \
                mails whose id matches a regular expression on their own (one batch or mailbox of the set; the \
                pool still draws on all of it). --generic adds the category accuracy \
                on the training data's test split of a model trained on its train split and adapted as well.
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "Folder of *.jsonl training files (default: [classification] training_data).") var data: String?
        @Option(help: ArgumentHelp("Folder of the labelled deployment set's *.jsonl files.", valueName: "dir"))
        var deployment: String
        @Option(help: "How many corrections to feed in at each step, comma-separated.") var steps = "0,25,50,100,200"
        @Option(help: "The first run's seed; run i uses seed + i.") var seed: UInt64 = 1
        @Option(help: "How many random splits and orders to average.") var runs = 5
        @Option(
            help: ArgumentHelp(
                "Also score the held-out mails whose id matches this regular expression on their own.",
                valueName: "regex"))
        var subset: String?
        @Flag(help: "Also report accuracy on the training data's test split after adapting (what it costs elsewhere).")
        var generic = false
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            guard counts != nil else {
                throw ValidationError(
                    "--steps must be whole numbers separated by commas, e.g. 0,25,50,100, got '\(steps)'")
            }
            guard runs >= 1 else { throw ValidationError("--runs must be at least 1, got \(runs)") }
            if let subset, (try? NSRegularExpression(pattern: subset)) == nil {
                throw ValidationError("--subset must be a regular expression, e.g. '^dep-0[0-3]', got '\(subset)'")
            }
        }

        /// Whether a mail's id matches --subset (nil without it); compiles the expression on each call.
        var inSubset: ((TrainingExample) -> Bool)? {
            guard let subset, let pattern = try? NSRegularExpression(pattern: subset) else { return nil }
            return { e in
                pattern.firstMatch(in: e.id, range: NSRange(e.id.startIndex..., in: e.id)) != nil
            }
        }

        var counts: [Int]? {
            let parts = steps.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !parts.isEmpty, parts.allSatisfy({ ($0 ?? -1) >= 0 }) else { return nil }
            return parts.compactMap { $0 }
        }

        struct Scope: Encodable {
            var scope: String
            var messages: Int
            var points: [LearningCurve.Point]
        }

        struct Report: Encodable {
            var seeds: [UInt64]
            var scopes: [Scope]
            var genericTest: [[String: Double]]?
            enum CodingKeys: String, CodingKey { case seeds, scopes, genericTest = "generic_test" }
        }

        func run() throws {
            let folder = try data ?? loadConfiguration(global).gateway.classification.trainingData
            let base = try loadTrainingData(folder)
            let labelled = try loadTrainingData(deployment)
            let baseIDs = Set(base.map(\.id))
            guard !labelled.contains(where: { baseIDs.contains($0.id) }) else {
                printError(
                    "\(deployment) shares ids with the training data in \(folder): "
                        + "the curve needs mail the model has not seen")
                throw ExitStatus.dataError
            }
            let chosen = inSubset
            if let subset, let chosen, !labelled.contains(where: chosen) {
                printError(
                    "--subset '\(subset)' matches none of the \(labelled.count) mail ids in \(deployment) "
                        + "(they look like '\(labelled.first?.id ?? "dep-0001-bw")'): give a regular expression "
                        + "that matches some of them")
                throw ExitStatus.dataError
            }
            let seeds = (0..<UInt64(runs)).map { seed &+ $0 }
            let steps = counts ?? []
            let model = MessageClassifier.train(base)
            let companies = Dictionary(grouping: labelled, by: LearningCurve.company)
            let groups = [("all", labelled)] + companies.keys.sorted().map { ($0, companies[$0]!) }
            let scopes = groups.map { name, examples in
                Scope(
                    scope: name, messages: examples.count,
                    points: LearningCurve.measure(
                        generic: model, deployment: examples, steps: steps, seeds: seeds, subset: chosen))
            }
            let genericTest =
                generic
                ? LearningCurve.genericTestAccuracy(base: base, deployment: labelled, steps: steps, seeds: seeds)
                : nil
            if json {
                return try JSONOutput.print(
                    Report(
                        seeds: seeds, scopes: scopes,
                        genericTest: genericTest?.map {
                            ["corrections": Double($0.corrections), "category": $0.category]
                        }))
            }
            print(
                "deployment set: \(labelled.count) messages in \(deployment); generic examples: \(base.count) "
                    + "from \(folder); means over \(runs) random splits and orders (seeds \(seeds.first!)–\(seeds.last!))"
            )
            func pct(_ v: Double) -> String { String(format: "%5.1f %%", v * 100) }
            for scope in scopes {
                let pool = scope.messages / 2
                print(
                    "\n\(scope.scope == "all" ? "all companies, one pool" : "company \(scope.scope)"): "
                        + "\(scope.messages) messages, correction pool \(pool), held out \(scope.messages - pool)")
                print(
                    "labelled  corrected  category (min–max)      kind   priority"
                        + (subset == nil ? "" : "   subset (held out)"))
                // A step beyond a small pool repeats the previous one: print it once.
                for (i, p) in scope.points.enumerated()
                where i == 0 || p.corrections != scope.points[i - 1].corrections {
                    print(
                        String(p.corrections).leftPadded(8) + String(format: "%11.1f", p.mistakes) + "  "
                            + pct(p.category) + " ("
                            + pct(p.categoryMin) + "–" + pct(p.categoryMax) + ")  " + pct(p.kind) + " "
                            + pct(p.priority) + subsetColumn(p))
                }
            }
            if let genericTest {
                print(
                    "\ntraining data's test split, model trained on its train split and adapted to the pool "
                        + "of all companies:")
                print("corrections  category")
                for (n, category) in genericTest { print(String(n).leftPadded(11) + "  " + pct(category)) }
            }
        }
    }
}

extension Classifier.Curve {
    /// The --subset column of one step: its accuracy and how many held-out mails it had, or `-` for none.
    fileprivate func subsetColumn(_ p: LearningCurve.Point) -> String {
        guard subset != nil else { return "" }
        guard let accuracy = p.subsetCategory, let count = p.subsetHeldOut else { return "   -" }
        return String(format: "   %5.1f %% (%.0f)", accuracy * 100, count)
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
