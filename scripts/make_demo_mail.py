#!/usr/bin/env python3
"""Writes the demo Maildir's sample mail (mailboxes/demo/new/): what customers really send.

Run from the repository root. Deterministic: re-running rewrites the same bytes.

One function per message, called in arrival order at the bottom. The first three keep their fixed names (tests
use them); later ones are named from their Date plus a delivery delay, so file name order is arrival order.
Bodies are written with "\n" and sent with CRLF, as on the wire.
"""
import base64
import email.utils
import html
import os
import quopri
import textwrap

OUT = "mailboxes/demo/new"
WRITTEN = []  # file names in the order written, which must be arrival order


def b64_lines(data: bytes) -> str:
    text = base64.b64encode(data).decode()
    return "\r\n".join(text[i:i + 76] for i in range(0, len(text), 76))


def encoded_word(text: str, charset: str) -> str:
    """An RFC 2047 B-encoded word, with the charset label mail clients write."""
    return f"=?{charset}?B?{base64.b64encode(text.encode(charset)).decode()}?="


def write(name: str, headers: list, body) -> None:
    """Headers are ASCII; a body is an ASCII str, or bytes when it travels 8bit."""
    if isinstance(body, str):
        body = body.encode("ascii")
    data = "\r\n".join(headers).encode("ascii") + b"\r\n\r\n" + body
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
    WRITTEN.append(name)


def foxmail_invoice_request() -> None:
    """A need in GB2312 as Foxmail sends it: encoded subject and name, alternative plain/html in base64."""
    subject = encoded_word("订单 #20231 的发票抬头需要修改", "GB2312")
    name = encoded_word("王小明", "GB2312")
    plain = ("您好，\r\n\r\n我上周下的订单 #20231 开具的发票抬头写错了，应为“上海明远贸易有限公司”，"
             "税号 91310000MA1FL0XX。\r\n麻烦尽快帮忙重开，财务月底要报销。\r\n\r\n谢谢！\r\n王小明\r\n")
    html = ("<div>您好，</div><div><br></div><div>我上周下的订单 #20231 开具的发票抬头写错了，"
            "应为“上海明远贸易有限公司”，税号 91310000MA1FL0XX。</div>"
            "<div>麻烦尽快帮忙重开，财务月底要报销。</div><div><br></div><div>谢谢！</div><div>王小明</div>")
    boundary = "----=_NextPart_6560C1E5_0B3E8F20_1A2B3C4D"
    body = "\r\n".join([
        "This is a multi-part message in MIME format.",
        "",
        "--" + boundary,
        'Content-Type: text/plain; charset="gb2312"',
        "Content-Transfer-Encoding: base64",
        "",
        b64_lines(plain.encode("gb2312")),
        "",
        "--" + boundary,
        'Content-Type: text/html; charset="gb2312"',
        "Content-Transfer-Encoding: base64",
        "",
        b64_lines(html.encode("gb2312")),
        "",
        "--" + boundary + "--",
        "",
    ])
    write("1763700000.M1P1.demo", [
        "Return-Path: <xiaoming.wang@example.cn>",
        "Date: Fri, 20 Nov 2026 09:12:45 +0800",
        f"From: {name} <xiaoming.wang@example.cn>",
        "To: support@maildesk.example",
        f"Subject: {subject}",
        "Message-ID: <202611200912451234567@example.cn>",
        "X-Mailer: Foxmail 7.2.25.228[cn]",
        "Mime-Version: 1.0",
        f'Content-Type: multipart/alternative; boundary="{boundary}"',
    ], body)


def english_praise_with_attachment() -> None:
    """Feedback in English with a quoted-printable body and a small attachment."""
    boundary = "000000000000a1b2c3d4e5f60718"
    note = "Order 88123 arrived two days early and the packaging was perfect.\r\n".encode()
    body = "\r\n".join([
        "--" + boundary,
        'Content-Type: text/plain; charset="UTF-8"',
        "Content-Transfer-Encoding: quoted-printable",
        "",
        "Hi team,",
        "",
        "Just wanted to say your support agent Lena was fantastic =E2=80=94 she fixed m=",
        "y billing address in minutes. I'd give you 5/5.",
        "",
        "Best,",
        "Emily",
        "",
        "--" + boundary,
        'Content-Type: text/plain; charset="UTF-8"; name="delivery-note.txt"',
        'Content-Disposition: attachment; filename="delivery-note.txt"',
        "Content-Transfer-Encoding: base64",
        "",
        b64_lines(note),
        "--" + boundary + "--",
        "",
    ])
    write("1763700100.M2P1.demo", [
        "Date: Fri, 20 Nov 2026 14:03:10 -0500",
        "From: Emily Carter <emily.carter@example.com>",
        "To: Support <support@maildesk.example>",
        "Subject: Thank you for the quick help!",
        "Message-ID: <CAF=8xQ1demo2@mail.example.com>",
        "MIME-Version: 1.0",
        f'Content-Type: multipart/mixed; boundary="{boundary}"',
    ], body)


def out_of_office_reply() -> None:
    """An Exchange auto-reply: must never be answered automatically."""
    subject = encoded_word("自动回复: 订单 #20231 的发票抬头需要修改", "UTF-8")
    text = "我正在休假，11月25日返回。紧急事务请联系 finance@example.cn。\r\n"
    write("1763700200.M3P1.demo", [
        "Date: Fri, 20 Nov 2026 09:20:02 +0800",
        "From: Li Na <li.na@example.cn>",
        "To: support@maildesk.example",
        f"Subject: {subject}",
        "Message-ID: <oof-5521@example.cn>",
        "Auto-Submitted: auto-replied",
        "X-Auto-Response-Suppress: All",
        "MIME-Version: 1.0",
        'Content-Type: text/plain; charset="utf-8"',
        "Content-Transfer-Encoding: base64",
    ], b64_lines(text.encode()) + "\r\n")


# Helpers for the messages below.

def arrival(date: str, n: int, delay: int) -> str:
    """The Maildir name of the n-th message, delivered `delay` seconds after its Date."""
    return f"{epoch(date) + delay}.M{n}P1.demo"


def epoch(date: str) -> int:
    return int(email.utils.parsedate_to_datetime(date).timestamp())


def text(block: str) -> str:
    """A body written as an indented triple-quoted string: dedented, CRLF line ends."""
    return textwrap.dedent(block).lstrip("\n").replace("\n", "\r\n")


