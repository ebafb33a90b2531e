#!/usr/bin/env python3
"""Deterministic generator of a realistic e-mail corpus for parser benchmarks.

    generate_corpus.py OUTDIR [--count 10000] [--seed 1] [--small | --support]

Writes COUNT messages as OUTDIR/NNN/NNNNNN.eml (1000 files per subfolder), with CRLF line
ends as on the wire, and prints one summary line with the total bytes. Only the Python
standard library is used. Every message is generated from its own RNG seeded with
"SEED:INDEX", so the first N messages are identical whatever --count is, and the output is
byte-identical from run to run (on any Python >= 3.9).

What is in it (see README.md for the numbers):
  * headers: Return-Path, Delivered-To, a chain of 2-6 Received (Postfix, Exchange, Gmail
    styles), Authentication-Results, DKIM-Signature (folded), From/To/Cc/Reply-To with
    RFC 2047 display names (UTF-8, GB2312, GBK, GB18030, Big5, ISO-2022-JP, ISO-8859-1;
    B and Q), Subject (RFC 2047, sometimes several folded encoded-words, "Re:"/"回复：" etc.),
    Date in varied valid RFC 5322 forms (with/without weekday, 1/2-digit day, no seconds,
    "(CET)" comments, GMT, obsolete zones EST/PDT...), Message-ID, In-Reply-To, References
    (folded), X-Mailer/User-Agent, Thread-Index...
  * bodies: text/plain or multipart/alternative (plain + html); quoted-printable, base64,
    8bit (and 7bit for ISO-2022-JP / ASCII); charsets UTF-8, GB18030, GBK, GB2312, Big5,
    ISO-2022-JP, windows-1252, ISO-8859-1, US-ASCII. Text always round-trips through its
    declared charset.
  * --small: no message carries attachments (the IMAP benchmark's ~5 KB messages: 1.6-14 KB, mean
    about 4.7 KB); the rest as above, and the same messages as without --small wherever those have none.
  * --support: support mail for the whole-pipeline benchmark: the --small text, and 4 in every 100
    messages with one 20-200 KB attachment (about 8 KB on average).
  * 15% (exactly 15 in every 100) carry one or two attachments of 20-200 KB (decoded size,
    log-uniform; base64; pdf, png, jpg, zip with a real magic number then random bytes),
    with ASCII, RFC 2231 (incl. continuations, UTF-8 or GBK) or RFC 2047 (UTF-8/GBK/GB2312/
    Big5, inside the quoted value as most clients send it) file names, Chinese ones among them;
    some as inline images in multipart/related, some nested multipart/mixed>related>
    alternative, and a few message/rfc822 forwards (some carrying the attachment).
"""

import argparse
import base64
import binascii
import html
import os
import random
import time
from urllib.parse import quote as urlquote

# --------------------------------------------------------------------------------------------
# Text material. Every phrase is checked at start-up against the charsets that use it.

EN = [
    "Hello, I have not received my order yet and the tracking number does not work.",
    "Could you please check the status of ticket 48213? It has been open for a week.",
    "Attached is the invoice for March; the amount does not match the contract.",
    "Since yesterday evening we cannot log in to the dashboard, the error says the password is wrong.",
    "I reinstalled the application as described in the manual but the problem is still there.",
    "Thank you for your patience, our engineers are looking into the issue.",
    "Please send us your order number and the e-mail address used for registration.",
    "The scheduled maintenance will start on Saturday at 02:00 UTC and last about four hours.",
    "We have issued a refund; it should appear on your statement within 5-7 business days.",
    "Can you confirm whether the new firmware fixes the Wi-Fi disconnection problem?",
    "Our accounting department needs a corrected invoice with the VAT number on it.",
    "The export to CSV fails with a timeout when the report covers more than one month.",
    "I am forwarding the message from our customer below, please advise.",
    "Let me know if you need any further information or log files from our side.",
    "We would like to upgrade our plan from 25 to 40 seats starting next month.",
    "The shipment arrived damaged; photos of the package are attached.",
    "Is there a way to reset two-factor authentication without the old phone?",
    "Please close this ticket, the issue was resolved after the last update.",
    "Best regards and have a nice weekend.",
    "Kind regards,",
]

ZH_S = [
    "您好，我的订单一直没有发货，请帮忙查询一下物流信息。",
    "附件是三月份的发票扫描件，请查收并确认金额。",
    "我们的服务器从昨天晚上开始无法登录，错误提示是密码不正确。",
    "请问退款大概需要几个工作日才能到账？",
    "感谢您的耐心等待，技术部门正在处理这个问题。",
    "如果还有其他问题，欢迎随时联系我们的客服中心。",
    "系统升级将于本周六凌晨两点开始，预计持续四个小时。",
    "麻烦尽快回复，客户那边比较着急，谢谢！",
    "上个月的账单金额和合同不一致，请核对后重新开具发票。",
    "我已经按照说明书重新安装了软件，但是问题依然存在。",
    "请提供一下您的订单号和注册时使用的邮箱地址。",
    "导出报表的时候经常超时，数据量大概有二十万条。",
    "新版本的手机应用在安卓系统上会闪退，旧版本没有这个问题。",
    "我们计划下个月把账号从二十五个增加到四十个，请报一下价格。",
    "快递送到的时候包装已经破损，照片在附件里。",
    "请问能否在不使用旧手机的情况下重置双重验证？",
    "问题已经解决了，可以关闭这个工单，非常感谢！",
    "祝工作顺利！",
    "此致敬礼",
]

# Characters outside GB2312 but inside GBK / GB18030 (names, rare characters), and text that
# needs GB18030's four-byte sequences (CJK extension B, emoji).
ZH_GBK_EXTRA = [
    "王喆先生反馈说打印机驱动在新电脑上无法安装。",
    "李堃的报销单据已经提交，请财务部审核。",
    "昨天在会议室碰到了周镕，他说合同下周寄出。",
]
ZH_GB18030_EXTRA = [
    "客户的名字里有生僻字𠮷，系统显示成了问号，请检查编码。",
    "收到，谢谢😀，我们马上处理。",
    "价格是 99 € 含税，发票抬头请写公司全称。",
]

