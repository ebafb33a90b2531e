#!/usr/bin/env python3
"""Generate the MIME parser fixture pairs in Tests/MIMETests/Fixtures/.

Each case writes NNN-name.eml (the raw message, LF line endings; the test runner
also runs it with CRLF) and NNN-name.json (a PARTIAL expectation, see
docs/parse-json.md and the key rules below).

Expectation keys checked by the runner:
  message_id, subject, date, in_reply_to, html, auto_submitted, auto_reason: exact
  from, to, cc, reply_to: exact arrays of {"name", "address"}
  originator: exact {"field", "name", "address"} or null (who wrote it: From, else
        Reply-To, Sender, Return-Path)
  references: exact array
  text: exact after normalising (LF line ends, trailing spaces per line removed,
        leading/trailing blank lines trimmed)
  attachments: same length and order as the attachment parts; each object partial
  delivery_status: exact object or null
  x_problems: true = at least one problem reported, false = none
  x_text_contains, x_text_excludes, x_html_contains: substrings
  x_comment: what the case pins

Rules kept by every case so that the CRLF run gives the same results:
  * no CR byte anywhere in an .eml;
  * size/sha256 are asserted only for parts whose decoded bytes do not depend on
    the line ending (base64, uuencode, or single-line / LF-free content).

Run:  python3 Tests/MIMETests/make_fixtures.py
Every message is built from Python's codecs, base64 and quopri; the expected
values are computed here from the same decoded bytes.
"""

import base64
import binascii
import hashlib
import json
import quopri
import re
import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parent / "Fixtures"

CASES = []


# ----------------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------------

def raw(*chunks):
    """Concatenate str (encoded as UTF-8; normally pure ASCII) and bytes chunks."""
    out = bytearray()
    for c in chunks:
        out += c.encode("utf-8") if isinstance(c, str) else c
    return bytes(out)


def H(*lines):
    """Header block (or any block of lines) joined with LF, with a final LF."""
    return "\n".join(lines) + "\n"


def b64(data, width=76):
    """Base64 body wrapped at `width` characters, final LF included."""
    s = base64.b64encode(data).decode("ascii")
    return "\n".join(s[i:i + width] for i in range(0, len(s), width)) + "\n"


def qp(data):
    """Quoted-printable body (quopri: soft breaks at 76, '=' escaped)."""
    out = quopri.encodestring(data).decode("ascii")
    return out if out.endswith("\n") else out + "\n"


def qword(data):
    """RFC 2047 Q encoding of bytes (space -> '_')."""
    out = []
    for b in data:
        c = chr(b)
        if b == 0x20:
            out.append("_")
        elif c.isalnum() and b < 0x80 or c in "!*+-/":
            out.append(c)
        else:
            out.append("=%02X" % b)
    return "".join(out)


def ew(text, charset="UTF-8", enc="B", codec=None):
    """One RFC 2047 encoded word. `text` is str (encoded with `codec`) or bytes."""
    data = text if isinstance(text, bytes) else text.encode(codec or charset)
    if enc.upper() == "B":
        payload = base64.b64encode(data).decode("ascii")
    else:
        payload = qword(data)
    return "=?%s?%s?%s?=" % (charset, enc, payload)


