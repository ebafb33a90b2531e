import Foundation
import Testing
@testable import Classification

/// Support words that name one thing in English, Simplified and Traditional Chinese share a concept feature of
/// the category model: a correction in one language teaches the others.
@Suite("support concepts")
struct SupportConceptsTests {
    static func example(_ subject: String, _ body: String, _ category: String, language: String = "en")
        -> TrainingExample
    {
        TrainingExample(
            id: "t-" + subject, subject: subject, body: body, kind: "need", feedbackType: nil,
            category: category, priority: "normal", language: language, sentiment: "neutral", rating: nil,
            split: "train")
    }

    @Test func theLanguagesMeetInOneFeature() {
        func concepts(_ subject: String, _ body: String) -> Set<String> {
            Set(MessageClassifier.tokenSets(subject: subject, body: body).category.filter { $0.hasPrefix("≡") })
        }
        #expect(concepts("Refunded?", "") == ["≡refund"])
        #expect(concepts("", "退款还没到") == ["≡refund"])
        #expect(concepts("退費", "請開發票") == ["≡refund", "≡invoice"])
        #expect(concepts("Invoices", "the invoiced amount") == ["≡invoice"])
        // The plain tokens (kind, priority, sentiment) do not carry them.
        #expect(!MessageClassifier.tokenSets(subject: "", body: "退款").plain.contains { $0.hasPrefix("≡") })
        #expect(concepts("", "门锁打不开") == [])
    }

    /// A prediction looks tokens up by hashed bytes, training by strings: both must read the same features,
    /// concepts included.
    @Test func predictionReadsTheFeaturesTrainingWrote() {
        let model = MessageClassifier.train([
            Self.example("Refund please", "I want my money back, the refund never arrived", "billing"),
            Self.example("退款", "退款一直没到账", "billing", language: "zh"),
            Self.example("Parcel late", "The courier lost the parcel, tracking stuck", "after_sales"),
            Self.example("物流", "快递三天没动了", "after_sales", language: "zh"),
            Self.example("App crash", "the app crashes with an error at login", "technical"),
            Self.example("閃退", "登入後一直閃退", "technical", language: "zh-Hant")
        ])
        for (subject, body) in [
            ("退費進度", "我的退費什麼時候到？"), ("Refunds", "refunded twice?"), ("快递", "包裹破损了 要退货"),
            ("", "login error again")
        ] {
            let tokens = MessageClassifier.tokenSets(subject: subject, body: body).category
            let expected = model.category.posteriors(tokens).max { $0.probability < $1.probability }!
            let predicted = model.predict(subject: subject, body: body).category
            #expect(predicted.label == expected.label)
            #expect(abs(predicted.probability - expected.probability) < 1e-9, "\(subject) \(body)")
        }
    }

    /// English corrections that move "refund" mail to after sales (a shop whose refunds are returns) move
    /// Chinese refund mail with them, which shares no word with them; other Chinese mail moves less.
    @Test func aCorrectionInOneLanguageTeachesTheOther() {
        let generic = MessageClassifier.train([
            Self.example("Refund", "where is my refund", "billing"),
            Self.example("Refund missing", "refund not received yet", "billing"),
            Self.example("退款", "退款没到", "billing", language: "zh"),
            Self.example("退款进度", "退款什么时候到", "billing", language: "zh"),
            Self.example("Parcel", "parcel never came, courier lost it", "after_sales"),
            Self.example("快递", "快递丢了", "after_sales", language: "zh"),
            Self.example("Crash", "the app crashes", "technical"),
            Self.example("闪退", "软件闪退", "technical", language: "zh")
        ])
        let adapted = generic.adapted(to: [
            Self.example("Refund for the chair", "I want a refund, please collect the chair", "after_sales"),
            Self.example("Refund the lamp", "refund it, the lamp is the wrong colour, collect it", "after_sales"),
            Self.example("Refund", "can I get a refund and send the rug back", "after_sales")
        ])
        func afterSales(_ model: MessageClassifier, _ body: String) -> Double {
            model.category.posteriors(MessageClassifier.tokenSets(subject: "", body: body).category)
                .first { $0.label == "after_sales" }!.probability
        }
        let refund = afterSales(adapted, "桌子不想要了 申请退款") - afterSales(generic, "桌子不想要了 申请退款")
        let other = afterSales(adapted, "桌子不想要了 软件闪退") - afterSales(generic, "桌子不想要了 软件闪退")
        #expect(refund > 0.05, "退款 mail moved \(refund)")
        #expect(refund > 2 * other, "退款 mail moved \(refund), other mail \(other)")
    }
}
