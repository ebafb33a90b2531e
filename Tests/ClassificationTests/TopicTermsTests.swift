import Testing
@testable import Classification

@Suite("topic terms: what complaints are about")
struct TopicTermsTests {
    @Test func chineseGivesBigramsWithoutFunctionWordsAndEnglishGivesStemsShownAsWritten() {
        let terms = TopicTerms.terms(in: "退款太慢了，我已经等了很久。Refunds delayed, the parcel was DAMAGED")
        #expect(terms["退款"] == "退款" && terms["太慢"] == "太慢" && terms["款太"] == "款太")
        #expect(terms["慢了"] == nil && terms["已经"] == nil && terms["退"] == nil)  // 了 makes grammar; 已经 an adverb
        // Function words end a run: no bigram straddles them.
        #expect(Set(TopicTerms.terms(in: "快递一直没有更新").keys) == ["快递", "更新"])
        #expect(terms["refund"] == "refunds" && terms["delay"] == "delayed" && terms["damag"] == "damaged")
        #expect(terms["the"] == nil && terms["was"] == nil)
        // A subject cut short does not name the word: the longest form written does.
        #expect(TopicTerms.terms(in: "Parcel arrived damag\nThe parcel arrived damaged")["damag"] == "damaged")
    }

    static func documents(_ texts: [String]) -> [TopicDocument] { texts.map(TopicDocument.init) }

    @Test func termsComplaintsShareAndOtherMailDoesNotStandOut() {
        let complaints = Self.documents([
            "包装破损，商品也坏了。", "收到的包装破损了", "包装破损严重，要求退款", "The refund is late", "Refund still missing, hello"
        ])
        let background =
            complaints
            + Self.documents([
                "请问发票怎么开？hello", "您好，请问如何修改密码 hello", "How do I change my password? hello", "发货时间是什么时候？",
                "请问可以开发票吗", "Where is my invoice? hello", "密码忘记了", "Invoice address change"
            ])
        let ranked = DistinctiveTerms.rank(group: complaints, background: background)
        // 包装, 装破 and 破损 join into the phrase all three complaints wrote; "hello" is in all mail.
        #expect(ranked.map(\.display).sorted() == ["refund", "包装破损"])
        let phrase = ranked.first { $0.key == "包装破损" }
        #expect(phrase?.documents == 3)
        #expect(phrase?.occurs(in: TopicDocument("外包装破损")) == true)
        #expect(ranked.first { $0.key == "refund" }?.documents == 2)
        #expect(ranked.allSatisfy { $0.score > 0 })
    }

    @Test func phrasesLoseAdverbsAndFunctionWordsAtTheirEnds() {
        let bigrams = ["物流", "流太", "太慢", "非常", "常不", "不满", "满意", "已经", "经两"].map {
            DistinctiveTerm(key: $0, display: $0, documents: 2, backgroundDocuments: 0, score: 1)
        }
        let group = Self.documents(["物流太差", "物流太糟", "非常不满意", "也非常不满意", "已经两周"])
        #expect(DistinctiveTerms.grow("物流", from: bigrams, in: group) == "物流")  // 物流太 is not a word
        #expect(DistinctiveTerms.grow("不满", from: bigrams, in: group) == "不满意")
        #expect(!group[4].text.contains("已经"))  // a function word is out of the text, so no phrase runs across it
        #expect(DistinctiveTerms.grow("两周", from: bigrams, in: group) == "两周")  // a number inside a word stays
        #expect(DistinctiveTerms.grow("太慢", from: bigrams, in: Self.documents(["太慢", "太慢"])) == "太慢")
    }

    @Test func nothingStandsOutWithoutTextsOrWithOneComplaint() {
        #expect(DistinctiveTerms.rank(group: [], background: Self.documents(["a b c"])).isEmpty)
        #expect(
            DistinctiveTerms.rank(group: Self.documents(["退款太慢"]), background: Self.documents(["退款太慢", "发票"])).isEmpty)
    }
}