def pct(data):
    """RFC 2231 percent encoding of bytes (attribute-char kept)."""
    keep = set(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&+-.^_`|~")
    return "".join(chr(b) if b in keep else "%%%02X" % b for b in data)


def sha(data):
    return hashlib.sha256(data).hexdigest()


def att(data=None, filename=None, content_type=None, disposition=None, content_id=...,
        with_size=True):
    """Partial expected attachment object."""
    d = {}
    if filename is not None:
        d["filename"] = filename
    if content_type is not None:
        d["content_type"] = content_type
    if data is not None and with_size:
        d["size"] = len(data)
        d["sha256"] = sha(data)
    if disposition is not None:
        d["disposition"] = disposition
    if content_id is not ...:
        d["content_id"] = content_id
    return d


def addr(name, address):
    return {"name": name, "address": address}


def norm_text(s):
    """The runner's normalisation of `text`."""
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    lines = [l.rstrip(" \t") for l in s.split("\n")]
    while lines and lines[0] == "":
        lines.pop(0)
    while lines and lines[-1] == "":
        lines.pop()
    return "\n".join(lines)


def crlf(s):
    """Client bodies are CRLF text before base64; a realistic detail."""
    return s.replace("\n", "\r\n")


KEY_ORDER = ["x_comment", "message_id", "subject", "date", "from", "to", "cc", "reply_to",
             "originator", "in_reply_to", "references", "text", "html", "attachments", "auto_submitted",
             "auto_reason", "delivery_status", "x_problems", "x_text_contains",
             "x_text_excludes", "x_html_contains"]


def case(name, eml, comment, **expect):
    if isinstance(eml, str):
        eml = eml.encode("utf-8")
    assert b"\r" not in eml, name + ": CR in eml"
    assert eml.endswith(b"\n"), name + ": no final LF"
    assert re.fullmatch(r"[a-z0-9][a-z0-9.-]*", name), name
    exp = {"x_comment": comment}
    for k, v in expect.items():
        if k == "from_":
            k = "from"
        exp[k] = v
    for k in exp:
        assert k in KEY_ORDER, (name, k)
    if exp.get("text") is not None:
        exp["text"] = norm_text(exp["text"])
    ordered = {k: exp[k] for k in KEY_ORDER if k in exp}
    CASES.append((name, eml, ordered))


# Common values
SUPPORT = addr(None, "support@shop.example.com")
NOT_AUTO = dict(auto_submitted=False, auto_reason=None)


def png(w, h, rgb):
    """A real, tiny PNG image."""
    rows = b"".join(b"\x00" + bytes(rgb) * w for _ in range(h))

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def pdf(title):
    """A small, well-formed one-page PDF."""
    content = ("BT /F1 12 Tf 72 720 Td (%s) Tj ET" % title).encode("latin-1")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def sjis_to_jis(two):
    c1, c2 = two[0], two[1]
    if c1 >= 0xE0:
        c1 -= 0x40
    row = (c1 - 0x81) * 2 + 0x21
    if c2 >= 0x9F:
        row += 1
        c2 = c2 - 0x9F + 0x21
    else:
        if c2 >= 0x80:
            c2 -= 1
        c2 = c2 - 0x40 + 0x21
    return bytes([row, c2])


def iso2022jp_ms(text):
    """ISO-2022-JP as Microsoft's CP50221 writes it: JIS X 0208 plus the NEC row 13
    special characters (①, ㈱, ...), which plain ISO-2022-JP codecs reject."""
    out = bytearray()
    mode = "ascii"
    for ch in text:
        if ord(ch) < 0x80:
            if mode != "ascii":
                out += b"\x1b(B"
                mode = "ascii"
            out += ch.encode("ascii")
        else:
            sj = ch.encode("cp932")
            assert len(sj) == 2, ch
            if mode != "jis":
                out += b"\x1b$B"
                mode = "jis"
            out += sjis_to_jis(sj)
    if mode != "ascii":
        out += b"\x1b(B"
    return bytes(out)


# ============================================================================
# 1. Header fields and addresses
# ============================================================================

case("plain-customer-mail", H(
    "Return-Path: <maria.gonzalez@example.net>",
    "Received: from mail-wr1-f44.google.com (mail-wr1-f44.google.com [198.51.100.44])",
    "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4Tq9x21Lm5z9sQ",
    "\tfor <support@shop.example.com>; Mon, 15 Jan 2024 10:02:13 +0000 (UTC)",
    "Received: by mail-wr1-f44.google.com with SMTP id ffacd0b85a97d-3367a304d77so5203081f8f.3",
    "        for <support@shop.example.com>; Mon, 15 Jan 2024 02:02:12 -0800 (PST)",
    "MIME-Version: 1.0",
    "From: Maria Gonzalez <maria.gonzalez@example.net>",
    "Date: Mon, 15 Jan 2024 11:02:07 +0100",
    "Message-ID: <CAH7x9Qd0kZ1mYw6pQ3vR8sT5uV2wX4yZ@mail.gmail.com>",
    "Subject: Order #48213 arrived damaged",
    "To: support@shop.example.com",
    "Cc: \"Luis Gonzalez\" <luis.g@example.net>",
    "Content-Type: text/plain; charset=\"UTF-8\"",
    "Content-Transfer-Encoding: 7bit",
    "",
    "Hello,",
    "",
    "My order #48213 arrived today but the box was crushed and the lamp",
    "inside is broken. Could you send a replacement?",
    "",
    "Thanks,",
    "Maria",
), "An ordinary RFC 5322 customer mail: every field parsed, no robot flags, no problems.",
    message_id="CAH7x9Qd0kZ1mYw6pQ3vR8sT5uV2wX4yZ@mail.gmail.com",
    subject="Order #48213 arrived damaged",
    date="2024-01-15T10:02:07Z",
    from_=[addr("Maria Gonzalez", "maria.gonzalez@example.net")],
    to=[SUPPORT],
    cc=[addr("Luis Gonzalez", "luis.g@example.net")],
    reply_to=[],
    in_reply_to=None,
    references=[],
    text="Hello,\n\nMy order #48213 arrived today but the box was crushed and the lamp\n"
         "inside is broken. Could you send a replacement?\n\nThanks,\nMaria",
    html=None,
    attachments=[],
    auto_submitted=False, auto_reason=None,
    delivery_status=None,
    x_problems=False,
)

case("folded-headers", H(
    "Return-Path: <j.devries@example.org>",
    "Received: from smtp.example.org (smtp.example.org [203.0.113.17])",
    "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4TqC0b3xYJz9sT",
    "\tfor <sales@shop.example.com>; Mon, 15 Jan 2024 13:40:22 +0000 (UTC)",
    "Message-ID: <8f0c2a5e-3b1d-4c7a-9e2f-5d6b7a8c9d01@example.org>",
    "Date: Mon, 15 Jan 2024 14:40:18 +0100",
    "MIME-Version: 1.0",
    "User-Agent: Mozilla Thunderbird",
    "Content-Language: nl",
    "From: Jan de Vries <j.devries@example.org>",
    "To: Sales <sales@shop.example.com>,",
    " \"Purchasing Dept.\" <purchasing@shop.example.com>",
    "Subject: Request for quotation: 500 units of stainless steel",
    " fasteners, delivery to Rotterdam",
    " before end of March",
    "Content-Type: text/plain; charset=UTF-8;",
    " format=fixed",
    "Content-Transfer-Encoding: 7bit",
    "",
    "Good afternoon,",
    "",
    "Please quote 500 units of M8 x 40 stainless steel bolts (A4-70),",
    "delivered to our warehouse in Rotterdam.",
    "",
    "Kind regards,",
    "Jan de Vries",
), "Folded Subject, To and Content-Type are unfolded (CRLF removed, the folding space kept).",
    subject="Request for quotation: 500 units of stainless steel fasteners, delivery to "
            "Rotterdam before end of March",
    date="2024-01-15T13:40:18Z",
    from_=[addr("Jan de Vries", "j.devries@example.org")],
    to=[addr("Sales", "sales@shop.example.com"),
        addr("Purchasing Dept.", "purchasing@shop.example.com")],
    text="Good afternoon,\n\nPlease quote 500 units of M8 x 40 stainless steel bolts (A4-70),\n"
         "delivered to our warehouse in Rotterdam.\n\nKind regards,\nJan de Vries",
    x_problems=False,
)

case("address-groups", H(
    "Return-Path: <ops@logistics.example.net>",
    "Received: from mail.logistics.example.net (mail.logistics.example.net [203.0.113.80])",
    "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4TqD1n6zQbz9sV",
    "\tfor <support@shop.example.com>; Tue, 16 Jan 2024 07:12:44 +0000 (UTC)",
    "From: Logistics Ops <ops@logistics.example.net>",
    "To: Undisclosed recipients:;",
    "Cc: Support Team: Alice Wong <alice@shop.example.com>, bob@shop.example.com;,",
    " carol@example.org",
    "Reply-To: Billing: billing@logistics.example.net;",
    "Subject: Warehouse closed on Friday",
    "Date: Tue, 16 Jan 2024 08:12:40 +0100",
    "Message-ID: <20240116071240.3F1A2B@mail.logistics.example.net>",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=us-ascii",
    "Content-Transfer-Encoding: 7bit",
    "",
    "Our warehouse will be closed this Friday for inventory.",
    "Pickups scheduled for Friday move to Monday.",
), "Group syntax: an empty group yields no address, a named group is flattened into its "
   "members, and addresses after a group are kept.",
    from_=[addr("Logistics Ops", "ops@logistics.example.net")],
    to=[],
    cc=[addr("Alice Wong", "alice@shop.example.com"), addr(None, "bob@shop.example.com"),
        addr(None, "carol@example.org")],
    reply_to=[addr(None, "billing@logistics.example.net")],
    text="Our warehouse will be closed this Friday for inventory.\n"
         "Pickups scheduled for Friday move to Monday.",
    x_problems=False,
)

case("address-quoted-names", H(
    "Return-Path: <john.smith@example.com>",
    "Received: from outbound.example.com (outbound.example.com [198.51.100.23])",
    "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4TqD9k1fP2z9sW",
    "\tfor <returns@shop.example.com>; Tue, 16 Jan 2024 09:30:02 +0000 (UTC)",
    "From: \"Smith, John \\\"JJ\\\"\" <john.smith@example.com>",
    "To: \"Support \\\\ Returns\" <returns@shop.example.com>,",
    " Bob Jones <bob.jones@shop.example.com> (work)",
    "Cc: \"O'Neil, Patrick\" <p.oneil@example.org>, \"bob@home\" <bob@example.org>",
    "Reply-To: \"Smith, John\" <john.smith+orders@example.com>",
    "Subject: Return label",
    "Date: Tue, 16 Jan 2024 09:29:55 +0000",
    "Message-ID: <5f7a9c1e.1c69fb81.2a3b4.7d21@mx.example.com>",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=us-ascii",
    "",
    "Please send me a return label for order 47110.",
    "JJ",
), "Quoted display names: escaped quotes and backslashes unescaped, commas and '@' inside "
   "quotes do not split, a trailing comment is not part of the name.",
    from_=[addr('Smith, John "JJ"', "john.smith@example.com")],
    to=[addr("Support \\ Returns", "returns@shop.example.com"),
        addr("Bob Jones", "bob.jones@shop.example.com")],
    cc=[addr("O'Neil, Patrick", "p.oneil@example.org"), addr("bob@home", "bob@example.org")],
    reply_to=[addr("Smith, John", "john.smith+orders@example.com")],
    text="Please send me a return label for order 47110.\nJJ",
)

case("address-obsolete-syntax", H(
    "Received: from relay2.example.net (relay2.example.net [192.0.2.44])",
    "\tby mx1.shop.example.com (8.14.7/8.14.7) with ESMTP id r0GAx2Kp021544",
    "\tfor <ops@example.org>; Tue, 16 Jan 2024 10:59:02 GMT",
    "From: John Q. Public <jqp@example.com>",
    "To: Mary Smith <@relay1.example.net,@relay2.example.net:mary@example.net>,",
    " <@mx.example.org:ops@example.org>",
    "Cc: first@example.com,, second@example.com,",
    "Subject: Shipment 7 of 12",
    "Date: Tue, 16 Jan 2024 10:58:57 +0000",
    "Message-ID: <199701161058.KAA02154@example.com>",
    "",
    "Shipment 7 of 12 left the depot this morning.",
), "Obsolete RFC 5322 section 4.4 forms: a '.' in an unquoted display name, source routes "
   "in angle addresses (dropped), and empty list elements.",
    from_=[addr("John Q. Public", "jqp@example.com")],
    to=[addr("Mary Smith", "mary@example.net"), addr(None, "ops@example.org")],
    cc=[addr(None, "first@example.com"), addr(None, "second@example.com")],
    text="Shipment 7 of 12 left the depot this morning.",
)

case("encoded-display-names", H(
    "Received: from smtp.example.com (smtp.example.com [203.0.113.9])",
    "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4TqF2c5mWlz9sX",
    "\tfor <zhangsan@shop.example.com>; Tue, 16 Jan 2024 03:05:41 +0000 (UTC)",
    "From: " + ew("李明", "UTF-8") + " <li.ming@example.com>",
    "To: " + ew("张三", "GB2312") + " <zhangsan@shop.example.com>",
    "Cc: " + ew("陈镕", "GBK") + " <chen.rong@example.com>,",
    " " + ew("陳大文", "Big5", codec="big5") + " <tw.chen@example.com>,",
    " " + ew("René Dupont", "UTF-8", "Q") + " <rene@example.fr>,",
    " Acme " + ew("Köln", "ISO-8859-1", "Q", codec="latin-1") + " <koeln@example.de>",
    "Subject: Meeting notes",
    "Date: Tue, 16 Jan 2024 11:05:37 +0800",
    "Message-ID: <a1b2c3d4e5f6@smtp.example.com>",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=UTF-8",
    "Content-Transfer-Encoding: 8bit",
    "",
    "Notes attached in the shared folder.",
), "RFC 2047 display names in UTF-8 (B and Q), GB2312, GBK (a GBK-only character), Big5 and "
   "ISO-8859-1, including an encoded word after a plain word (space kept).",
    from_=[addr("李明", "li.ming@example.com")],
    to=[addr("张三", "zhangsan@shop.example.com")],
    cc=[addr("陈镕", "chen.rong@example.com"), addr("陳大文", "tw.chen@example.com"),
        addr("René Dupont", "rene@example.fr"), addr("Acme Köln", "koeln@example.de")],
    subject="Meeting notes",
    date="2024-01-16T03:05:37Z",
)

case("encoded-word-in-quoted-name", raw(H(
    "Received: from PC-LISI (unknown [198.51.100.77])",
    "\tby mx1.shop.example.com (Postfix) with ESMTP id 4TqF9r2bL0z9sY",
    "\tfor <support@shop.example.com>; Tue, 16 Jan 2024 06:20:18 +0000 (UTC)",
    "Message-ID: <000801da4853$2f4e1c20$0a00a8c0@PCLISI>",
    "From: \"" + ew("李四", "gb2312") + "\" <lisi@example.com>",
    "To: \"" + ew("客服", "gb2312") + "\" <support@shop.example.com>",
    "Subject: " + ew("询价", "gb2312"),
    "Date: Tue, 16 Jan 2024 14:20:11 +0800",
    "MIME-Version: 1.0",
    "Content-Type: text/plain;",
    "\tcharset=\"gb2312\"",
    "Content-Transfer-Encoding: base64",
    "X-Priority: 3",
    "X-MSMail-Priority: Normal",
    "X-Mailer: Microsoft Outlook Express 6.00.2900.5931",
    "X-MimeOLE: Produced By Microsoft MimeOLE V6.00.2900.6157",
    "",
), b64(crlf("请报一下A型号的价格。\n李四\n").encode("gb2312"))),
    "Encoded words inside a quoted display name, as Outlook Express and Foxmail send them, "
    "are decoded.",
    from_=[addr("李四", "lisi@example.com")],
    to=[addr("客服", "support@shop.example.com")],
    subject="询价",
    text="请报一下A型号的价格。\n李四",
)

case("raw-utf8-headers", H(
    "Received: from webmail.example.com (webmail.example.com [203.0.113.50])",
    "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4TqG1x7vN3z9sZ",
    "\tfor <support@shop.example.com>; Tue, 16 Jan 2024 08:44:09 +0000 (UTC)",
    "From: 王小明 <wang.xm@example.com>",
    "To: \"客服中心\" <support@shop.example.com>",
    "Subject: 订单 20240115 发票问题",
    "Date: Tue, 16 Jan 2024 16:44:03 +0800",
    "Message-ID: <20240116164403.8812@webmail.example.com>",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=UTF-8",
    "Content-Transfer-Encoding: 8bit",
    "",
    "你好，订单 20240115 的发票还没有收到，请尽快寄出。",
    "王小明",
), "Raw (unencoded) UTF-8 in Subject and display names, with an 8bit UTF-8 body.",
    from_=[addr("王小明", "wang.xm@example.com")],
    to=[addr("客服中心", "support@shop.example.com")],
    subject="订单 20240115 发票问题",
    text="你好，订单 20240115 的发票还没有收到，请尽快寄出。\n王小明",
    html=None,
)

_gbk_name = "黄小龙".encode("gbk")
_gbk_subj = "关于合同的问题".encode("gbk")
for _b in (_gbk_name, _gbk_subj):
    try:
        _b.decode("utf-8")
        raise SystemExit("raw GBK sample happens to be valid UTF-8")
    except UnicodeDecodeError:
        pass
case("raw-gbk-headers-foxmail", raw(
    H("Received: from DESKTOP-7QK2M1F (unknown [198.51.100.12])",
      "\tby mx1.shop.example.com (Postfix) with ESMTPA id 4TqG8d0sQ4z9t0",
      "\tfor <support@shop.example.com>; Tue, 16 Jan 2024 09:31:20 +0000 (UTC)",
      "Date: Tue, 16 Jan 2024 17:31:15 +0800"),
    b"From: \"" + _gbk_name + b"\" <huang.xl@example.com>\n",
    b"To: \"support\" <support@shop.example.com>\n",
    b"Subject: " + _gbk_subj + b"\n",
    H("X-Priority: 3",
      "X-Has-Attach: no",
      "X-Mailer: Foxmail 7.2.25.228[cn]",
      "Mime-Version: 1.0",
      "Message-ID: <202401161731151735210@example.com>",
      "Content-Type: text/plain;",
      "\tcharset=\"GBK\"",
      "Content-Transfer-Encoding: 8bit",
      ""),
    "您好：\n\n合同第三条的付款期限能否改为60天？\n\n黄小龙\n".encode("gbk")),
    "Raw 8-bit GBK Subject and display name (not valid UTF-8) decode as GB18030; the 8bit "
    "GBK body decodes too.",
    from_=[addr("黄小龙", "huang.xl@example.com")],
    to=[addr("support", "support@shop.example.com")],
    subject="关于合同的问题",
    text="您好：\n\n合同第三条的付款期限能否改为60天？\n\n黄小龙",
)


# ============================================================================
# 2. Dates
# ============================================================================

_DATE_SENDERS = [
    ("Ken Adams", "ken.adams@example.net", "X-Mailer: Apple Mail (2.3774.300.61.1.2)"),
    ("Priya Natarajan", "priya.n@example.com", "X-Mailer: Microsoft Outlook 16.0"),
    ("Tom Becker", "t.becker@example.de", "User-Agent: Mozilla Thunderbird"),
    ("Ana Souza", "ana.souza@example.com.br", "X-Mailer: iPhone Mail (21C66)"),
    ("Olga Ivanova", "olga@example.ru", "X-Mailer: The Bat! (v10.4.8) Professional"),
    ("Sam Lee", "sam.lee@example.com", "User-Agent: Mutt/2.2.12 (2023-09-09)"),
]
_date_n = [0]


def date_case(name, date_value, expected, comment, problems=None):
    who, email_, mailer = _DATE_SENDERS[_date_n[0] % len(_DATE_SENDERS)]
    _date_n[0] += 1
    mid = "date-%02d.%s" % (_date_n[0], email_.replace("@", "@mail."))
    eml = H(
        "Received: from mail.%s (mail.%s [192.0.2.%d])" % (email_.split("@")[1], email_.split("@")[1], 10 + _date_n[0]),
        "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4TqH%02dQ9z9t1" % _date_n[0],
        "\tfor <support@shop.example.com>; Wed, 17 Jan 2024 09:00:00 +0000 (UTC)",
        "From: %s <%s>" % (who, email_),
        "To: support@shop.example.com",
        "Subject: Question about invoice %d" % (5500 + _date_n[0]),
        "Date: " + date_value,
        "Message-ID: <%s>" % mid,
        mailer,
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=us-ascii",
        "",
        "Could you resend invoice %d as PDF?" % (5500 + _date_n[0]),
        who.split()[0],
    )
    kw = dict(date=expected, message_id=mid)
    if problems is not None:
        kw["x_problems"] = problems
    case(name, eml, comment, **kw)


date_case("date-numeric-offset", "Mon, 31 Dec 2012 22:30:00 -0330", "2013-01-01T02:00:00Z",
          "A negative half-hour offset converts to UTC across the day, month and year boundary.")
date_case("date-zone-est", "Thu, 13 Feb 1997 09:30:00 EST", "1997-02-13T14:30:00Z",
          "Obsolete zone EST is -0500.")
date_case("date-zone-pdt", "Fri, 21 Jun 2019 17:45:10 PDT", "2019-06-22T00:45:10Z",
          "Obsolete zone PDT is -0700 and the UTC date moves to the next day.")
date_case("date-zone-ut", "Sat, 2 Mar 2024 08:00:00 UT", "2024-03-02T08:00:00Z",
          "Obsolete zone UT is +0000.")
date_case("date-zone-gmt", "Sun, 03 Mar 2024 23:59:59 GMT", "2024-03-03T23:59:59Z",
          "Obsolete zone GMT is +0000.")
date_case("date-military-z", "Wed, 5 Jun 2024 12:00:00 Z", "2024-06-05T12:00:00Z",
          "Military zone Z is +0000.")
date_case("date-military-a", "Wed, 5 Jun 2024 12:00:00 A", "2024-06-05T12:00:00Z",
          "Military zone A is treated as -0000 (no offset) per RFC 5322 section 4.3.")
date_case("date-two-digit-year-97", "Mon, 6 Oct 97 14:05:00 -0400", "1997-10-06T18:05:00Z",
          "Two-digit year 97 means 1997.")
date_case("date-two-digit-year-03", "Wed, 5 Mar 03 09:15:00 +0100", "2003-03-05T08:15:00Z",
          "Two-digit year 03 means 2003.")
date_case("date-no-day-of-week", "15 Jan 2024 11:02:07 +0100", "2024-01-15T10:02:07Z",
          "A date without the optional day of week.")
date_case("date-no-seconds", "Mon, 15 Jan 2024 11:02 +0100", "2024-01-15T10:02:00Z",
          "A time without seconds gets :00.")
date_case("date-zone-comment", "Mon, 15 Jan 2024 18:02:07 +0800 (CST)", "2024-01-15T10:02:07Z",
          "A zone comment after the numeric offset is ignored; the offset decides.")
date_case("date-full-month-name", "Tue, 1 July 2003 10:52:37 +0200", "2003-07-01T08:52:37Z",
          "A full month name is accepted.")
date_case("date-lowercase", "tue, 01 jul 2003 10:52:37 +0000", "2003-07-01T10:52:37Z",
          "Day and month names are case-insensitive.")
date_case("date-extra-spaces", "Tue,  1   Jul  2003   10:52:37    +0200", "2003-07-01T08:52:37Z",
          "Runs of spaces between date tokens are accepted.")
date_case("date-asctime", "Tue Jul  1 10:52:37 2003", "2003-07-01T10:52:37Z",
          "The asctime form (no zone) is read as UTC.")
date_case("date-unparsable", "sometime next week", None,
          "An unparsable Date gives date null and a reported problem.", problems=True)


# ============================================================================
# 3. Message-ID, In-Reply-To, References
# ============================================================================

case("ids-folded-references", H(
    "Received: from desk.example.org (desk.example.org [203.0.113.61])",
    "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4TqJ3w8yR5z9t2",
    "\tfor <support@shop.example.com>; Tue, 16 Jan 2024 09:30:15 +0000 (UTC)",
    "Message-ID:",
    " <20240116093012.GA4412@desk.example.org>",
    "In-Reply-To: <CAH7x9Qd0kZ1mYw6pQ3vR8sT5uV2wX4yZ@mail.gmail.com>",
    "References: <1a2b3c4d@mail.example.net>",
    " <CAB0x1yTq-9d@mail.gmail.com> junk-between <d4e5f6@example.org>,",
    "\t<CAH7x9Qd0kZ1mYw6pQ3vR8sT5uV2wX4yZ@mail.gmail.com>",
    "From: Ops Desk <desk@example.org>",
    "To: support@shop.example.com",
    "Subject: Re: Order #48213 arrived damaged",
    "Date: Tue, 16 Jan 2024 10:30:12 +0100",
    "User-Agent: Mutt/2.2.12 (2023-09-09)",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=us-ascii",
    "Content-Disposition: inline",
    "",
    "Replacement shipped today.",
), "Message-ID folded onto the next line, References folded over three lines with junk "
   "words and commas between ids: ids come out without brackets, in order.",
    message_id="20240116093012.GA4412@desk.example.org",
    in_reply_to="CAH7x9Qd0kZ1mYw6pQ3vR8sT5uV2wX4yZ@mail.gmail.com",
    references=["1a2b3c4d@mail.example.net", "CAB0x1yTq-9d@mail.gmail.com", "d4e5f6@example.org",
                "CAH7x9Qd0kZ1mYw6pQ3vR8sT5uV2wX4yZ@mail.gmail.com"],
    subject="Re: Order #48213 arrived damaged",
)

case("ids-in-reply-to-comment", H(
    "Received: from laptop.example.com (laptop.example.com [198.51.100.90])",
    "\tby mx1.shop.example.com (Postfix) with ESMTPSA id 4TqJ9a1bC6z9t3",
    "\tfor <support@shop.example.com>; Thu, 02 Feb 2012 11:40:31 +0000 (UTC)",
    "From: Bob Smith <bob@example.com>",
    "To: support@shop.example.com",
    "Subject: Re: Firmware update",
    "In-Reply-To: <4F2A1B3C.9080706@shop.example.com> (Support's message of \"Thu, 02 Feb",
    " 2012 11:22:04 +0100\") <ignored-second@example.com>",
    "References: <4F2A1B3C.9080706@shop.example.com>",
    "Message-ID: <87ehub1x7q.fsf@example.com>",
    "User-Agent: Gnus/5.13 (Gnus v5.13) Emacs/28.2 (gnu/linux)",
    "Date: Thu, 02 Feb 2012 12:40:27 +0100",
    "MIME-Version: 1.0",
    "Content-Type: text/plain",
    "",
    "The update worked, thanks.",
), "In-Reply-To with a trailing comment (Gnus style) and a second id: the first id, "
   "without brackets.",
    in_reply_to="4F2A1B3C.9080706@shop.example.com",
    references=["4F2A1B3C.9080706@shop.example.com"],
    message_id="87ehub1x7q.fsf@example.com",
    date="2012-02-02T11:40:27Z",
)


# ============================================================================
# 4. RFC 2047 encoded words
# ============================================================================

def simple_mail(subject_line, extra_headers=(), body="Thanks.\n", from_line=None,
                mailer="X-Mailer: Microsoft Outlook 16.0", ctype="text/plain; charset=us-ascii",
                mid="<0a1b2c3d4e5f@example.com>", date="Wed, 17 Jan 2024 10:15:00 +0000"):
    return H(
        "Received: from mail.example.com (mail.example.com [203.0.113.5])",
        "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4TqK2b3cD7z9t4",
        "\tfor <support@shop.example.com>; " + date,
        from_line or "From: Customer <customer@example.com>",
        "To: support@shop.example.com",
        subject_line,
        "Date: " + date,
        "Message-ID: " + mid,
        *extra_headers,
        mailer,
        "MIME-Version: 1.0",
        "Content-Type: " + ctype,
        "",
    ) + body


case("rfc2047-b-q-and-plain",
     simple_mail("Subject: Re: " + ew("你好", "UTF-8") + " and " + ew("café", "ISO-8859-1", "Q", codec="latin-1") + " menu",
                 mid="<rfc2047-1@example.com>"),
     "B and Q encoded words mixed with plain words: the spaces between an encoded word and "
     "plain text are kept.",
     subject="Re: 你好 and café menu")

case("rfc2047-adjacent-words",
     simple_mail("Subject: " + ew("Your order ", "UTF-8", "Q") + " " + ew("has shipped", "UTF-8", "Q") + "\n "
                 + ew(" ✓", "UTF-8", "B") + " today",
                 mid="<rfc2047-2@example.com>", mailer="X-Mailer: Apple Mail (2.3774.300.61.1.2)"),
     "Whitespace (including a fold) between adjacent encoded words is dropped; underscores "
     "are spaces; the space before plain text is kept.",
     subject="Your order has shipped ✓ today")

_u = "关于发票的问题".encode("utf-8")
assert len(_u) == 21
case("rfc2047-split-utf8-char",
     simple_mail("Subject: " + ew(_u[:4], "UTF-8") + " " + ew(_u[4:11], "UTF-8") + "\n " + ew(_u[11:], "UTF-8"),
                 mid="<rfc2047-3@example.com>"),
     "UTF-8 characters split across adjacent B encoded words decode as whole characters "
     "(the bytes are joined before decoding).",
     subject="关于发票的问题")

_g = "报价单已更新".encode("gbk")
assert len(_g) == 12
case("rfc2047-split-gbk-char",
     simple_mail("Subject: " + ew(_g[:3], "GBK") + "\n " + ew(_g[3:7], "GBK") + " " + ew(_g[7:], "GBK", "Q"),
                 mid="<rfc2047-4@example.com>", mailer="X-Mailer: Foxmail 7.2.23.121[cn]"),
     "GBK double-byte characters split between adjacent encoded words (B then Q) decode as "
     "whole characters.",
     subject="报价单已更新")

case("rfc2047-lowercase-markers",
     simple_mail("Subject: " + ew("Réclamation commande n° 7731", "utf-8", "q"),
                 from_line="From: " + ew("刘芳", "gb2312", "b") + " <liu.fang@example.com>",
                 mid="<rfc2047-5@example.com>"),
     "Lowercase ?q? and ?b? markers and lowercase charset names are accepted; Q underscores "
     "become spaces.",
     subject="Réclamation commande n° 7731",
     from_=[addr("刘芳", "liu.fang@example.com")])

_lang_subj = "=?utf-8*zh?B?" + base64.b64encode("退货申请".encode()).decode() + "?="
case("rfc2047-language-tag",
     simple_mail("Subject: " + _lang_subj,
                 from_line="From: =?UTF-8*en?Q?Support_Team?= <team@example.com>",
                 mid="<rfc2047-6@example.com>"),
     "RFC 2231 language suffix in an encoded word's charset (utf-8*zh) is ignored for decoding.",
     subject="退货申请",
     from_=[addr("Support Team", "team@example.com")])

_xlsx = b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(range(200)) + b"PK\x05\x06" + b"\x00" * 18
_xlsx_name = ew("报价单2024.xlsx", "gb2312")
case("rfc2047-in-parameters", H(
    "Received: from APC01-SG2-obe.outbound.protection.outlook.com (mail-sgaapc01on2101.outbound.protection.outlook.com [198.51.100.101])",
    "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4TqK8m4nE8z9t5",
    "\tfor <support@shop.example.com>; Wed, 17 Jan 2024 02:11:40 +0000 (UTC)",
    "From: " + ew("赵敏", "gb2312") + " <zhao.min@example.com>",
    "To: support <support@shop.example.com>",
    "Subject: " + ew("报价单", "gb2312"),
    "Thread-Topic: " + ew("报价单", "gb2312"),
    "Thread-Index: AdpI4y5S0rQ6k2yFTpW3m1nX7c9aFg==",
    "Date: Wed, 17 Jan 2024 02:11:35 +0000",
    "Message-ID: <SG2PR06MB5311A0B1C2D3E4F5A6B7C8D9E0F1A@SG2PR06MB5311.apcprd06.prod.outlook.com>",
    "Accept-Language: zh-CN, en-US",
    "Content-Language: zh-CN",
    "X-MS-Has-Attach: yes",
    "X-Mailer: Microsoft Outlook 16.0",
    "Content-Type: multipart/mixed;",
    "\tboundary=\"_004_SG2PR06MB5311A0B1C2D3E4F5A6B7C8D9E0F1ASG2PR06MB5311apcp_\"",
    "MIME-Version: 1.0",
    "",
    "--_004_SG2PR06MB5311A0B1C2D3E4F5A6B7C8D9E0F1ASG2PR06MB5311apcp_",
    "Content-Type: text/plain; charset=\"gb2312\"",
    "Content-Transfer-Encoding: base64",
    "",
) + b64(crlf("您好，附件是最新报价单，请查收。\n\n赵敏\n").encode("gb2312")) + H(
    "",
    "--_004_SG2PR06MB5311A0B1C2D3E4F5A6B7C8D9E0F1ASG2PR06MB5311apcp_",
    "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;",
    "\tname=\"" + _xlsx_name + "\"",
    "Content-Description: " + _xlsx_name,
    "Content-Disposition: attachment;",
    "\tfilename=\"" + _xlsx_name + "\"; size=%d;" % len(_xlsx),
    "\tcreation-date=\"Wed, 17 Jan 2024 02:10:51 GMT\";",
    "\tmodification-date=\"Wed, 17 Jan 2024 02:11:35 GMT\"",
    "Content-Transfer-Encoding: base64",
    "",
) + b64(_xlsx) + H(
    "",
    "--_004_SG2PR06MB5311A0B1C2D3E4F5A6B7C8D9E0F1ASG2PR06MB5311apcp_--",
), "An encoded word inside quoted name= and filename= parameters (Outlook, QQ) is decoded "
   "to the attachment's filename.",
    subject="报价单",
    text="您好，附件是最新报价单，请查收。\n\n赵敏",
    attachments=[att(_xlsx, filename="报价单2024.xlsx",
                     content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     disposition="attachment")],
)


# ============================================================================
# 5. RFC 2231 parameters
# ============================================================================

def mixed_with_attachments(subject, text, parts, mailer="User-Agent: Mozilla Thunderbird",
                           boundary="------------0AbC1dEf2GhI3jKl4MnO5pQr", mid=None,
                           from_line="From: Customer <customer@example.com>",
                           date="Wed, 17 Jan 2024 11:00:00 +0100"):
    """multipart/mixed with a UTF-8 text part and attachments; `parts` are
    (header_lines, body_str) tuples."""
    out = H(
        "Received: from smtp.example.com (smtp.example.com [203.0.113.9])",
        "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4TqL1p5qF9z9t6",
        "\tfor <support@shop.example.com>; Wed, 17 Jan 2024 10:00:05 +0000 (UTC)",
        "Content-Type: multipart/mixed; boundary=\"%s\"" % boundary,
        "Message-ID: " + (mid or "<%s@example.com>" % hashlib.md5(subject.encode()).hexdigest()[:16]),
        "Date: " + date,
        "MIME-Version: 1.0",
        mailer,
        from_line,
        "To: support@shop.example.com",
        "Subject: " + subject,
        "",
        "This is a multi-part message in MIME format.",
        "--" + boundary,
        "Content-Type: text/plain; charset=UTF-8; format=fixed",
        "Content-Transfer-Encoding: 8bit",
        "",
    ) + text + "\n"
    for headers, body in parts:
        out += "--" + boundary + "\n" + H(*headers) + "\n" + body
    out += "\n--" + boundary + "--\n"
    return out


_pdf1 = pdf("Invoice 2024-0117")
_png1 = png(4, 3, (200, 30, 30))
case("rfc2231-utf8-filename", mixed_with_attachments(
    "Documents for the claim", "Hello,\n\nthe two documents are attached.\n\nRegards",
    [(["Content-Type: application/pdf",
       "Content-Disposition: attachment; filename*=utf-8''%E4%B8%AD%E6%96%87.pdf",
       "Content-Transfer-Encoding: base64"], b64(_pdf1)),
     (["Content-Type: image/png",
       "Content-Disposition: attachment;",
       " filename*=UTF-8'zh-CN'" + pct("发票.png".encode()),
       "Content-Transfer-Encoding: base64"], b64(_png1))]),
    "RFC 2231 extended filename*= in UTF-8, with and without a language tag.",
    text="Hello,\n\nthe two documents are attached.\n\nRegards",
    attachments=[att(_pdf1, "中文.pdf", "application/pdf", "attachment"),
                 att(_png1, "发票.png", "image/png", "attachment")])

_docx = b"PK\x03\x04" + b"word/document.xml" + bytes(range(64, 192)) + b"PK\x05\x06" + b"\x00" * 18
_xls2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(300)
_n1 = pct("2024年度采购".encode())
_n2 = pct("合同草案.docx".encode())
case("rfc2231-continuations", mixed_with_attachments(
    "Contract draft and statement", "Please review both files.",
    [(["Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document",
       "Content-Disposition: attachment;",
       " filename*0*=UTF-8''" + _n1 + ";",
       " filename*1*=" + _n2,
       "Content-Transfer-Encoding: base64"], b64(_docx)),
     (["Content-Type: application/vnd.ms-excel;",
       " name*0=\"Quarterly_financial_statement_\";",
       " name*1=\"for_board_review.xls\"",
       "Content-Disposition: attachment;",
       " filename*0=\"Quarterly_financial_statement_\";",
       " filename*1=\"for_board_review.xls\"",
       "Content-Transfer-Encoding: base64"], b64(_xls2))]),
    "RFC 2231 continuations: encoded (filename*0*, filename*1*) and plain (filename*0, "
    "filename*1) sections are joined in order.",
    text="Please review both files.",
    attachments=[att(_docx, "2024年度采购合同草案.docx",
                     "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "attachment"),
                 att(_xls2, "Quarterly_financial_statement_for_board_review.xls",
                     "application/vnd.ms-excel", "attachment")])

_pdf2 = pdf("Contract v2")
_pdf3 = pdf("Contract")
_he = "合同".encode()  # e5 90 88 e5 90 8c
case("rfc2231-mixed-continuations", mixed_with_attachments(
    "Signed contract", "Signed copy attached, plus the original.",
    [(["Content-Type: application/pdf",
       "Content-Disposition: attachment;",
       " filename*0*=UTF-8''" + pct(_he) + ";",
       " filename*1=\" v2 final.pdf\"",
       "Content-Transfer-Encoding: base64"], b64(_pdf2)),
     (["Content-Type: application/pdf",
       "Content-Disposition: attachment;",
       " filename*0*=UTF-8''" + pct(_he[:2]) + ";",
       " filename*1*=" + pct(_he[2:]) + ".pdf",
       "Content-Transfer-Encoding: base64"], b64(_pdf3))]),
    "RFC 2231 continuations mixing an encoded section with a plain quoted section, and a "
    "UTF-8 character split across two encoded sections (bytes joined before decoding).",
    text="Signed copy attached, plus the original.",
    attachments=[att(_pdf2, "合同 v2 final.pdf", "application/pdf", "attachment"),
                 att(_pdf3, "合同.pdf", "application/pdf", "attachment")])

_xls3 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 2
case("rfc2231-gb2312-charset", mixed_with_attachments(
    "Price list", "价格表见附件。",
    [(["Content-Type: application/vnd.ms-excel",
       "Content-Disposition: attachment; filename*=gb2312''" + pct("报价单.xls".encode("gb2312")),
       "Content-Transfer-Encoding: base64"], b64(_xls3))],
    mailer="X-Mailer: Foxmail 7.2.25.228[cn]"),
    "An RFC 2231 filename in the gb2312 charset decodes to Chinese.",
    text="价格表见附件。",
    attachments=[att(_xls3, "报价单.xls", "application/vnd.ms-excel", "attachment")])


# ============================================================================
# 6. MIME tree
# ============================================================================

_logo = png(8, 8, (0, 90, 160))
_inv = pdf("Invoice 4471")
_plain_4471 = "Hi,\n\nattached is invoice 4471 for your January order.\n\nBest,\nClaire\n"
_html_4471 = ('<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head>'
              '<body style="overflow-wrap: break-word;"><div><img src="cid:logo.png@01DA4821.5C1B2F30" '
              'alt="logo"></div><div>Hi,</div><div><br></div><div>attached is invoice 4471 for your '
              'January order.</div><div><br></div><div>Best,<br>Claire</div></body></html>\n')
case("nested-mixed-alternative-related", H(
    "Received: from mail.example.fr (mail.example.fr [203.0.113.33])",
    "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4TqM2r6sG0z9t7",
    "\tfor <billing@shop.example.com>; Wed, 17 Jan 2024 12:00:09 +0000 (UTC)",
    "From: Claire Martin <claire.martin@example.fr>",
    "Content-Type: multipart/mixed;",
    "\tboundary=\"Apple-Mail=_5C9A2E1F-0B3D-4F6A-8E7C-1D2B3A4F5E6D\"",
    "Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3774.300.61.1.2\\))",
    "Subject: Invoice 4471",
    "Message-Id: <7E3B9C2A-4D5F-4A1B-9C8D-2E6F0A1B3C4D@example.fr>",
    "Date: Wed, 17 Jan 2024 13:00:04 +0100",
    "To: billing@shop.example.com",
    "X-Mailer: Apple Mail (2.3774.300.61.1.2)",
    "",
    "",
    "--Apple-Mail=_5C9A2E1F-0B3D-4F6A-8E7C-1D2B3A4F5E6D",
    "Content-Type: multipart/alternative;",
    "\tboundary=\"Apple-Mail=_8F1E2D3C-4B5A-6978-8A9B-0C1D2E3F4A5B\"",
    "",
    "",
    "--Apple-Mail=_8F1E2D3C-4B5A-6978-8A9B-0C1D2E3F4A5B",
    "Content-Transfer-Encoding: 7bit",
    "Content-Type: text/plain;",
    "\tcharset=us-ascii",
    "",
) + _plain_4471 + H(
    "--Apple-Mail=_8F1E2D3C-4B5A-6978-8A9B-0C1D2E3F4A5B",
    "Content-Type: multipart/related;",
    "\ttype=\"text/html\";",
    "\tboundary=\"Apple-Mail=_1A2B3C4D-5E6F-7081-92A3-B4C5D6E7F809\"",
    "",
    "",
    "--Apple-Mail=_1A2B3C4D-5E6F-7081-92A3-B4C5D6E7F809",
    "Content-Transfer-Encoding: quoted-printable",
    "Content-Type: text/html;",
    "\tcharset=us-ascii",
    "",
) + qp(_html_4471.encode()) + H(
    "--Apple-Mail=_1A2B3C4D-5E6F-7081-92A3-B4C5D6E7F809",
    "Content-Transfer-Encoding: base64",
    "Content-Disposition: inline;",
    "\tfilename=logo.png",
    "Content-Type: image/png;",
    "\tx-unix-mode=0644;",
    "\tname=\"logo.png\"",
    "Content-Id: <logo.png@01DA4821.5C1B2F30>",
    "",
) + b64(_logo) + H(
    "--Apple-Mail=_1A2B3C4D-5E6F-7081-92A3-B4C5D6E7F809--",
    "",
    "--Apple-Mail=_8F1E2D3C-4B5A-6978-8A9B-0C1D2E3F4A5B--",
    "",
    "--Apple-Mail=_5C9A2E1F-0B3D-4F6A-8E7C-1D2B3A4F5E6D",
    "Content-Disposition: attachment;",
    "\tfilename=invoice-4471.pdf",
    "Content-Type: application/pdf;",
    "\tx-unix-mode=0644;",
    "\tname=\"invoice-4471.pdf\"",
    "Content-Transfer-Encoding: base64",
    "",
) + b64(_inv) + H(
    "--Apple-Mail=_5C9A2E1F-0B3D-4F6A-8E7C-1D2B3A4F5E6D--",
), "mixed > alternative > (plain, related > (html, image)) plus a PDF: text is the plain "
   "part, html is found, the inline image and the PDF are attachments in document order.",
    text=_plain_4471,
    x_html_contains=["attached is invoice 4471", "cid:logo.png@01DA4821.5C1B2F30"],
    attachments=[att(_logo, "logo.png", "image/png", "inline", "logo.png@01DA4821.5C1B2F30"),
                 att(_inv, "invoice-4471.pdf", "application/pdf", "attachment", None)],
)

case("apple-mail-inline-image-between-text", H(
    "Received: from mail.example.net (mail.example.net [198.51.100.45])",
    "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4TqM9t7uH1z9t8",
    "\tfor <support@shop.example.com>; Wed, 17 Jan 2024 12:31:55 +0000 (UTC)",
    "From: Ken Adams <ken.adams@example.net>",
    "Content-Type: multipart/mixed; boundary=\"Apple-Mail=_0F9E8D7C-6B5A-4938-2716-05F4E3D2C1B0\"",
    "Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3774.300.61.1.2\\))",
    "Subject: Scratch on the table top",
    "Date: Wed, 17 Jan 2024 13:31:49 +0100",
    "Message-Id: <2B7D9F1E-3C5A-4E6B-8D9F-0A1B2C3D4E5F@example.net>",
    "To: support@shop.example.com",
    "X-Mailer: Apple Mail (2.3774.300.61.1.2)",
    "",
    "",
    "--Apple-Mail=_0F9E8D7C-6B5A-4938-2716-05F4E3D2C1B0",
    "Content-Transfer-Encoding: 7bit",
    "Content-Type: text/plain;",
    "\tcharset=us-ascii",
    "",
    "Here is the scratch on the table top:",
    "",
    "--Apple-Mail=_0F9E8D7C-6B5A-4938-2716-05F4E3D2C1B0",
    "Content-Disposition: inline;",
    "\tfilename=IMG_0412.png",
    "Content-Type: image/png;",
    "\tx-unix-mode=0666;",
    "\tname=\"IMG_0412.png\"",
    "Content-Transfer-Encoding: base64",
    "",
) + b64(png(5, 5, (120, 80, 40))) + H(
    "--Apple-Mail=_0F9E8D7C-6B5A-4938-2716-05F4E3D2C1B0",
    "Content-Transfer-Encoding: 7bit",
    "Content-Type: text/plain;",
    "\tcharset=us-ascii",
    "",
    "It was like this when the parcel was opened.",
    "Ken",
    "",
    "--Apple-Mail=_0F9E8D7C-6B5A-4938-2716-05F4E3D2C1B0--",
), "Apple Mail text / inline image / text in multipart/mixed: both text parts are joined "
   "into text in order, the image is one inline attachment.",
    x_text_contains=["Here is the scratch on the table top:",
                     "It was like this when the parcel was opened."],
    attachments=[att(png(5, 5, (120, 80, 40)), "IMG_0412.png", "image/png", "inline")],
    html=None,
)

_digest_b = "===============6813227001874593102=="
_digest_i = "===============5510286313950121704=="
case("multipart-digest", H(
    "Received: from lists.example.org (lists.example.org [203.0.113.70])",
    "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4TqN3v8wJ2z9t9",
    "\tfor <support@shop.example.com>; Thu, 18 Jan 2024 12:00:03 +0000 (UTC)",
    "Content-Type: multipart/mixed; boundary=\"%s\"" % _digest_b,
    "MIME-Version: 1.0",
    "From: support-users-request@lists.example.org",
    "Subject: Support-users Digest, Vol 41, Issue 3",
    "To: support@shop.example.com",
    "Reply-To: support-users@lists.example.org",
    "Date: Thu, 18 Jan 2024 12:00:02 +0000",
    "Message-ID: <mailman.2711.1705579202.1203.support-users@lists.example.org>",
    "X-Mailman-Version: 2.1.39",
    "",
    "--" + _digest_b,
    "Content-Type: text/plain; charset=\"us-ascii\"",
    "MIME-Version: 1.0",
    "Content-Transfer-Encoding: 7bit",
    "Content-Description: Support-users Digest, Vol 41, Issue 3",
    "",
    "Send Support-users mailing list submissions to",
    "\tsupport-users@lists.example.org",
    "",
    "Today's Topics:",
    "",
    "   1. Printer driver question (Dana Kim)",
    "   2. Re: Printer driver question (Eli Roth)",
    "",
    "--" + _digest_b,
    "Content-Type: multipart/digest; boundary=\"%s\"" % _digest_i,
    "MIME-Version: 1.0",
    "",
    "--" + _digest_i,
    "",
    "Message-ID: <a7c1e2f3@example.com>",
    "Date: Wed, 17 Jan 2024 15:10:00 +0000",
    "From: Dana Kim <dana@example.com>",
    "To: support-users@lists.example.org",
    "Subject: Printer driver question",
    "Content-Type: text/plain; charset=us-ascii",
    "",
    "Which driver works with the LX-200 on Windows 11?",
    "",
    "--" + _digest_i,
    "",
    "Message-ID: <b8d2f3a4@example.net>",
    "Date: Wed, 17 Jan 2024 16:22:00 +0000",
    "From: Eli Roth <eli@example.net>",
    "To: support-users@lists.example.org",
    "Subject: Re: Printer driver question",
    "In-Reply-To: <a7c1e2f3@example.com>",
    "Content-Type: text/plain; charset=us-ascii",
    "",
    "The generic PCL6 driver works fine for me.",
    "",
    "--" + _digest_i + "--",
    "",
    "--" + _digest_b + "--",
), "multipart/digest parts without Content-Type default to message/rfc822: each is one "
   "attachment, and their bodies are not part of text.",
    subject="Support-users Digest, Vol 41, Issue 3",
    x_text_contains=["Send Support-users mailing list submissions to", "Printer driver question (Dana Kim)"],
    x_text_excludes=["Which driver works with the LX-200", "generic PCL6 driver works"],
    attachments=[att(content_type="message/rfc822"), att(content_type="message/rfc822")],
)

_fwd_pdf = pdf("Delivery note 3391")
case("forwarded-message-rfc822", H(
    "Received: from EX01.corp.example.com (ex01.corp.example.com [10.0.0.25])",
    "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4TqN8x9yK3z9tB",
    "\tfor <support@shop.example.com>; Thu, 18 Jan 2024 08:15:30 +0000 (UTC)",
    "From: Paula Reed <paula.reed@corp.example.com>",
    "To: support@shop.example.com",
    "Subject: FW: Complaint about delivery",
    "Thread-Topic: Complaint about delivery",
    "Thread-Index: AdpJ0c1k2m3n4o5p6q7r8s9t0u1v2w==",
    "Date: Thu, 18 Jan 2024 08:15:26 +0000",
    "Message-ID: <DM6PR11MB4321ABCDEF0123456789ABCDEF012@DM6PR11MB4321.namprd11.prod.outlook.com>",
    "Accept-Language: en-US",
    "Content-Language: en-US",
    "X-MS-Has-Attach: yes",
    "X-Mailer: Microsoft Outlook 16.0",
    "Content-Type: multipart/mixed;",
    "\tboundary=\"_002_DM6PR11MB4321ABCDEF0123456789ABCDEF012DM6PR11MB4321namp_\"",
    "MIME-Version: 1.0",
    "",
    "--_002_DM6PR11MB4321ABCDEF0123456789ABCDEF012DM6PR11MB4321namp_",
    "Content-Type: text/plain; charset=\"us-ascii\"",
    "Content-Transfer-Encoding: quoted-printable",
    "",
    "Please handle the attached complaint from our customer.",
    "",
    "Paula",
    "",
    "--_002_DM6PR11MB4321ABCDEF0123456789ABCDEF012DM6PR11MB4321namp_",
    "Content-Type: message/rfc822",
    "Content-Disposition: attachment;",
    "\tfilename=\"Complaint about delivery.eml\"",
    "",
    "Received: from mail.example.net (mail.example.net [198.51.100.45])",
    "\tby ex01.corp.example.com with ESMTPS; Wed, 17 Jan 2024 19:02:11 +0000",
    "From: Ken Adams <ken.adams@example.net>",
    "To: Paula Reed <paula.reed@corp.example.com>",
    "Subject: Complaint about delivery",
    "Date: Wed, 17 Jan 2024 20:02:05 +0100",
    "Message-ID: <0C1D2E3F-4A5B-4C6D-8E7F-9A0B1C2D3E4F@example.net>",
    "MIME-Version: 1.0",
    "Content-Type: multipart/mixed; boundary=\"inner-7Hq2\"",
    "",
    "--inner-7Hq2",
    "Content-Type: text/plain; charset=us-ascii",
    "",
    "The courier left the parcel in the rain; the contents are soaked.",
    "",
    "--inner-7Hq2",
    "Content-Type: application/pdf; name=\"delivery-note-3391.pdf\"",
    "Content-Disposition: attachment; filename=\"delivery-note-3391.pdf\"",
    "Content-Transfer-Encoding: base64",
    "",
) + b64(_fwd_pdf) + H(
    "--inner-7Hq2--",
    "",
    "--_002_DM6PR11MB4321ABCDEF0123456789ABCDEF012DM6PR11MB4321namp_--",
), "A forwarded message/rfc822 is exactly one attachment (its inner PDF is not listed "
   "separately) and its body is not part of text.",
    subject="FW: Complaint about delivery",
    text="Please handle the attached complaint from our customer.\n\nPaula",
    x_text_excludes=["left the parcel in the rain"],
    attachments=[att(filename="Complaint about delivery.eml", content_type="message/rfc822",
                     disposition="attachment")],
)

case("preamble-and-epilogue", H(
    "Received: from smtp.example.com (smtp.example.com [203.0.113.9])",
    "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4TqP1z0aL4z9tC",
    "\tfor <support@shop.example.com>; Thu, 18 Jan 2024 09:00:07 +0000 (UTC)",
    "From: Nina Petrova <nina.p@example.com>",
    "To: support@shop.example.com",
    "Subject: Password reset does not arrive",
    "Date: Thu, 18 Jan 2024 10:00:02 +0100",
    "Message-ID: <pre-epi-7731@example.com>",
    "MIME-Version: 1.0",
    "Content-Type: multipart/alternative; boundary=\"=_alt_5f3c\"",
    "",
    "This is a multi-part message in MIME format. If you see this text,",
    "your mail client does not support MIME.",
    "",
    "--=_alt_5f3c",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 7bit",
    "",
    "I requested a password reset three times but no mail arrives.",
    "",
    "--=_alt_5f3c",
    "Content-Type: text/html; charset=utf-8",
    "Content-Transfer-Encoding: 7bit",
    "",
    "<html><body><p>I requested a password reset three times but no mail arrives.</p></body></html>",
    "",
    "--=_alt_5f3c--",
    "",
    "This epilogue text follows the final boundary and must be ignored.",
), "Preamble and epilogue text around the multipart body never appear in text.",
    text="I requested a password reset three times but no mail arrives.",
    x_text_excludes=["multi-part message in MIME format", "epilogue text"],
    x_html_contains=["<p>I requested a password reset"],
)

_trunc_att = b"Order;Qty;Price\r\n4471;2;19.90\r\n4472;1;5.00\r\n"
case("missing-final-boundary", H(
    "Received: from smtp.example.com (smtp.example.com [203.0.113.9])",
    "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4TqP6b1cM5z9tD",
    "\tfor <support@shop.example.com>; Thu, 18 Jan 2024 09:20:07 +0000 (UTC)",
    "From: Nina Petrova <nina.p@example.com>",
    "To: support@shop.example.com",
    "Subject: Order list",
    "Date: Thu, 18 Jan 2024 10:20:02 +0100",
    "Message-ID: <truncated-7732@example.com>",
    "MIME-Version: 1.0",
    "Content-Type: multipart/mixed; boundary=\"b1_1e6a\"",
    "",
    "--b1_1e6a",
    "Content-Type: text/plain; charset=us-ascii",
    "",
    "The list of open orders is attached.",
    "Nina",
    "",
    "--b1_1e6a",
    "Content-Type: text/csv; name=\"orders.csv\"",
    "Content-Disposition: attachment; filename=\"orders.csv\"",
    "Content-Transfer-Encoding: base64",
    "",
) + b64(_trunc_att), "A multipart without its closing boundary: the parts up to the end of "
    "the message are still used, and a problem is reported.",
    text="The list of open orders is attached.\nNina",
    attachments=[att(_trunc_att, "orders.csv", "text/csv", "attachment")],
    x_problems=True,
)

_pad_att = b"\x1f\x8b\x08\x00" + bytes(range(100, 220))
case("boundary-prefix-line", H(
    "Received: from build.example.com (build.example.com [203.0.113.88])",
    "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4TqQ2c3dN6z9tE",
    "\tfor <support@shop.example.com>; Thu, 18 Jan 2024 10:05:00 +0000 (UTC)",
    "From: Build Bot Owner <builds@example.com>",
    "To: support@shop.example.com",
    "Subject: Upload fails with odd separator lines",
    "Date: Thu, 18 Jan 2024 10:04:55 +0000",
    "Message-ID: <prefix-boundary-1@build.example.com>",
    "MIME-Version: 1.0",
    "Content-Type: multipart/mixed; boundary=\"MIMEBoundary42\"",
    "",
    "--MIMEBoundary42",
    "Content-Type: text/plain; charset=us-ascii",
    "",
    "The uploader log shows these lines:",
    "--MIMEBoundary42EXTRA marker written by the legacy exporter",
    "--MIMEBoundary42-legacy second marker",
    "End of log excerpt.",
    "",
    "--MIMEBoundary42   ",
    "Content-Type: application/gzip; name=\"upload.log.gz\"",
    "Content-Disposition: attachment; filename=\"upload.log.gz\"",
    "Content-Transfer-Encoding: base64",
    "",
) + b64(_pad_att) + H(
    "--MIMEBoundary42--",
), "A body line that starts with the boundary plus more characters does not split the part; "
   "a delimiter followed by trailing spaces (transport padding) still does.",
    text="The uploader log shows these lines:\n--MIMEBoundary42EXTRA marker written by the legacy exporter\n"
         "--MIMEBoundary42-legacy second marker\nEnd of log excerpt.",
    attachments=[att(_pad_att, "upload.log.gz", "application/gzip", "attachment")],
)

case("boundary-unquoted", H(
    "Received: from mail-lj1-f170.google.com (mail-lj1-f170.google.com [198.51.100.170])",
    "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4TqQ7e4fP7z9tF",
    "\tfor <support@shop.example.com>; Thu, 18 Jan 2024 11:12:13 +0000 (UTC)",
    "MIME-Version: 1.0",
    "From: Hana Sato <hana.sato@example.com>",
    "Date: Thu, 18 Jan 2024 20:12:05 +0900",
    "Message-ID: <CAF3k9Lm0Zq8Yw7Xv6Ut5Sr4Qp3On2Ml1Kj0Ih9Gf8Ed7Cb6A@mail.gmail.com>",
    "Subject: Coupon code not accepted",
    "To: support@shop.example.com",
    "Content-Type: multipart/alternative; boundary=000000000000a1b2c3060f3d8e21",
    "",
    "--000000000000a1b2c3060f3d8e21",
    "Content-Type: text/plain; charset=\"UTF-8\"",
    "",
    "The coupon WINTER24 is rejected at checkout.",
    "",
    "--000000000000a1b2c3060f3d8e21",
    "Content-Type: text/html; charset=\"UTF-8\"",
    "",
    "<div dir=\"ltr\">The coupon WINTER24 is rejected at checkout.</div>",
    "",
    "--000000000000a1b2c3060f3d8e21--",
), "An unquoted boundary parameter (token form) is honoured.",
    text="The coupon WINTER24 is rejected at checkout.",
    x_html_contains=['<div dir="ltr">The coupon WINTER24'],
    attachments=[],
)


# ============================================================================
# 7. Content-Transfer-Encodings
# ============================================================================

_t = "Hello team,\n\nthe backup job failed again last night at 02:00.\nLog attached.\n\nRegards,\nIvo\n"
_tb = base64.b64encode(crlf(_t).encode()).decode()
# break into irregular lines, insert spaces and garbage characters
_tb_lines = [_tb[0:30], _tb[30:31] + " " + _tb[31:50], "\t" + _tb[50:80] + " !", _tb[80:100] + "*#" + _tb[100:120],
             _tb[120:]]
_att_garbage = bytes(range(0, 256, 3)) * 2
_ab = base64.b64encode(_att_garbage).decode()
_ab_lines = [_ab[i:i + 57] for i in range(0, len(_ab), 57)]
_ab_lines = [(" " + l[:20] + " ~ " + l[20:] + "  ") if n % 2 == 0 else l for n, l in enumerate(_ab_lines)]
case("base64-whitespace-and-garbage", H(
    "Received: from srv.example.org (srv.example.org [203.0.113.120])",
    "\tby mx1.shop.example.com (Postfix) with ESMTP id 4TqR3f5gQ8z9tG",
    "\tfor <support@shop.example.com>; Thu, 18 Jan 2024 02:30:00 +0000 (UTC)",
    "From: Ivo Novak <ivo@example.org>",
    "To: support@shop.example.com",
    "Subject: Backup failed",
    "Date: Thu, 18 Jan 2024 03:29:55 +0100",
    "Message-ID: <b64-garbage-1@srv.example.org>",
    "MIME-Version: 1.0",
    "Content-Type: multipart/mixed; boundary=\"=-bGlzdGVu\"",
    "",
    "--=-bGlzdGVu",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: base64",
    "",
    *_tb_lines,
    "",
    "--=-bGlzdGVu",
    "Content-Type: application/octet-stream; name=\"backup.log.bin\"",
    "Content-Disposition: attachment; filename=\"backup.log.bin\"",
    "Content-Transfer-Encoding: BASE64",
    "",
    *_ab_lines,
    "",
    "--=-bGlzdGVu--",
), "Base64 with irregular line lengths, spaces, tabs and non-alphabet garbage characters: "
   "the garbage is skipped and the data decodes exactly.",
    text=_t,
    attachments=[att(_att_garbage, "backup.log.bin", "application/octet-stream", "attachment")],
)

_t2 = "Short note: the label printer is offline now.\n"
_t2b = base64.b64encode(_t2.encode()).decode().rstrip("=")
_att_np = b"\x89label-printer-status\x00\x01\x02\x03\x04"  # 26 bytes: 26 % 3 == 2
assert len(_att_np) % 3 != 0 and len(_t2.encode()) % 3 != 0
_anp = base64.b64encode(_att_np).decode().rstrip("=")
case("base64-missing-padding", H(
    "Received: from app.example.net (app.example.net [198.51.100.66])",
    "\tby mx1.shop.example.com (Postfix) with ESMTP id 4TqR8g6hR9z9tH",
    "\tfor <support@shop.example.com>; Thu, 18 Jan 2024 06:40:00 +0000 (UTC)",
    "From: Warehouse App <warehouse-app@example.net>",
    "To: support@shop.example.com",
    "Subject: Printer status",
    "Date: Thu, 18 Jan 2024 06:39:58 +0000",
    "Message-ID: <b64-nopad-1@app.example.net>",
    "MIME-Version: 1.0",
    "Content-Type: multipart/mixed; boundary=\"np-boundary\"",
    "",
    "--np-boundary",
    "Content-Type: text/plain; charset=us-ascii",
    "Content-Transfer-Encoding: base64",
    "",
    _t2b,
    "--np-boundary",
    "Content-Type: application/octet-stream; name=\"status.bin\"",
    "Content-Disposition: attachment; filename=\"status.bin\"",
    "Content-Transfer-Encoding: base64",
    "",
    _anp,
    "--np-boundary--",
), "Base64 without its final '=' padding still decodes every byte.",
    text=_t2,
    attachments=[att(_att_np, "status.bin", "application/octet-stream", "attachment")],
)

case("quoted-printable-edge-cases", H(
    "Received: from mail.example.se (mail.example.se [192.0.2.140])",
    "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4TqS4h7jS0z9tJ",
    "\tfor <support@shop.example.com>; Thu, 18 Jan 2024 13:10:00 +0000 (UTC)",
    "From: Anna Berg <anna.berg@example.se>",
    "To: support@shop.example.com",
    "Subject: Wrong price on item ABC-123",
    "Date: Thu, 18 Jan 2024 14:09:51 +0100",
    "Message-ID: <qp-edge-1@mail.example.se>",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: quoted-printable",
    "",
    "Dear support,=20",
    "The item code is ABC-=",
    "123 and the price shown was =e2=82=ac45 instead of =E2=82=AC40.",
    "Chinese label on the box: =e4=b8=ad=E6=96=87",
    "Discount code: 50=ZZOFF",
    "Equation from the manual: a=3D=3Db",
    "Kind regards, Anna=",
), "Quoted-printable: soft line breaks join lines, lower- and uppercase hex decode, an "
   "invalid =ZZ is kept literally, and a trailing '=' at the end of the body is dropped.",
    text="Dear support,\nThe item code is ABC-123 and the price shown was €45 instead of €40.\n"
         "Chinese label on the box: 中文\nDiscount code: 50=ZZOFF\nEquation from the manual: a==b\n"
         "Kind regards, Anna",
)

_bin = bytes(b for b in range(256) if b not in (0x0A, 0x0D)) * 2
case("binary-transfer-encoding", raw(H(
    "Received: from ci.example.com (ci.example.com [203.0.113.99])",
    "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4TqS9j8kT1z9tK",
    "\tfor <support@shop.example.com>; Thu, 18 Jan 2024 14:00:00 +0000 (UTC)",
    "From: CI Server <ci@example.com>",
    "To: support@shop.example.com",
    "Subject: Firmware image for ticket 9021",
    "Date: Thu, 18 Jan 2024 14:00:00 +0000",
    "Message-ID: <binary-cte-1@ci.example.com>",
    "MIME-Version: 1.0",
    "Content-Type: multipart/mixed; boundary=\"bin-7f3a\"",
    "",
    "--bin-7f3a",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
    "",
    "Firmware image for ticket 9021 is attached — please flash it.",
    "",
    "--bin-7f3a",
    "Content-Type: application/octet-stream; name=\"firmware.bin\"",
    "Content-Disposition: attachment; filename=\"firmware.bin\"",
    "Content-Transfer-Encoding: binary",
    "",
), _bin, b"\n--bin-7f3a--\n"),
    "Content-Transfer-Encoding binary: raw bytes (all values except CR and LF, including NUL "
    "and 0xFF) are passed through unchanged.",
    text="Firmware image for ticket 9021 is attached — please flash it.",
    attachments=[att(_bin, "firmware.bin", "application/octet-stream", "attachment")],
)

_uu_data = ("2024-01-18 02:00:01 backup: starting job nightly\n"
            "2024-01-18 02:00:07 backup: ERROR disk /dev/sdb1 not mounted\n"
            "2024-01-18 02:00:07 backup: job nightly aborted (exit 3)\n").encode()
_uu_lines = [binascii.b2a_uu(_uu_data[i:i + 45], backtick=True).decode().rstrip("\n")
             for i in range(0, len(_uu_data), 45)]
case("uuencode-in-text", H(
    "Received: from old-host.example.edu (old-host.example.edu [192.0.2.200])",
    "\tby mx1.shop.example.com (Postfix) with SMTP id 4TqT5k9mV2z9tL",
    "\tfor <support@shop.example.com>; Thu, 18 Jan 2024 15:00:00 +0000 (UTC)",
    "From: Tom Reyes <tom@example.edu>",
    "To: support@shop.example.com",
    "Subject: error log",
    "Date: Thu, 18 Jan 2024 09:59:54 -0500",
    "Message-ID: <200401181459.JAA01234@old-host.example.edu>",
    "",
    "Hi,",
    "",
    "Here is the log file you asked for:",
    "",
    "begin 644 error.log",
    *_uu_lines,
    "`",
    "end",
    "",
    "Let me know if you need anything else.",
    "Tom",
), "A uuencoded block inside text/plain becomes an attachment named from its begin line; "
   "the surrounding text stays in text.",
    x_text_contains=["Here is the log file you asked for:", "Let me know if you need anything else."],
    x_text_excludes=["begin 644", _uu_lines[0]],
    attachments=[att(_uu_data, "error.log")],
)


