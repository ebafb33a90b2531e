import Foundation
import Testing
@testable import Classification

/// Adapting the generic model to a deployment's corrections (MAP adaptation): the corrected meaning wins on
/// similar mail, the rest keeps the generic meaning.
@Suite("adaptation")
struct AdaptationTests {
    /// Generic data where invoices are billing questions and crashes are technical ones.
    static let generic: [(tokens: [String], label: String, weight: Double)] = {
        var pairs: [(tokens: [String], label: String, weight: Double)] = []
        for i in 0..<20 {
            pairs.append((["invoice", "copy", "order\(i % 5)"], "billing", 1))
            pairs.append((["charged", "twice", "card", "order\(i % 5)"], "billing", 1))
            pairs.append((["app", "crash", "error", "login\(i % 5)"], "technical", 1))
            pairs.append((["parcel", "late", "delivery\(i % 5)"], "after_sales", 1))
        }
        return pairs
    }()

    static func top(_ model: SoftmaxRegression, _ tokens: [String]) -> String? {
        model.posteriors(tokens).max { $0.probability < $1.probability }?.label
    }

    @Test func correctionsOverrideAGenericMeaningAndKeepTheRest() {
        let model = SoftmaxRegression.train(weighted: Self.generic)
        #expect(Self.top(model, ["invoice", "template"]) == "billing")
        let corrections: [(tokens: [String], label: String, weight: Double)] = [
            (["invoice", "template", "logo"], "technical", 1), (["invoice", "numbering", "template"], "technical", 1),
            (["recurring", "invoice", "template"], "technical", 1)
        ]
        let adapted = model.adapted(to: corrections, epochs: 10, learningRate: 0.5, pull: 1e-3)
        #expect(Self.top(adapted, ["invoice", "template", "pdf"]) == "technical")
        #expect(Self.top(adapted, ["charged", "twice", "card"]) == "billing")
        #expect(Self.top(adapted, ["parcel", "late"]) == "after_sales")
        // A strong pull toward the generic weights leaves the generic meaning in place.
        let held = model.adapted(to: corrections, epochs: 10, learningRate: 0.5, pull: 100)
        #expect(Self.top(held, ["invoice", "template", "pdf"]) == "billing")
    }

    @Test func aLabelTheGenericModelDidNotKnowIsLearned() {
        let model = SoftmaxRegression.train(weighted: Self.generic)
        let corrections: [(tokens: [String], label: String, weight: Double)] = [
            (["supplier", "catalogue", "offer"], "vendor", 1), (["supplier", "wholesale", "offer"], "vendor", 1)
        ]
        let adapted = model.adapted(to: corrections, epochs: 10, learningRate: 0.5, pull: 1e-3)
        #expect(adapted.labels.contains("vendor"))
        #expect(Self.top(adapted, ["supplier", "offer"]) == "vendor")
        #expect(Self.top(adapted, ["app", "crash"]) == "technical")
    }

    @Test func noCorrectionsIsTheGenericModel() {
        let model = SoftmaxRegression.train(weighted: Self.generic)
        let same = model.adapted(to: [], epochs: 10, learningRate: 0.5, pull: 1e-3)
        #expect(same.weights == model.weights && same.bias == model.bias && same.vocabulary == model.vocabulary)
        let examples = [
            CorrectionTests.example("a", "x", "parcel late", category: "after_sales"),
            CorrectionTests.example("b", "y", "card charged", category: "billing")
        ]
        let a = MessageClassifier.train(examples), b = MessageClassifier.train(examples, corrections: [])
        #expect(a.category.weights == b.category.weights && b.corrections == 0)
    }

    /// The deployment benchmark's accounting tool: its customers write "invoice" about a feature of the product
    /// (technical), except when it is the invoice for their own subscription (billing). Agents correct the
    /// first such mails; later ones, never seen, follow: in the same batch, and in the second batch, written by
    /// other people who never saw the first.
    @Test func correctedInvoiceMailTeachesLaterInvoiceMail() throws {
        let base = try TrainingExample.load(from: CorrectionTests.trainingData)
        let deployment = try TrainingExample.load(from: CorrectionTests.deploymentData)
        let invoiceMail = deployment.filter {
            $0.id.hasSuffix("-tb") && $0.language == "en"
                && ($0.subject + " " + $0.body).lowercased().contains("invoice")
                && ["technical", "billing"].contains($0.category)
        }.sorted { $0.id < $1.id }
        let secondBatch = "dep-0401"  // its first id
        let corrections = invoiceMail.filter { $0.id < "dep-0200" }
        let later = invoiceMail.filter { $0.id >= "dep-0200" && $0.id < secondBatch }
        let otherWriters = invoiceMail.filter { $0.id >= secondBatch }
        #expect(corrections.count >= 10 && later.count >= 10 && otherWriters.count >= 30)
        let generic = MessageClassifier.train(base)
        let adapted = generic.adapted(to: corrections)
        func right(_ model: MessageClassifier, _ mail: [TrainingExample]) -> Int {
            mail.filter { model.predict(subject: $0.subject, body: $0.body).category.label == $0.category }.count
        }
        let before = right(generic, later), after = right(adapted, later)
        #expect(before <= later.count / 2, "generic model: \(before) of \(later.count)")
        #expect(after >= later.count - 2, "adapted: \(after) of \(later.count) (generic \(before))")
        let (otherBefore, otherAfter) = (right(generic, otherWriters), right(adapted, otherWriters))
        #expect(
            otherAfter - otherBefore >= otherWriters.count / 5,
            "other writers: adapted \(otherAfter) of \(otherWriters.count), generic \(otherBefore)")
        // Mail of another kind keeps its generic meaning.
        #expect(
            adapted.predict(
                subject: "Parcel never arrived",
                body: "The tracking says delivered but no parcel came. Can you resend?"
            )
            .category.label == "after_sales")
    }
}
