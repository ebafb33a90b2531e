import ArgumentParser
import Classification
import Config
import Foundation
import MIME

/// Where the trained model lives: beside the store (`var/classifier.json` by default).
func classifierModelPath(_ global: GlobalOptions) -> String {
    let cwd = FileManager.default.currentDirectoryPath
    let store = (try? ConfigLoader.load(configPath: global.config, workingDirectory: cwd))?.gateway.store.path
        ?? StoreSettings.defaultPath
    return URL(fileURLWithPath: ConfigPaths.absolute(store, workingDirectory: cwd)).deletingLastPathComponent()
        .appendingPathComponent("classifier.json").path
}

let defaultTrainingData = "config/training"

func loadTrainingData(_ directory: String) throws -> [TrainingExample] {
    do {
        let examples = try TrainingExample.load(from: directory)
        if examples.isEmpty { throw TrainingDataError(description: "\(directory): no *.jsonl training files") }
        return examples
    } catch let error as TrainingDataError {
        printError("\(error)")
        throw ExitStatus.dataError
    } catch {
        printError("cannot read training data in '\(directory)': \(error.localizedDescription) (pass --data DIR)")
        throw ExitStatus.noInput
    }
}

struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Classify a message: kind, feedback type, category, priority, language, sentiment, rating.")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON.") var json = false
    @Argument(help: ArgumentHelp("A message file, or '-' for standard input.", valueName: "file")) var file: String

    func run() throws {
        let bytes: [UInt8]
        do { bytes = try InputFile.read(file) } catch { printError(error.description); throw ExitStatus.noInput }
        let message: Message
        do { message = try MessageParser.parse(bytes) } catch {
            printError("'\(file)' is not a mail message: \(error.reason)")
            throw ExitStatus.dataError
        }
        let path = classifierModelPath(global)
        let model: MessageClassifier
        if let data = FileManager.default.contents(atPath: path), let stored = try? JSONDecoder().decode(MessageClassifier.self, from: data) {
            model = stored
        } else {
            model = MessageClassifier.train(try loadTrainingData(defaultTrainingData))
        }
        let result = model.classify(subject: message.subject ?? "", body: message.text)
        if json { return try JSONOutput.print(result) }
        print("kind: \(result.kind)\(result.feedbackType.map { " (\($0))" } ?? "")")
        print("category: \(result.category)")
        print("priority: \(result.priority)")
        print("language: \(result.language)")
        print("sentiment: \(result.sentiment)")
        if let rating = result.rating { print("rating: \(rating)") }
        print("confidence: \(String(format: "%.2f", result.confidence)) (\(result.decidedBy))")
    }
}

struct Classifier: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train and evaluate the message classifier.", subcommands: [Train.self, Evaluate.self])

    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rebuild the model from every training example and save it beside the store.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Folder of *.jsonl training files.") var data = defaultTrainingData

        func run() throws {
            let examples = try loadTrainingData(data)
            let start = Date()
            let model = MessageClassifier.train(examples)
            let path = classifierModelPath(global)
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try JSONEncoder().encode(model).write(to: URL(fileURLWithPath: path))
            print("trained on \(examples.count) examples in \(String(format: "%.2f", Date().timeIntervalSince(start))) s; model saved to \(path)")
        }
    }

    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train on the train split, then report precision, recall, F1 and confusion on the held-out split.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Folder of *.jsonl training files.") var data = defaultTrainingData

        func run() throws {
            let examples = try loadTrainingData(data)
            let model = MessageClassifier.train(examples.filter { $0.split == "train" })
            let test = examples.filter { $0.split == "test" }
            guard !test.isEmpty else {
                printError("no held-out examples (\"split\": \"test\") in \(data)")
                throw ExitStatus.dataError
            }
            let predictions = test.map { ($0, model.classify(subject: $0.subject, body: $0.body)) }
            print("held-out examples: \(test.count) (trained on \(model.examples))\n")
            let fields: [(String, (TrainingExample) -> String, (Classification) -> String)] = [
                ("kind", { $0.kind }, { $0.kind }),
                ("category", { $0.category }, { $0.category }),
                ("priority", { $0.priority }, { $0.priority }),
                ("language", { $0.language }, { $0.language }),
                ("sentiment", { $0.sentiment }, { $0.sentiment }),
            ]
            for (name, actual, predicted) in fields {
                print(Evaluation(field: name, pairs: predictions.map { (actual($0.0), predicted($0.1)) }).report + "\n")
            }
        }
    }
}