# ============================================================================
# 8. Charsets
# ============================================================================

def charset_mail(name, ctype_charset, body_bytes, expected_text, comment, cte="8bit",
                 subject_line="Customer enquiry", mailer="X-Mailer: Microsoft Outlook 16.0",
                 from_line="From: Customer <customer@example.com>", extra=(), **kw):
    if cte == "base64":
        body = b64(body_bytes).encode()
    elif cte == "quoted-printable":
        body = qp(body_bytes).encode()
    else:
        body = body_bytes if body_bytes.endswith(b"\n") else body_bytes + b"\n"
    ct = "text/plain; charset=%s" % ctype_charset if ctype_charset is not None else "text/plain"
    eml = raw(H(
        "Received: from mail.example.com (mail.example.com [203.0.113.5])",
        "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4TqV%sz9tM" % hashlib.md5(name.encode()).hexdigest()[:8],
        "\tfor <support@shop.example.com>; Fri, 19 Jan 2024 09:00:00 +0000 (UTC)",
        from_line,
        "To: support@shop.example.com",
        "Subject: " + subject_line,
        "Date: Fri, 19 Jan 2024 09:00:00 +0000",
        "Message-ID: <%s@example.com>" % name,
        mailer,
        *extra,
        "MIME-Version: 1.0",
        "Content-Type: " + ct,
        "Content-Transfer-Encoding: " + cte,
        "",
    ), body)
    if expected_text is not None:
        kw["text"] = expected_text
    case(name, eml, comment, **kw)