def qp(body: str, charset: str) -> str:
    """Quoted-printable of a text in a charset, soft-wrapped at 76 columns."""
    data = body.replace("\r\n", "\n").encode(charset)
    return quopri.encodestring(data).decode("ascii").replace("\n", "\r\n")


def words(value: str, charset: str) -> str:
    """A header value as RFC 2047 B-words of at most 68 characters, folded onto continuation lines."""
    out, chunk = [], ""
    for ch in value:
        if chunk and len(encoded_word(chunk + ch, charset)) > 68:
            out.append(encoded_word(chunk, charset))
            chunk = ""
        chunk += ch
    out.append(encoded_word(chunk, charset))
    return "\r\n ".join(out)


def rfc2231_quote(value: str) -> str:
    """RFC 2231 percent-encoding of a UTF-8 parameter value (attr-char kept as is)."""
    keep = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~")
    return "".join(chr(b) if b in keep else f"%{b:02X}" for b in value.encode("utf-8"))


def multipart(boundary: str, parts: list, preamble: str = "") -> str:
    """A multipart body; each part is (header lines, encoded body)."""
    lines = [preamble, ""] if preamble else []
    for headers, body in parts:
        lines += ["--" + boundary, *headers, "", body]
    lines += ["--" + boundary + "--", ""]
    return "\r\n".join(lines)


def div_html(body: str) -> str:
    """Plain text as the one-<div>-per-line HTML of Foxmail, QQ Mail, Coremail and Gmail."""
    lines = body.rstrip("\r\n").split("\r\n")
    return "".join(f"<div>{html.escape(line, quote=False) or '<br>'}</div>" for line in lines)


def quote(body: str) -> str:
    """Plain text quoted with "> " as Gmail does."""
    return "".join(("> " + line if line else ">") + "\r\n" for line in body.rstrip("\r\n").split("\r\n"))


# 王小明's first mail (Foxmail), as maildesk acknowledged it; his reply quotes the acknowledgement.
WANG_FIRST_ID = "<202611200912451234567@example.cn>"
WANG_ACK = text("""
    王小明您好：

    您的邮件我们已经收到，客服同事会在 1 个工作日内处理并回复您。

    maildesk 客服中心

    > 您好，
    >
    > 我上周下的订单 #20231 开具的发票抬头写错了，应为“上海明远贸易有限公司”，税号 91310000MA1FL0XX。
    > 麻烦尽快帮忙重开，财务月底要报销。
    >
    > 谢谢！
    > 王小明
    """)


def foxmail_invoice_reply() -> None:
    """王小明 answers maildesk's acknowledgement of his first mail: a need's follow-up, threaded by
    In-Reply-To/References (his first mail's id), GB2312 like his first mail, quoting under Foxmail's
    原始邮件 line."""
    date = "Sat, 21 Nov 2026 09:26:13 +0800"
    reply = text("""
        你好，

        收到，谢谢这么快回复。

        再补充两点：
        1. 开增值税普通发票就可以，不需要专票；
        2. 电子发票直接发到我这个邮箱，纸质的不用寄了。

        抬头和税号以我上一封邮件里的为准。麻烦了！

        王小明
        """)
    sender = '"maildesk 客服中心"<support@maildesk.example>;'
    to = '"王小明"<xiaoming.wang@example.cn>;'
    sent = "2026年11月20日(星期五) 上午9:13"
    topic = "Re: 订单 #20231 的发票抬头需要修改"
    plain = (reply + "\r\n------------------ 原始邮件 ------------------\r\n"
             f"发件人: {sender}\r\n发送时间: {sent}\r\n收件人: {to}\r\n主题: {topic}\r\n\r\n" + WANG_ACK)
    rich = (div_html(reply) + "<div><br></div>"
            '<div style="font-size: 12px;font-family: Arial Narrow;padding:2px 0 2px 0;">'
            "------------------&nbsp;原始邮件&nbsp;------------------</div>"
            '<div style="font-size: 12px;background:#efefef;padding:8px;">'
            f"<div><b>发件人:</b>&nbsp;{html.escape(sender, quote=False)}</div>"
            f"<div><b>发送时间:</b>&nbsp;{sent}</div>"
            f"<div><b>收件人:</b>&nbsp;{html.escape(to, quote=False)}</div>"
            f"<div><b>主题:</b>&nbsp;{html.escape(topic, quote=False)}</div></div><div><br></div>"
            + div_html(WANG_ACK))
    boundary = f"----=_NextPart_{epoch(date):08X}_0D5A7C31_3E6B90F2"
    body = multipart(boundary, [
        (['Content-Type: text/plain; charset="gb2312"', "Content-Transfer-Encoding: base64"],
         b64_lines(plain.encode("gb2312")) + "\r\n"),
        (['Content-Type: text/html; charset="gb2312"', "Content-Transfer-Encoding: base64"],
         b64_lines(rich.encode("gb2312")) + "\r\n"),
    ], "This is a multi-part message in MIME format.")
    write(arrival(date, 4, 3), [
        "Return-Path: <xiaoming.wang@example.cn>",
        f"Date: {date}",
        f"From: {encoded_word('王小明', 'GB2312')} <xiaoming.wang@example.cn>",
        f"To: {encoded_word('maildesk 客服中心', 'GB2312')} <support@maildesk.example>",
        f"Subject: {words('回复: 订单 #20231 的发票抬头需要修改', 'GB2312')}",
        "Message-ID: <202611210926132841035@example.cn>",
        f"In-Reply-To: {WANG_FIRST_ID}",
        f"References: {WANG_FIRST_ID}",
        "X-Mailer: Foxmail 7.2.25.228[cn]",
        "Mime-Version: 1.0",
        f'Content-Type: multipart/alternative; boundary="{boundary}"',
    ], body)


