import Classification
import Config
import Foundation
import Store

/// Training the classifier on the training data and the deployment's labelled threads, and saving it beside the
/// store: what `classifier train` does, and the service every `[classification] retrain_hours`.
enum ClassifierTraining {
    /// The threads agents corrected and those they confirmed (`Store.correctedThreads`, `confirmedThreads`).
    struct Labelled {
        var corrected: [LabelledThread]
        var confirmed: [LabelledThread]
        var all: [LabelledThread] { corrected + confirmed }
        /// When the newest of them was labelled.
        var newest: Date? { all.compactMap(\.labelledAt).max() }

        static let none = Labelled(corrected: [], confirmed: [])

        static func read(_ store: Store?) throws -> Labelled {
            guard let store else { return .none }
            return Labelled(corrected: try store.correctedThreads(), confirmed: try store.confirmedThreads())
        }
    }

    struct Outcome {
        var folder: String
        var generic: Int
        var corrected: Int
        var confirmed: Int
    }

    /// Why a training failed, with the fix, and the exit status the command ends with.
    struct Failure: Error, CustomStringConvertible {
        var description: String
        var status: Int32
    }

    /// The training examples in `folder` (relative to `workingDirectory`); none is a failure too.
    static func examples(in folder: String, workingDirectory: String) throws -> [TrainingExample] {
        let examples: [TrainingExample]
        do {
            examples = try TrainingExample.load(from: ConfigPaths.absolute(folder, workingDirectory: workingDirectory))
        } catch let error as TrainingDataError {
            throw Failure(description: "\(error)", status: ExitStatus.dataError.rawValue)
        } catch {
            throw Failure(
                description: "cannot read training data in '\(folder)': \(error.localizedDescription) (pass --data DIR "
                    + "or set [classification] training_data)", status: ExitStatus.noInput.rawValue)
        }
        guard !examples.isEmpty else {
            throw Failure(description: "\(folder): no *.jsonl training files", status: ExitStatus.dataError.rawValue)
        }
        return examples
    }

    /// Trains on the examples in `data` (default `[classification] training_data`), adapted to `labelled`, and
    /// saves the model to the configured path, recording `now` as its training time.
    static func train(
        _ configuration: Configuration, data: String? = nil, labelled: Labelled, workingDirectory: String,
        at now: Date
    ) throws -> Outcome {
        let folder = data ?? configuration.gateway.classification.trainingData
        let examples = try Self.examples(in: folder, workingDirectory: workingDirectory)
        var model = MessageClassifier.train(examples, corrections: labelled.all.map(\.example))
        model.trainedAt = now
        model.newestCorrectionAt = labelled.newest
        let path = ConfigPaths.absolute(configuration.classifierModelPath, workingDirectory: workingDirectory)
        do { try model.save(to: path) } catch {
            throw Failure(
                description: "cannot save the model to \(path): \(error.localizedDescription) (check the folder's "
                    + "permissions)", status: ExitStatus.cantCreate.rawValue)
        }
        return Outcome(
            folder: folder, generic: examples.count, corrected: labelled.corrected.count,
            confirmed: labelled.confirmed.count)
    }
}