charset_mail("charset-us-ascii-cp1252-quotes", "us-ascii",
             b"I ordered the \x93Deluxe\x94 model \x96 it\x92s not what arrived.\n",
             "I ordered the “Deluxe” model – it’s not what arrived.",
             "A us-ascii label with 8-bit bytes that are not UTF-8 decodes as windows-1252 "
             "(0x93 0x94 curly quotes, 0x96 en dash, 0x92 apostrophe).",
             cte="7bit", mailer="X-Mailer: QUALCOMM Windows Eudora Version 7.1.0.9")
charset_mail("charset-iso-8859-1-c1-bytes", "iso-8859-1",
             "Total: 45\x80 \x85 incl. VAT. Caf\xe9 Cr\xe8me\x99 \x8aampon x2.\n".encode("latin-1"),
             "Total: 45€ … incl. VAT. Café Crème™ Šampon x2.",
             "An iso-8859-1 label decodes as windows-1252 so 0x80-0x9F are €, …, ™, Š (not C1 "
             "controls).", cte="quoted-printable")
charset_mail("charset-iso-8859-2", "iso-8859-2",
             "Zażółć gęślą jaźń. Objednávka č. 8812 dorazila poškozená.\n".encode("iso-8859-2"),
             "Zażółć gęślą jaźń. Objednávka č. 8812 dorazila poškozená.",
             "ISO-8859-2 (Central European) body.", cte="quoted-printable")
charset_mail("charset-iso-8859-15", "ISO-8859-15",
             "Le prix est de 45 € TTC pour l'œuvre, réf. Š-12.\n".encode("iso-8859-15"),
             "Le prix est de 45 € TTC pour l'œuvre, réf. Š-12.",
             "ISO-8859-15: 0xA4 is € and 0xBD is œ (not ¤ and ½ as in Latin-1/windows-1252).",
             cte="quoted-printable")
charset_mail("charset-windows-1251", "windows-1251",
             "Здравствуйте! Прошу выставить счёт №1042 на нашу организацию.\n".encode("cp1251"),
             "Здравствуйте! Прошу выставить счёт №1042 на нашу организацию.",
             "windows-1251 Cyrillic body (ё and № included).", cte="base64",
             from_line="From: " + ew("Ольга Иванова", "windows-1251", codec="cp1251") + " <olga@example.ru>",
             from_=[addr("Ольга Иванова", "olga@example.ru")])
charset_mail("charset-koi8-r", "koi8-r",
             "Добрый день. Посылка до сих пор не пришла, трек-номер RA123456789RU.\n".encode("koi8_r"),
             "Добрый день. Посылка до сих пор не пришла, трек-номер RA123456789RU.",
             "KOI8-R Cyrillic body in 8bit.", mailer="X-Mailer: The Bat! (v10.4.8) Professional")
charset_mail("charset-gb2312-with-gbk-chars", "gb2312",
             crlf("您好！我们的联系人是陈镕先生，电话在附件里。\n不好意思再啰嗦一句：请尽快发货。\n").encode("gbk"),
             "您好！我们的联系人是陈镕先生，电话在附件里。\n不好意思再啰嗦一句：请尽快发货。",
             "A gb2312 label decodes as GB18030, so GBK-only characters (镕, 啰) come out right.",
             cte="base64", mailer="X-Mailer: Foxmail 7.2.25.228[cn]")