def outlook_lock_wifi() -> None:
    """陈静's technical need from Outlook on Windows: GB2312, quoted-printable plain and Word HTML."""
    date = "Sat, 21 Nov 2026 20:41:07 +0800"
    plain = text("""
        你好，

        我上个月在你们官网买的 SL-200 智能门锁，今天家里换了新路由器，之后门锁就一直连不上 Wi-Fi。

        已经试过：
        1）App 里删除设备后重新添加，到“连接网络”这一步一直转圈，大概一分钟后提示“配网失败”；
        2）按说明书长按复位键 5 秒恢复出厂设置，再配还是一样；
        3）配网时手机和门锁离路由器都不到 3 米。

        新路由器是双频的，2.4G 和 5G 用的是同一个 Wi-Fi 名称，不知道是不是这个原因？需要怎么设置？

        现在只能用密码和指纹开门，远程开锁和门铃提醒都用不了，麻烦尽快帮忙看一下。

        陈静
        """)
    paragraphs = "\n".join(
        f"<p class=MsoNormal>{html.escape(line, quote=False)}<o:p></o:p></p>" if line
        else "<p class=MsoNormal><o:p>&nbsp;</o:p></p>"
        for line in plain.rstrip("\r\n").split("\r\n"))
    rich = text("""
        <html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" xmlns="http://www.w3.org/TR/REC-html40"><head><meta http-equiv=Content-Type content="text/html; charset=gb2312"><meta name=Generator content="Microsoft Word 15 (filtered medium)"><style><!--
        /* Font Definitions */
        @font-face
        \t{font-family:等线;
        \tpanose-1:2 1 6 0 3 1 1 1 1 1;}
        /* Style Definitions */
        p.MsoNormal, li.MsoNormal, div.MsoNormal
        \t{margin:0cm;
        \ttext-align:justify;
        \ttext-justify:inter-ideograph;
        \tfont-size:10.5pt;
        \tfont-family:等线;}
        @page WordSection1
        \t{size:612.0pt 792.0pt;
        \tmargin:72.0pt 90.0pt 72.0pt 90.0pt;}
        div.WordSection1
        \t{page:WordSection1;}
        --></style></head><body lang=ZH-CN link="#0563C1" vlink="#954F72" style='text-justify-trim:punctuation'><div class=WordSection1>
        PARAGRAPHS
        </div></body></html>
        """).replace("PARAGRAPHS", paragraphs.replace("\n", "\r\n"))
    boundary = "----=_NextPart_000_000C_01DD79B5.A1F02B90"
    body = multipart(boundary, [
        (["Content-Type: text/plain;", '\tcharset="gb2312"', "Content-Transfer-Encoding: quoted-printable"],
         qp(plain, "gb2312")),
        (["Content-Type: text/html;", '\tcharset="gb2312"', "Content-Transfer-Encoding: quoted-printable"],
         qp(rich, "gb2312")),
    ], "This is a multipart message in MIME format.")
    write(arrival(date, 5, 6), [
        f"From: {encoded_word('陈静', 'gb2312')} <chen.jing@example.com.cn>",
        "To: <support@maildesk.example>",
        f"Subject: {words('智能门锁无法连接 Wi-Fi', 'gb2312')}",
        f"Date: {date}",
        "Message-ID: <000b01dd79b5$93ff3380$be2a7e30$@example.com.cn>",
        "MIME-Version: 1.0",
        "Content-Type: multipart/alternative;",
        f'\tboundary="{boundary}"',
        "X-Mailer: Microsoft Outlook 16.0",
        "Thread-Index: Ad15tZP/KhBuii++MH7SZaTdPp9DHQ==",
        "Content-Language: zh-cn",
    ], body)


# Daniel Brooks writes from Gmail three times; each later mail replies to the one before it.
DANIEL = "Daniel Brooks <daniel.brooks@example.com>"
DANIEL_IDS = [
    "<CAO8fZ2Lq7x+Hk3vN1sWd0pTgQm6rYb9cE4uJaK5n=VhXo2tBzw@mail.gmail.com>",
    "<CAO8fZ2Kb3pR_wq7Tn0cLx5yVd9sEj2mHuA6kGf1oZ8iYt4N+Qg@mail.gmail.com>",
    "<CAO8fZ2JvT5n0qW8xR3kYb_7mLc2dHs9pEu4aGf6oN1iZt-Bq=A@mail.gmail.com>",
]
DANIEL_MAILS = [
    ("Sat, 21 Nov 2026 10:05:44 -0800", "Sat, Nov 21, 2026 at 10:05\u202fAM", text("""
        Hi there,

        My HomeHub H2 drops offline almost every night, somewhere around 2 a.m., and it doesn't come back until I unplug it and plug it back in. While it's offline none of the automations run - last night the porch lights stayed on until morning.

        It's wired to the router with Ethernet, not Wi-Fi. The router log shows the hub's port going down at about the same time each night; nothing else on the network is affected.

        Is this a known issue? The hub was order #30877, bought in October.

        Thanks,
        Daniel Brooks
        """)),
    ("Sat, 21 Nov 2026 10:19:02 -0800", "Sat, Nov 21, 2026 at 10:19\u202fAM", text("""
        Forgot to add: the hub is on firmware 4.12.0. It updated itself on Nov 12 and I'm fairly sure the drop-outs started that week. Serial number is H2-7741-0932-18.

        Daniel
        """)),
    ("Sun, 22 Nov 2026 09:31:27 -0800", None, text("""
        Quick update: last night I switched off "Nightly maintenance" in the app, and for the first time this week the hub was still online in the morning. So it looks like the maintenance restart is what knocks it off the network, and on Ethernet it never reconnects by itself.

        I'd rather not leave maintenance off for good. Is a fix on the way, or can I roll back to 4.11?

        Daniel
        """)),
]


def daniel_bodies(k: int) -> tuple:
    """Plain and HTML text of Daniel's k-th mail: his words, then Gmail's quote of the mail before (which holds the
    ones before that)."""
    _, _, own = DANIEL_MAILS[k]
    if k == 0:
        return own, div_html(own)
    prev_plain, prev_rich = daniel_bodies(k - 1)
    said = DANIEL_MAILS[k - 1][1]
    plain = f"{own}\r\nOn {said} {DANIEL}\r\nwrote:\r\n\r\n{quote(prev_plain)}"
    rich = (div_html(own) + '<br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">'
            f"On {said} {html.escape(DANIEL, quote=False)} wrote:<br></div>"
            '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);'
            f'padding-left:1ex">{prev_rich}</blockquote></div>')
    return plain, rich


