#!/usr/bin/env python3
"""Writes the demo Maildir's sample mail (mailboxes/demo/new/): what customers really send.

Run from the repository root. Deterministic: re-running rewrites the same bytes.
"""
import base64
import os

OUT = "mailboxes/demo/new"


def b64_lines(data: bytes) -> str:
    text = base64.b64encode(data).decode()
    return "\r\n".join(text[i:i + 76] for i in range(0, len(text), 76))


def encoded_word(text: str, charset: str) -> str:
    """An RFC 2047 B-encoded word, with the charset label mail clients write."""
    return f"=?{charset}?B?{base64.b64encode(text.encode(charset)).decode()}?="


def write(name: str, headers: list, body: str) -> None:
    data = "\r\n".join(headers).encode("ascii") + b"\r\n\r\n" + body.encode("ascii")
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)


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


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    foxmail_invoice_request()
    english_praise_with_attachment()
    out_of_office_reply()