charset_mail("charset-gb18030-four-byte", "GB18030",
             "订单备注：收件人姓名为𠮷田，商品价格€35。\n".encode("gb18030"),
             "订单备注：收件人姓名为𠮷田，商品价格€35。",
             "GB18030 four-byte sequences (𠮷, outside the BMP) and the two-byte € decode.",
             cte="base64", mailer="X-Mailer: QQMail 2.x")
charset_mail("charset-big5-hkscs", "big5-hkscs",
             "我哋嘅訂單仲未到，唔該幫手查下。\n".encode("big5hkscs"),
             "我哋嘅訂單仲未到，唔該幫手查下。",
             "A big5-hkscs label decodes HKSCS-only Cantonese characters (哋, 嘅).", cte="base64")

_jp_text = "㈱山田商事の佐藤です。\n①注文番号：A-1029\n②納期：来週月曜日\nよろしくお願いいたします。\n"
_jp_plain = _jp_text.replace("㈱", "").replace("①", "").replace("②", "")
assert iso2022jp_ms(_jp_plain) == _jp_plain.encode("iso2022_jp"), "ISO-2022-JP encoder mismatch"
charset_mail("charset-iso-2022-jp-nec-chars", "ISO-2022-JP", iso2022jp_ms(_jp_text), _jp_text,
             "ISO-2022-JP with NEC row 13 characters (㈱, ①, ②) decodes as Microsoft's CP50221 "
             "superset; the subject is an ISO-2022-JP encoded word.", cte="7bit",
             subject_line=ew("納期について", "ISO-2022-JP", codec="iso2022_jp"), subject="納期について",
             mailer="X-Mailer: Microsoft Outlook 16.0", x_text_contains=["㈱山田商事", "①注文番号"])
charset_mail("charset-shift-jis", "Shift_JIS",
             "お問い合わせありがとうございます。商品の返品についてご案内いたします。\n".encode("shift_jis"),
             "お問い合わせありがとうございます。商品の返品についてご案内いたします。",
             "Shift_JIS body in 8bit.", mailer="X-Mailer: Becky! ver. 2.81.05")
charset_mail("charset-euc-jp", "EUC-JP",
             "注文番号について確認をお願いします。\n".encode("euc_jp"),
             "注文番号について確認をお願いします。",
             "EUC-JP body in 8bit.", mailer="User-Agent: Mew version 6.8 on Emacs 28.2")
_kr = "안녕하세요. 주문 확인 부탁드립니다.\n"
assert len(_kr.encode("euc_kr")) == len(_kr.encode("cp949"))
charset_mail("charset-euc-kr", "EUC-KR", _kr.encode("euc_kr"), _kr,
             "EUC-KR Korean body in base64.", cte="base64")
_ks = "똠얌꿍 2인분 주문했는데 1인분만 왔습니다.\n"
assert "똠".encode("cp949") == b"\x8c\x63"  # a UHC (CP949) extension syllable, not in KS X 1001
charset_mail("charset-ks-c-5601-1987", "\"ks_c_5601-1987\"", _ks.encode("cp949"), _ks,
             "Outlook's ks_c_5601-1987 label decodes as CP949 (UHC), including an extension "
             "syllable (똠) outside EUC-KR.", cte="base64")
_u7 = "Grüße aus Köln — 你好!\n"
charset_mail("charset-utf-7", "utf-7", _u7.encode("utf_7"), _u7,
             "UTF-7 body decodes.", cte="7bit")
_u16 = "Hello from the UTF-16 mailer.\nÜmlaut and 中文 included.\n"
_u16b = _u16.encode("utf-16")
assert _u16b[:2] in (b"\xff\xfe", b"\xfe\xff")
charset_mail("charset-utf-16-bom", "utf-16", _u16b, _u16,
             "A UTF-16 body with a byte-order mark (base64) decodes.", cte="base64")
_wrong = "Die Lieferung kam beschädigt an – bitte um Ersatz.\n"
charset_mail("charset-wrong-label-ascii-is-utf8", "us-ascii", _wrong.encode("utf-8"), _wrong,
             "A us-ascii label on valid UTF-8 bytes decodes as UTF-8 and reports a problem.",
             x_problems=True, mailer="User-Agent: Roundcube Webmail/1.4.15")
_unk = "Unknown label, UTF-8 bytes: naïve café, 中文.\n"
charset_mail("charset-unknown-label-utf8", "x-unknown-foo", _unk.encode("utf-8"), _unk,
             "An unknown charset label on valid UTF-8 bytes decodes as UTF-8.")
_unk2 = "未知字符集标签，内容其实是GBK编码。\n"
charset_mail("charset-unknown-label-gbk", "x-unknown-foo", _unk2.encode("gbk"), _unk2,
             "An unknown charset label on bytes that are not UTF-8 decodes as GB18030.")
charset_mail("charset-undecodable-bytes", "utf-8",
             "请核对订单".encode() + b"\xff" + "号码 88213".encode() + b" \xe4\xb8\n",
             None, "Bytes invalid in the declared UTF-8 become U+FFFD; the valid text around "
             "them survives.", x_text_contains=["\ufffd", "请核对订单", "号码 88213"])


def multi_inline(name, comment, parts, **kw):
    """multipart/mixed of inline text/plain parts: (charset_label, bytes, cte)."""
    out = bytearray(H(
        "Received: from lists.example.org (lists.example.org [203.0.113.70])",
        "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4TqW%sz9tN" % hashlib.md5(name.encode()).hexdigest()[:8],
        "\tfor <support@shop.example.com>; Fri, 19 Jan 2024 10:00:00 +0000 (UTC)",
        "From: Partner Desk <desk@partner.example.org>",
        "To: support@shop.example.com",
        "Subject: Weekly summary",
        "Date: Fri, 19 Jan 2024 10:00:00 +0000",
        "Message-ID: <%s@partner.example.org>" % name,
        "MIME-Version: 1.0",
        "Content-Type: multipart/mixed; boundary=\"===============8371520945011264728==\"",
        "",
    ).encode())
    for label, data, cte in parts:
        out += H("--===============8371520945011264728==",
                 "Content-Type: text/plain; charset=" + label,
                 "Content-Transfer-Encoding: " + cte,
                 "Content-Disposition: inline",
                 "").encode()
        out += b64(data).encode() if cte == "base64" else data
        out += b"\n"
    out += b"--===============8371520945011264728==--\n"
    case(name, bytes(out), comment, attachments=[], **kw)


multi_inline("charset-aliases-western",
             "Charset label aliases utf8, quoted \"UTF-8\" and latin1 decode as UTF-8, UTF-8 and "
             "windows-1252 in inline text parts that are joined into text.",
             [("utf8", "Part one: Straße ✓\n".encode(), "8bit"),
              ("\"UTF-8\"", "Part two: naïve résumé\n".encode(), "8bit"),
              ("latin1", "Part three: Caf\xe9 cr\xe8me \x80 5\n".encode("latin-1"), "8bit")],
             x_text_contains=["Part one: Straße ✓", "Part two: naïve résumé", "Part three: Café crème € 5"])
multi_inline("charset-aliases-cjk",
             "Charset label aliases gb_2312-80, x-gbk, cp936 and x-sjis are recognised.",
             [("gb_2312-80", "第一部分：发货通知\n".encode("gb2312"), "base64"),
              ("x-gbk", "第二部分：陈镕已确认\n".encode("gbk"), "base64"),
              ("cp936", "第三部分：退款完成\n".encode("gbk"), "base64"),
              ("x-sjis", "第四部分：在庫あり\n".encode("shift_jis"), "base64")],
             x_text_contains=["第一部分：发货通知", "第二部分：陈镕已确认", "第三部分：退款完成",
                              "第四部分：在庫あり"])


# ============================================================================
# 9. format=flowed
# ============================================================================

case("format-flowed", H(
    "Received: from smtp.example.org (smtp.example.org [203.0.113.17])",
    "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4TqX1m0nW3z9tP",
    "\tfor <support@shop.example.com>; Fri, 19 Jan 2024 11:00:00 +0000 (UTC)",
    "Message-ID: <3c9e1f2a-7b4d-4e8a-9f0c-1d2e3f4a5b6c@example.org>",
    "Date: Fri, 19 Jan 2024 12:00:00 +0100",
    "MIME-Version: 1.0",
    "User-Agent: Mozilla Thunderbird",
    "From: Alice Keller <alice.keller@example.org>",
    "To: support@shop.example.com",
    "Subject: Export settings",
    "Content-Type: text/plain; charset=UTF-8; format=flowed",
    "Content-Transfer-Encoding: 7bit",
    "",
    "Hi team,",
    "",
    "This paragraph was written in Thunderbird and is long enough that the ",
    "client wrapped it at seventy-two columns using soft line breaks, as ",
    "format=flowed allows.",
    " From now on, lines starting with From are space-stuffed.",
    "",
    "-- ",
    "Alice Keller",
    "Keller & Co",
), "format=flowed: soft-broken lines are joined, space-stuffing is removed, and the '-- ' "
   "signature separator is not treated as a soft break.",
    text="Hi team,\n\nThis paragraph was written in Thunderbird and is long enough that the client "
         "wrapped it at seventy-two columns using soft line breaks, as format=flowed allows.\n"
         "From now on, lines starting with From are space-stuffed.\n\n--\nAlice Keller\nKeller & Co",
)

case("format-flowed-quoted", H(
    "Received: from smtp.example.org (smtp.example.org [203.0.113.17])",
    "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4TqX6n1pX4z9tQ",
    "\tfor <support@shop.example.com>; Fri, 19 Jan 2024 11:30:00 +0000 (UTC)",
    "Message-ID: <9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a@example.org>",
    "Date: Fri, 19 Jan 2024 12:30:00 +0100",
    "MIME-Version: 1.0",
    "User-Agent: Mozilla Thunderbird",
    "From: Alice Keller <alice.keller@example.org>",
    "To: support@shop.example.com",
    "Subject: Re: Export settings",
    "In-Reply-To: <export-settings-reply-1@shop.example.com>",
    "References: <export-settings-reply-1@shop.example.com>",
    "Content-Type: text/plain; charset=UTF-8; format=flowed",
    "Content-Transfer-Encoding: 7bit",
    "",
    "On 19.01.24 12:10, Support wrote:",
    "> quoted line one that is ",
    "> soft broken too.",
    ">> deeper level from the ",
    ">> first message.",
    "",
    "Thanks, the export works ",
    "now.",
), "format=flowed with quotes: soft breaks are joined within each quote depth and the quote "
   "markers stay at the start of the joined line.",
    x_text_contains=["On 19.01.24 12:10, Support wrote:",
                     "> quoted line one that is soft broken too.",
                     ">> deeper level from the first message.",
                     "Thanks, the export works now."],
)

case("format-flowed-delsp", H(
    "Received: from smtp.example.cn (smtp.example.cn [203.0.113.18])",
    "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4TqY2p2qY5z9tR",
    "\tfor <support@shop.example.com>; Fri, 19 Jan 2024 04:00:00 +0000 (UTC)",
    "From: " + ew("周婷", "UTF-8") + " <zhou.ting@example.com>",
    "To: support@shop.example.com",
    "Subject: " + ew("换货说明", "UTF-8"),
    "Date: Fri, 19 Jan 2024 12:00:00 +0800",
    "Message-Id: <6A7B8C9D-0E1F-4A2B-8C3D-4E5F6A7B8C9D@example.com>",
    "Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3774.300.61.1.2\\))",
    "X-Mailer: Apple Mail (2.3774.300.61.1.2)",
    "Content-Type: text/plain; charset=utf-8; format=flowed; delsp=yes",
    "Content-Transfer-Encoding: 8bit",
    "",
    "这是一段比较长的中文说明，客户端在发送时按照固定宽度自动折行， ",
    "因此接收方在合并时需要删除行尾的这个空格。",
    "第二段没有折行。",
), "format=flowed; delsp=yes: the space before a soft break is deleted when joining (CJK "
   "text without spaces).",
    text="这是一段比较长的中文说明，客户端在发送时按照固定宽度自动折行，因此接收方在合并时需要删除行尾的这个空格。\n"
         "第二段没有折行。",
    subject="换货说明",
)


# ============================================================================
# 10. HTML bodies and best-body choice
# ============================================================================

_html_only = """<!DOCTYPE html>
<html><head>
<meta charset="utf-8">
<title>Order problem</title>
<style>p { color: red; } .signature { font-size: 9pt; }</style>
<script type="text/javascript">var trackingPixelId = "abc123"; document.write(trackingPixelId);</script>
</head>
<body>
<p>Hello Support Team,</p>
<p>The tracking page says delivered, but nothing arrived.<br>Order: 88213<br>Carrier: DHL</p>
<ul><li>Blue mug &amp; saucer</li><li>Caf&eacute; set</li></ul>
<p>Details are on <a href="https://track.example.com/p/88213">the tracking page</a>.</p>
<p>Label text: &#20013;&#x6587; &lt;fragile&gt;</p>
<p class="signature">Best regards,<br>Peter&nbsp;Lang</p>
</body></html>
"""
case("html-only-rendering", H(
    "Received: from web.example.com (web.example.com [198.51.100.150])",
    "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4TqY8q3rZ6z9tS",
    "\tfor <support@shop.example.com>; Fri, 19 Jan 2024 14:00:00 +0000 (UTC)",
    "From: Peter Lang <peter.lang@example.com>",
    "To: support@shop.example.com",
    "Subject: Parcel not received",
    "Date: Fri, 19 Jan 2024 15:00:00 +0100",
    "Message-ID: <html-only-1@web.example.com>",
    "MIME-Version: 1.0",
    "Content-Type: text/html; charset=utf-8",
    "Content-Transfer-Encoding: quoted-printable",
    "",
) + qp(_html_only.encode()),
    "An HTML-only body rendered to text: paragraphs, <br>, list items, links as 'text <url>', "
    "entities decoded, script and style dropped; html holds the decoded source.",
    x_text_contains=["Hello Support Team,", "Order: 88213", "Carrier: DHL", "Blue mug & saucer",
                     "Café set", "the tracking page <https://track.example.com/p/88213>",
                     "Label text: 中文 <fragile>", "Best regards,"],
    x_text_excludes=["trackingPixelId", "color: red", "font-size", "<p>", "&amp;", "&eacute;",
                     "&#20013;", "Order: 88213Carrier", "arrived.Order"],
    x_html_contains=["<ul><li>Blue mug &amp; saucer</li>"],
    attachments=[],
)

case("alternative-empty-plain", H(
    "Received: from forms.example.net (forms.example.net [198.51.100.160])",
    "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4TqZ4r4sA7z9tT",
    "\tfor <support@shop.example.com>; Fri, 19 Jan 2024 15:30:00 +0000 (UTC)",
    "From: Contact Form <noreply-forms@example.net>",
    "Reply-To: Lena Fischer <lena.fischer@example.de>",
    "To: support@shop.example.com",
    "Subject: Contact form: delivery address change",
    "Date: Fri, 19 Jan 2024 15:30:00 +0000",
    "Message-ID: <form-5521@forms.example.net>",
    "MIME-Version: 1.0",
    "Content-Type: multipart/alternative; boundary=\"alt-empty-93\"",
    "",
    "--alt-empty-93",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 7bit",
    "",
    "",
    "--alt-empty-93",
    "Content-Type: text/html; charset=utf-8",
    "Content-Transfer-Encoding: 7bit",
    "",
    "<html><body><p><b>Name:</b> Lena Fischer</p><p><b>Message:</b> Please change the delivery",
    "address of order 99120 to Hauptstra&szlig;e 5, Berlin.</p></body></html>",
    "",
    "--alt-empty-93--",
), "multipart/alternative whose text/plain part is empty: text is rendered from the HTML part.",
    reply_to=[addr("Lena Fischer", "lena.fischer@example.de")],
    x_text_contains=["Lena Fischer", "Please change the delivery", "Hauptstraße 5, Berlin."],
    x_html_contains=["<b>Name:</b> Lena Fischer"],
)

_img1 = png(6, 2, (255, 200, 0))
_img2 = png(2, 6, (0, 160, 80))
case("html-related-inline-images", H(
    "Received: from mta.example.com (mta.example.com [203.0.113.140])",
    "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4TqZ9s5tB8z9tU",
    "\tfor <support@shop.example.com>; Fri, 19 Jan 2024 16:00:00 +0000 (UTC)",
    "From: Rita Gomez <rita.gomez@example.com>",
    "To: support@shop.example.com",
    "Subject: Wrong colour delivered",
    "Date: Fri, 19 Jan 2024 17:00:00 +0100",
    "Message-ID: <DB9PR08MB6987E1F2A3B4C5D6E7F8091A2B3C4@DB9PR08MB6987.eurprd08.prod.outlook.com>",
    "X-Mailer: Microsoft Outlook 16.0",
    "MIME-Version: 1.0",
    "Content-Type: multipart/related;",
    "\tboundary=\"_004_DB9PR08MB6987E1F2A3B4C5D6E7F8091A2B3C4DB9PR08MB6987eurp_\";",
    "\ttype=\"text/html\"",
    "",
    "--_004_DB9PR08MB6987E1F2A3B4C5D6E7F8091A2B3C4DB9PR08MB6987eurp_",
    "Content-Type: text/html; charset=\"us-ascii\"",
    "Content-Transfer-Encoding: quoted-printable",
    "",
) + qp(b'<html><body><p>I ordered yellow:</p><p><img src="cid:image001.png@01DA4A9F.2B3C4D50"></p>'
       b'<p>but got green:</p><p><img src="cid:image002.png@01DA4A9F.2B3C4D50"></p>'
       b'<p>Please exchange it.</p></body></html>\n') + H(
    "",
    "--_004_DB9PR08MB6987E1F2A3B4C5D6E7F8091A2B3C4DB9PR08MB6987eurp_",
    "Content-Type: image/png; name=\"image001.png\"",
    "Content-Description: image001.png",
    "Content-Disposition: inline; filename=\"image001.png\"; size=%d;" % len(_img1),
    "\tcreation-date=\"Fri, 19 Jan 2024 16:00:00 GMT\";",
    "\tmodification-date=\"Fri, 19 Jan 2024 16:00:00 GMT\"",
    "Content-ID: <image001.png@01DA4A9F.2B3C4D50>",
    "Content-Transfer-Encoding: base64",
    "",
) + b64(_img1) + H(
    "",
    "--_004_DB9PR08MB6987E1F2A3B4C5D6E7F8091A2B3C4DB9PR08MB6987eurp_",
    "Content-Type: image/png; name=\"image002.png\"",
    "Content-Description: image002.png",
    "Content-Disposition: inline; filename=\"image002.png\"; size=%d;" % len(_img2),
    "\tcreation-date=\"Fri, 19 Jan 2024 16:00:00 GMT\";",
    "\tmodification-date=\"Fri, 19 Jan 2024 16:00:00 GMT\"",
    "Content-ID: <image002.png@01DA4A9F.2B3C4D50>",
    "Content-Transfer-Encoding: base64",
    "",
) + b64(_img2) + H(
    "",
    "--_004_DB9PR08MB6987E1F2A3B4C5D6E7F8091A2B3C4DB9PR08MB6987eurp_--",
), "HTML-only multipart/related with two inline images: text from the HTML, each image an "
   "inline attachment with its Content-ID (brackets removed).",
    x_text_contains=["I ordered yellow:", "but got green:", "Please exchange it."],
    x_html_contains=["cid:image001.png@01DA4A9F.2B3C4D50"],
    attachments=[att(_img1, "image001.png", "image/png", "inline", "image001.png@01DA4A9F.2B3C4D50"),
                 att(_img2, "image002.png", "image/png", "inline", "image002.png@01DA4A9F.2B3C4D50")],
)


