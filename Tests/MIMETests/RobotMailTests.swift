import Foundation
import Testing
@testable import MIME

/// Which mail a machine sent, and for bounces what failed: robots must never become work for agents, and a
/// person's mail must never be taken for a robot's.
struct RobotMailTests {
    static func robot(_ text: String) throws -> RobotMail? {
        RobotMail.detect(try MessageParser.parse(Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8)))
    }

    static func robot(fixture name: String) throws -> RobotMail? {
        RobotMail.detect(try MessageParser.parse(TestPaths.bytes(TestPaths.fixtures.appendingPathComponent(name))))
    }

    @Test(arguments: [
        ("088-auto-submitted-auto-replied.eml", RobotKind.autoReply), ("091-precedence-auto-reply.eml", .autoReply),
        ("092-x-autoreply-yes.eml", .autoReply), ("093-x-autorespond.eml", .autoReply),
        ("090-precedence-bulk.eml", .bulk), ("095-list-id.eml", .bulk), ("096-list-unsubscribe-only.eml", .bulk),
        ("100-subject-out-of-office.eml", .autoReply), ("101-subject-automatic-reply.eml", .autoReply),
        ("102-subject-zh-cn-auto-reply.eml", .autoReply), ("103-subject-zh-tw-auto-reply.eml", .autoReply),
        ("104-dsn-postfix-failed.eml", .bounce), ("105-dsn-delayed.eml", .bounce),
        ("106-dsn-multi-recipient.eml", .bounce), ("107-dsn-report-only-trigger.eml", .bounce)
    ])
    func fixtures(name: String, kind: RobotKind) throws {
        #expect(try Self.robot(fixture: name)?.kind == kind)
    }

    @Test func peopleAreNotRobots() throws {
        #expect(try Self.robot(fixture: "089-auto-submitted-no.eml") == nil)
        // A customer whose own mail "could not be delivered" is a person with a problem, not a bounce.
        #expect(
            try Self.robot(
                """
                From: Ann Lee <ann@example.com>
                To: support@desk.example
                Subject: Undeliverable: my parcel never arrived
                Message-ID: <p1@example.com>

                The courier says the parcel was undeliverable. Please help.
                """) == nil)
        // Outlook marks people's mail with X-Auto-Response-Suppress too: it is not enough to be a robot.
        #expect(
            try Self.robot(
                """
                From: Bo <bo@example.com>
                To: support@desk.example
                Subject: Invoice question
                X-Auto-Response-Suppress: All
                Message-ID: <p2@example.com>

                Where is my invoice?
                """) == nil)
    }

    /// Every DSN of the shared corpus is a bounce, with the returned message's id where it has one.
    @Test func corpusReportsAreBounces() throws {
        let files = [
            "enmime-testdata/dsn/testdata/simple_dsn.raw", "enmime-testdata/dsn/testdata/delayed_dsn.raw",
            "enmime-testdata/dsn/testdata/multi_recipient_dsn.raw",
            "enmime-testdata/dsn/testdata/dsn_with_multipart_alternative.raw",
            "mikel-mail-fixtures/spec/fixtures/emails/multipart_report_emails/report_530.eml",
            "mikel-mail-fixtures/spec/fixtures/emails/multipart_report_emails/multi_address_bounce1.eml",
            "mimekit-testdata/UnitTests/TestData/messages/delivery-status.txt",
            "mimekit-testdata/UnitTests/TestData/messages/bounce.txt"
        ]
        for file in files {
            let bytes = TestPaths.bytes(TestPaths.corpus.appendingPathComponent(file))
            try #require(!bytes.isEmpty, "missing corpus file \(file)")
            let robot = RobotMail.detect(try MessageParser.parse(bytes))
            #expect(robot?.kind == .bounce, "\(file): \(String(describing: robot))")
        }
    }

    @Test func aQQMailBounceInChineseNamesTheReturnedMessage() throws {
        let robot = try #require(
            try Self.robot(
                """
                From: "MAILER-DAEMON" <MAILER-DAEMON@qq.com>
                To: support@desk.example
                Subject: =?UTF-8?B?6YCA5L+h?=
                Message-ID: <bounce-1@qq.com>
                MIME-Version: 1.0
                Content-Type: text/plain; charset=utf-8
                Content-Transfer-Encoding: 8bit

                很抱歉您的邮件没能成功发送给以下地址：
                nobody123@qq.com
                退信原因：550 Mailbox not found. 收件人邮箱地址不存在
                ------------------ 原始邮件 ------------------
                From: support@desk.example
                To: nobody123@qq.com
                Subject: Re: 无法连接 [#7-abcdefghij]
                Message-ID: <maildesk.7-abcdefghij.ack@desk.example>
                """))
        #expect(robot.kind == .bounce)
        #expect(robot.permanent)
        #expect(robot.reportedMessageIDs == ["maildesk.7-abcdefghij.ack@desk.example"])
        #expect(robot.diagnostic?.contains("550 Mailbox not found") == true)
    }

    @Test func anExchangeNDRWithTheOriginalHeadersAttached() throws {
        let robot = try #require(
            try Self.robot(
                """
                From: postmaster@corp.example
                To: support@desk.example
                Subject: Undeliverable: Re: Order 1234 [#3-k7m2q9xd]
                Message-ID: <ndr-1@corp.example>
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="b"

                --b
                Content-Type: text/plain; charset=us-ascii

                Delivery has failed to these recipients or groups:
                jo@corp.example
                The email address you entered couldn't be found.
                Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'
                --b
                Content-Type: text/rfc822-headers

                From: support@desk.example
                To: jo@corp.example
                Message-ID:
                 <maildesk.3-k7m2q9xd.ack@desk.example>
                Subject: Re: Order 1234 [#3-k7m2q9xd]
                --b--
                """))
        #expect(robot.kind == .bounce)
        #expect(robot.permanent)
        #expect(robot.reportedMessageIDs.first == "maildesk.3-k7m2q9xd.ack@desk.example")
    }

    @Test func aDelayIsNotPermanent() throws {
        let robot = try #require(
            try Self.robot(
                """
                From: Mail Delivery System <MAILER-DAEMON@mx.163.com>
                To: support@desk.example
                Subject: 邮件投递失败 (Delivery failure, will retry)
                Message-ID: <d1@163.com>
                Content-Type: text/plain; charset=utf-8

                您的邮件暂时无法投递，系统将稍后重试：421 4.4.2 Connection timed out
                """))
        #expect(robot.kind == .bounce)
        #expect(!robot.permanent)
    }

    @Test func outOfOfficeAndNewsletters() throws {
        let ooo = try #require(
            try Self.robot(
                """
                From: 李雷 <li.lei@example.cn>
                To: support@desk.example
                Subject: =?UTF-8?B?6Ieq5Yqo5Zue5aSNOiBSZTog5peg5rOV6L+e5o6l?=
                In-Reply-To: <maildesk.5-abcdefghij.ack@desk.example>
                Message-ID: <o1@example.cn>

                我正在休假，12月10日回来。
                """))
        #expect(ooo.kind == .autoReply)
        #expect(ooo.reportedMessageIDs == ["maildesk.5-abcdefghij.ack@desk.example"])
        let news = try #require(
            try Self.robot(
                """
                From: Deals <news@shop.example>
                To: support@desk.example
                Subject: 50% off this weekend
                List-Unsubscribe: <mailto:unsubscribe@shop.example>
                Message-ID: <n1@shop.example>

                Big sale.
                """))
        #expect(news.kind == .bulk)
    }
}