def gmail_hub_thread(k: int, n: int, delay: int) -> None:
    """The k-th mail (0, 1, 2) of Daniel's technical need: Gmail's multipart/alternative in UTF-8; a reply has
    In-Reply-To the mail before it and References every earlier one."""
    date = DANIEL_MAILS[k][0]
    plain, rich = daniel_bodies(k)
    boundary = ["0000000000004e7a1c0647c2b9f1", "000000000000a93d2e0647c2e8b0", "0000000000005c0f8b0647d6a3c4"][k]
    body = multipart(boundary, [
        (['Content-Type: text/plain; charset="UTF-8"', "Content-Transfer-Encoding: quoted-printable"],
         qp(plain, "utf-8")),
        (['Content-Type: text/html; charset="UTF-8"', "Content-Transfer-Encoding: quoted-printable"],
         qp(f'<div dir="ltr">{rich}</div>\r\n', "utf-8")),
    ])
    threading = ["References: " + "\r\n ".join(DANIEL_IDS[:k]), f"In-Reply-To: {DANIEL_IDS[k - 1]}"] if k else []
    write(arrival(date, n, delay), [
        "MIME-Version: 1.0",
        *threading,
        f"From: {DANIEL}",
        f"Date: {date}",
        f"Message-ID: {DANIEL_IDS[k]}",
        "Subject: " + ("Re: " if k else "") + "Smart hub goes offline every night",
        "To: support@maildesk.example",
        f'Content-Type: multipart/alternative; boundary="{boundary}"',
    ], body)


def qqmail_return_request() -> None:
    """张伟's return request from QQ Mail: GB18030, base64 plain and HTML. Its subject 退货申请 is one another
    customer uses later for a thread of their own."""
    date = "Sun, 22 Nov 2026 11:02:36 +0800"
    plain = text("""
        您好：

        我 11 月 15 日下单买的智能插座 P1（4 只装），订单号 20566。收到后发现其中一只插上电指示灯完全不亮，App 里也搜不到，另外三只都正常。

        想申请退货。只退坏的这一只、或者整单退都可以，看你们哪种方便。请问要寄到什么地址？运费怎么算？

        收货人：张伟
        电话：下单时留的那个

        谢谢！
        """)
    rich = ('<meta http-equiv="Content-Type" content="text/html; charset=GB18030">' + div_html(plain))
    boundary = f"----=_NextPart_{epoch(date):08X}_0A3E5D18_4F9C2B61"
    body = multipart(boundary, [
        (["Content-Type: text/plain;", '\tcharset="gb18030"', "Content-Transfer-Encoding: base64"],
         b64_lines(plain.encode("gb18030")) + "\r\n"),
        (["Content-Type: text/html;", '\tcharset="gb18030"', "Content-Transfer-Encoding: base64"],
         b64_lines(rich.encode("gb18030")) + "\r\n"),
    ], "This is a multi-part message in MIME format.")
    write(arrival(date, 8, 2), [
        f"X-QQ-mid: xmsmtpt{epoch(date)}tq8k2r7vd",
        "Message-ID: <tencent_4C9E2A1F7B3D8E6A0C5F1B2D9E7A3C8F4B06@qq.com>",
        "X-QQ-XMAILINFO: NhLpg7QqDnOw9YFc3bXyk1jM0Jz4u8sVWt6eHp2rAiTgC5dR",
        f'From: "{encoded_word("张伟", "gb18030")}" <zhang.wei88@example.com>',
        'To: "support" <support@maildesk.example>',
        f"Subject: {words('退货申请', 'gb18030')}",
        "Mime-Version: 1.0",
        "Content-Type: multipart/alternative;",
        f'\tboundary="{boundary}"',
        "Content-Transfer-Encoding: 8Bit",
        f"Date: {date}",
        "X-Priority: 3",
        "X-QQ-MIME: TCMime 1.0 by Tencent",
        "X-Mailer: QQMail 2.x",
        "X-QQ-Mailer: QQMail 2.x",
    ], body)


def iphone_lock_wifi_follow_up() -> None:
    """陈静 again, from her iPhone: a new mail whose subject she typed as 回复：… (full-width colon) with no
    In-Reply-To or References; only the subject and the sender tie it to her earlier need."""
    date = "Sun, 22 Nov 2026 13:15:50 +0800"
    plain = text("""
        补充一下昨天的情况：

        我把路由器的 2.4G 和 5G 拆成了两个名字，手机连 2.4G 那个再配网，这次进度走到 90% 还是失败了，App 里显示的错误码是 E-0417。

        门锁固件版本是 v2.3.8，App 是最新的 5.6.1。路由器是 TP-LINK 的 AX3000。

        是不是还要在路由器上改什么设置？

        发自我的iPhone
        """)
    write(arrival(date, 9, 9), [
        "Content-Type: text/plain;",
        "\tcharset=utf-8",
        "Content-Transfer-Encoding: base64",
        f"From: {encoded_word('陈静', 'utf-8')} <chen.jing@example.com.cn>",
        "Mime-Version: 1.0 (1.0)",
        f"Date: {date}",
        f"Subject: {words('回复：智能门锁无法连接 Wi-Fi', 'utf-8')}",
        "Message-Id: <9B3E2F6A-1C4D-4E8B-A7F2-5D0C8E1B3A96@example.com.cn>",
        "To: support@maildesk.example",
        "X-Mailer: iPhone Mail (23B85)",
    ], b64_lines(plain.encode("utf-8")) + "\r\n")


def apple_mail_praise() -> None:
    """Feedback (praise) in Chinese from Apple Mail on a Mac: UTF-8 quoted-printable, a 5-star rating."""
    date = "Sun, 22 Nov 2026 16:48:21 +0800"
    plain = text("""
        你好，

        上周六在你们店里买了 SL-200 门锁，周二安装师傅李师傅上门装的。提前半小时打电话确认，装完还把旧锁留下的螺丝孔补好了，地上一点灰都没留，走之前又手把手教我爸妈录指纹，特别耐心。

        用了几天，开锁很快，App 的提醒也很及时。

        给李师傅和你们的服务打 5 分：★★★★★

        黄蕾
        """)
    write(arrival(date, 10, 4), [
        f"From: {encoded_word('黄蕾', 'utf-8')} <huang.lei@example.com>",
        "Content-Type: text/plain;",
        "\tcharset=utf-8",
        "Content-Transfer-Encoding: quoted-printable",
        "Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3826.300.87.4.3\\))",
        f"Subject: {words('给安装师傅点个赞！', 'utf-8')}",
        "Message-Id: <4C1B7E9D-2F3A-4B6C-8D5E-0A9F1E2C3B47@example.com>",
        f"Date: {date}",
        "To: support@maildesk.example",
        "X-Mailer: Apple Mail (2.3826.300.87.4.3)",
    ], qp(plain, "utf-8"))