# ============================================================================
# 11. Attachments
# ============================================================================

_a_pdf = pdf("Warranty card")
_a_png = png(16, 16, (10, 10, 10))
_a_bin = b"\x00\x01SERIAL-77120\x00" + bytes(range(255, 0, -1))
_a_csv = "sku,qty,price\r\nMUG-BLUE,2,12.50\r\nSET-CAFE,1,39.00\r\n".encode()
case("attachment-common-types", mixed_with_attachments(
    "Warranty claim documents", "Attached: warranty card, photo, device dump and order list.",
    [(["Content-Type: application/pdf; name=\"warranty.pdf\"",
       "Content-Disposition: attachment; filename=\"warranty.pdf\"",
       "Content-Transfer-Encoding: base64"], b64(_a_pdf)),
     (["Content-Type: image/PNG; name=\"photo.png\"",
       "Content-Disposition: attachment; filename=\"photo.png\"",
       "Content-Transfer-Encoding: base64"], b64(_a_png)),
     (["Content-Type: application/octet-stream; name=\"device.dump\"",
       "Content-Disposition: attachment; filename=\"device.dump\"",
       "Content-Transfer-Encoding: base64"], b64(_a_bin)),
     (["Content-Type: text/csv; charset=utf-8; name=\"orders.csv\"",
       "Content-Disposition: attachment; filename=\"orders.csv\"",
       "Content-Transfer-Encoding: base64"], b64(_a_csv))],
    mid="<attach-types-1@example.com>"),
    "PDF, PNG (uppercase subtype lowercased), octet-stream and CSV attachments with decoded "
    "size and sha256; no Content-ID gives content_id null.",
    text="Attached: warranty card, photo, device dump and order list.",
    attachments=[att(_a_pdf, "warranty.pdf", "application/pdf", "attachment", None),
                 att(_a_png, "photo.png", "image/png", "attachment", None),
                 att(_a_bin, "device.dump", "application/octet-stream", "attachment", None),
                 att(_a_csv, "orders.csv", "text/csv", "attachment", None)],
)

_h1 = b"root:x:0:0:root:/root:/bin/bash\n"
_h2 = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(48)
_h3 = pdf("Control chars")
_h4 = b"nameless but not empty"
case("attachment-hostile-filenames", mixed_with_attachments(
    "Files", "See files.",
    [(["Content-Type: text/plain; name=\"../../etc/passwd\"",
       "Content-Disposition: attachment; filename=\"../../etc/passwd\"",
       "Content-Transfer-Encoding: base64"], b64(_h1)),
     (["Content-Type: application/x-msdownload; name=\"C:\\\\Users\\\\x\\\\evil.exe\"",
       "Content-Disposition: attachment; filename=\"C:\\\\Users\\\\x\\\\evil.exe\"",
       "Content-Transfer-Encoding: base64"], b64(_h2)),
     (["Content-Type: application/pdf",
       "Content-Disposition: attachment; filename*=utf-8''inv%00oice%1B%5B31m%0D%0A.pdf",
       "Content-Transfer-Encoding: base64"], b64(_h3)),
     (["Content-Type: application/octet-stream",
       "Content-Disposition: attachment; filename=\"\"",
       "Content-Transfer-Encoding: base64"], b64(_h4))],
    mid="<hostile-names-1@example.com>"),
    "Attachment names with Unix and Windows paths keep only the base name; names with control "
    "characters and an empty name are still listed with their data.",
    text="See files.",
    attachments=[att(_h1, "passwd", "text/plain", "attachment"),
                 att(_h2, "evil.exe", "application/x-msdownload", "attachment"),
                 att(_h3, content_type="application/pdf", disposition="attachment"),
                 att(_h4, content_type="application/octet-stream", disposition="attachment")],
)


# ============================================================================
# 12. Chinese mail as real clients send it
# ============================================================================

_fox_plain = ("您好：\n\n我在12月28日下的订单（订单号 20231228-0931）至今未发货，请帮忙查询一下。\n\n谢谢！\n\n\n"
              "张三\n")
_fox_html = ('<html><head><meta http-equiv="content-type" content="text/html; charset=GB2312"><style>'
             'body { line-height: 1.5; }body { font-size: 14px; font-family: "Microsoft YaHei UI"; '
             'color: rgb(0, 0, 0); line-height: 1.5; }</style></head><body>\n'
             '<div><span></span>您好：</div><div><br></div><div>我在12月28日下的订单（订单号 20231228-0931）'
             '至今未发货，请帮忙查询一下。</div><div><br></div><div>谢谢！</div>\n'
             '<div><br></div><hr style="width: 210px; height: 1px;" color="#b5c4df" size="1" align="left">\n'
             '<div><span><div style="MARGIN: 10px; FONT-FAMILY: verdana; FONT-SIZE: 10pt"><div>张三</div>'
             '</div></span></div>\n</body></html>')
case("client-foxmail-gb2312", H(
    "Received: from DESKTOP-ZHANG (unknown [198.51.100.88])",
    "\tby mx1.shop.example.com (Postfix) with ESMTPA id 4Tr01t6uC9z9tV",
    "\tfor <support@shop.example.com>; Sun, 31 Dec 2023 19:15:05 +0000 (UTC)",
    "Date: Mon, 1 Jan 2024 03:15:00 +0800",
    "From: \"" + ew("张三", "GB2312") + "\" <zhangsan@example.com>",
    "To: support <support@shop.example.com>",
    "Subject: " + ew("订单未发货", "GB2312"),
    "X-Priority: 3",
    "X-GUID: 5E1D2C3B-4A59-4687-9A8B-7C6D5E4F3A2B",
    "X-Has-Attach: no",
    "X-Mailer: Foxmail 7.2.25.228[cn]",
    "Mime-Version: 1.0",
    "Message-ID: <202401010315002718512@example.com>",
    "Content-Type: multipart/alternative;",
    "\tboundary=\"----=_001_NextPart838417263427_=----\"",
    "",
    "This is a multi-part message in MIME format.",
    "",
    "------=_001_NextPart838417263427_=----",
    "Content-Type: text/plain;",
    "\tcharset=\"GB2312\"",
    "Content-Transfer-Encoding: base64",
    "",
) + b64(crlf(_fox_plain).encode("gb2312")) + H(
    "",
    "------=_001_NextPart838417263427_=----",
    "Content-Type: text/html;",
    "\tcharset=\"GB2312\"",
    "Content-Transfer-Encoding: quoted-printable",
    "",
) + qp(_fox_html.encode("gb2312")) + H(
    "",
    "------=_001_NextPart838417263427_=------",
), "Foxmail 7.2: GB2312 encoded subject and quoted encoded name, plain+HTML alternative "
   "(base64 / QP GB2312); the date converts to UTC across midnight into the previous year.",
    message_id="202401010315002718512@example.com",
    subject="订单未发货",
    date="2023-12-31T19:15:00Z",
    from_=[addr("张三", "zhangsan@example.com")],
    to=[addr("support", "support@shop.example.com")],
    text=_fox_plain,
    x_html_contains=["至今未发货，请帮忙查询一下。", "Microsoft YaHei UI"],
    attachments=[],
    auto_submitted=False, auto_reason=None,
)

_qq_plain = "你好，\n\n收到的杯子有裂痕，退货申请表已经填好，见附件。\n\n\n王小明\n"
_qq_html = ("<div>你好，</div><div><br></div><div>收到的杯子有裂痕，退货申请表已经填好，见附件。</div>"
            "<div><br></div><div><br></div><div>王小明</div>")
_qq_att = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + "退货申请表".encode("gb18030") + bytes(range(32, 127)) * 3
_qq_name = ew("退货申请表.docx", "gb18030")
case("client-qqmail-gb18030", H(
    "Received: from out203-205-251-60.mail.qq.com (out203-205-251-60.mail.qq.com [203.0.113.60])",
    "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4Tr06v7wD0z9tW",
    "\tfor <support@shop.example.com>; Mon, 15 Jan 2024 07:47:35 +0000 (UTC)",
    "X-QQ-FEAT: 3C1Tlbz3kS0bYwHn7q1n2RlMW6Zx0pVq3y8cJ5kD2sE=",
    "X-QQ-SSF: 00000000000000F000000000000000Z",
    "X-QQ-XMAILINFO: NgNN4kXvH6Vt0Wz1p2q3r4s5t6u7v8w9x0y1z2A3B4C5D6E7F8G9H0I1J2K3L4M5N6",
    "X-QQ-STYLE: ",
    "X-QQ-mid: xmsezb12-0t1705304849t6a7b8c9d",
    "From: \"" + ew("王小明", "gb18030") + "\" <wang.xm@example.com>",
    "To: \"" + ew("客服", "gb18030") + "\" <support@shop.example.com>",
    "Subject: " + ew("退货申请", "gb18030"),
    "Mime-Version: 1.0",
    "Content-Type: multipart/mixed;",
    "\tboundary=\"----=_NextPart_65A4E2F1_0F2B6C38_3D1E9A7B\"",
    "Content-Transfer-Encoding: 8Bit",
    "Date: Mon, 15 Jan 2024 15:47:29 +0800",
    "X-Priority: 3",
    "Message-ID: <tencent_3F2A1B0C9D8E7F6A5B4C3D2E1F0A9B8C7D06@qq.com>",
    "X-QQ-MIME: TCMime 1.0 by Tencent",
    "X-Mailer: QQMail 2.x",
    "X-QQ-Mailer: QQMail 2.x",
    "",
    "This is a multi-part message in MIME format.",
    "",
    "------=_NextPart_65A4E2F1_0F2B6C38_3D1E9A7B",
    "Content-Type: multipart/alternative;",
    "\tboundary=\"----=_NextPart_65A4E2F1_0F2B6C38_7A8B9C0D\";",
    "",
    "------=_NextPart_65A4E2F1_0F2B6C38_7A8B9C0D",
    "Content-Type: text/plain;",
    "\tcharset=\"gb18030\"",
    "Content-Transfer-Encoding: base64",
    "",
) + b64(crlf(_qq_plain).encode("gb18030")) + H(
    "",
    "------=_NextPart_65A4E2F1_0F2B6C38_7A8B9C0D",
    "Content-Type: text/html;",
    "\tcharset=\"gb18030\"",
    "Content-Transfer-Encoding: base64",
    "",
) + b64(_qq_html.encode("gb18030")) + H(
    "",
    "------=_NextPart_65A4E2F1_0F2B6C38_7A8B9C0D--",
    "",
    "------=_NextPart_65A4E2F1_0F2B6C38_3D1E9A7B",
    "Content-Type: application/octet-stream;",
    "\tcharset=\"gb18030\";",
    "\tname=\"" + _qq_name + "\"",
    "Content-Disposition: attachment; filename=\"" + _qq_name + "\"",
    "Content-Transfer-Encoding: base64",
    "",
) + b64(_qq_att) + H(
    "",
    "------=_NextPart_65A4E2F1_0F2B6C38_3D1E9A7B--",
), "QQ Mail: gb18030 headers, <div> HTML and plain alternative in base64, and an attachment "
   "named with a gb18030 encoded word.",
    subject="退货申请",
    date="2024-01-15T07:47:29Z",
    from_=[addr("王小明", "wang.xm@example.com")],
    to=[addr("客服", "support@shop.example.com")],
    text=_qq_plain,
    x_html_contains=["<div>收到的杯子有裂痕"],
    attachments=[att(_qq_att, "退货申请表.docx", "application/octet-stream", "attachment")],
    auto_submitted=False, auto_reason=None,
)

_ol_plain = ("您好，\n\n发票抬头请开：上海华信贸易有限公司，税号 91310000MA1FL0XX0X。\n\n谢谢！\n张三\n\n"
             "发件人: 客服中心 <support@shop.example.com>\n发送时间: 2024年1月15日 17:20\n"
             "收件人: 张三 <zhangsan@example.com>\n主题: 关于发票抬头的问题\n\n"
             "张先生您好，请提供发票抬头和税号。\n")
_ol_html = """<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns:m="http://schemas.microsoft.com/office/2004/12/omml" xmlns="http://www.w3.org/TR/REC-html40">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<meta name="Generator" content="Microsoft Word 15 (filtered medium)">
<style><!--
/* Font Definitions */
@font-face
	{font-family:等线;
	panose-1:2 1 6 0 3 1 1 1 1 1;}
p.MsoNormal, li.MsoNormal, div.MsoNormal
	{margin:0cm;
	text-align:justify;
	text-justify:inter-ideograph;
	font-size:10.5pt;
	font-family:等线;}
--></style>
</head>
<body lang="ZH-CN" link="#0563C1" vlink="#954F72" style="word-wrap:break-word;text-justify-trim:punctuation">
<div class="WordSection1">
<p class="MsoNormal">您好，<span lang="EN-US"><o:p></o:p></span></p>
<p class="MsoNormal"><span lang="EN-US"><o:p>&nbsp;</o:p></span></p>
<p class="MsoNormal">发票抬头请开：上海华信贸易有限公司，税号<span lang="EN-US"> 91310000MA1FL0XX0X</span>。<span lang="EN-US"><o:p></o:p></span></p>
<p class="MsoNormal"><span lang="EN-US"><o:p>&nbsp;</o:p></span></p>
<p class="MsoNormal">谢谢！<span lang="EN-US"><o:p></o:p></span></p>
<p class="MsoNormal">张三<span lang="EN-US"><o:p></o:p></span></p>
<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm">
<p class="MsoNormal" align="left" style="text-align:left"><b>发件人<span lang="EN-US">:</span></b><span lang="EN-US"> 客服中心 &lt;support@shop.example.com&gt;</span></p>
</div>
<p class="MsoNormal">张先生您好，请提供发票抬头和税号。<span lang="EN-US"><o:p></o:p></span></p>
</div>
</body>
</html>
"""
case("client-outlook-zh-gb2312", H(
    "Received: from APC01-TYZ-obe.outbound.protection.outlook.com (mail-tyzapc01on2110.outbound.protection.outlook.com [198.51.100.110])",
    "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4Tr12w8xE1z9tX",
    "\tfor <support@shop.example.com>; Tue, 16 Jan 2024 02:30:17 +0000 (UTC)",
    "From: " + ew("张三", "gb2312") + " <zhangsan@example.com>",
    "To: " + ew("客服中心", "gb2312") + " <support@shop.example.com>",
    "Subject: " + ew("回复: 关于发票抬头的问题", "gb2312"),
    "Thread-Topic: " + ew("关于发票抬头的问题", "gb2312"),
    "Thread-Index: AdpHj2k3s8Fq1u0xR0yW9nQ5cE8bZwAAx1Aw",
    "Date: Tue, 16 Jan 2024 02:30:11 +0000",
    "Message-ID: <TYZPR06MB5274E1C5E0D3B28F4A9C1D2BC4722@TYZPR06MB5274.apcprd06.prod.outlook.com>",
    "References: <20240115092000.4471@shop.example.com>",
    "In-Reply-To: <20240115092000.4471@shop.example.com>",
    "Accept-Language: zh-CN, en-US",
    "Content-Language: zh-CN",
    "X-MS-Has-Attach:",
    "X-MS-TNEF-Correlator:",
    "X-Mailer: Microsoft Outlook 16.0",
    "Content-Type: multipart/alternative;",
    "\tboundary=\"_000_TYZPR06MB5274E1C5E0D3B28F4A9C1D2BC4722TYZPR06MB5274apcp_\"",
    "MIME-Version: 1.0",
    "",
    "--_000_TYZPR06MB5274E1C5E0D3B28F4A9C1D2BC4722TYZPR06MB5274apcp_",
    "Content-Type: text/plain; charset=\"gb2312\"",
    "Content-Transfer-Encoding: base64",
    "",
) + b64(crlf(_ol_plain).encode("gb2312")) + H(
    "",
    "--_000_TYZPR06MB5274E1C5E0D3B28F4A9C1D2BC4722TYZPR06MB5274apcp_",
    "Content-Type: text/html; charset=\"gb2312\"",
    "Content-Transfer-Encoding: quoted-printable",
    "",
) + qp(_ol_html.encode("gb2312")) + H(
    "",
    "--_000_TYZPR06MB5274E1C5E0D3B28F4A9C1D2BC4722TYZPR06MB5274apcp_--",
), "Outlook (Chinese): gb2312 encoded names and 回复: subject, Thread-Topic/Index, base64 "
   "plain and QP Word HTML with <o:p>; text is the plain part.",
    subject="回复: 关于发票抬头的问题",
    from_=[addr("张三", "zhangsan@example.com")],
    to=[addr("客服中心", "support@shop.example.com")],
    in_reply_to="20240115092000.4471@shop.example.com",
    references=["20240115092000.4471@shop.example.com"],
    date="2024-01-16T02:30:11Z",
    text=_ol_plain,
    x_html_contains=["<o:p></o:p>", "上海华信贸易有限公司"],
    attachments=[],
    auto_submitted=False, auto_reason=None,
)

_tw_body = "您好，\n\n我上週訂購的商品尚未收到，訂單編號為 TW-88231，麻煩幫我查詢，謝謝。\n\n林小姐\n"
case("client-big5-taiwan", raw(H(
    "Received: from mail.example.com.tw (mail.example.com.tw [203.0.113.210])",
    "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4Tr18y9zF2z9tY",
    "\tfor <support@shop.example.com>; Tue, 16 Jan 2024 05:45:12 +0000 (UTC)",
    "From: " + ew("林小姐", "big5") + " <lin.yu@example.com.tw>",
    "To: <support@shop.example.com>",
    "Subject: " + ew("查詢訂單 TW-88231", "big5"),
    "Date: Tue, 16 Jan 2024 13:45:07 +0800",
    "Message-ID: <000001da4838$8a3b2c10$9eb18430$@example.com.tw>",
    "MIME-Version: 1.0",
    "Content-Type: text/plain;",
    "\tcharset=\"big5\"",
    "Content-Transfer-Encoding: 8bit",
    "X-Mailer: Microsoft Outlook 16.0",
    "Thread-Index: AdpIOIeZ5n0o9q8bRkWm1y3lK0tXuQ==",
    "Content-Language: zh-tw",
    "",
), _tw_body.encode("big5")),
    "A Taiwanese customer in Big5: encoded subject and name, 8bit Big5 body.",
    subject="查詢訂單 TW-88231",
    from_=[addr("林小姐", "lin.yu@example.com.tw")],
    to=[addr(None, "support@shop.example.com")],
    text=_tw_body,
    html=None,
)

