import ArgumentParser
import Classification
import Config
import Foundation
import Logging
import MIME
import Pipeline
import Routing
import Store

struct Classifier: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train and evaluate the message classifier.", subcommands: [Train.self, Evaluate.self, Curve.self])

    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Rebuild the model from the training data and the threads agents corrected or confirmed; save it beside the store."
        )
        @OptionGroup var global: GlobalOptions
        @Option(help: "Folder of *.jsonl training files (default: [classification] training_data).") var data: String?
        @OptionGroup var clock: ClockOptions

        func run() throws {
            let configuration = try loadConfiguration(global)
            let start = Date()
            do {
                let trained = try ClassifierTraining.train(
                    configuration, data: data, labelled: try .read(try existingStore(configuration)),
                    workingDirectory: FileManager.default.currentDirectoryPath, at: clock.clock())
                print(
                    "trained on \(trained.generic + trained.corrected + trained.confirmed) examples (\(trained.generic) "
                        + "from \(trained.folder), agents' threads: \(trained.corrected) corrected, "
                        + "\(trained.confirmed) confirmed) in \(String(format: "%.2f", Date().timeIntervalSince(start))) s; "
                        + "model saved to \(configuration.classifierModelPath)")
            } catch let failure as ClassifierTraining.Failure {
                printError(failure.description)
                throw ExitCode(failure.status)
            }
        }
    }

    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Train on the train split, then report precision, recall, F1 and confusion on the held-out split.",
            discussion: """
                With --corrections: score the model saved by `classifier train` on the agents' corrections made \
                after it was trained (mail it never learned from, labelled by the people who read it).
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "Folder of *.jsonl training files (default: [classification] training_data).") var data: String?
        @Flag(help: "Score the saved model on corrections made after its training, not the held-out split.")
        var corrections = false

        func run() throws {
            if corrections { return try CorrectionsEvaluation.run(try loadConfiguration(global)) }
            // With --data no configuration is needed; without it, the configured training data and fallback.
            let configuration = data == nil ? try loadConfiguration(global) : nil
            let classification = configuration?.gateway.classification ?? ClassificationSettings()
            let folder = data ?? classification.trainingData
            let examples = try loadTrainingData(folder)
            let model = MessageClassifier.train(examples.filter { $0.split == "train" })
            let test = examples.filter { $0.split == "test" }
            guard !test.isEmpty else {
                printError("no held-out examples (\"split\": \"test\") in \(folder)")
                throw ExitStatus.dataError
            }
            let predictions = test.map {
                (
                    $0,
                    model.classify(
                        subject: $0.subject, body: $0.body, fallbackCategory: classification.fallbackCategory)
                )
            }
            print("held-out examples: \(test.count) (trained on \(model.examples))\n")
            let fields: [(String, (TrainingExample) -> String, (Classification) -> String)] = [
                ("kind", { $0.kind }, { $0.kind }),
                ("category", { $0.category }, { $0.category }),
                ("priority", { $0.priority }, { $0.priority }),
                ("language", { $0.language }, { $0.language }),
                ("sentiment", { $0.sentiment }, { $0.sentiment })
            ]
            for (name, actual, predicted) in fields {
                print(Evaluation(field: name, pairs: predictions.map { (actual($0.0), predicted($0.1)) }).report + "\n")
            }
            // Priority as the pipeline decides it: the model raised by the content signals (no rules, no tags).
            let decider = ThreadDecider(rules: [], model: model, settings: ClassificationSettings())
            let withSignals = test.map { e in
                (
                    e.priority,
                    decider.decide(
                        ThreadFacts(
                            mailbox: "-", mailboxKind: "need", from: "", subject: e.subject,
                            body: e.body)
                    ).priority.value ?? "normal"
                )
            }
            print(Evaluation(field: "priority with signals", pairs: withSignals).report)
        }
    }
}