def carrier_newsletter() -> None:
    """A robot: a shipping partner's newsletter, with List-Id, List-Unsubscribe (one-click) and Precedence: bulk."""
    date = "Mon, 23 Nov 2026 01:00:05 +0000"
    unsubscribe = "https://news.shipfast.example/u/7c1e9a2b4f?l=merchant-news"
    plain = text(f"""
        ShipFast Merchant News – November 2026

        HOLIDAY CUT-OFF DATES
        For delivery before 24 December within the mainland, hand your parcels to us by:
          - Economy (3–7 days): 15 December
          - Standard (2–3 days): 19 December
          - Express (next day): 22 December, 16:00

        NEW IN THE MERCHANT API
        You can now create prepaid return labels with POST /v2/returns and send them to your customers by email.

        Our depots are closed on 25–26 December and 1 January.

        You receive this email because support@maildesk.example has a ShipFast merchant account.
        Unsubscribe: {unsubscribe}
        ShipFast Logistics Ltd · 1 Example Quay · Harbour City
        """)
    rich = text(f"""
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><title>ShipFast Merchant News</title></head>
        <body style="margin:0;background:#f4f5f7;font-family:Arial,sans-serif;color:#222">
        <table role="presentation" width="600" align="center" style="background:#fff">
        <tr><td style="padding:24px"><h1 style="font-size:22px">ShipFast Merchant News – November 2026</h1>
        <h2 style="font-size:16px">Holiday cut-off dates</h2>
        <p>For delivery before 24 December within the mainland, hand your parcels to us by:</p>
        <ul><li>Economy (3–7 days): <b>15 December</b></li><li>Standard (2–3 days): <b>19 December</b></li>
        <li>Express (next day): <b>22 December, 16:00</b></li></ul>
        <h2 style="font-size:16px">New in the merchant API</h2>
        <p>You can now create prepaid return labels with <code>POST /v2/returns</code> and send them to your customers by email.</p>
        <p>Our depots are closed on 25–26 December and 1 January.</p></td></tr>
        <tr><td style="padding:16px 24px;font-size:11px;color:#777">You receive this email because support@maildesk.example has a ShipFast merchant account.
        <a href="{unsubscribe}">Unsubscribe</a><br>ShipFast Logistics Ltd · 1 Example Quay · Harbour City</td></tr>
        </table></body></html>
        """)
    boundary = "=_sfmail_6f1c2a9e8b7d4c3a"
    body = multipart(boundary, [
        (['Content-Type: text/plain; charset="utf-8"', "Content-Transfer-Encoding: quoted-printable"], qp(plain, "utf-8")),
        (['Content-Type: text/html; charset="utf-8"', "Content-Transfer-Encoding: quoted-printable"], qp(rich, "utf-8")),
    ])
    write(arrival(date, 12, 11), [
        "Return-Path: <bounce-mn-7c1e9a2b4f@mailer.shipfast.example>",
        f"Date: {date}",
        "From: ShipFast Merchant News <news@shipfast.example>",
        "Reply-To: ShipFast Merchant Support <merchants@shipfast.example>",
        "To: support@maildesk.example",
        "Subject: Holiday cut-off dates and return labels in the API",
        "Message-ID: <20261123010005.6f1c2a9e8b7d4c3a@mailer.shipfast.example>",
        "List-Id: ShipFast merchant news <merchant-news.shipfast.example>",
        f"List-Unsubscribe: <{unsubscribe}>,",
        " <mailto:unsubscribe+7c1e9a2b4f@shipfast.example>",
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
        "Precedence: bulk",
        "Feedback-ID: mn-2026-11:merchant-news:shipfast",
        "MIME-Version: 1.0",
        f'Content-Type: multipart/alternative; boundary="{boundary}"',
    ], body)


def coremail_return_request() -> None:
    """刘洋's return request from NetEase's Coremail webmail: GBK base64. Same subject as 张伟's open thread
    (退货申请), a different sender: a thread of its own."""
    date = "Mon, 23 Nov 2026 09:47:19 +0800 (CST)"
    plain = text("""
        客服你好，

        扫地机器人 RV-5 用了三天，主刷那里一直有很大的咔咔声，扫着扫着还会突然停下来报“主刷缠绕”，可我检查过，上面什么都没缠。

        现在还在七天无理由退货期内（11月17日签收的），我想直接退货退款，不换货了。包装盒和配件都还留着。

        订单号 #20614

        刘洋
        """)
    rich = ('<div style="line-height:1.7;color:#000000;font-size:14px;font-family:Arial">'
            + div_html(plain) + "</div><br><br>")
    boundary = f"----=_Part_218433_1520849036.{epoch(date)}123"
    body = multipart(boundary, [
        (["Content-Type: text/plain; charset=GBK", "Content-Transfer-Encoding: base64"],
         b64_lines(plain.encode("gbk")) + "\r\n"),
        (["Content-Type: text/html; charset=GBK", "Content-Transfer-Encoding: base64"],
         b64_lines(rich.encode("gbk")) + "\r\n"),
    ])
    write(arrival(date, 13, 5), [
        f"Date: {date}",
        f"From: {encoded_word('刘洋', 'GBK')} <liu.yang@example.net.cn>",
        "To: support@maildesk.example",
        f"Subject: {words('退货申请', 'GBK')}",
        "X-Priority: 3",
        "X-Mailer: Coremail Webmail Server Version XT5.0.14 build 20230109(dcb5de15)",
        "Content-Type: multipart/alternative; ",
        f'\tboundary="{boundary}"',
        "MIME-Version: 1.0",
        "Message-ID: <6f3a1c2e.4d7b.19ab2f5e31c.Coremail.liu.yang@example.net.cn>",
        "X-Coremail-Locale: zh_CN",
    ], body)


def invoice_form_pdf() -> bytes:
    """A small, valid one-page PDF: the invoice application form 孙丽 fills in (its text in ASCII for Helvetica)."""
    lines = ["Invoice Application Form", "Order: #20487 (20 x SmartPlug P1)", "Invoice type: VAT special invoice",
             "Company: Hangzhou Hemu Information Technology Co., Ltd.", "Tax ID: 91330106MA2H7K3Q5X",
             "Amount: CNY 2,380.00", "Contact: Sun Li"]
    content = ("BT /F1 12 Tf 16 TL 72 780 Td " + " ".join(f"({line}) '" for line in lines) + " ET").encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf, offsets = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return pdf