_re_body = ("好的，已经收到，谢谢！\n\n\n------------------ 原始邮件 ------------------\n"
            "发件人: \"客服中心\"<support@shop.example.com>;\n"
            "发送时间: 2024年1月15日(星期一) 下午3:20\n"
            "收件人: \"王小明\"<wang.xm@example.com>;\n"
            "主题: 退款申请\n\n"
            "王先生您好，您的退款申请已受理，预计3-5个工作日到账。\n")
case("reply-chinese-quoted-header", H(
    "Received: from out162-62-57-64.mail.qq.com (out162-62-57-64.mail.qq.com [203.0.113.64])",
    "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4Tr1Dz0aG3z9tZ",
    "\tfor <support@shop.example.com>; Tue, 16 Jan 2024 01:02:41 +0000 (UTC)",
    "X-QQ-mid: xmsezb9-1t1705366955t3c4d5e6f",
    "From: \"" + ew("王小明", "utf-8") + "\" <wang.xm@example.com>",
    "To: \"" + ew("客服中心", "utf-8") + "\" <support@shop.example.com>",
    "Subject: " + ew("回复：退款申请", "utf-8"),
    "Mime-Version: 1.0",
    "Content-Type: text/plain;",
    "\tcharset=\"utf-8\"",
    "Content-Transfer-Encoding: base64",
    "Date: Tue, 16 Jan 2024 09:02:35 +0800",
    "X-Priority: 3",
    "Message-ID: <tencent_9A8B7C6D5E4F3A2B1C0D9E8F7A6B5C4D3E08@qq.com>",
    "X-QQ-MIME: TCMime 1.0 by Tencent",
    "X-Mailer: QQMail 2.x",
    "X-QQ-Mailer: QQMail 2.x",
    "References: <refund-20240115-7731@shop.example.com>",
    "In-Reply-To: <refund-20240115-7731@shop.example.com>",
    "",
) + b64(crlf(_re_body).encode()),
    "A QQ Mail reply with the Chinese quoted-original header block: the whole plain body is "
    "the text (no quote stripping), and thread ids are parsed.",
    subject="回复：退款申请",
    in_reply_to="refund-20240115-7731@shop.example.com",
    references=["refund-20240115-7731@shop.example.com"],
    text=_re_body,
    auto_submitted=False, auto_reason=None,
)


# ============================================================================
# 13. Auto-submitted detection (exactly one trigger per case)
# ============================================================================

def auto_case(name, comment, reason, headers=(), from_line="From: Jordan Blake <jordan.blake@example.com>",
              subj="Re: Your ticket #20417", body="Thank you for your message.\n",
              return_path="Return-Path: <jordan.blake@example.com>", ctype="text/plain; charset=utf-8",
              cte="7bit", **kw):
    lines = []
    if return_path:
        lines.append(return_path)
    lines += [
        "Received: from mail.example.com (mail.example.com [203.0.113.5])",
        "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4Tr2%sz9u0" % hashlib.md5(name.encode()).hexdigest()[:8],
        "\tfor <support@shop.example.com>; Sat, 20 Jan 2024 08:00:05 +0000 (UTC)",
        from_line,
        "To: support@shop.example.com",
        "Subject: " + subj,
        "Date: Sat, 20 Jan 2024 08:00:00 +0000",
        "Message-ID: <%s@mail.example.com>" % name,
        *headers,
        "MIME-Version: 1.0",
        "Content-Type: " + ctype,
        "Content-Transfer-Encoding: " + cte,
        "",
    ]
    eml = H(*lines) + body
    case(name, eml, comment, auto_submitted=reason is not None, auto_reason=reason,
         **kw)


auto_case("auto-submitted-auto-replied", "Auto-Submitted: auto-replied marks the mail as robot mail.",
          "auto-submitted", headers=["Auto-Submitted: auto-replied"],
          body="I am travelling until 29 January with limited access to email.\n")
auto_case("auto-submitted-no", "Auto-Submitted: no means a human sent it: not auto-submitted.",
          None, headers=["Auto-Submitted: no"],
          body="Thanks, the replacement arrived today.\n")
auto_case("precedence-bulk", "Precedence: bulk marks the mail as robot mail.", "precedence",
          headers=["Precedence: bulk"], from_line="From: Example Deals <deals@news.example.com>",
          subj="This week's deals", return_path="Return-Path: <bounce-8812@news.example.com>",
          body="Up to 30% off all kitchen items this week.\n")
auto_case("precedence-auto-reply", "Precedence: auto_reply marks the mail as robot mail.", "precedence",
          headers=["Precedence: auto_reply"],
          body="Your message has been received and will be answered within two working days.\n")
auto_case("x-autoreply-yes", "X-Autoreply: yes marks the mail as robot mail.", "x-autoreply",
          headers=["X-Autoreply: yes"],
          body="I am on parental leave. Please contact my colleague instead.\n")
auto_case("x-autorespond", "An X-Autorespond header marks the mail as robot mail.", "x-autorespond",
          headers=["X-Autorespond: Vacation message from jordan.blake@example.com"],
          body="I am on vacation until Monday.\n")
auto_case("x-auto-response-suppress", "X-Auto-Response-Suppress: All marks the mail as robot mail.",
          "x-auto-response-suppress", headers=["X-Auto-Response-Suppress: All"],
          from_line="From: Facilities <facilities@example.com>", subj="Parking garage closed Saturday",
          return_path="Return-Path: <facilities@example.com>",
          body="The parking garage is closed on Saturday for cleaning.\n")
auto_case("list-id", "A List-Id header marks mailing-list mail as robot mail.", "list-id",
          headers=["List-Id: Support users <support-users.lists.example.org>"],
          from_line="From: Dana Kim <dana@example.com>", subj="[support-users] Printer driver question",
          return_path="Return-Path: <support-users-bounces@lists.example.org>",
          body="Which driver works with the LX-200 on Windows 11?\n")
auto_case("list-unsubscribe-only", "A List-Unsubscribe header alone marks the mail as robot mail.",
          "list-unsubscribe",
          headers=["List-Unsubscribe: <mailto:unsubscribe@news.example.com?subject=unsub-8812>,",
                   " <https://news.example.com/u/8812>"],
          from_line="From: Example Store <hello@news.example.com>", subj="Your January newsletter",
          return_path="Return-Path: <hello@news.example.com>",
          body="New arrivals for January are online.\n")
auto_case("return-path-empty", "An empty Return-Path <> (null sender) marks the mail as robot mail.",
          "empty-return-path", return_path="Return-Path: <>",
          from_line="From: Helpdesk <helpdesk@vendor.example.net>",
          subj="[Ticket #55120] We received your request",
          body="Your request has been logged as ticket #55120.\n")
auto_case("from-mailer-daemon", "A From address with local part MAILER-DAEMON marks the mail as "
          "robot mail (plain-text qmail bounce, no Return-Path).", "mailer-daemon", return_path=None,
          from_line="From: MAILER-DAEMON@mx.example.org", subj="failure notice",
          body="Hi. This is the qmail-send program at mx.example.org.\n"
               "I'm afraid I wasn't able to deliver your message to the following addresses.\n"
               "This is a permanent error; I've given up. Sorry it didn't work out.\n\n"
               "<gone@example.org>:\nSorry, no mailbox here by that name. (#5.1.1)\n")
auto_case("from-postmaster", "A From address with local part postmaster marks the mail as robot mail.",
          "postmaster", from_line="From: Postmaster <postmaster@example.com>",
          return_path="Return-Path: <postmaster@example.com>",
          subj="Message blocked by content filter",
          body="Your message to buyer@example.com was blocked because it contained an executable attachment.\n")
auto_case("subject-out-of-office", "An 'Out of Office:' subject marks the mail as an automatic reply.",
          "out-of-office-subject", subj="Out of Office: Order #48213 arrived damaged",
          body="I am out of the office until 22 January.\n")
auto_case("subject-automatic-reply", "An 'Automatic reply:' subject marks the mail as an automatic reply.",
          "out-of-office-subject", subj="Automatic reply: Order #48213 arrived damaged",
          headers=["X-Mailer: Microsoft Outlook 16.0"],
          body="I am out of the office until 22 January.\n")
auto_case("subject-zh-cn-auto-reply", "A '自动回复:' subject (simplified Chinese, gb2312 encoded) "
          "marks the mail as an automatic reply.", "out-of-office-subject",
          subj=ew("自动回复: 关于订单4471", "gb2312"), subject="自动回复: 关于订单4471", ctype="text/plain; charset=gb2312", cte="base64",
          from_line="From: " + ew("刘芳", "gb2312") + " <liu.fang@example.com>",
          body=b64("您好，我正在休假，1月25日返回。\n".encode("gb2312")),
          x_text_contains=["我正在休假"])
auto_case("subject-zh-tw-auto-reply", "A '自動回覆：' subject (traditional Chinese, full-width colon, "
          "Big5 encoded) marks the mail as an automatic reply.", "out-of-office-subject",
          subj=ew("自動回覆：訂單 4471 查詢", "big5"), subject="自動回覆：訂單 4471 查詢", ctype="text/plain; charset=big5", cte="base64",
          from_line="From: " + ew("林小姐", "big5") + " <lin.yu@example.com.tw>",
          return_path="Return-Path: <lin.yu@example.com.tw>",
          body=b64("您好，我目前休假中，將於1月25日回覆您的郵件。\n".encode("big5")),
          x_text_contains=["我目前休假中"])


# ============================================================================
# 14. Delivery-status reports
# ============================================================================

_pf_b = "4TqB2s0Hd9z9sR.1705313703/mx1.shop.example.com"
case("dsn-postfix-failed", H(
    "Return-Path: <>",
    "Received: by mx1.shop.example.com (Postfix)",
    "\tid 4TqB2s0Hd9z9sR; Mon, 15 Jan 2024 10:15:03 +0000 (UTC)",
    "Date: Mon, 15 Jan 2024 10:15:03 +0000 (UTC)",
    "From: MAILER-DAEMON@mx1.shop.example.com (Mail Delivery System)",
    "Subject: Undelivered Mail Returned to Sender",
    "To: support@shop.example.com",
    "Auto-Submitted: auto-replied",
    "MIME-Version: 1.0",
    "Content-Type: multipart/report; report-type=delivery-status;",
    "\tboundary=\"%s\"" % _pf_b,
    "Content-Transfer-Encoding: 8bit",
    "Message-Id: <20240115101503.4TqB2s0Hd9z9sR@mx1.shop.example.com>",
    "",
    "This is a MIME-encapsulated message.",
    "",
    "--" + _pf_b,
    "Content-Description: Notification",
    "Content-Type: text/plain; charset=us-ascii",
    "",
    "This is the mail system at host mx1.shop.example.com.",
    "",
    "I'm sorry to have to inform you that your message could not",
    "be delivered to one or more recipients. It's attached below.",
    "",
    "For further assistance, please send mail to postmaster.",
    "",
    "If you do so, please include this problem report. You can",
    "delete your own text from the attached returned message.",
    "",
    "                   The mail system",
    "",
    "<no.such.user@example.org>: host mx.example.org[203.0.113.25] said: 550 5.1.1",
    "    <no.such.user@example.org>: Recipient address rejected: User unknown in",
    "    virtual mailbox table (in reply to RCPT TO command)",
    "",
    "--" + _pf_b,
    "Content-Description: Delivery report",
    "Content-Type: message/delivery-status",
    "",
    "Reporting-MTA: dns; mx1.shop.example.com",
    "X-Postfix-Queue-ID: 4TqB2s0Hd9z9sR",
    "X-Postfix-Sender: rfc822; support@shop.example.com",
    "Arrival-Date: Mon, 15 Jan 2024 10:15:02 +0000 (UTC)",
    "",
    "Final-Recipient: rfc822; no.such.user@example.org",
    "Original-Recipient: rfc822;no.such.user@example.org",
    "Action: failed",
    "Status: 5.1.1",
    "Remote-MTA: dns; mx.example.org",
    "Diagnostic-Code: smtp; 550 5.1.1 <no.such.user@example.org>: Recipient address",
    "    rejected: User unknown in virtual mailbox table",
    "",
    "--" + _pf_b,
    "Content-Description: Undelivered Message Headers",
    "Content-Type: text/rfc822-headers",
    "",
    "Return-Path: <support@shop.example.com>",
    "Received: from desk.shop.example.com (desk.shop.example.com [10.0.0.12])",
    "\tby mx1.shop.example.com (Postfix) with ESMTP id 4TqB2s0Hd9z9sR",
    "\tfor <no.such.user@example.org>; Mon, 15 Jan 2024 10:15:02 +0000 (UTC)",
    "From: support@shop.example.com",
    "To: no.such.user@example.org",
    "Subject: Your ticket #20411",
    "Message-ID: <ticket-20411-reply-1@shop.example.com>",
    "Date: Mon, 15 Jan 2024 10:15:01 +0000",
    "",
    "--" + _pf_b + "--",
), "Postfix bounce (multipart/report, Action: failed, Status: 5.1.1): permanent failure for "
   "the Final-Recipient; Auto-Submitted is the first robot reason that applies.",
    delivery_status={"permanent": True, "recipients": ["no.such.user@example.org"]},
    auto_submitted=True, auto_reason="auto-submitted",
    x_text_contains=["your message could not"],
    date="2024-01-15T10:15:03Z",
)

_ex_b = "00000000000072f3c5060f1a2b3c"
case("dsn-delayed", H(
    "Return-Path: <>",
    "Received: from mail.partner.example.net (mail.partner.example.net [198.51.100.201])",
    "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4Tr3Ka1bH4z9u1",
    "\tfor <support@shop.example.com>; Sat, 20 Jan 2024 14:16:02 +0000 (UTC)",
    "From: Mail Delivery System <postmaster@partner.example.net>",
    "To: support@shop.example.com",
    "Subject: Delivery Status Notification (Delay)",
    "Date: Sat, 20 Jan 2024 14:16:00 +0000",
    "Message-ID: <dsn-delay-0120-1416@mail.partner.example.net>",
    "MIME-Version: 1.0",
    "Content-Type: multipart/report; report-type=\"delivery-status\"; boundary=\"%s\"" % _ex_b,
    "",
    "--" + _ex_b,
    "Content-Type: text/plain; charset=\"UTF-8\"",
    "",
    "Delivery to the following recipient has been delayed:",
    "",
    "     warehouse@slow.example.com",
    "",
    "Message will be retried for 1 more day(s).",
    "",
    "--" + _ex_b,
    "Content-Type: message/delivery-status",
    "",
    "Reporting-MTA: dns; mail.partner.example.net",
    "Arrival-Date: Sat, 20 Jan 2024 10:15:57 +0000",
    "",
    "Final-Recipient: RFC822; warehouse@slow.example.com",
    "Action: delayed",
    "Status: 4.4.7",
    "Diagnostic-Code: smtp; 421 4.4.7 Connection timed out",
    "Last-Attempt-Date: Sat, 20 Jan 2024 14:16:00 +0000",
    "Will-Retry-Until: Sun, 21 Jan 2024 10:15:57 +0000",
    "",
    "--" + _ex_b,
    "Content-Type: text/rfc822-headers",
    "",
    "From: support@shop.example.com",
    "To: warehouse@slow.example.com",
    "Subject: Pickup request 7720",
    "Date: Sat, 20 Jan 2024 10:15:55 +0000",
    "Message-ID: <pickup-7720@shop.example.com>",
    "",
    "--" + _ex_b + "--",
), "A delayed DSN (Action: delayed, Status: 4.4.7) is not permanent; the empty Return-Path "
   "comes before the postmaster sender in the reason order.",
    delivery_status={"permanent": False, "recipients": ["warehouse@slow.example.com"]},
    auto_submitted=True, auto_reason="empty-return-path",
    x_text_contains=["has been delayed"],
)

_gm_b = "000000000000a5e6f7060f2b3c4d"
case("dsn-multi-recipient", H(
    "Received: from mail-sor-f69.google.com (mail-sor-f69.google.com [198.51.100.69])",
    "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4Tr3Qc2dJ5z9u2",
    "\tfor <support@shop.example.com>; Sat, 20 Jan 2024 15:30:44 +0000 (UTC)",
    "MIME-Version: 1.0",
    "From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>",
    "To: support@shop.example.com",
    "Message-ID: <65abe6d4.050a0220.1c2d3.2bd9.GMR@mx.google.com>",
    "Date: Sat, 20 Jan 2024 07:30:44 -0800 (PST)",
    "Subject: Delivery Status Notification (Failure)",
    "References: <newsletter-0120@shop.example.com>",
    "In-Reply-To: <newsletter-0120@shop.example.com>",
    "X-Failed-Recipients: old.customer@example.org, full.mailbox@example.net",
    "Content-Type: multipart/report; boundary=\"%s\"; report-type=delivery-status" % _gm_b,
    "",
    "--" + _gm_b,
    "Content-Type: text/plain; charset=\"UTF-8\"",
    "",
    "** Message not delivered **",
    "",
    "There was a problem delivering your message to 2 recipients.",
    "",
    "--" + _gm_b,
    "Content-Type: message/delivery-status",
    "",
    "Reporting-MTA: dns; googlemail.com",
    "Arrival-Date: Sat, 20 Jan 2024 07:30:41 -0800 (PST)",
    "X-Original-Message-ID: <newsletter-0120@shop.example.com>",
    "",
    "Final-Recipient: rfc822; old.customer@example.org",
    "Action: failed",
    "Status: 5.1.1",
    "Remote-MTA: dns; mx.example.org. (203.0.113.25, the server for the domain",
    " example.org.)",
    "Diagnostic-Code: smtp; 550 5.1.1 The email account that you tried to reach does not exist.",
    "Last-Attempt-Date: Sat, 20 Jan 2024 07:30:44 -0800 (PST)",
    "",
    "Final-Recipient: rfc822; full.mailbox@example.net",
    "Action: failed",
    "Status: 5.2.2",
    "Remote-MTA: dns; mx.example.net. (198.51.100.25, the server for the domain",
    " example.net.)",
    "Diagnostic-Code: smtp; 552 5.2.2 Mailbox full",
    "Last-Attempt-Date: Sat, 20 Jan 2024 07:30:44 -0800 (PST)",
    "",
    "--" + _gm_b,
    "Content-Type: text/rfc822-headers",
    "",
    "From: Example Shop <support@shop.example.com>",
    "Subject: January newsletter",
    "Message-ID: <newsletter-0120@shop.example.com>",
    "Date: Sat, 20 Jan 2024 15:30:40 +0000",
    "",
    "--" + _gm_b + "--",
), "A DSN with two failed per-recipient blocks lists both recipients in order, permanent; "
   "the MAILER-DAEMON sender is the robot reason (no Return-Path header).",
    delivery_status={"permanent": True, "recipients": ["old.customer@example.org", "full.mailbox@example.net"]},
    auto_submitted=True, auto_reason="mailer-daemon",
    date="2024-01-20T15:30:44Z",
)