ZH_T = [
    "您好，我的訂單一直沒有出貨，請幫忙查詢物流資訊。",
    "附件是三月份的發票掃描檔，請查收並確認金額。",
    "系統將於本週六凌晨進行維護，屆時服務會暫停四個小時。",
    "請問退款需要幾個工作天才會入帳？",
    "感謝您的耐心等候，技術部門正在處理中。",
    "如有任何問題，歡迎隨時與我們的客服中心聯絡。",
    "帳號無法登入，畫面顯示密碼錯誤，但是密碼確定是對的。",
    "麻煩盡快回覆，客戶那邊比較著急，謝謝！",
    "上個月的帳單金額和合約不一致，請核對後重新開立發票。",
    "匯出報表的時候經常逾時，資料量大約有二十萬筆。",
    "包裹送達時外箱已經破損，照片放在附件裡。",
    "問題已經解決了，可以關閉這張工單，非常感謝！",
    "敬祝 商祺",
]

JA = [
    "お世話になっております。",
    "先日ご注文いただいた商品の発送についてご連絡いたします。",
    "添付ファイルの請求書をご確認ください。",
    "ログインできない問題について、現在調査しております。",
    "ご不便をおかけして大変申し訳ございません。",
    "返金の手続きには五営業日ほどかかります。",
    "新しいバージョンでは同期の不具合が修正されています。",
    "来月からライセンス数を四十に増やしたいと考えております。",
    "お手数ですが、注文番号とご登録のメールアドレスをお知らせください。",
    "引き続きよろしくお願いいたします。",
]

# Western European; phrases with the euro sign or typographic quotes only fit windows-1252
# (and UTF-8), the others also ISO-8859-1.
WEST = [
    "Bonjour, je n'arrive plus à me connecter à mon compte depuis la mise à jour.",
    "Pourriez-vous vérifier la facture n° 2024-117 ? Le montant est erroné.",
    "Merci de votre réponse rapide, le problème est résolu.",
    "Sehr geehrte Damen und Herren, leider wurde meine Bestellung noch nicht geliefert.",
    "Die Rückerstattung ist noch nicht auf meinem Konto eingegangen.",
    "Könnten Sie mir bitte eine korrigierte Rechnung schicken? Vielen Dank für Ihre Mühe.",
    "¿Podrían ayudarme con la configuración del correo electrónico?",
    "Muchas gracias por su atención. Atentamente, José Núñez",
    "Não consigo acessar o sistema desde ontem à noite.",
    "Hej! Jag har fått fel vara levererad, kan ni byta den?",
    "Mit freundlichen Grüßen",
    "Cordialement,",
]
WEST_1252 = [
    "Die Rückerstattung über 49,90 € ist noch nicht eingegangen.",
    "Le client dit : “ça ne marche toujours pas” – pouvez-vous regarder ?",
    "It’s the third time I’m writing about this… please call me back.",
    "Le forfait coûte 12 € par mois et par utilisateur.",
]

UTF8_EXTRA = [
    "Thanks! 👍 We'll take it from here.",
    "Привет! Не могу войти в личный кабинет, пишет «неверный пароль».",
    "Γεια σας, η παραγγελία μου δεν έχει φτάσει ακόμα.",
    "안녕하세요, 환불 요청 드립니다.",
    "مرحبا، لم أستلم طلبي بعد.",
    "Xin chào, tôi chưa nhận được hàng.",
]

SUBJECTS = {
    "en": ["Order not received", "Invoice for March", "Cannot log in to the dashboard",
           "Refund request", "Problem with the export", "Upgrade of our plan",
           "Damaged shipment", "Two-factor authentication reset", "Question about pricing",
           "Firmware update breaks Wi-Fi", "Password reset link expired",
           "Urgent: production outage since 02:00"],
    "zh_s": ["订单一直没有发货", "三月份发票", "无法登录管理后台", "申请退款", "报表导出超时",
             "账号扩容报价", "快递包装破损", "重置双重验证", "关于价格的咨询",
             "王喆的报销单据", "紧急：生产环境故障"],
    "zh_t": ["訂單一直沒有出貨", "三月份發票", "無法登入管理後台", "申請退款", "報表匯出逾時",
             "包裹外箱破損", "關於價格的詢問"],
    "ja": ["ご注文商品の発送について", "請求書の件", "ログインできません", "返金のお願い",
           "ライセンス追加のご相談"],
    "west": ["Problème de connexion", "Facture erronée n° 2024-117", "Rückerstattung fehlt",
             "Bestellung nicht geliefert", "Configuración del correo electrónico",
             "Não consigo acessar o sistema", "Fel vara levererad"],
}

SURNAMES_S = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡"]
GIVEN_S = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明",
           "超", "秀英", "晓东", "建华", "海燕", "喆", "堃"]
SURNAMES_T = ["陳", "林", "黃", "張", "李", "王", "吳", "劉", "蔡", "楊"]
GIVEN_T = ["志明", "淑芬", "家豪", "怡君", "俊傑", "雅婷", "冠宇", "佩珊", "宗翰", "美玲"]
JA_NAMES = ["佐藤 健", "鈴木 花子", "高橋 誠", "田中 美咲", "渡辺 翔太", "伊藤 由美"]
WEST_NAMES = ["José Núñez", "François Lefèvre", "Jürgen Müller", "Zoë Dupré", "Ana Martínez",
              "Björn Åkesson", "Søren Østergaard", "Hélène Bézier", "Renée Göttsche",
              "Iñaki Ibáñez"]
EN_NAMES = ["John Smith", "Emily Chen", "Michael Brown", "Sarah O'Connor", "David Lee",
            "Laura Wilson", "Kevin Nguyen", "Rachel Adams", "Tom Baker", "Priya Patel"]
LOCALS = ["wei.zhang", "fang.li", "support", "billing", "j.smith", "emily.chen", "mbrown",
          "noreply", "helpdesk", "ops", "sales", "laura", "kevin.n", "zhangsan", "lisi88",
          "chen.zhiming", "sato.ken", "jose.nunez", "f.lefevre", "juergen.mueller"]
DOMAINS = ["example.com", "example.org", "example.net", "mail.example.cn", "example.com.tw",
           "example.co.jp", "example.de", "example.fr", "corp.example.com", "example.es"]
OUR_ADDRS = ["support@maildesk.example", "billing@maildesk.example", "help@maildesk.example"]