def thunderbird_invoice_with_form() -> None:
    """孙丽 asks for a VAT invoice from Thunderbird and attaches 发票申请表.pdf: the file name in RFC 2231 form
    (filename*=UTF-8''…) and as an encoded word (name=\"=?UTF-8?B?…?=\"); the text travels 8bit, format=flowed."""
    date = "Mon, 23 Nov 2026 10:32:08 +0800"
    filename = "发票申请表.pdf"
    note = text("""
        您好，

        我司 11 月 18 日下单采购了 20 个智能插座 P1（订单号 #20487），需要开具增值税专用发票。

        开票信息已经填在附件的《发票申请表》里，请查收。如有问题请随时联系我。

        谢谢！

        -- 
        孙丽
        杭州禾木信息技术有限公司 行政部
        """)
    boundary = "------------9mK3vX0bQ2rT7yL1pN8wZ4cE"
    body = multipart(boundary, [
        (["Content-Type: text/plain; charset=UTF-8; format=flowed", "Content-Transfer-Encoding: 8bit"], note),
        ([f'Content-Type: application/pdf; name="{encoded_word(filename, "UTF-8")}"',
          "Content-Disposition: attachment;",
          f" filename*=UTF-8''{rfc2231_quote(filename)}",
          "Content-Transfer-Encoding: base64"], b64_lines(invoice_form_pdf()) + "\r\n"),
    ], "This is a multi-part message in MIME format.")
    write(arrival(date, 14, 7), [
        "Message-ID: <5e2c9a1f-3b7d-4c8e-9f1a-2d6b0e4c7a35@example.com.cn>",
        f"Date: {date}",
        "MIME-Version: 1.0",
        "User-Agent: Mozilla Thunderbird",
        "Content-Language: zh-CN",
        "To: support@maildesk.example",
        f"From: {encoded_word('孙丽', 'UTF-8')} <sun.li@example.com.cn>",
        f"Subject: {words('订单 #20487 申请开具增值税专用发票', 'UTF-8')}",
        "Content-Type: multipart/mixed;",
        f' boundary="{boundary}"',
    ], body.encode("utf-8"))


def postfix_bounce() -> None:
    """A robot: Postfix returns maildesk's answer to a customer address that does not exist (5.1.1), as a
    multipart/report delivery-status with the returned message's headers."""
    date = "Mon, 23 Nov 2026 03:15:31 +0000 (UTC)"
    queue_id = "4F2A81C0A3"
    boundary = f"{queue_id}.{epoch(date)}/mail.example.net"
    notification = text("""
        This is the mail system at host mail.example.net.

        I'm sorry to have to inform you that your message could not
        be delivered to one or more recipients. It's attached below.

        For further assistance, please send mail to postmaster.

        If you do so, please include this problem report. You can
        delete your own text from the attached returned message.

                           The mail system

        <tom.harris@example.org>: host mx1.example.org[192.0.2.25] said: 550 5.1.1
            <tom.harris@example.org>: Recipient address rejected: User unknown in
            virtual mailbox table (in reply to RCPT TO command)
        """)
    report = text(f"""
        Reporting-MTA: dns; mail.example.net
        X-Postfix-Queue-ID: {queue_id}
        X-Postfix-Sender: rfc822; support@maildesk.example
        Arrival-Date: Mon, 23 Nov 2026 03:15:29 +0000 (UTC)

        Final-Recipient: rfc822; tom.harris@example.org
        Original-Recipient: rfc822;tom.harris@example.org
        Action: failed
        Status: 5.1.1
        Remote-MTA: dns; mx1.example.org
        Diagnostic-Code: smtp; 550 5.1.1 <tom.harris@example.org>: Recipient address
            rejected: User unknown in virtual mailbox table
        """)
    returned = text(f"""
        Return-Path: <support@maildesk.example>
        Received: from desk.maildesk.example (desk.maildesk.example [198.51.100.20])
        \tby mail.example.net (Postfix) with ESMTPSA id {queue_id}
        \tfor <tom.harris@example.org>; Mon, 23 Nov 2026 03:15:29 +0000 (UTC)
        Date: Mon, 23 Nov 2026 03:15:28 +0000
        From: maildesk Support <support@maildesk.example>
        To: Tom Harris <tom.harris@example.org>
        Subject: Re: Replacement remote for Lumi ceiling light
        Message-ID: <md.20261123031528.4a7f1c@maildesk.example>
        In-Reply-To: <b7e2c0d1-88a4-4f0e-9e51-3c6a2f9d1b44@example.org>
        References: <b7e2c0d1-88a4-4f0e-9e51-3c6a2f9d1b44@example.org>
        MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: 8bit
        """)
    body = multipart(boundary, [
        (["Content-Description: Notification", "Content-Type: text/plain; charset=us-ascii"], notification),
        (["Content-Description: Delivery report", "Content-Type: message/delivery-status"], report),
        (["Content-Description: Undelivered Message Headers", "Content-Type: text/rfc822-headers"], returned),
    ], "This is a MIME-encapsulated message.")
    write(arrival(date, 15, 1), [
        "Return-Path: <>",
        "Delivered-To: support@maildesk.example",
        "Received: by mail.example.net (Postfix)",
        f"\tid 7C3D21C0B5; {date}",
        f"Date: {date}",
        "From: MAILER-DAEMON@mail.example.net (Mail Delivery System)",
        "Subject: Undelivered Mail Returned to Sender",
        "To: support@maildesk.example",
        "Auto-Submitted: auto-replied",
        "MIME-Version: 1.0",
        "Content-Type: multipart/report; report-type=delivery-status;",
        f'\tboundary="{boundary}"',
        "Content-Transfer-Encoding: 7bit",
        "Message-Id: <20261123031531.7C3D21C0B5@mail.example.net>",
    ], body)


def big5_warranty_claim() -> None:
    """An after-sales warranty claim from Taiwan in Traditional Chinese: Windows Live Mail, Big5 base64."""
    date = "Mon, 23 Nov 2026 14:08:55 +0800"
    plain = text("""
        您好：

        我去年12月在貴公司官網購買的 CamOne 智慧攝影機（訂單編號 #15342），最近一個禮拜畫面常常變成全黑，只剩下聲音，重新開機後大概十分鐘又會黑掉。每次切換夜視模式的時候會聽到「喀」一聲，之後就沒有畫面了。

        產品還在一年保固期內，請問要怎麼申請維修或更換？需要寄回到哪裡？發票和保固卡我都有留著。

        另外想請問，送修期間是否可以先提供備用機？

        林怡君 敬上
        """)
    write(arrival(date, 16, 14), [
        "Message-ID: <6A54F1D3C2B74E21A0F3C4D5E6B7A8C9@LinPC>",
        f'From: "{encoded_word("林怡君", "big5")}" <lin.yijun@example.com.tw>',
        "To: <support@maildesk.example>",
        f"Subject: {words('CamOne 攝影機畫面全黑，申請保固維修', 'big5')}",
        f"Date: {date}",
        "MIME-Version: 1.0",
        "Content-Type: text/plain;",
        "\tformat=flowed;",
        '\tcharset="big5";',
        "\treply-type=original",
        "Content-Transfer-Encoding: base64",
        "X-Priority: 3",
        "X-MSMail-Priority: Normal",
        "Importance: Normal",
        "X-Mailer: Microsoft Windows Live Mail 16.4.3528.331",
        "X-MimeOLE: Produced By Microsoft MimeOLE V16.4.3528.331",
    ], b64_lines(plain.encode("big5")) + "\r\n")