_rl_b = "=_report_9f8e7d6c"
case("dsn-report-only-trigger", H(
    "Return-Path: <bounces+srs=a1b2=c3@relay.example.net>",
    "Received: from relay.example.net (relay.example.net [203.0.113.230])",
    "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4Tr3Wd3eK6z9u3",
    "\tfor <support@shop.example.com>; Sat, 20 Jan 2024 16:00:05 +0000 (UTC)",
    "From: Mail Delivery System <bounces@relay.example.net>",
    "To: support@shop.example.com",
    "Subject: Returned mail: see transcript for details",
    "Date: Sat, 20 Jan 2024 16:00:00 +0000",
    "Message-ID: <report-only-1@relay.example.net>",
    "MIME-Version: 1.0",
    "Content-Type: multipart/report; report-type=delivery-status;",
    "\tboundary=\"%s\"" % _rl_b,
    "",
    "--" + _rl_b,
    "Content-Type: text/plain; charset=us-ascii",
    "",
    "The original message was received at Sat, 20 Jan 2024 15:59:58 +0000",
    "   ----- The following addresses had permanent fatal errors -----",
    "<buyer@unroutable.example>",
    "",
    "--" + _rl_b,
    "Content-Type: message/delivery-status",
    "",
    "Reporting-MTA: dns; relay.example.net",
    "",
    "Final-Recipient: rfc822;buyer@unroutable.example",
    "Action: failed",
    "Status: 5.4.4",
    "Diagnostic-Code: X-Unix; 550 5.4.4 Unable to route",
    "",
    "--" + _rl_b + "--",
), "A multipart/report delivery-status whose only robot signal is the report itself gives "
   "the delivery-status-report reason.",
    delivery_status={"permanent": True, "recipients": ["buyer@unroutable.example"]},
    auto_submitted=True, auto_reason="delivery-status-report",
)


# ============================================================================
# 15. Hostile input
# ============================================================================

case("hostile-header-injection", simple_mail(
    "Subject: " + ew("Refund request\r\nBcc: attacker@evil.example", "UTF-8"),
    from_line="From: " + ew("Support\nBcc: x@evil.example", "UTF-8", "Q") + " <mallory@evil.example>",
    mid="<inject-1@evil.example>", mailer="X-Mailer: PHPMailer 6.8.1",
    body="Please refund order 1.\n"),
    "Encoded words that decode to CRLF / LF never put a line break into a header value: each "
    "newline becomes one space.",
    subject="Refund request Bcc: attacker@evil.example",
    from_=[addr("Support Bcc: x@evil.example", "mallory@evil.example")],
    to=[SUPPORT],
    cc=[],
    text="Please refund order 1.",
)

case("hostile-nul-bytes", raw(simple_mail(
    "Subject: Order 12345", ctype="text/plain; charset=utf-8", mid="<nul-1@example.com>",
    body=""), b"Order number 12345\x00\x00 please check.\nSecond\x00line here.\n"),
    "NUL bytes in a body do not stop parsing; the text around them is kept.",
    subject="Order 12345",
    x_text_contains=["Order number 12345", " please check.", "Second", "line here."],
)

_long_refs = ["<%08x.%d@long-thread.example.com>" % (0x1a2b3c00 + i * 7919, i) for i in range(90)]
_long_line = "References: " + " ".join(_long_refs)
assert len(_long_line) > 3000, len(_long_line)
case("hostile-long-header-line", simple_mail(
    "Subject: Re: Long thread", extra_headers=[_long_line], mid="<long-header-1@example.com>",
    body="Still waiting for an answer.\n"),
    "A single header line over 3000 characters (beyond the 998 limit) is parsed in full and "
    "does not disturb the other fields.",
    subject="Re: Long thread",
    message_id="long-header-1@example.com",
    references=[r[1:-1] for r in _long_refs],
    text="Still waiting for an answer.",
)


def deep_nesting(depth):
    lines = ["Received: from fuzz.example.net (fuzz.example.net [192.0.2.66])",
             "\tby mx1.shop.example.com (Postfix) with ESMTP id 4Tr4Af4gL7z9u4",
             "\tfor <support@shop.example.com>; Sat, 20 Jan 2024 18:00:00 +0000 (UTC)",
             "From: Fuzzer <fuzz@fuzz.example.net>",
             "To: support@shop.example.com",
             "Subject: Deeply nested",
             "Date: Sat, 20 Jan 2024 18:00:00 +0000",
             "Message-ID: <deep-nesting-1@fuzz.example.net>",
             "MIME-Version: 1.0",
             "Content-Type: multipart/mixed; boundary=\"lvl000\"",
             "",
             "--lvl000",
             "Content-Type: text/plain; charset=us-ascii",
             "",
             "Top-level note before the nesting.",
             "--lvl000",
             "Content-Type: multipart/mixed; boundary=\"lvl001\"",
             ""]
    for i in range(1, depth):
        lines += ["--lvl%03d" % i, "Content-Type: multipart/mixed; boundary=\"lvl%03d\"" % (i + 1), ""]
    lines += ["--lvl%03d" % depth, "Content-Type: text/plain; charset=us-ascii", "",
              "Innermost text.", "--lvl%03d--" % depth]
    for i in range(depth - 1, -1, -1):
        lines += ["--lvl%03d--" % i]
    return H(*lines)


case("hostile-deep-nesting", deep_nesting(100),
     "100 nested multiparts exceed the default depth limit of 64: the message still parses "
     "(top-level text kept) and a problem is reported.",
     subject="Deeply nested",
     x_text_contains=["Top-level note before the nesting."],
     x_problems=True,
     )


def many_parts(n):
    out = [
        "Received: from fuzz.example.net (fuzz.example.net [192.0.2.66])",
        "\tby mx1.shop.example.com (Postfix) with ESMTP id 4Tr4Fg5hM8z9u5",
        "\tfor <support@shop.example.com>; Sat, 20 Jan 2024 18:10:00 +0000 (UTC)",
        "From: Fuzzer <fuzz@fuzz.example.net>",
        "To: support@shop.example.com",
        "Subject: Many parts",
        "Date: Sat, 20 Jan 2024 18:10:00 +0000",
        "Message-ID: <many-parts-1@fuzz.example.net>",
        "MIME-Version: 1.0",
        "Content-Type: multipart/mixed; boundary=\"p\"",
        "",
        "--p",
        "Content-Type: text/plain",
        "",
        "First part: the real message text.",
    ]
    for i in range(n - 1):
        out += ["--p", "Content-Type: image/gif", "", "x"]
    out += ["--p--"]
    return H(*out)


case("hostile-many-parts", many_parts(2500),
     "2,500 body parts exceed the default limit of 2,000: the message still parses (first "
     "text part kept) and a problem is reported.",
     subject="Many parts",
     x_text_contains=["First part: the real message text."],
     x_problems=True,
     )


# ============================================================================
# 13. Real-world mail a helpdesk must still read (issue 13 §5)
# ============================================================================

def received(id_suffix, date="Mon, 22 Jan 2024 08:30:00 +0000"):
    return ["Received: from mail.example.net (mail.example.net [198.51.100.7])",
            "\tby mx1.shop.example.com (Postfix) with ESMTPS id 4TsA%s" % id_suffix,
            "\tfor <support@shop.example.com>; " + date]


# A long encoded subject whose second line lost its indentation (seen from a Java web-form mailer):
# everything after it, From included, used to become body.
_long_subject = "关于订单 #77812 的退款申请：商品收到时外包装破损，内部配件缺失，请尽快处理"
_ew = ew(_long_subject, "UTF-8")
_cut = 40
case("header-unindented-encoded-word-continuation", raw(H(
    *received("1b2Cz9v1"),
    "Subject: " + _ew[:_cut],
    _ew[_cut:],
    "From: " + ew("李娜", "UTF-8") + " <li.na@example.cn>",
    "To: support@shop.example.com",
    "Date: Mon, 22 Jan 2024 16:30:00 +0800",
    "Message-ID: <unindented-ew-1@example.cn>",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
    "",
    "你好，订单 77812 的配件缺失，照片稍后补发。",
)),
    "A line that is neither a field nor indented, completing the encoded word the Subject left "
    "open, is read as the rest of the Subject (joined without a space); From, To, Date and the "
    "body after it are kept.",
    subject=_long_subject,
    from_=[addr("李娜", "li.na@example.cn")],
    to=[SUPPORT],
    originator={"field": "From", "name": "李娜", "address": "li.na@example.cn"},
    date="2024-01-22T08:30:00Z",
    message_id="unindented-ew-1@example.cn",
    text="你好，订单 77812 的配件缺失，照片稍后补发。",
    x_problems=True,
)

_token = base64.b64encode(hashlib.sha512(b"maildesk issue 13").digest() * 2).decode()
case("header-unindented-base64-field-continuation", raw(H(
    *received("2c3Dz9v2"),
    "X-Form-Token: " + _token[:70],
    _token[70:146],
    _token[146:],
    "From: Form Robot Customer <orders@example.net>",
    "Subject: Delivery address change for order 5521",
    "To: support@shop.example.com",
    "Date: Mon, 22 Jan 2024 08:30:00 +0000",
    "Message-ID: <unindented-b64-1@example.net>",
    "",
    "Please ship order 5521 to the new address.",
)),
    "Two unindented lines continuing a long base64 header: a mail field (From) follows before "
    "the blank line, so they belong to the header; From and Subject survive.",
    subject="Delivery address change for order 5521",
    from_=[addr("Form Robot Customer", "orders@example.net")],
    originator={"field": "From", "name": "Form Robot Customer", "address": "orders@example.net"},
    message_id="unindented-b64-1@example.net",
    text="Please ship order 5521 to the new address.",
    x_problems=True,
)

case("header-missing-blank-line-keeps-body", raw(H(
    *received("3d4Ez9v3"),
    "From: Sam Carter <sam.carter@example.org>",
    "To: support@shop.example.com",
    "Subject: Broken kettle",
    "Date: Mon, 22 Jan 2024 08:30:00 +0000",
    "Hello, the kettle I bought last week stopped working.",
    "Note: it was used twice.",
    "",
    "Sam",
)),
    "A header without its blank line: the first line that is not a field starts the body when no "
    "mail field follows it (so text is never swallowed into a header). 'Note:' is not a mail field.",
    subject="Broken kettle",
    from_=[addr("Sam Carter", "sam.carter@example.org")],
    text="Hello, the kettle I bought last week stopped working.\nNote: it was used twice.\n\nSam",
    x_problems=True,
)

case("leading-junk-original-message-banner", raw(H(
    "---- Original email message ----",
    "From: " + ew("陈先生", "GB2312", codec="gb2312") + " <chen@example.com.cn>",
    "To: support@shop.example.com",
    "Subject: " + ew("发票抬头错误", "GB2312", codec="gb2312"),
    "Date: Tue, 23 Jan 2024 10:00:00 +0800",
    "Message-ID: <banner-1@example.com.cn>",
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=gb2312",
    "Content-Transfer-Encoding: base64",
    "",
), b64("发票抬头写错了，请重新开具。\n".encode("gb2312"))),
    "A banner line before the first header field (a forwarding tool's) is skipped and the header "
    "after it is read: the customer and subject are not lost.",
    subject="发票抬头错误",
    from_=[addr("陈先生", "chen@example.com.cn")],
    originator={"field": "From", "name": "陈先生", "address": "chen@example.com.cn"},
    date="2024-01-23T02:00:00Z",
    text="发票抬头写错了，请重新开具。",
    x_problems=True,
)

case("leading-junk-blank-and-mbox-lines", raw(
    "\n",
    "From bounce-123@lists.example.org Tue Jan 23 10:00:00 2024\n",
    ">From customer@example.org Tue Jan 23 09:59:58 2024\n",
    H(*received("4e5Fz9v4", "Tue, 23 Jan 2024 10:00:00 +0000"),
      "From: Maria Lopez <maria.lopez@example.org>",
      "To: support@shop.example.com",
      "Subject: Where is my parcel?",
      "Date: Tue, 23 Jan 2024 10:00:00 +0000",
      "Message-ID: <mbox-junk-1@example.org>",
      "",
      "Tracking says delivered but nothing arrived."),
),
    "A blank line and two mbox separator lines before the header (a mail saved from an mbox by "
    "hand) are skipped.",
    subject="Where is my parcel?",
    from_=[addr("Maria Lopez", "maria.lopez@example.org")],
    message_id="mbox-junk-1@example.org",
    text="Tracking says delivered but nothing arrived.",
    x_problems=True,
)


def no_from_mail(name, headers, comment, from_=(), **expect):
    case(name, raw(H(
        *received(hashlib.md5(name.encode()).hexdigest()[:8]),
        *headers,
        "To: support@shop.example.com",
        "Subject: Contact form: refund for order 9001",
        "Date: Wed, 24 Jan 2024 12:00:00 +0000",
        "Message-ID: <%s@forms.example.com>" % name,
        "",
        "Name: Olivia Chen\nMessage: I would like a refund for order 9001.",
    )), comment, subject="Contact form: refund for order 9001", from_=list(from_), **expect)


no_from_mail("no-from-reply-to", [
    "Return-Path: <www-data@forms.example.com>",
    "Sender: Web Form <www-data@forms.example.com>",
    "Reply-To: Olivia Chen <olivia.chen@example.com>"],
    "No From (a web form's mail): Reply-To is the customer, before Sender and Return-Path; a "
    "problem says which field was used.",
    reply_to=[addr("Olivia Chen", "olivia.chen@example.com")],
    originator={"field": "Reply-To", "name": "Olivia Chen", "address": "olivia.chen@example.com"},
    x_problems=True)
no_from_mail("no-from-sender", [
    "Return-Path: <bounces@forms.example.com>",
    "Sender: Olivia Chen <olivia.chen@example.com>"],
    "No From and no Reply-To: Sender is the customer, before Return-Path.",
    originator={"field": "Sender", "name": "Olivia Chen", "address": "olivia.chen@example.com"},
    x_problems=True)
no_from_mail("no-from-return-path", [
    "Return-Path: <olivia.chen@example.com>"],
    "No From, Reply-To or Sender: the Return-Path (the envelope sender) is the customer.",
    originator={"field": "Return-Path", "name": None, "address": "olivia.chen@example.com"},
    x_problems=True)
no_from_mail("no-from-name-only-reply-to", [
    "From: Olivia Chen",
    "Reply-To: <olivia.chen@example.com>"],
    "A From with a name but no address counts as no From: Reply-To gives the address.",
    from_=[addr("Olivia Chen", None)],
    reply_to=[addr(None, "olivia.chen@example.com")],
    originator={"field": "Reply-To", "name": None, "address": "olivia.chen@example.com"},
    x_problems=True)
no_from_mail("no-from-nothing", [
    "Return-Path: <>"],
    "No From, Reply-To, Sender, and an empty Return-Path: no sender at all (the pipeline files "
    "it without a customer, as before).",
    originator=None)


# A charset label that lies.
_sjis = "お世話になっております。注文番号 A-3317 の商品がまだ届いておりません。確認をお願いします。\n"
charset_mail("charset-iso-2022-jp-label-on-shift-jis", "ISO-2022-JP", _sjis.encode("cp932"), _sjis,
             "An ISO-2022-JP label (7-bit) on Shift_JIS bytes, as some Japanese webmail and "
             "phones send: 8-bit bytes prove the label wrong; the Japanese relatives are tried and "
             "Shift_JIS (CP932) reads cleanly, the subject's encoded word too.",
             subject_line="=?ISO-2022-JP?B?%s?=" % base64.b64encode("商品未着のお問い合わせ".encode("cp932")).decode(),
             subject="商品未着のお問い合わせ", x_problems=True, mailer="X-Mailer: Denpa Mail 3.1")
_euc = "ご注文ありがとうございます。配送先の住所を変更したいです。\n"
charset_mail("charset-shift-jis-label-on-euc-jp", "Shift_JIS", _euc.encode("euc_jp"), _euc,
             "A Shift_JIS label on EUC-JP bytes decodes without error but into half-width katakana "
             "nonsense; EUC-JP reads plausibly and wins.", x_problems=True,
             mailer="User-Agent: Wanderlust/2.15.9")
_sjis_bad = "返品の手続きについて教えてください。".encode("cp932")
charset_mail("charset-shift-jis-one-bad-byte", "Shift_JIS", _sjis_bad[:12] + b"\xff" + _sjis_bad[12:] + b"\n",
             None, "One undecodable byte in Shift_JIS text keeps Shift_JIS (one U+FFFD), not another "
             "Japanese encoding.", x_problems=True, x_text_contains=["返品の手", "\ufffd", "教えてください"],
             mailer="X-Mailer: Becky! ver. 2.81.05")
_utf_latin = "Grüße aus München – die Lieferung für Bestellung 4471 fehlt noch.\n"
charset_mail("charset-iso-8859-1-label-on-utf8", "ISO-8859-1", _utf_latin.encode("utf-8"), _utf_latin,
             "An ISO-8859-1 label on valid multibyte UTF-8 reads as UTF-8 (as Thunderbird and Gmail "
             "do), not as 'GrÃ¼ÃŸe'.", x_problems=True, cte="quoted-printable")
_utf_fr = "Bonjour, la commande n° 1182 est arrivée abîmée. Merci d’avance.\n"
charset_mail("charset-windows-1252-label-on-utf8", "windows-1252", _utf_fr.encode("utf-8"), _utf_fr,
             "A windows-1252 label on valid multibyte UTF-8 reads as UTF-8.", x_problems=True,
             subject_line="=?windows-1252?Q?%s?=" % qword("Commande abîmée".encode("utf-8")),
             subject="Commande abîmée")
_gb4 = "收件人：𠮷野先生，地址里的“䶮”字请不要写错。\n"
charset_mail("charset-gb2312-label-on-gb18030-bytes", "gb2312", _gb4.encode("gb18030"), _gb4,
             "A gb2312 label on GB18030 bytes (four-byte sequences for 𠮷 and 䶮) decodes through "
             "the GB18030 superset.", cte="base64", mailer="X-Mailer: Foxmail 7.2.25.228[cn]")
_hk = "唔該你哋幫我睇下張單，啲貨仲未到。\n"
assert _hk.encode("big5hkscs") != _hk.encode("big5", "replace")
charset_mail("charset-big5-label-on-hkscs-bytes", "big5", _hk.encode("big5hkscs"), _hk,
             "A big5 label on Big5-HKSCS bytes (哋 and 啲 are HKSCS-only) decodes through the "
             "HKSCS superset.", cte="base64", mailer="X-Mailer: Microsoft Outlook 16.0")


# ============================================================================
# write
# ============================================================================

def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for p in OUT.iterdir():
        if re.match(r"\d{3}-.*\.(eml|json)$", p.name):
            p.unlink()
    names = set()
    for n, (name, eml, exp) in enumerate(CASES, 1):
        assert name not in names, name
        names.add(name)
        stem = "%03d-%s" % (n, name)
        (OUT / (stem + ".eml")).write_bytes(eml)
        (OUT / (stem + ".json")).write_text(json.dumps(exp, ensure_ascii=False, indent=2) + "\n",
                                            encoding="utf-8")
    print("wrote %d fixture pairs to %s" % (len(CASES), OUT))


if __name__ == "__main__":
    main()
