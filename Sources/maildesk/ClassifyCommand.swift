import ArgumentParser
import Classification
import Config
import Foundation
import Logging
import MIME
import Pipeline
import Routing
import Store

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

/// The store, if its database exists (commands that only read it do not create one).
func existingStore(_ configuration: Configuration) -> Store? {
    let path = ConfigPaths.absolute(configuration.gateway.store.path, workingDirectory: FileManager.default.currentDirectoryPath)
    guard FileManager.default.fileExists(atPath: path) else { return nil }
    return try? Store(path: path)
}

struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decide a message as the pipeline would: kind, feedback type, category, priority, language, sentiment, rating.",
        discussion: """
            Rules from config/rules.toml apply first, then the model (saved by `classifier train`, else trained on \
            the training data), then the priority signals. Nothing is stored.
            """)
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON.") var json = false
    @Option(help: "The mailbox it arrived in (default: the mailbox whose address the message is sent to, else the first).")
    var mailbox: String?
    @Option(help: "A customer tag to assume (repeatable); the store's tags of the sender are added.")
    var tag: [String] = []
    @Argument(help: ArgumentHelp("A message file, or '-' for standard input.", valueName: "file")) var file: String

    func run() throws {
        let configuration = try loadConfiguration(global)
        let bytes: [UInt8]
        do { bytes = try InputFile.read(file) } catch { printError(error.description); throw ExitStatus.noInput }
        let message: Message
        do { message = try MessageParser.parse(bytes) } catch {
            printError("'\(file)' is not a mail message: \(error.reason)")
            throw ExitStatus.dataError
        }
        let box: MailboxDefinition
        if let mailbox {
            guard let named = configuration.mailbox(named: mailbox) else {
                printError("no mailbox named '\(mailbox)' (the mailboxes are \(configuration.mailboxes.map(\.name).joined(separator: ", ")))")
                throw ExitStatus.dataError
            }
            box = named
        } else {
            let recipients = Set((message.to + message.cc).compactMap { $0.address?.lowercased() })
            box = configuration.mailboxes.first { recipients.contains($0.address.lowercased()) } ?? configuration.mailboxes[0]
        }
        var tags = tag.map { $0.lowercased() }
        if let from = message.from.first?.address, let store = existingStore(configuration),
            let customer = try? store.customers(tag: nil, limit: 0).first(where: { $0.address == from.lowercased() }) {
            tags += customer.tags
        }
        var logger = Logger(label: "maildesk")
        logger.logLevel = .error
        let model = Pipeline.loadModel(configuration, workingDirectory: FileManager.default.currentDirectoryPath, logger: logger)
        let decider = ThreadDecider(rules: configuration.routing.rules, model: model,
                                    settings: configuration.gateway.classification)
        let decision = decider.decide(ThreadFacts(message: message, mailbox: box.name, mailboxKind: box.kind.rawValue,
                                                  customerTags: tags))
        if json { return try JSONOutput.print(decision) }
        func line(_ name: String, _ field: FieldDecision) {
            let sure = field.confidence.map { String(format: " %.2f", $0) } ?? ""
            print("\(name): \(field.value ?? "-")  (\(field.decidedBy)\(sure))")
        }
        print("mailbox: \(box.name) (default kind \(box.kind.rawValue))")
        line("kind", decision.kind)
        if decision.kind.value == "feedback" { line("feedback type", decision.feedbackType) }
        line("category", decision.category)
        line("priority", decision.priority)
        line("language", decision.language)
        line("sentiment", decision.sentiment)
        if let rating = decision.rating { print("rating: \(rating)") }
        print("confidence: \(String(format: "%.2f", decision.confidence)) (\(decision.decidedBy))")
        if !decision.rulesMatched.isEmpty { print("rules: \(decision.rulesMatched.joined(separator: ", "))") }
        if let assign = decision.assign { print("assign: \(assign.agent) (\(assign.by))") }
        if !decision.tagCustomer.isEmpty { print("tag customer: \(decision.tagCustomer.joined(separator: ", "))") }
        for reason in decision.review { print("review: \(reason)") }
    }
}

struct Classifier: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train and evaluate the message classifier.", subcommands: [Train.self, Evaluate.self, Curve.self])

    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rebuild the model from the training data and every agent correction in the store; save it beside the store.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Folder of *.jsonl training files (default: [classification] training_data).") var data: String?

        func run() throws {
            let configuration = try loadConfiguration(global)
            let folder = data ?? configuration.gateway.classification.trainingData
            let examples = try loadTrainingData(folder)
            // Agents' corrections are the deployment's own mail: the generic model is adapted to them.
            // The model counts as trained when they were read: `evaluate --corrections` scores later ones.
            let start = Date()
            let corrections = try existingStore(configuration)?.correctedThreads() ?? []
            var model = MessageClassifier.train(examples, corrections: corrections.map(\.example))
            model.trainedAt = start
            model.newestCorrectionAt = corrections.compactMap(\.correctedAt).max()
            let path = ConfigPaths.absolute(configuration.classifierModelPath, workingDirectory: FileManager.default.currentDirectoryPath)
            do { try model.save(to: path) } catch {
                printError("cannot save the model to \(path): \(error.localizedDescription) (check the folder's permissions)")
                throw ExitStatus.cantCreate
            }
            print("trained on \(examples.count + corrections.count) examples (\(examples.count) from \(folder), "
                + "\(corrections.count) agent corrections) in \(String(format: "%.2f", Date().timeIntervalSince(start))) s; "
                + "model saved to \(configuration.classifierModelPath)")
        }
    }

    struct Evaluate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train on the train split, then report precision, recall, F1 and confusion on the held-out split.",
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
            let folder = try data ?? loadConfiguration(global).gateway.classification.trainingData
            let examples = try loadTrainingData(folder)
            let model = MessageClassifier.train(examples.filter { $0.split == "train" })
            let test = examples.filter { $0.split == "test" }
            guard !test.isEmpty else {
                printError("no held-out examples (\"split\": \"test\") in \(folder)")
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
            // Priority as the pipeline decides it: the model raised by the content signals (no rules, no tags).
            let decider = ThreadDecider(rules: [], model: model, settings: ClassificationSettings())
            let withSignals = test.map { e in
                (e.priority, decider.decide(ThreadFacts(mailbox: "-", mailboxKind: "need", from: "", subject: e.subject,
                                                        body: e.body)).priority.value ?? "normal")
            }
            print(Evaluation(field: "priority with signals", pairs: withSignals).report)
        }
    }
}
