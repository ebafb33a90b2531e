import Testing
@testable import ReplyText

/// Single rules of the plain-text reading, one table row each: reply → the writer's text.
@Suite struct VisibleReplyTextTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let input: String
        let expected: String
        var markers: [String] = []
        var testDescription: String { input.debugDescription }
    }

    static let cases: [Case] = [
        Case(input: "Thanks!\n-- \nAnn Lee\nACME", expected: "Thanks!"),
        Case(input: "Fixed.\n\nOn Mon, 16 Nov 2026 at 10:00, Ann <ann@x.com> wrote:\n> broken", expected: "Fixed."),
        // Gmail wraps a long attribution over two or three lines.
        Case(
            input: "Ok.\n\nOn Mon, Nov 16, 2026 at 10:02 AM Ann Lee <\nann@example.com> wrote:\n\n> q",
            expected: "Ok."),
        Case(input: "Ok.\n\nOn Mon, Nov 16, 2026 at 10:02 AM\nAnn Lee\n<ann@example.com> wrote:\n> q", expected: "Ok."),
        Case(input: "好的\n\n在 2026年11月16日 10:00，张三 <z@x.com> 写道：\n> 门锁坏了", expected: "好的"),
        Case(input: "好的\n\n在 2026年11月16日 10:00，張三 <z@x.com> 寫道:\n＞ 門鎖壞了", expected: "好的"),
        Case(input: "好的\n\n张三 <z@x.com> 于2026年11月16日周一\n上午10:00写道：\n> 门锁坏了", expected: "好的"),
        Case(input: "Am 16.11.2026 um 10:00 schrieb Ann <ann@x.com>:\n> Frage\n\nAntwort", expected: "Antwort"),
        // An attribution with the original unquoted below it cuts there.
        Case(input: "Yes.\n\nOn Mon, 16 Nov 2026, Ann wrote:\nthe original, unquoted", expected: "Yes."),
        Case(input: "Yes.\n\n-----Original Message-----\nFrom: Ann", expected: "Yes."),
        Case(input: "Yes.\n----- Original Message -----\nFrom: Ann", expected: "Yes."),
        Case(input: "好\n\n------------------ 原始邮件 ------------------\n发件人: 张三", expected: "好"),
        Case(input: "好\n---- 回复的原邮件 ----\n| 发件人 | 张三 |", expected: "好"),
        Case(
            input: "OK\n\nVon: Ann\nGesendet: Montag, 16. November 2026 10:00\nAn: Tom\nBetreff: Frage\n\nText",
            expected: "OK"),
        Case(input: "好\n\n发件人: 张三\n发送时间: 2026年11月16日 10:00\n收件人: 王强\n主题: 门锁\n\n原文", expected: "好"),
        Case(input: "好\n\n寄件者：張三\n寄件日期：2026年11月16日\n收件者：王強\n主旨：門鎖\n\n原文", expected: "好"),
        // One "From:" in the writer's own text is text.
        Case(input: "From: the front desk.\nThanks", expected: "From: the front desk.\nThanks"),
        Case(input: "Sure.\n\nSent from my iPhone", expected: "Sure."),
        Case(input: "Sure.\nSent from my Android", expected: "Sure."),
        Case(input: "Sure.\n\nGet Outlook for iOS", expected: "Sure."),
        Case(input: "Sure.\n\nSent from Mail for Windows", expected: "Sure."),
        Case(input: "好的\n\n发自我的iPhone", expected: "好的"),
        Case(input: "好的\n\n發自我的 iPhone", expected: "好的"),
        Case(input: "Sent from my desk, not a phone.", expected: "Sent from my desk, not a phone."),
        Case(input: "> quoted\n＞ 全角引用\nanswer", expected: "answer"),
        // Inline answers keep their lines between the quotes, one blank line where a quote was.
        Case(input: "> Q1?\n\nA1.\n\n> Q2?\n\nA2.\n\n> bye", expected: "A1.\n\nA2."),
        Case(input: "Answer\n\n\n", expected: "Answer"),
        Case(input: "Answer  \t\nnext", expected: "Answer\nnext"),
        Case(input: "Reply\r\n\r\nOn Mon, Ann wrote:\r\n> q\r\n", expected: "Reply"),
        Case(input: "Reply\rOld Mac line ends", expected: "Reply\nOld Mac line ends"),
        // A "-item" list is not a "-Name" sign-off.
        Case(input: "Steps:\n\n-Unplug\n-Wait", expected: "Steps:\n\n-Unplug\n-Wait"),
        Case(input: "Thanks\n\n-Ann", expected: "Thanks"),
        // The caller's marker, quoted or not, ends the text; matching is exact.
        Case(
            input: "Done\n## Reply above this line ##\nnotification", expected: "Done",
            markers: ["## Reply above this line ##"]),
        Case(
            input: "Done\n\n> ## Reply above this line ##\n> notification", expected: "Done",
            markers: ["## Reply above this line ##"]),
        Case(
            input: "Done\n## reply above this line ##", expected: "Done\n## reply above this line ##",
            markers: ["## Reply above this line ##"]),
        Case(input: "", expected: ""),
        Case(input: "> only a quote", expected: "")
    ]

    @Test(arguments: cases) func visibleText(_ test: Case) {
        #expect(VisibleReply.text(test.input, markers: test.markers) == test.expected)
    }
}