def yahoo_double_charge() -> None:
    """An English billing question (a double charge) from Yahoo Mail: 7bit plain and HTML with long lines."""
    date = "Mon, 23 Nov 2026 17:22:40 +0000 (UTC)"
    paragraphs = [
        "Hello,",
        "I was charged twice for order #30921 (SmartPlug P1 2-pack, $39.98). Both charges are on my Visa ending "
        "in 4417, dated Nov 21 - one at 8:14 PM and the other at 8:15 PM. I only placed one order and I only got one "
        "confirmation email.",
        "The second charge is no longer pending, so it doesn't look like it will drop off on its own. Could you "
        "please refund the duplicate? I can send a screenshot of my statement if you need it.",
        "Thanks,\nRachel Nguyen",
    ]
    plain = "\r\n\r\n".join(p.replace("\n", "\r\n") for p in paragraphs) + "\r\n"
    rich = ('<html><head></head><body><div class="ydp3f9a1c2eyahoo-style-wrap" style="font-family:Helvetica Neue, '
            'Helvetica, Arial, sans-serif;font-size:13px;">'
            + '<div dir="ltr" data-setdir="false"><br></div>'.join(
                f'<div dir="ltr" data-setdir="false">{html.escape(p, quote=False).replace(chr(10), "<br>")}</div>'
                for p in paragraphs)
            + "</div></body></html>")
    ms = epoch(date) * 1000 + 123
    boundary = f"----=_Part_2211873_1203948571.{ms - 2}"
    body = multipart(boundary, [
        (["Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: 7bit"], plain),
        (["Content-Type: text/html; charset=UTF-8", "Content-Transfer-Encoding: 7bit"], rich + "\r\n"),
    ])
    write(arrival(date, 17, 3), [
        f"Date: {date}",
        "From: Rachel Nguyen <rachel.nguyen@example.com>",
        'To: "support@maildesk.example" <support@maildesk.example>',
        f"Message-ID: <1984532107.2211874.{ms}@mail.yahoo.com>",
        "Subject: Charged twice for order #30921",
        "MIME-Version: 1.0",
        "Content-Type: multipart/alternative; ",
        f'\tboundary="{boundary}"',
        "X-Mailer: WebService/1.1.25321 YMailNorrin",
    ], body)


def zoho_html_only_sales_question() -> None:
    """A sales question before purchase from Zoho Mail, which sends HTML only (no text/plain): paragraphs, a list
    and a link, UTF-8 quoted-printable."""
    date = "Tue, 24 Nov 2026 08:55:03 +0000"
    rich = text("""
        <!DOCTYPE html><html><head><meta content="text/html;charset=UTF-8" http-equiv="Content-Type"></head><body><div style="font-family: Verdana, Arial, Helvetica, sans-serif; font-size: 10pt;">
        <p>Hello,</p>
        <p>I manage 12 rental flats in Leeds and I'm thinking of fitting your SL-200 smart lock on all of them, so tenants and cleaners no longer need physical keys. Before I order, could you help with a few questions?</p>
        <ul>
        <li>Do you offer a discount for 12 units or more?</li>
        <li>Can I manage every lock from one account and send time-limited codes to tenants and cleaners?</li>
        <li>Will it fit a UK euro-cylinder door, 44&nbsp;mm thick?</li>
        <li>How long does delivery to the UK take, and are import duties included in the price?</li>
        </ul>
        <p>I've read the product page (<a href="https://shop.maildesk.example/products/sl-200" target="_blank">https://shop.maildesk.example/products/sl-200</a>) but couldn't find answers there. My budget is around £2,000 for the lot – installation we'd do ourselves.</p>
        <p>Kind regards,<br>Oliver Bennett<br>Bennett Lettings</p>
        </div><br></body></html>
        """)
    write(arrival(date, 18, 6), [
        f"Date: {date}",
        "From: Oliver Bennett <oliver@bennettlettings.example>",
        'To: "support" <support@maildesk.example>',
        "Message-Id: <19ab6f3c2e7.d41e8a20127734.5829301847562039184@bennettlettings.example>",
        "Subject: Smart locks for 12 rental flats - a few questions before ordering",
        "MIME-Version: 1.0",
        'Content-Type: text/html; charset="UTF-8"',
        "Content-Transfer-Encoding: quoted-printable",
        "Importance: Medium",
        "User-Agent: Zoho Mail",
        "X-Mailer: Zoho Mail",
    ], qp(rich, "utf-8"))


def foxmail_refund_complaint() -> None:
    """Feedback (an angry complaint about a late refund) from Foxmail, GB18030 base64 plain and HTML."""
    date = "Tue, 24 Nov 2026 21:37:52 +0800"
    plain = text("""
        你们到底怎么回事？？

        11月8日申请的退货，摄像头11月10日就寄回去了，顺丰单号 SF1402887655310，物流显示11月11日你们仓库已经签收。

        页面上写的是“签收后3个工作日内退款”，现在都快两个星期了，钱还是没退回来！中间打了三次客服电话，每次都说“已经帮您加急了，请耐心等待”，然后就没有下文了。

        订单号 #19877，金额 399 元。

        请今天之内给我一个明确的答复，到底哪天能退到账。再拖下去我就去12315投诉了。

        周强
        """)
    boundary = f"----=_NextPart_{epoch(date):08X}_2B71E0C4_5D38A9F6"
    body = multipart(boundary, [
        (['Content-Type: text/plain; charset="GB18030"', "Content-Transfer-Encoding: base64"],
         b64_lines(plain.encode("gb18030")) + "\r\n"),
        (['Content-Type: text/html; charset="GB18030"', "Content-Transfer-Encoding: base64"],
         b64_lines(div_html(plain).encode("gb18030")) + "\r\n"),
    ], "This is a multi-part message in MIME format.")
    write(arrival(date, 19, 3), [
        "Return-Path: <zhou.qiang@example.cn>",
        f"Date: {date}",
        f"From: {encoded_word('周强', 'GB18030')} <zhou.qiang@example.cn>",
        "To: support@maildesk.example",
        f"Subject: {words('退款拖了半个月还没到账！订单 #19877', 'GB18030')}",
        "Message-ID: <202611242137523216718@example.cn>",
        "X-Mailer: Foxmail 7.2.25.375[cn]",
        "Mime-Version: 1.0",
        f'Content-Type: multipart/alternative; boundary="{boundary}"',
    ], body)


