import ArgumentParser
import Classification
import Config
import Foundation
import Routing

struct BenchClassifier: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classifier",
        abstract: "Train on N examples (the training data repeated) and decide every held-out message; print figures.",
        discussion:
            "Prints: examples=N train_seconds=S predictions=P predict_us=U decide_us=D (decide: rules, model and signals)."
    )
    @OptionGroup var global: GlobalOptions
    @Option(help: "How many training examples (the training data is cycled to reach it).") var examples = 10_000

    func run() throws {
        let configuration = try loadConfiguration(global)
        let data = try loadTrainingData(configuration.gateway.classification.trainingData)
        let many = (0..<examples).map { data[$0 % data.count] }
        var start = DispatchTime.now().uptimeNanoseconds
        let model = MessageClassifier.train(many)
        let trainSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let rounds = 20
        var checksum = 0
        start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<rounds {
            for e in data { checksum &+= model.predict(subject: e.subject, body: e.body).category.label.count }
        }
        let predictMicros = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3 / Double(rounds * data.count)
        let decider = ThreadDecider(
            rules: configuration.routing.rules, model: model,
            settings: configuration.gateway.classification)
        start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<rounds {
            for e in data {
                let facts = ThreadFacts(
                    mailbox: configuration.mailboxes[0].name, mailboxKind: "need", from: "a@example.com",
                    subject: e.subject, body: e.body)
                checksum &+= decider.decide(facts).priority.value?.count ?? 0
            }
        }
        let decideMicros = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3 / Double(rounds * data.count)
        print(
            String(
                format: "examples=%d train_seconds=%.2f predictions=%d predict_us=%.1f decide_us=%.1f checksum=%d",
                examples, trainSeconds, rounds * data.count, predictMicros, decideMicros, checksum))
    }
}