FILENAMES = {
    "pdf": ["invoice_2024-03.pdf", "contract_signed.pdf", "quote Q-2024-0117.pdf",
            "发票_2024年3月.pdf", "合同扫描件.pdf", "報價單.pdf", "見積書.pdf",
            "Rechnung_März.pdf", "对账单（二〇二四年第一季度）最终版本_请财务部门审核后盖章回传.pdf"],
    "png": ["screenshot.png", "error message.png", "截图.png", "錯誤畫面.png", "image001.png",
            "Bildschirmfoto 2024-03-05 um 14.03.22.png"],
    "jpg": ["IMG_20240305_140322.jpg", "photo.jpg", "现场照片.jpg", "包裹照片.jpg", "DSC01234.JPG",
            "破损的快递箱子_正面.jpg"],
    "zip": ["logs.zip", "export_2024-03-05.zip", "日志文件.zip", "資料.zip", "archive (2).zip"],
}
MIME_OF = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg",
           "zip": "application/zip"}
MAGIC = {
    "pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n",
            b"\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"),
    "png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x04\x00\x00\x00\x03\x00\x08\x06\x00\x00\x00",
            b"\x00\x00\x00\x00IEND\xaeB`\x82"),
    "jpg": (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00H\x00H\x00\x00", b"\xff\xd9"),
    "zip": (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", b"PK\x05\x06" + b"\x00" * 18),
}

# Declared charset label -> Python codec. Labels appear in several spellings on purpose.
CODEC = {
    "utf-8": "utf-8", "gb18030": "gb18030", "gbk": "gbk", "gb2312": "gb2312", "big5": "big5",
    "iso-2022-jp": "iso2022_jp", "windows-1252": "cp1252", "iso-8859-1": "latin-1",
    "us-ascii": "ascii",
}


def codec_of(label):
    return CODEC[label.lower()]


def encodable(text, label):
    try:
        text.encode(codec_of(label))
        return True
    except UnicodeEncodeError:
        return False


def _check_tables():
    def need(items, label):
        for s in items:
            if not encodable(s, label):
                raise SystemExit(f"internal error: {s!r} not encodable in {label}")
    need(ZH_S, "gb2312")
    need(ZH_GBK_EXTRA + SUBJECTS["zh_s"], "gbk")
    need(ZH_GB18030_EXTRA, "gb18030")
    need(ZH_T + SUBJECTS["zh_t"] + SURNAMES_T + GIVEN_T, "big5")
    need(JA + SUBJECTS["ja"] + JA_NAMES, "iso-2022-jp")
    need(WEST + SUBJECTS["west"] + WEST_NAMES, "iso-8859-1")
    need(WEST_1252, "windows-1252")
    need(EN + SUBJECTS["en"] + EN_NAMES, "us-ascii")


# Which phrase pools and labels each body charset uses.
LANG_POOLS = {
    "en": EN,
    "zh_s": ZH_S,
    "zh_gbk": ZH_S + ZH_GBK_EXTRA,
    "zh_18030": ZH_S + ZH_GBK_EXTRA + ZH_GB18030_EXTRA,
    "zh_t": ZH_T,
    "ja": JA,
    "west": WEST,
    "west_1252": WEST + WEST_1252,
    "utf8_mix": ZH_S + ZH_T + JA + WEST + WEST_1252 + UTF8_EXTRA,
}

# (weight, charset label spellings, language pool, possible transfer encodings)
BODY_CHARSETS = [
    (30, ["UTF-8", "utf-8"], "en", ["quoted-printable", "7bit", "8bit", "base64"]),
    (20, ["UTF-8", "utf-8"], "zh_s", ["base64", "8bit", "quoted-printable"]),
    (8, ["UTF-8"], "utf8_mix", ["base64", "quoted-printable", "8bit"]),
    (8, ["GB2312", "gb2312"], "zh_s", ["base64", "8bit"]),
    (6, ["GBK", "gbk"], "zh_gbk", ["base64", "8bit"]),
    (6, ["GB18030", "gb18030"], "zh_18030", ["base64", "8bit"]),
    (6, ["Big5", "big5", "BIG5"], "zh_t", ["base64", "8bit", "quoted-printable"]),
    (5, ["ISO-2022-JP", "iso-2022-jp"], "ja", ["7bit"]),
    (6, ["windows-1252", "Windows-1252"], "west_1252", ["quoted-printable", "8bit"]),
    (5, ["ISO-8859-1", "iso-8859-1"], "west", ["quoted-printable", "8bit"]),
]
BODY_WEIGHTS = [b[0] for b in BODY_CHARSETS]

# Header charsets for RFC 2047 per language (labels, and the transfer encodings seen).
HEADER_CHARSETS = {
    "zh_s": [("UTF-8", "BQ"), ("GB2312", "B"), ("gb2312", "B"), ("GBK", "B"), ("GB18030", "B")],
    "zh_t": [("UTF-8", "B"), ("Big5", "B"), ("big5", "Q")],
    "ja": [("ISO-2022-JP", "B"), ("UTF-8", "B")],
    "west": [("ISO-8859-1", "Q"), ("iso-8859-1", "QB"), ("UTF-8", "Q"), ("windows-1252", "Q")],
    "en": [("UTF-8", "Q")],
}

# --------------------------------------------------------------------------------------------
# Encoders

_Q_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!*+-/")


def _q_bytes(b):
    return "".join(chr(c) if c in _Q_SAFE else ("_" if c == 32 else "=%02X" % c) for c in b)


def encoded_words(text, charset, enc):
    """RFC 2047 encoded-words (each <= 75 chars), never splitting a character."""
    codec = codec_of(charset)
    prefix = "=?%s?%s?" % (charset, enc)
    overhead = len(prefix) + 2

    def enc_text(s):
        b = s.encode(codec)
        return base64.b64encode(b).decode("ascii") if enc == "B" else _q_bytes(b)

    words, cur = [], ""
    for ch in text:
        cand = cur + ch
        if cur and overhead + len(enc_text(cand)) > 75:
            words.append(prefix + enc_text(cur) + "?=")
            cur = ch
        else:
            cur = cand
    if cur:
        words.append(prefix + enc_text(cur) + "?=")
    return words


def fold_words(name, words):
    """'Name: w1 w2 ...' folded so that lines stay short (continuations start with a space)."""
    lines, cur = [], name + ":"
    for w in words:
        if len(cur) + 1 + len(w) > 76 and cur != name + ":":
            lines.append(cur)
            cur = " " + w
        else:
            cur += " " + w
    lines.append(cur)
    return "\r\n".join(lines)


def b64_lines(data, width=76):
    e = base64.b64encode(data)
    return b"\r\n".join(e[i:i + width] for i in range(0, len(e), width)) + b"\r\n"


def crlf(b):
    return b.replace(b"\n", b"\r\n")


# --------------------------------------------------------------------------------------------
# Dates

WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
# (offset minutes, comment zone name, obsolete zone name usable instead of the offset)
ZONES = [(0, "UTC", "GMT"), (60, "CET", None), (120, "CEST", None), (480, "CST", None),
         (480, "HKT", None), (540, "JST", None), (-300, "EST", "EST"), (-240, "EDT", "EDT"),
         (-420, "PDT", "PDT"), (-480, "PST", "PST"), (330, "IST", None), (-180, None, None),
         (345, None, None), (600, "AEST", None)]


def fmt_date(rng, epoch, zone, style=None):
    off, cname, obs = zone
    t = time.gmtime(epoch + off * 60)
    sign = "+" if off >= 0 else "-"
    numzone = "%s%02d%02d" % (sign, abs(off) // 60, abs(off) % 60)
    wd, mon = WEEKDAYS[t.tm_wday], MONTHS[t.tm_mon - 1]
    if style is None:
        style = rng.choices("ABCDEFGHI", weights=[30, 25, 8, 12, 6, 3, 5, 6, 5])[0]
    hms = "%02d:%02d:%02d" % (t.tm_hour, t.tm_min, t.tm_sec)
    if style == "A":
        return "%s, %02d %s %d %s %s" % (wd, t.tm_mday, mon, t.tm_year, hms, numzone)
    if style == "B":
        return "%s, %d %s %d %s %s" % (wd, t.tm_mday, mon, t.tm_year, hms, numzone)
    if style == "C":  # no day of week
        return "%d %s %d %s %s" % (t.tm_mday, mon, t.tm_year, hms, numzone)
    if style == "D" and cname:  # zone comment
        return "%s, %d %s %d %s %s (%s)" % (wd, t.tm_mday, mon, t.tm_year, hms, numzone, cname)
    if style == "E":  # GMT
        g = time.gmtime(epoch)
        return "%s, %02d %s %d %02d:%02d:%02d GMT" % (
            WEEKDAYS[g.tm_wday], g.tm_mday, MONTHS[g.tm_mon - 1], g.tm_year, g.tm_hour,
            g.tm_min, g.tm_sec)
    if style == "F":  # no seconds
        return "%s, %d %s %d %02d:%02d %s" % (wd, t.tm_mday, mon, t.tm_year, t.tm_hour,
                                              t.tm_min, numzone)
    if style == "G" and obs:  # obsolete alphabetic zone
        return "%s, %02d %s %d %s %s" % (wd, t.tm_mday, mon, t.tm_year, hms, obs)
    if style == "H":
        g = time.gmtime(epoch)
        return "%s, %d %s %d %02d:%02d:%02d +0000 (UTC)" % (
            WEEKDAYS[g.tm_wday], g.tm_mday, MONTHS[g.tm_mon - 1], g.tm_year, g.tm_hour,
            g.tm_min, g.tm_sec)
    if style == "I":  # padded day, as some MTAs write it
        return "%s, %2d %s %d %s %s" % (wd, t.tm_mday, mon, t.tm_year, hms, numzone)
    return "%s, %d %s %d %s %s" % (wd, t.tm_mday, mon, t.tm_year, hms, numzone)


# --------------------------------------------------------------------------------------------
# Building blocks


def rhex(rng, n):
    return "%0*x" % (n, rng.getrandbits(4 * n))


def rb64(rng, n):
    return base64.b64encode(rng.randbytes(n * 3 // 4 + 3)).decode("ascii")[:n]


def rand_ip(rng, v6=False):
    if v6:
        return "2001:db8:%x:%x::%x" % (rng.randrange(65536), rng.randrange(65536),
                                       rng.randrange(1, 65536))
    return rng.choice(["192.0.2", "198.51.100", "203.0.113"]) + ".%d" % rng.randrange(1, 255)


def message_id(rng, domain):
    style = rng.randrange(5)
    if style == 0:
        return "<CA%s%s@mail.gmail.com>" % (rng.choice("BFGKLNOPM"), rb64(rng, 44).replace("/", "_").replace("+", "-"))
    if style == 1:
        return "<%s.%d@%s>" % (rhex(rng, 16), rng.randrange(10**12, 10**13), domain)
    if style == 2:
        host = "DB7PR0%dMB%04d" % (rng.randrange(1, 9), rng.randrange(10000))
        return "<%s%s@%s.eurprd04.prod.outlook.com>" % (host, rhex(rng, 16).upper(), host)
    if style == 3:
        return "<%s-%s-%s-%s-%s@%s>" % (rhex(rng, 8), rhex(rng, 4), rhex(rng, 4), rhex(rng, 4),
                                        rhex(rng, 12), domain)
    return "<tencent_%s@qq.com>" % rhex(rng, 32).upper()


def person(rng, lang):
    local = rng.choice(LOCALS) + ("" if rng.random() < 0.6 else str(rng.randrange(1, 999)))
    domain = rng.choice(DOMAINS)
    if lang == "zh_s":
        name = rng.choice(SURNAMES_S) + rng.choice(GIVEN_S)
    elif lang == "zh_t":
        name = rng.choice(SURNAMES_T) + rng.choice(GIVEN_T)
    elif lang == "ja":
        name = rng.choice(JA_NAMES)
    elif lang == "west":
        name = rng.choice(WEST_NAMES)
    else:
        name = rng.choice(EN_NAMES)
    return name, "%s@%s" % (local, domain)


def header_charset(rng, lang, text):
    choices = HEADER_CHARSETS.get(lang, HEADER_CHARSETS["en"])
    for _ in range(4):
        label, encs = rng.choice(choices)
        if encodable(text, label):
            return label, rng.choice(encs)
    return "UTF-8", "B"


def fmt_mailbox(rng, name, addr, lang):
    r = rng.random()
    if name is None or r < 0.08:
        return addr if rng.random() < 0.5 else "<%s>" % addr
    if all(ord(c) < 128 for c in name):
        if "," in name or "'" in name or rng.random() < 0.4:
            return '"%s" <%s>' % (name, addr)
        return "%s <%s>" % (name, addr)
    label, enc = header_charset(rng, lang, name)
    return "%s <%s>" % (" ".join(encoded_words(name, label, enc)), addr)


def address_header(rng, hname, boxes):
    """Fold an address list after commas."""
    lines, cur = [], hname + ":"
    for i, box in enumerate(boxes):
        piece = box + ("," if i < len(boxes) - 1 else "")
        if cur != hname + ":" and len(cur) + 1 + len(piece) > 76:
            lines.append(cur)
            cur = " " + piece
        else:
            cur += " " + piece
    lines.append(cur)
    return "\r\n".join(lines)


def subject_header(rng, lang, is_reply, is_fwd):
    base = rng.choice(SUBJECTS[lang if lang in SUBJECTS else "en"])
    if rng.random() < 0.25:
        base = "[Ticket #%d] %s" % (rng.randrange(10000, 99999), base)
    if rng.random() < 0.15 and lang != "en":
        base += " - " + rng.choice(SUBJECTS["en"])
    prefix = ""
    if is_fwd:
        prefix = rng.choice(["Fwd: ", "FW: ", "转发：" if lang == "zh_s" else "Fwd: "])
    elif is_reply:
        prefix = rng.choice(["Re: ", "RE: ", "Re: Re: ", "AW: " if lang == "west" else "Re: ",
                             "回复：" if lang == "zh_s" else "Re: "])
    text = prefix + base
    if all(ord(c) < 128 for c in text):
        return fold_words("Subject", text.split(" "))
    label, enc = header_charset(rng, lang, text)
    if rng.random() < 0.4 and all(ord(c) < 128 for c in prefix) and prefix:
        # ASCII prefix left unencoded, the rest as encoded-words
        words = [prefix.strip()] + encoded_words(text[len(prefix):], label, enc)
    else:
        words = encoded_words(text, label, enc)
    return fold_words("Subject", words)


def received_chain(rng, epoch, sender_domain):
    n = rng.randrange(2, 7)
    out = []
    t = epoch + rng.randrange(2, 40)
    for hop in range(n):
        zone = rng.choice(ZONES)
        date = fmt_date(rng, t, zone, rng.choice("ABDI"))
        kind = rng.randrange(4)
        if hop == 0:
            out.append("Received: from mx%d.%s (mx%d.%s [%s])\r\n\tby mail.maildesk.example "
                       "(Postfix) with ESMTPS id %s\r\n\tfor <%s>; %s"
                       % (hop + 1, sender_domain, hop + 1, sender_domain, rand_ip(rng),
                          rhex(rng, 10).upper(), rng.choice(OUR_ADDRS), date))
        elif kind == 0:
            host = "DB7PR0%dMB%04d" % (rng.randrange(1, 9), rng.randrange(10000))
            out.append("Received: from %s.eurprd04.prod.outlook.com (%s) by\r\n %s.eurprd04."
                       "prod.outlook.com (%s) with Microsoft SMTP Server (version=TLS1_2,\r\n "
                       "cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.%d.%d; %s"
                       % (host, rand_ip(rng, True), host.replace("DB7", "AM0"),
                          rand_ip(rng, True), rng.randrange(7000, 8000), rng.randrange(40),
                          date))
        elif kind == 1:
            out.append("Received: by 2002:a05:6a10:%x:b0:%x:%x:%x with SMTP id %scsp%d%s;\r\n"
                       "        %s" % (rng.randrange(65536), rng.randrange(4096),
                                       rng.randrange(65536), rng.randrange(65536),
                                       rhex(rng, 6), rng.randrange(10**6), rhex(rng, 3), date))
        elif kind == 2:
            out.append("Received: from [192.168.%d.%d] (unknown [%s])\r\n\tby smtp.%s "
                       "(Postfix) with ESMTPSA id %s\r\n\tfor <%s>; %s"
                       % (rng.randrange(256), rng.randrange(1, 255), rand_ip(rng),
                          sender_domain, rhex(rng, 10).upper(), rng.choice(OUR_ADDRS), date))
        else:
            out.append("Received: from smtp.%s (smtp.%s [%s])\r\n\tby relay.%s with ESMTP "
                       "id %s; %s" % (sender_domain, sender_domain, rand_ip(rng),
                                      rng.choice(DOMAINS), rhex(rng, 12), date))
        t -= rng.randrange(1, 30)
    return out


def dkim(rng, domain):
    b = rb64(rng, 344)
    lines = ["DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=%s;" % domain,
             "\ts=selector%d; t=%d; h=from:to:subject:date:message-id:references:" % (
                 rng.randrange(1, 3), rng.randrange(1700000000, 1730000000)),
             "\t in-reply-to:mime-version:content-type;",
             "\tbh=%s=;" % rb64(rng, 43),
             "\tb=" + b[:70]]
    for i in range(70, len(b), 72):
        lines.append("\t " + b[i:i + 72])
    lines[-1] += "=="
    return "\r\n".join(lines)


# --------------------------------------------------------------------------------------------
# Bodies


def wrap(par, cjk):
    if cjk:
        w = 36
        return [par[i:i + w] for i in range(0, len(par), w)] or [""]
    lines, cur = [], ""
    for word in par.split(" "):
        if cur and len(cur) + 1 + len(word) > 72:
            lines.append(cur)
            cur = word
        else:
            cur = cur + " " + word if cur else word
    lines.append(cur)
    return lines


def is_cjk_pool(pool_name):
    return pool_name in ("zh_s", "zh_gbk", "zh_18030", "zh_t", "ja")


def paragraphs(rng, pool_name, n):
    pool = LANG_POOLS[pool_name]
    pars = []
    for _ in range(n):
        k = rng.randrange(1, 5)
        sents = [rng.choice(pool) for _ in range(k)]
        if pool_name not in ("en",) and rng.random() < 0.3:
            sents.append(rng.choice(EN))  # mixed-language mail is the norm
        sep = "" if is_cjk_pool(pool_name) else " "
        pars.append(sep.join(sents))
    return pars


DEPARTMENTS = {"zh_s": ["财务部", "技术支持部", "客服中心"], "zh_t": ["財務部", "客服中心"],
               "ja": ["営業部", "サポートセンター"],
               "west": ["Service Client", "Kundendienst", "Atención al cliente"],
               "en": ["Customer Support", "IT Department", "Accounts Payable"]}


def text_body(rng, pool_name, label, sender, recipient, epoch, lang):
    """Returns (plain text with \\n, paragraphs, quoted paragraphs, signature lines)."""
    cjk = is_cjk_pool(pool_name)
    # names in another script than the body charset can hold are replaced, as a MUA would
    sender = sender if encodable(sender, label) else rng.choice(EN_NAMES)
    recipient = recipient if encodable(recipient, label) else rng.choice(EN_NAMES)
    greet = {"zh_s": "您好：", "zh_gbk": "您好：", "zh_18030": "您好：", "zh_t": "您好：",
             "ja": "お世話になっております。"}.get(pool_name, "Hello %s," % recipient.split(" ")[0])
    pars = paragraphs(rng, pool_name, rng.randrange(2, 7))
    quoted = []
    if rng.random() < 0.5:
        quoted = paragraphs(rng, pool_name, rng.randrange(1, 5))
    dept = rng.choice(DEPARTMENTS.get(lang, DEPARTMENTS["en"]))
    if not encodable(dept, label):
        dept = rng.choice(DEPARTMENTS["en"])
    sig = ["-- ", sender, dept,
           "Tel: +%d %d %04d %04d" % (rng.choice([1, 33, 49, 86, 81, 886]),
                                     rng.randrange(10, 99), rng.randrange(10000),
                                     rng.randrange(10000))]
    lines = [greet, ""]
    for p in pars:
        lines.extend(wrap(p, cjk))
        lines.append("")
    lines.extend(sig)
    if quoted:
        lines.append("")
        lines.append("On %s, %s <%s> wrote:" % (fmt_date(rng, epoch - 86400, ZONES[0], "A"),
                                                 recipient, "someone@example.com"))
        for p in quoted:
            for ln in wrap(p, cjk):
                lines.append("> " + ln)
            lines.append(">")
    return "\n".join(lines) + "\n", pars, quoted, sig


HTML_STYLE = ("<style type=\"text/css\"><!--\n@font-face {font-family:\"Cambria Math\";}\n"
              "p.MsoNormal, li.MsoNormal, div.MsoNormal {margin:0cm; font-size:11.0pt; "
              "font-family:\"Calibri\",sans-serif;}\na:link, span.MsoHyperlink "
              "{mso-style-priority:99; color:#0563C1; text-decoration:underline;}\n"
              ".MsoChpDefault {mso-style-type:export-only; font-size:10.0pt;}\n"
              "@page WordSection1 {size:612.0pt 792.0pt; margin:72.0pt 72.0pt 72.0pt 72.0pt;}\n"
              "div.WordSection1 {page:WordSection1;}\n--></style>\n")


def html_body(rng, label, pars, quoted, sig):
    out = ["<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=%s\">"
           % label]
    outlook = rng.random() < 0.4
    if outlook:
        out.append(HTML_STYLE)
    out.append("</head><body>")
    out.append("<div class=\"WordSection1\">" if outlook else "<div dir=\"ltr\">")
    for p in pars:
        if outlook:
            out.append("<p class=\"MsoNormal\"><span lang=\"EN-US\">%s<o:p></o:p></span></p>"
                       % html.escape(p, quote=False))
        else:
            out.append("<div>%s</div><div><br></div>" % html.escape(p, quote=False))
    out.append("<div>%s</div>" % "<br>".join(html.escape(s, quote=False) for s in sig))
    out.append("</div>")
    if quoted:
        out.append("<blockquote class=\"gmail_quote\" style=\"margin:0px 0px 0px 0.8ex;"
                   "border-left:1px solid rgb(204,204,204);padding-left:1ex\">")
        for p in quoted:
            out.append("<p>%s</p>" % html.escape(p, quote=False))
        out.append("</blockquote>")
    out.append("</body></html>")
    # long HTML lines, as many MUAs write them; QP / base64 will wrap them
    return "\n".join(out) + "\n"


def encode_text_part(rng, ctype, text, label, cte, extra_params=""):
    codec = codec_of(label)
    if codec == "iso2022_jp":
        raw = b"\n".join(line.encode(codec) for line in text.split("\n"))
    else:
        raw = text.encode(codec)
    if cte == "7bit" and any(b > 127 for b in raw):
        cte = "8bit"
    if cte == "quoted-printable":
        body = crlf(binascii.b2a_qp(raw, istext=True))
        if not body.endswith(b"\r\n"):
            body += b"\r\n"
    elif cte == "base64":
        body = b64_lines(crlf(raw))
    else:
        body = crlf(raw)
    q = '"' if rng.random() < 0.5 else ""
    head = "Content-Type: %s; charset=%s%s%s%s\r\nContent-Transfer-Encoding: %s\r\n" % (
        ctype, q, label, q, extra_params, cte)
    return head.encode("ascii") + b"\r\n" + body


def filename_params(rng, fname):
    """Content-Type name= and Content-Disposition filename= parameter strings."""
    if all(ord(c) < 128 for c in fname):
        return '; name="%s"' % fname, '; filename="%s"' % fname
    style = rng.randrange(4)
    if style == 0:  # RFC 2231
        v = urlquote(fname.encode("utf-8"), safe="")
        if len(v) > 60:  # continuations
            chunks = [v[i:i + 60] for i in range(0, len(v), 60)]
            # never cut a %XX escape
            fixed, carry = [], ""
            for c in chunks:
                c = carry + c
                cut = c.rfind("%", len(c) - 2) if "%" in c[-2:] else -1
                if cut >= 0:
                    fixed.append(c[:cut])
                    carry = c[cut:]
                else:
                    fixed.append(c)
                    carry = ""
            if carry:
                fixed.append(carry)
            parts = ["filename*0*=UTF-8''" + fixed[0]] + [
                "filename*%d*=%s" % (i, c) for i, c in enumerate(fixed[1:], 1)]
            disp = ";\r\n\t" + ";\r\n\t".join(parts)
            nparts = ["name*0*=UTF-8''" + fixed[0]] + [
                "name*%d*=%s" % (i, c) for i, c in enumerate(fixed[1:], 1)]
            return ";\r\n\t" + ";\r\n\t".join(nparts), disp
        return ";\r\n\tname*=UTF-8''%s" % v, ";\r\n\tfilename*=UTF-8''%s" % v
    if style == 1 and encodable(fname, "gbk"):  # RFC 2231 in GBK (seen from Chinese clients)
        label = rng.choice(["GBK", "gb18030"])
        v = urlquote(fname.encode(codec_of(label)), safe="")
        return ";\r\n\tname*=%s''%s" % (label, v), ";\r\n\tfilename*=%s''%s" % (label, v)
    # RFC 2047 inside a quoted string: not standard, but what most clients send
    for label in (rng.choice(["UTF-8", "GB2312", "GBK", "Big5"]), "GBK", "UTF-8"):
        if encodable(fname, label):
            break
    ew = encoded_words(fname, label, "B")
    v = "\r\n\t".join(ew) if rng.random() < 0.5 else "".join(ew) if len(ew) == 1 else " ".join(ew)
    return ';\r\n\tname="%s"' % v, ';\r\n\tfilename="%s"' % v


def attachment_part(rng, epoch, inline_image=False):
    kind = "png" if inline_image else rng.choices(["pdf", "png", "jpg", "zip"],
                                                  weights=[40, 20, 25, 15])[0]
    size = int(20000 * (10 ** (rng.random())))  # 20 KB .. 200 KB, log-uniform
    head, tail = MAGIC[kind]
    data = head + rng.randbytes(max(0, size - len(head) - len(tail))) + tail
    fname = rng.choice(FILENAMES[kind])
    nparam, fparam = filename_params(rng, fname)
    lines = ["Content-Type: %s%s" % (MIME_OF[kind], nparam)]
    if inline_image:
        cid = "image001.png@01DA6F1C.%s" % rhex(rng, 8).upper()
        lines.append("Content-Description: image001.png")
        lines.append("Content-Disposition: inline%s" % fparam)
        lines.append("Content-ID: <%s>" % cid)
    else:
        disp = "attachment" + fparam
        if rng.random() < 0.3:
            d = fmt_date(rng, epoch - 3600, ZONES[0], "E")
            disp += ';\r\n\tsize=%d; creation-date="%s";\r\n\tmodification-date="%s"' % (
                len(data), d, d)
        lines.append("Content-Disposition: %s" % disp)
    lines.append("Content-Transfer-Encoding: base64")
    width = 76 if rng.random() < 0.7 else 72
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii") + b64_lines(data, width), len(data)


def boundary(rng):
    s = rng.randrange(4)
    if s == 0:
        return "000000000000" + rhex(rng, 16)
    if s == 1:
        return "----=_Part_%d_%d.%d" % (rng.randrange(10**6), rng.randrange(10**9),
                                        rng.randrange(10**12, 10**13))
    if s == 2:
        return "_000_DB7PR04MB%s_" % rhex(rng, 24).upper()
    return "=_%s" % rhex(rng, 24)


def multipart(rng, subtype, parts, extra=""):
    b = boundary(rng)
    q = '"' if (rng.random() < 0.7 or "=" in b) else ""
    head = "Content-Type: multipart/%s;%s\r\n\tboundary=%s%s%s\r\n" % (
        subtype, extra, q, b, q)
    chunks = [head.encode("ascii"), b"\r\n"]
    if rng.random() < 0.3:
        chunks.append(b"This is a multi-part message in MIME format.\r\n\r\n")
    for p in parts:
        chunks.append(("--%s\r\n" % b).encode("ascii"))
        chunks.append(p)
        if not p.endswith(b"\r\n"):
            chunks.append(b"\r\n")
    chunks.append(("--%s--\r\n" % b).encode("ascii"))
    return b"".join(chunks)


# --------------------------------------------------------------------------------------------
# Whole messages


LANG_OF_POOL = {"en": "en", "zh_s": "zh_s", "zh_gbk": "zh_s", "zh_18030": "zh_s",
                "zh_t": "zh_t", "ja": "ja", "west": "west", "west_1252": "west",
                "utf8_mix": "zh_s"}


def build_message(rng, epoch, structure, n_attach, depth=0):
    """Returns (bytes, decoded attachment bytes)."""
    weight_pick = rng.choices(BODY_CHARSETS, weights=BODY_WEIGHTS)[0]
    _, labels, pool_name, ctes = weight_pick
    label = rng.choice(labels)
    lang = LANG_OF_POOL[pool_name]
    if pool_name == "en" and rng.random() < 0.3:
        label = rng.choice(["us-ascii", "US-ASCII"]) if rng.random() < 0.5 else label
    cte = rng.choice(ctes)

    from_lang = lang if rng.random() < 0.85 else "en"
    from_name, from_addr = person(rng, from_lang)
    sender_domain = from_addr.split("@")[1]
    is_fwd = structure == "forward"
    is_reply = (not is_fwd) and rng.random() < 0.5

    h = []
    if depth == 0:
        h.append("Return-Path: <%s>" % from_addr)
        h.append("Delivered-To: %s" % rng.choice(OUR_ADDRS))
        h.extend(received_chain(rng, epoch, sender_domain))
        h.append("Authentication-Results: mail.maildesk.example;\r\n\tdkim=pass (2048-bit key; "
                 "unprotected) header.d=%s header.i=@%s header.b=%s;\r\n\tspf=pass "
                 "smtp.mailfrom=%s;\r\n\tdmarc=pass (p=none dis=none) header.from=%s"
                 % (sender_domain, sender_domain, rb64(rng, 8), from_addr, sender_domain))
        if rng.random() < 0.6:
            h.append(dkim(rng, sender_domain))
    h.append(address_header(rng, "From", [fmt_mailbox(rng, from_name, from_addr, from_lang)]))
    to = [OUR_ADDRS[rng.randrange(3)]] if depth == 0 else []
    to_names = [from_name]
    for _ in range(rng.choices([0, 1, 2, 3], weights=[50, 30, 15, 5])[0] + (1 if not to else 0)):
        n, a = person(rng, lang)
        to.append(fmt_mailbox(rng, n, a, lang))
        to_names.append(n)
    if depth == 0 and rng.random() < 0.3:
        to[0] = '"Maildesk Support" <%s>' % OUR_ADDRS[0]
    h.append(address_header(rng, "To", to))
    if rng.random() < 0.3:
        cc = []
        for _ in range(rng.randrange(1, 5)):
            n, a = person(rng, lang if rng.random() < 0.7 else "en")
            cc.append(fmt_mailbox(rng, n, a, lang))
        h.append(address_header(rng, "Cc", cc))
    if rng.random() < 0.1:
        n, a = person(rng, from_lang)
        h.append(address_header(rng, "Reply-To", [fmt_mailbox(rng, n, a, from_lang)]))
    h.append(subject_header(rng, lang, is_reply, is_fwd))
    h.append("Date: " + fmt_date(rng, epoch, rng.choice(ZONES)))
    h.append("Message-ID: " + message_id(rng, sender_domain))
    if is_reply:
        refs = [message_id(rng, rng.choice(DOMAINS)) for _ in range(rng.randrange(1, 10))]
        h.append("In-Reply-To: " + refs[-1])
        h.append("References: " + "\r\n ".join(refs))
    ua = rng.randrange(5)
    if ua == 0:
        h.append("X-Mailer: Microsoft Outlook 16.0")
        h.append("Thread-Index: AQH%s==" % rb64(rng, 40))
        h.append("Content-Language: zh-cn" if lang == "zh_s" else "Content-Language: en-us")
    elif ua == 1:
        h.append("User-Agent: Mozilla Thunderbird")
    elif ua == 2:
        h.append("X-Mailer: Foxmail 7.2.25.254[cn]")
    elif ua == 3:
        h.append("X-Mailer: Apple Mail (2.3774.300.61.1.2)")
    if depth == 0 and rng.random() < 0.3:
        h.append("X-Spam-Status: No, score=-0.1 required=5.0 tests=BAYES_00,DKIM_SIGNED,"
                 "\r\n\tDKIM_VALID,HTML_MESSAGE,SPF_PASS autolearn=ham version=3.4.6")
    h.append("MIME-Version: 1.0")

    text, pars, quoted, sig = text_body(rng, pool_name, label, from_name, to_names[-1], epoch,
                                        lang)

    def alternative_or_plain(force_alt=False):
        plain = encode_text_part(rng, "text/plain", text, label, cte,
                                 "; format=flowed" if rng.random() < 0.1 else "")
        if not force_alt and rng.random() < 0.45:
            return plain
        htm = html_body(rng, label, pars, quoted, sig)
        hcte = "quoted-printable" if cte in ("7bit", "8bit") and rng.random() < 0.5 else cte
        if codec_of(label) == "iso2022_jp":
            hcte = "7bit"
        return multipart(rng, "alternative", [plain, encode_text_part(rng, "text/html", htm,
                                                                      label, hcte)])

    attach_bytes = 0
    if structure == "simple":
        body = alternative_or_plain()
    elif structure == "mixed":
        parts = [alternative_or_plain()]
        for _ in range(n_attach):
            p, n = attachment_part(rng, epoch)
            parts.append(p)
            attach_bytes += n
        body = multipart(rng, "mixed", parts)
    elif structure == "related":
        htm_alt = alternative_or_plain(force_alt=True)
        img, n = attachment_part(rng, epoch, inline_image=True)
        attach_bytes += n
        rel = multipart(rng, "related", [htm_alt, img], extra=' type="multipart/alternative";')
        parts = [rel]
        for _ in range(n_attach - 1):
            p, n = attachment_part(rng, epoch)
            parts.append(p)
            attach_bytes += n
        body = multipart(rng, "mixed", parts) if len(parts) > 1 or rng.random() < 0.5 else rel
    elif structure == "forward":
        inner_structure = "mixed" if n_attach else "simple"
        inner, n = build_message(rng, epoch - rng.randrange(3600, 86400 * 30), inner_structure,
                                 n_attach, depth + 1)
        attach_bytes += n
        intro = encode_text_part(rng, "text/plain",
                                 "FYI, see the forwarded message below.\n\n" + text, label,
                                 cte)
        has8 = any(b > 127 for b in inner)
        fwd = ("Content-Type: message/rfc822\r\nContent-Disposition: inline\r\n"
               "Content-Transfer-Encoding: %s\r\n\r\n" % ("8bit" if has8 else "7bit")
               ).encode("ascii") + inner
        body = multipart(rng, "mixed", [intro, fwd])
    else:
        raise ValueError(structure)

    return ("\r\n".join(h) + "\r\n").encode("ascii") + body, attach_bytes


def carries_attachments(seed, index):
    """Exactly 15 messages in every block of 100 carry attachments, at random positions."""
    block = random.Random("%d:block:%d" % (seed, index // 100)).sample(range(100), 15)
    return index % 100 in block


def carries_support_attachment(seed, index):
    """Exactly 4 messages in every block of 100 carry one attachment (support mail: mostly text)."""
    block = random.Random("%d:support:%d" % (seed, index // 100)).sample(range(100), 4)
    return index % 100 in block


def make_message(seed, index, small=False, support=False):
    rng = random.Random("%d:%d" % (seed, index))
    epoch = 1704067200 + rng.randrange(0, 300 * 86400)  # 2024
    if support:
        # the text of the small profile (bilingual bodies, quotes, signatures, HTML alternatives), and now and
        # then a 20-200 KB screenshot, invoice or log archive, as customers send them
        if carries_support_attachment(seed, index):
            return build_message(rng, epoch, "mixed", 1)
        return build_message(rng, epoch, "forward" if rng.random() < 0.025 else "simple", 0)
    if not small and carries_attachments(seed, index):
        n_attach = 1 if rng.random() < 0.7 else 2
        s = rng.random()
        structure = "mixed" if s < 0.72 else ("related" if s < 0.92 else "forward")
    else:
        n_attach = 0
        structure = "forward" if rng.random() < 0.025 else "simple"
    return build_message(rng, epoch, structure, n_attach)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--small", action="store_true",
                    help="no attachments: text-only messages of about 5 KB (the IMAP benchmark)")
    ap.add_argument("--support", action="store_true",
                    help="support mail: the small profile's text, 4 in 100 with one 20-200 KB attachment "
                         "(about 8 KB on average; the pipeline benchmark)")
    args = ap.parse_args(argv)
    _check_tables()
    t0 = time.time()
    total = attach = 0
    sizes = []
    made_dirs = set()
    for i in range(args.count):
        data, a = make_message(args.seed, i, args.small, args.support)
        d = os.path.join(args.outdir, "%03d" % (i // 1000))
        if d not in made_dirs:
            os.makedirs(d, exist_ok=True)
            made_dirs.add(d)
        with open(os.path.join(d, "%06d.eml" % i), "wb") as f:
            f.write(data)
        total += len(data)
        attach += a
        sizes.append(len(data))
    sizes.sort()
    median = sizes[len(sizes) // 2] if sizes else 0
    print("messages=%d bytes=%d MB=%.1f median_bytes=%d attachment_decoded_bytes=%d seconds=%.1f"
          % (args.count, total, total / 1e6, median, attach, time.time() - t0))


if __name__ == "__main__":
    main()
