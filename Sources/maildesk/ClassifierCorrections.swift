import Classification
import Config
import Foundation
import Store

extension LabelledThread {
    /// The thread as a labelled example (its first customer message, the labels agents settled on).
    var example: TrainingExample {
        TrainingExample(
            id: "thread-\(threadID)", subject: subject, body: text, kind: kind, feedbackType: feedbackType,
            category: category, priority: priority, language: language,
            sentiment: sentiment ?? "neutral", rating: nil, split: "correction")
    }
}

/// `classifier evaluate --corrections`: how the saved model does on the threads agents corrected or confirmed
/// after it was trained — the deployment's own mail, which the model never learned from. Both count:
/// corrections alone are the mail an earlier model got wrong, and would understate it.
enum CorrectionsEvaluation {
    static func run(_ configuration: Configuration) throws {
        let path = ConfigPaths.absolute(
            configuration.classifierModelPath,
            workingDirectory: FileManager.default.currentDirectoryPath)
        guard let model = MessageClassifier.load(from: path) else {
            printError("no saved model at \(path): run `maildesk classifier train` first")
            throw ExitStatus.noInput
        }
        guard let store = try existingStore(configuration) else {
            printError("no store at \(configuration.gateway.store.path): there are no corrections to score")
            throw ExitStatus.noInput
        }
        let all = try ClassifierTraining.Labelled.read(store).all
        // A model saved before it recorded its training time has seen none of them as far as we can tell.
        let later = all.filter { c in model.trainedAt.map { (c.labelledAt ?? .distantPast) > $0 } ?? true }
        let trained = model.trainedAt.map { Timestamp.string($0) } ?? "at an unknown time"
        let newest = model.newestCorrectionAt.map { ", newest \(Timestamp.string($0))" } ?? ""
        print("model trained \(trained) on \(model.examples) examples and \(model.corrections) corrections\(newest)")
        let corrected = later.filter { $0.correctedAt != nil }.count
        print(
            "threads labelled since: \(later.count) of \(all.count) "
                + "(\(corrected) corrected, \(later.count - corrected) confirmed)\n")
        guard !later.isEmpty else {
            print(
                "nothing to score yet: answer or correct threads (`maildesk threads reply`, `threads set`), "
                    + "then run this again")
            return
        }
        let fallback = configuration.gateway.classification.fallbackCategory
        let decided = later.map { ($0, model.classify(subject: $0.subject, body: $0.text, fallbackCategory: fallback)) }
        let fields: [(String, (LabelledThread) -> String, (Classification) -> String)] = [
            ("kind", { $0.kind }, { $0.kind }),
            ("category", { $0.category }, { $0.category }),
            ("priority", { $0.priority }, { $0.priority })
        ]
        for (name, actual, predicted) in fields {
            print(Evaluation(field: name, pairs: decided.map { (actual($0.0), predicted($0.1)) }).report + "\n")
        }
    }
}
