import Foundation
import Testing
import TestSupport
@testable import Classification

/// Learning from a deployment's corrections: example weights, adapting the generic model, the curve.
@Suite("corrections")
struct CorrectionTests {
    static let root = Repository.root
    static let trainingData = root.appendingPathComponent("config/training").path
    static let deploymentData = root.appendingPathComponent("Benchmarks/classifier/deployment").path

    static func example(_ id: String, _ subject: String, _ body: String, category: String) -> TrainingExample {
        TrainingExample(
            id: id, subject: subject, body: body, kind: "need", feedbackType: nil, category: category,
            priority: "normal", language: "en", sentiment: "neutral", rating: nil, split: "deployment")
    }

    @Test func aHeavierExampleOutweighsALighterOne() {
        let pairs: [(tokens: [String], label: String, weight: Double)] = [
            (["ledger", "close"], "a", 1), (["ledger", "close"], "b", 4), (["parcel"], "a", 1), (["parcel"], "a", 1)
        ]
        let model = SoftmaxRegression.train(weighted: pairs)
        #expect(model.posteriors(["ledger", "close"]).max { $0.probability < $1.probability }?.label == "b")
        let even = SoftmaxRegression.train(weighted: pairs.map { ($0.tokens, $0.label, 1) })
        let heavy = model.posteriors(["ledger"]).first { $0.label == "b" }!.probability
        #expect(heavy > even.posteriors(["ledger"]).first { $0.label == "b" }!.probability)
    }

    @Test func aWordSeenOnceInAHeavyExampleIsAFeature() {
        let light = SoftmaxRegression.train(weighted: [(["tallybook", "x"], "a", 1), (["x"], "b", 1)])
        let heavy = SoftmaxRegression.train(weighted: [(["tallybook", "x"], "a", 3), (["x"], "b", 1)])
        #expect(!light.vocabulary.contains("tallybook"))
        #expect(heavy.vocabulary.contains("tallybook"))
    }

    @Test func unweightedTrainingIsTheOldTraining() {
        let pairs: [(tokens: [String], label: String)] = [(["a", "b"], "x"), (["b", "c"], "y"), (["a", "c"], "x")]
        let plain = SoftmaxRegression.train(pairs)
        let weighted = SoftmaxRegression.train(weighted: pairs.map { ($0.tokens, $0.label, 1) })
        #expect(plain.weights == weighted.weights && plain.bias == weighted.bias)
    }

    /// An accounting tool's customers write "invoice" about a feature of the product; the generic data says
    /// invoices are billing. A few corrections teach the deployment's meaning to mail they did not contain.
    @Test func correctionsMoveSimilarMail() throws {
        let base = try TrainingExample.load(from: Self.trainingData)
        let corrections = [
            Self.example(
                "c1", "Invoice template shows the wrong logo in Tallybook",
                "The invoice template in Tallybook shows our old logo on every invoice PDF we send.",
                category: "technical"),
            Self.example(
                "c2", "Tallybook invoice numbering jumped",
                "Our invoice numbers in Tallybook went from INV-0412 back to INV-0001 after an edit.",
                category: "technical"),
            Self.example(
                "c3", "Recurring invoice not sent by Tallybook",
                "The recurring invoice I set up in Tallybook did not go out to the client this month.",
                category: "technical")
        ]
        let subject = "Tallybook invoice PDF missing line items"
        let body = "When I send an invoice from Tallybook the invoice PDF the client gets has no line items."
        let before = MessageClassifier.train(base).predict(subject: subject, body: body).category
        let after = MessageClassifier.train(base, corrections: corrections)
            .predict(subject: subject, body: body).category
        #expect(before.label != "technical")
        #expect(after.label == "technical")
        // What the deployment did not correct keeps the generic meaning.
        let charge = MessageClassifier.train(base, corrections: corrections)
            .predict(subject: "Charged twice", body: "My card was charged twice for one order, refund one please.")
        #expect(charge.category.label == "billing")
    }

    @Test func theSplitIsRandomHalvesInARandomOrder() throws {
        let deployment = try TrainingExample.load(from: Self.deploymentData)
        #expect(deployment.count >= 400)
        let (pool, heldOut) = LearningCurve.split(deployment, seed: 1)
        #expect(pool.count == deployment.count / 2 && pool.count + heldOut.count == deployment.count)
        #expect(Set(pool.map(\.id)).isDisjoint(with: heldOut.map(\.id)))
        #expect(pool.map(\.id) != pool.map(\.id).sorted())  // an order agents could meet them in, not id order
        #expect(LearningCurve.split(deployment, seed: 1).pool.map(\.id) == pool.map(\.id))
        let other = LearningCurve.split(deployment, seed: 2).pool
        #expect(Set(other.map(\.id)) != Set(pool.map(\.id)))
        // Both companies are in the pool and in the held-out half.
        #expect(Set(pool.map(LearningCurve.company)) == ["bw", "tb"])
        #expect(Set(heldOut.map(LearningCurve.company)) == ["bw", "tb"])
    }