def outlook365_suggestion() -> None:
    """Feedback (a feature suggestion) in English from Outlook on Microsoft 365: UTF-8 base64, curly quotes."""
    date = "Wed, 25 Nov 2026 15:10:26 +0000"
    paragraphs = [
        "Hello,",
        "A small idea for the app, from a happy user of the hub, two cameras and the lock.",
        "At the moment I have to switch on \u201cAway\u201d mode by hand when we leave the house, and half the time "
        "I forget. It would be great if the app could do it automatically once every phone in the household has "
        "left a set radius around the house, and switch back when the first person comes home.",
        "Ideally it would be optional per person, so the kids\u2019 phones could be left out.",
        "Keep up the good work!",
        "Sarah Whitfield",
    ]
    plain = "\r\n\r\n".join(paragraphs) + "\r\n"
    font = "font-family: Aptos, Calibri, Helvetica, sans-serif; font-size: 12pt; color: rgb(0, 0, 0);"
    rich = ('<html>\r\n<head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\r\n'
            '<style type="text/css" style="display:none;"> P {margin-top:0;margin-bottom:0;} </style>\r\n'
            '</head>\r\n<body dir="ltr">\r\n'
            + f'<div class="elementToProof" style="{font}"><br></div>\r\n'.join(
                f'<div class="elementToProof" style="{font}">{html.escape(p, quote=False)}</div>\r\n'
                for p in paragraphs)
            + "</body>\r\n</html>\r\n")
    exchange_id = "DB9PR02MB7456A1C3E5F7B9D2E4A6C8F0B1D3E5A7"
    boundary = f"_000_{exchange_id}DB9PR02MB7456eurp_"
    body = multipart(boundary, [
        (['Content-Type: text/plain; charset="utf-8"', "Content-Transfer-Encoding: base64"],
         b64_lines(plain.encode("utf-8")) + "\r\n"),
        (['Content-Type: text/html; charset="utf-8"', "Content-Transfer-Encoding: base64"],
         b64_lines(rich.encode("utf-8")) + "\r\n"),
    ])
    subject = "Suggestion: automatic Away mode when everyone has left"
    write(arrival(date, 20, 8), [
        "From: Sarah Whitfield <s.whitfield@example.co.uk>",
        'To: "support@maildesk.example" <support@maildesk.example>',
        f"Subject: {subject}",
        f"Thread-Topic: {subject}",
        "Thread-Index: Ad187xmhD3kQp0F14GM+T7+o8lVvCw==",
        f"Date: {date}",
        f"Message-ID: <{exchange_id}@DB9PR02MB7456.eurprd02.prod.outlook.com>",
        "Accept-Language: en-GB, en-US",
        "Content-Language: en-GB",
        "X-MS-Has-Attach:",
        "X-MS-TNEF-Correlator:",
        "Content-Type: multipart/alternative;",
        f'\tboundary="{boundary}"',
        "MIME-Version: 1.0",
    ], body)


def becky_japanese_pre_sales() -> None:
    """A sales question before purchase from Japan: Becky! Internet Mail, ISO-2022-JP in 7bit."""
    date = "Thu, 26 Nov 2026 10:12:33 +0900"
    plain = text("""
        ご担当者様

        はじめてご連絡いたします。佐藤と申します。

        貴社のスマートプラグP1の購入を検討しております。
        購入前に、以下の2点を教えていただけますでしょうか。

        1. 日本のコンセント（Aタイプ、100V／50Hz）でそのまま使えますか。
        2. 技適マークは取得済みでしょうか。

        日本への配送が可能でしたら、送料と到着までの日数も
        あわせて教えていただけると助かります。

        よろしくお願いいたします。

        佐藤 健一
        """)
    write(arrival(date, 21, 12), [
        f"Date: {date}",
        f"From: {encoded_word('佐藤 健一', 'ISO-2022-JP')} <k.sato@example.jp>",
        "To: support@maildesk.example",
        f"Subject: {words('スマートプラグP1の日本での使用について', 'ISO-2022-JP')}",
        "Message-Id: <20261126101233.4F2C.A0B6F3E2@example.jp>",
        "MIME-Version: 1.0",
        'Content-Type: text/plain; charset="ISO-2022-JP"',
        "Content-Transfer-Encoding: 7bit",
        "X-Mailer: Becky! ver. 2.81.04 [ja]",
    ], plain.encode("iso-2022-jp").decode("ascii"))


MESSAGES = [
    foxmail_invoice_request,                          # 1
    english_praise_with_attachment,                   # 2
    out_of_office_reply,                              # 3
    foxmail_invoice_reply,                            # 4
    outlook_lock_wifi,                                # 5
    lambda: gmail_hub_thread(0, 6, 5),                # 6
    lambda: gmail_hub_thread(1, 7, 4),                # 7
    qqmail_return_request,                            # 8
    iphone_lock_wifi_follow_up,                       # 9
    apple_mail_praise,                                # 10
    lambda: gmail_hub_thread(2, 11, 6),               # 11
    carrier_newsletter,                               # 12
    coremail_return_request,                          # 13
    thunderbird_invoice_with_form,                    # 14
    postfix_bounce,                                   # 15
    big5_warranty_claim,                              # 16
    yahoo_double_charge,                              # 17
    zoho_html_only_sales_question,                    # 18
    foxmail_refund_complaint,                         # 19
    outlook365_suggestion,                            # 20
    becky_japanese_pre_sales,                         # 21
]


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    for make in MESSAGES:
        make()
    times = [int(name.split(".")[0]) for name in WRITTEN]
    assert WRITTEN == sorted(WRITTEN) and times == sorted(set(times)), "file name order must be arrival order"
    assert [name.split(".")[1] for name in WRITTEN] == [f"M{n}P1" for n in range(1, len(WRITTEN) + 1)]
