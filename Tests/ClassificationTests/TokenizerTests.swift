import Foundation
import Testing
import TestSupport

@testable import Classification

/// The tokenizer's one-pass scalar reading gives exactly the tokens of the plain Character-based reading it
/// replaced (the models were trained on those), in every script customers write.
@Suite("tokenizer")
struct TokenizerTests {
    /// The reading the models were trained with: Characters, lowercased per scalar, words of 2-30 Characters.
    static func reference(_ text: String) -> [String] {
        var tokens: [String] = []
        var word = ""
        var cjk: [Character] = []
        func flushWord() {
            if word.count >= 2 && word.count <= 30 { tokens.append(word) }
            word = ""
        }
        func flushCJK() {
            for (i, c) in cjk.enumerated() {
                tokens.append(String(c))
                if i + 1 < cjk.count { tokens.append(String(c) + String(cjk[i + 1])) }
            }
            cjk.removeAll()
        }
        for scalar in text.unicodeScalars {
            let s = Tokenizer.halfWidth(scalar)
            if Tokenizer.isCJK(s) {
                flushWord()
                cjk.append(Character(s))
            } else if s.properties.isAlphabetic || ("0"..."9").contains(s) {
                flushCJK()
                word.unicodeScalars.append(contentsOf: s.properties.lowercaseMapping.unicodeScalars)
            } else {
                flushWord()
                flushCJK()
            }
        }
        flushWord()
        flushCJK()
        return tokens
    }

    static let samples = [
        "Hello WORLD, order #12345 isn't here", "App一直显示offline，请尽快处理!!", "ＷｉＦｉ 连不上 ＡＢＣ１２３",
        "İstanbul'da ŞİFRE değişmiyor", "Straße GROSSE Maße", "ΣΟΦΊΑ Ελληνικά", "Привет, МИР", "हिन्दी में लिखा गया पाठ",
        "ไม่สามารถเข้าสู่ระบบได้", "한국어 문의 드립니다", "日本語のお問い合わせです。カタカナ", "e\u{301}te\u{301} cafe\u{301}",
        "a\u{300}\u{300}\u{300}\u{300}" + String(repeating: "b", count: 29), String(repeating: "x", count: 31),
        "emoji 👍🏽 thanks 🙏", "x", "", "under_score tab\tnew\nline", "ǅungla ǲ ǈ", "ﬁle ﬂow", "Ⅻ ⅻ ①②"
    ]

    @Test func theFastReadingEqualsTheReference() {
        for sample in Self.samples {
            #expect(Tokenizer.tokens(sample) == Self.reference(sample), "\(sample)")
        }
    }

    /// The same on the training data and on real mail of the corpus: every text, every token.
    @Test func theFastReadingEqualsTheReferenceOnTheTrainingData() throws {
        let examples = try TrainingExample.load(from: Repository.url("config/training").path)
        #expect(examples.count > 500)
        var differing: [String] = []
        for example in examples {
            for text in [example.subject, example.body] where Tokenizer.tokens(text) != Self.reference(text) {
                differing.append(String(text.prefix(60)))
            }
        }
        #expect(differing.isEmpty, "\(differing.prefix(5))")
    }

    /// A prediction hashes the tokens from their bytes: the keys of the strings the models were trained on
    /// (plain, stemmed, and the subject's `^` + stem), in the same order.
    @Test func theKeysAreTheTrainedTokensKeys() throws {
        let examples = try TrainingExample.load(from: Repository.url("config/training").path)
        var texts = Self.samples + ["Replies invoiced invoicing invoices classes class pass passes studied ies bed"]
        texts += examples.flatMap { [$0.subject, $0.body] }
        for text in texts {
            let tokens = Tokenizer.tokens(text)
            let keys = Tokenizer.keys(text, marking: true)
            #expect(keys.plain == tokens.map(FeatureTable.key), "\(text.prefix(60))")
            #expect(keys.stemmed == tokens.map { FeatureTable.key(Tokenizer.stem($0)) }, "\(text.prefix(60))")
            #expect(keys.marked == tokens.map { FeatureTable.key("^" + Tokenizer.stem($0)) }, "\(text.prefix(60))")
            #expect(Tokenizer.keys(text, marking: false).marked.isEmpty)
        }
        #expect(Tokenizer.stem("replies") == "reply" && Tokenizer.stem("invoicing") == "invoic")
        #expect(Tokenizer.stem("classes") == "classe" && Tokenizer.stem("class") == "class")
        #expect(
            Tokenizer.stem("studied") == "studi" && Tokenizer.stem("sing") == "sing" && Tokenizer.stem("发票们") == "发票们")
    }
}
