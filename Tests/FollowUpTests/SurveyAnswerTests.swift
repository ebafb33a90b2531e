import Foundation
import FollowUp
import ReplyText
import Testing

/// Survey answers read from the customer's own words.
@Suite("survey answers")
struct SurveyAnswerTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let text: String, score: Int?, comment: String?
        var testDescription: String { text.replacingOccurrences(of: "\n", with: "⏎") }
        init(_ text: String, _ score: Int?, _ comment: String? = nil) {
            self.text = text
            self.score = score
            self.comment = comment
        }
    }

    static let cases: [Case] = [
        .init("5", 5), .init("  4  ", 4), .init("５", 5), .init("4.", 4),
        .init("4 - quick answer, thanks", 4, "quick answer, thanks"),
        .init("2: nobody called me back", 2, "nobody called me back"),
        .init("4/5 thanks", 4, "thanks"), .init("3 / 5", 3), .init("8/10", 4),
        .init("3分", 3), .init("给5分", 5, "给5分"), .init("4 stars", 4), .init("★★★★", 4),
        .init("five stars", 5, "five stars"),
        .init("满意", 4), .init("非常满意，谢谢！", 5, "非常满意，谢谢！"), .init("不满意", 2), .init("非常不满意", 1),
        .init("一般", 3), .init("滿意", 4), .init("非常不滿意", 1), .init("很不满意，问题没解决", 1, "很不满意，问题没解决"),
        .init("great", 5), .init("Great, thanks!", 5, "Great, thanks!"), .init("bad", 2),
        .init("Not satisfied at all.", 2, "Not satisfied at all."),
        .init("Very dissatisfied", 1), .init("ok", 3),
        .init("1\nThe agent never answered my question.", 1, "The agent never answered my question."),
        .init("\n\n3\n", 3),
        // Not answers: a new question, a number that is no score, nothing.
        .init("Is there a good way to export my invoices?", nil), .init("2 weeks and the lock is still broken", nil),
        .init("2024年的发票还没收到", nil), .init("I have another question about my order from last week please", nil),
        .init("", nil), .init("6", nil), .init("0", nil), .init("12", nil), .init("the book arrived", nil)
    ]

    @Test(arguments: cases)
    func scores(_ c: Case) {
        let answer = SurveyAnswer.parse(c.text)
        #expect(answer?.score == c.score)
        if c.score != nil { #expect(answer?.comment == c.comment) }
    }

    @Test func aChineseAnswerAboveAQuotedSurveyAndASignature() {
        let reply = """
            满意，客服很耐心

            发自我的iPhone

            ------------------ 原始邮件 ------------------
            发件人: "Lumo 客服" <support@maildesk.example>
            发送时间: 2027年3月1日 10:00
            主题: 请为我们的服务打分 [#42-k7m2q9xdab]

            请直接回复 1 到 5 的数字：5 非常满意，1 非常不满意。
            """
        let answer = SurveyAnswer.parse(VisibleReply.text(reply))
        #expect(answer?.score == 4)
        #expect(answer?.comment == "满意，客服很耐心")
    }

    @Test func anEnglishAnswerAboveAQuoteAndASignature() {
        let reply = """
            2 - took three days to get a reply

            --
            John Smith
            Acme Ltd

            On Mon, 1 Mar 2027 at 10:00, Lumo Support <support@maildesk.example> wrote:
            > How did we do? Reply with a number from 1 (very dissatisfied) to 5 (very satisfied).
            > 5 - very satisfied
            """
        let answer = SurveyAnswer.parse(VisibleReply.text(reply))
        #expect(answer?.score == 2)
        #expect(answer?.comment == "took three days to get a reply")
    }

    @Test func aQuoteAloneIsNoAnswer() {
        let reply = """
            On Mon, 1 Mar 2027 at 10:00, Lumo Support <support@maildesk.example> wrote:
            > 5 - very satisfied
            """
        #expect(SurveyAnswer.parse(VisibleReply.text(reply)) == nil)
    }
}
