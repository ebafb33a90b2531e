import Foundation
import Testing
@testable import Classification

@Suite("classification")
struct ClassificationTests {
    static let trainingData = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("config/training").path

    @Test func tokensCoverBothScripts() {
        #expect(Tokenizer.tokens("App一直显示offline") == ["app", "一", "一直", "直", "直显", "显", "显示", "示", "offline"])
        #expect(Tokenizer.tokens("ＷｉＦｉ 连不上!") == ["wifi", "连", "连不", "不", "不上", "上"])
        #expect(Tokenizer.tokens("I'm locked out") == ["locked", "out"])
    }

    @Test func quotesAndSignaturesAreNotTheCustomersWords() {
        let body = "门锁打不开了\n\n发自我的iPhone\n\n------------------ 原始邮件 ------------------\n发件人: 客服\n您好"
        #expect(QuoteStripper.strip(body).trimmingCharacters(in: .whitespacesAndNewlines) == "门锁打不开了")
        let english = "Still broken.\n\nOn Mon, 16 Nov 2026 at 10:00, Support <s@x> wrote:\n> Did you try restarting?"
        #expect(QuoteStripper.strip(english).trimmingCharacters(in: .whitespacesAndNewlines) == "Still broken.")
        #expect(QuoteStripper.strip("Thanks!\n-- \nAnn Lee\nACME") == "Thanks!")
    }

    @Test(arguments: [("安装师傅很专业，给5分！", 5), ("服务不错，打四分吧", 4), ("I'd give you 4/5", 4), ("★★★", 3),
                      ("10/10 would buy again", 5), ("Five stars from me", 5), ("No rating here, call 12345", nil)] as [(String, Int?)])
    func ratings(_ pair: (String, Int?)) {
        #expect(RatingExtractor.rating(in: pair.0) == pair.1)
    }

    @Test(arguments: [("智能门锁无法连接网络，请帮忙处理", "zh"), ("攝影機畫面全黑，申請保固維修", "zh-Hant"),
                      ("My hub keeps going offline", "en"), ("スマートプラグの使用について", "ja")])
    func languages(_ pair: (String, String)) {
        #expect(LanguageGuess.guess(pair.0) == pair.1)
    }

    /// Held-out figures measured on config/training (148 test examples); a regression lowers them.
    @Test func heldOutAccuracyStaysAboveTheMeasuredFloor() throws {
        let examples = try TrainingExample.load(from: Self.trainingData)
        #expect(examples.count >= 600)
        let model = MessageClassifier.train(examples.filter { $0.split == "train" })
        let test = examples.filter { $0.split == "test" }
        func accuracy(_ field: (TrainingExample) -> String, _ predicted: (Classification) -> String) -> Double {
            let pairs = test.map { (field($0), predicted(model.classify(subject: $0.subject, body: $0.body))) }
            return Evaluation(field: "", pairs: pairs).accuracy
        }
        #expect(accuracy({ $0.kind }, { $0.kind }) >= 0.77)
        #expect(accuracy({ $0.category }, { $0.category }) >= 0.66)
        #expect(accuracy({ $0.priority }, { $0.priority }) >= 0.55)
        #expect(accuracy({ $0.language }, { $0.language }) >= 0.98)
        #expect(accuracy({ $0.sentiment }, { $0.sentiment }) >= 0.68)
    }

    @Test func aModelRoundTripsThroughJSON() throws {
        let model = MessageClassifier.train(try TrainingExample.load(from: Self.trainingData))
        let copy = try JSONDecoder().decode(MessageClassifier.self, from: JSONEncoder().encode(model))
        let subject = "账号被盗了，有人在用我的账号开门"
        #expect(copy.classify(subject: subject, body: "紧急！").category == model.classify(subject: subject, body: "紧急！").category)
    }
}