    @Test func theCurveIsDeterministicAndAveragesItsRuns() throws {
        let generic = MessageClassifier.train(
            try TrainingExample.load(from: Self.trainingData)
                .filter { $0.split == "train" })
        let deployment = Array(try TrainingExample.load(from: Self.deploymentData).prefix(120))
        let a = LearningCurve.measure(generic: generic, deployment: deployment, steps: [0, 30, 100], seeds: [7, 8])
        let b = LearningCurve.measure(generic: generic, deployment: deployment, steps: [0, 30, 100], seeds: [7, 8])
        #expect(a == b)
        #expect(a.map(\.corrections) == [0, 30, 60])  // a step beyond the pool uses the whole pool
        #expect(a.allSatisfy { $0.heldOut == 60 && (0...1).contains($0.category) })
        let seven = LearningCurve.measure(generic: generic, deployment: deployment, steps: [0, 30, 100], seeds: [7])
        let eight = LearningCurve.measure(generic: generic, deployment: deployment, steps: [0, 30, 100], seeds: [8])
        for i in a.indices {
            #expect(abs(a[i].category - (seven[i].category + eight[i].category) / 2) < 1e-9)
            #expect(a[i].categoryMin == min(seven[i].category, eight[i].category))
            #expect(a[i].categoryMax == max(seven[i].category, eight[i].category))
            #expect(abs(a[i].mistakes - (seven[i].mistakes + eight[i].mistakes) / 2) < 1e-9)
        }
        // What agents had to correct: none of nothing, more of more, never more than they labelled.
        #expect(a[0].mistakes == 0)
        #expect(a[1].mistakes > 0 && a[1].mistakes <= 30 && a[2].mistakes >= a[1].mistakes && a[2].mistakes <= 60)
        #expect(a[2] != a[0])  // corrections change the model
    }

    /// A subset (one batch or mailbox) is scored on its own held-out mails, from the same models: its two halves
    /// weigh back to the whole, a subset of everything is the whole, a subset of nothing has no figure.
    @Test func theCurveScoresASubsetOfTheHeldOutMailOnItsOwn() throws {
        let generic = MessageClassifier.train(
            try TrainingExample.load(from: Self.trainingData).filter { $0.split == "train" })
        let deployment = Array(try TrainingExample.load(from: Self.deploymentData).prefix(120))
        func curve(_ subset: ((TrainingExample) -> Bool)?) -> [LearningCurve.Point] {
            LearningCurve.measure(generic: generic, deployment: deployment, steps: [0, 40], seeds: [3], subset: subset)
        }
        let whole = curve(nil), everything = curve { _ in true }, nothing = curve { _ in false }
        let bw = curve { LearningCurve.company($0) == "bw" }, tb = curve { LearningCurve.company($0) == "tb" }
        for i in whole.indices {
            #expect(whole[i].subsetCategory == nil && nothing[i].subsetCategory == nil)
            #expect(everything[i].subsetCategory == whole[i].category && everything[i].subsetHeldOut == 60)
            let (b, t) = (try #require(bw[i].subsetHeldOut), try #require(tb[i].subsetHeldOut))
            #expect(b > 0 && t > 0 && b + t == 60)
            let weighed = (try #require(bw[i].subsetCategory) * b + (try #require(tb[i].subsetCategory)) * t) / 60
            #expect(abs(weighed - whole[i].category) < 1e-9)
            #expect(bw[i].category == whole[i].category)  // the subset only adds a figure
        }
    }

    @Test func theModelFileRecordsWhenItWasTrained() throws {
        var model = MessageClassifier.train([
            Self.example("a", "x", "parcel late", category: "after_sales"),
            Self.example("b", "y", "card charged", category: "billing")
        ])
        model.trainedAt = Date(timeIntervalSince1970: 1_790_000_000)
        model.newestCorrectionAt = Date(timeIntervalSince1970: 1_789_000_000)
        let copy = try JSONDecoder().decode(MessageClassifier.self, from: JSONEncoder().encode(model))
        #expect(copy.trainedAt == model.trainedAt && copy.newestCorrectionAt == model.newestCorrectionAt)
        // A model saved before these keys existed still loads, as one trained without corrections.
        var object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(model)) as? [String: Any])
        for key in ["corrections", "trained_at", "newest_correction_at"] { object[key] = nil }
        let old = try JSONDecoder().decode(MessageClassifier.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(old.trainedAt == nil && old.corrections == 0)
        let a = old.predict(subject: "x", body: "parcel late").category
        let b = model.predict(subject: "x", body: "parcel late").category
        #expect(a.label == b.label && abs(a.probability - b.probability) < 1e-6)
    }
}
