import ArgumentParser
import Classification
import Config
import Foundation
import Logging
import MIME
import Pipeline
import Routing
import Store

/// The training examples in `directory`, or the error printed and the command's exit status thrown.
func loadTrainingData(_ directory: String) throws -> [TrainingExample] {
    do {
        return try ClassifierTraining.examples(
            in: directory, workingDirectory: FileManager.default.currentDirectoryPath)
    } catch let failure as ClassifierTraining.Failure {
        printError(failure.description)
        throw ExitCode(failure.status)
    }
}

/// The store, if its database exists (commands that only read it do not create one). A store that exists but
/// cannot be opened (locked past the busy timeout, corrupt, unreadable) is an error, never "no store".
func existingStore(_ configuration: Configuration) throws -> Store? {
    let path = ConfigPaths.absolute(
        configuration.gateway.store.path, workingDirectory: FileManager.default.currentDirectoryPath)
    guard FileManager.default.fileExists(atPath: path) else { return nil }
    do { return try Store(path: path) } catch {
        printError(
            "cannot open the store at '\(configuration.gateway.store.path)': \(error) (check the file's permissions, or whether another process holds it)"
        )
        throw ExitStatus.cantCreate
    }
}

struct Classify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract:
            "Decide a message as the pipeline would: kind, feedback type, category, priority, language, sentiment, rating.",
        discussion: """
            Rules from config/rules.toml apply first, then the model (saved by `classifier train`, else trained on \
            the training data), then the priority signals. Nothing is stored.
            """)
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON.") var json = false
    @Option(
        help: "The mailbox it arrived in (default: the mailbox whose address the message is sent to, else the first).")
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
                printError(
                    "no mailbox named '\(mailbox)' (the mailboxes are \(configuration.mailboxes.map(\.name).joined(separator: ", ")))"
                )
                throw ExitStatus.dataError
            }
            box = named
        } else {
            let recipients = Set((message.to + message.cc).compactMap { $0.address?.lowercased() })
            box =
                configuration.mailboxes.first { recipients.contains($0.address.lowercased()) }
                ?? configuration.mailboxes[0]
        }
        var tags = tag.map { $0.lowercased() }
        if let from = message.from.first?.address, let store = try existingStore(configuration),
            let customer = try store.customerProfile(from)
        {
            tags += customer.tags
        }
        var logger = Logger(label: "maildesk")
        logger.logLevel = .error
        let model = Pipeline.loadModel(
            configuration, workingDirectory: FileManager.default.currentDirectoryPath, logger: logger)
        let decider = ThreadDecider(
            rules: configuration.routing.rules, model: model,
            settings: configuration.gateway.classification)
        let decision = decider.decide(
            ThreadFacts(
                message: message, mailbox: box.name, mailboxKind: box.kind.rawValue,
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
