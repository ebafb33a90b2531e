import Testing
@testable import ReplyText

/// The commands at the top of an agent's reply, as a table: input → commands, remaining text, number of problems.
@Suite struct ReplyCommandsTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let input: String
        let commands: [ReplyCommand]
        let remaining: String
        var problems = 0
        var testDescription: String { input.debugDescription }
    }

    static let cases: [Case] = [
        Case(input: "#close\nThanks, fixed.", commands: [.close], remaining: "Thanks, fixed."),
        Case(input: "#resolve\n\nDone.", commands: [.close], remaining: "Done."),
        Case(input: "#pending", commands: [.pending], remaining: ""),
        Case(input: "#open\nReopened.", commands: [.open], remaining: "Reopened."),
        Case(input: "#reopen", commands: [.open], remaining: ""),
        Case(input: "#priority urgent", commands: [.priority(.urgent)], remaining: ""),
        Case(input: "#priority High", commands: [.priority(.high)], remaining: ""),
        Case(input: "#priority normal\n#priority low", commands: [.priority(.normal), .priority(.low)], remaining: ""),
        Case(input: "#category billing", commands: [.category("billing")], remaining: ""),
        Case(input: "#kind need\n#kind feedback", commands: [.kind(.need), .kind(.feedback)], remaining: ""),
        Case(input: "#assign ann@example.com", commands: [.assign("ann@example.com")], remaining: ""),
        Case(input: "#assign Ann Lee  ", commands: [.assign("Ann Lee")], remaining: ""),
        Case(input: "#queue Front Desk", commands: [.queue("Front Desk")], remaining: ""),
        Case(input: "#note", commands: [.note], remaining: ""),
        Case(input: "#spam", commands: [.spam], remaining: ""),
        Case(input: "#tag vip", commands: [.tag("vip")], remaining: ""),
        Case(input: "#CLOSE", commands: [.close], remaining: ""),
        // Chinese aliases, traditional and simplified, and the full-width ＃ and colon.
        Case(input: "#关闭\n#關閉\n#解决", commands: [.close, .close, .close], remaining: ""),
        Case(input: "#待回复\n#打开\n#重开", commands: [.pending, .open, .open], remaining: ""),
        Case(input: "#优先级 紧急\n#優先級 高", commands: [.priority(.urgent), .priority(.high)], remaining: ""),
        Case(input: "#分类 账单\n#分類 帳單", commands: [.category("账单"), .category("帳單")], remaining: ""),
        Case(input: "#类型 反馈", commands: [.kind(.feedback)], remaining: ""),
        Case(input: "#分配 王强\n#指派 林美華", commands: [.assign("王强"), .assign("林美華")], remaining: ""),
        Case(input: "#队列 前台", commands: [.queue("前台")], remaining: ""),
        Case(input: "#备注\n#備註", commands: [.note, .note], remaining: ""),
        Case(input: "#垃圾\n#垃圾邮件", commands: [.spam, .spam], remaining: ""),
        Case(input: "#标签 会员\n#標籤 會員", commands: [.tag("会员"), .tag("會員")], remaining: ""),
        Case(input: "＃关闭\n＃优先级　高", commands: [.close, .priority(.high)], remaining: ""),
        Case(input: "#优先级：低\n#分配:王强", commands: [.priority(.low), .assign("王强")], remaining: ""),
        // Blank lines between commands; the first other line starts the text, blank lines inside it kept.
        Case(
            input: "\n#close\n\n#tag vip\n\nHello,\n\n#1 is fixed.\n#open stays text",
            commands: [.close, .tag("vip")], remaining: "Hello,\n\n#1 is fixed.\n#open stays text"),
        Case(input: "Hello,\n#close\nbye", commands: [], remaining: "Hello,\n#close\nbye"),
        Case(input: "We use #hashtags in text.", commands: [], remaining: "We use #hashtags in text."),
        // "#1" and a Markdown heading are text, not commands.
        Case(input: "#1 on our list is the lock.", commands: [], remaining: "#1 on our list is the lock."),
        Case(input: "# Summary\nAll done.", commands: [], remaining: "# Summary\nAll done."),
        Case(input: "", commands: [], remaining: ""),
        // What clients do to a command does not hide it: bold or italic marks, invisible characters, a blank.
        Case(input: "*#note*\nInternal.", commands: [.note], remaining: "Internal."),
        Case(input: "_#close_", commands: [.close], remaining: ""),
        Case(input: "\u{200B}#note\nInternal.", commands: [.note], remaining: "Internal."),
        Case(input: "\u{FEFF}# note\nInternal.", commands: [.note], remaining: "Internal."),
        Case(input: "# priority high", commands: [.priority(.high)], remaining: ""),
        // A note anywhere keeps the whole mail internal (never relayed by a slip of where it was written).
        Case(input: "Internal remark.\n\n#note", commands: [.note], remaining: "Internal remark.\n\n#note"),
        Case(
            input: "#close\nText\n*#备注* for the team", commands: [.close, .note], remaining: "Text\n*#备注* for the team"),
        // Problems: the command is not carried, the rest still is.
        Case(input: "#frobnicate\nText", commands: [], remaining: "Text", problems: 1),
        Case(input: "#priority asap", commands: [], remaining: "", problems: 1),
        Case(input: "#priority", commands: [], remaining: "", problems: 1),
        Case(input: "#kind complaint", commands: [], remaining: "", problems: 1),
        Case(input: "#category\n#assign\n#queue", commands: [], remaining: "", problems: 3),
        Case(input: "#tag two words", commands: [], remaining: "", problems: 1),
        Case(input: "#close tomorrow\n#note\nHi", commands: [.note], remaining: "Hi", problems: 1),
        Case(input: "#優先級 馬上", commands: [], remaining: "", problems: 1)
    ]

    @Test(arguments: cases) func parses(_ test: Case) {
        let parsed = ReplyCommands.parse(test.input)
        #expect(parsed.commands == test.commands)
        #expect(parsed.remainingText == test.remaining)
        #expect(parsed.problems.count == test.problems, "\(parsed.problems)")
    }

    @Test func problemNamesTheLineAndTheFix() {
        let parsed = ReplyCommands.parse("#close\n#priority asap\nHi")
        #expect(parsed.problems.count == 1)
        let problem = parsed.problems.first ?? ""
        #expect(problem.contains("Line 2"))
        #expect(problem.contains("#priority asap"))
        #expect(problem.contains("urgent, high, normal or low"))
        let unknown = ReplyCommands.parse("#clsoe").problems.first ?? ""
        #expect(unknown.contains("unknown command #clsoe") && unknown.contains("#close"))
    }

    /// Commands read from what VisibleReply leaves of a real reply: quoted notification and signature gone.
    @Test func commandsOfAVisibleReply() {
        let reply =
            "#close\r\n#category billing\r\n\r\nRefund sent.\r\n\r\n-- \r\nTom\r\n\r\n"
            + "On Mon, Nov 16, 2026 at 10:02 AM Maildesk <support@example.com> wrote:\r\n> #open\r\n"
        let parsed = ReplyCommands.parse(VisibleReply.text(reply))
        #expect(parsed.commands == [.close, .category("billing")])
        #expect(parsed.remainingText == "Refund sent.")
        #expect(parsed.problems.isEmpty)
    }
}
