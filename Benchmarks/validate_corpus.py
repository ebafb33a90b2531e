#!/usr/bin/env python3
"""Sanity-check a generated corpus with Python's email package.

    validate_corpus.py DIR [--limit N]

For each message (all of them, or the first N in path order) it checks that:
  * every line ends in CRLF and no line is longer than 998 octets;
  * the headers parse and decode (Subject, From/To/Cc/Reply-To, Date, Message-ID,
    References) with no RFC 2047 leftovers ("=?") and no header defects;
  * every text part decodes strictly in its declared charset (no U+FFFD), equals what
    get_content() returns, and re-encodes to the same bytes (charset round trip);
  * every non-text part is valid base64 and decodes to a file that starts with the magic
    number of its declared type;
  * display names and attachment file names decode to exactly the strings the generator
    used (so RFC 2047 / RFC 2231 round-trip in every charset);
  * message/rfc822 parts are walked into.
Prints a summary (counts of charsets, encodings, structures) and exits 1 on any problem.
"""

import argparse
import base64
import binascii
import collections
import email
import email.policy
import os
import re
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate_corpus as gen  # noqa: E402  (the tables the corpus was made from)

KNOWN_FILENAMES = {n for names in gen.FILENAMES.values() for n in names}
KNOWN_NAMES = set(gen.JA_NAMES + gen.WEST_NAMES + gen.EN_NAMES + ["Maildesk Support", ""])
KNOWN_NAMES |= {s + g for s in gen.SURNAMES_S for g in gen.GIVEN_S}
KNOWN_NAMES |= {s + g for s in gen.SURNAMES_T for g in gen.GIVEN_T}

CODECS = {"utf-8": "utf-8", "gb18030": "gb18030", "gbk": "gbk", "gb2312": "gb2312",
          "big5": "big5", "iso-2022-jp": "iso2022_jp", "windows-1252": "cp1252",
          "iso-8859-1": "latin-1", "us-ascii": "ascii"}
MAGIC = {"application/pdf": b"%PDF-", "image/png": b"\x89PNG\r\n\x1a\n",
         "image/jpeg": b"\xff\xd8\xff", "application/zip": b"PK\x03\x04"}


def files_under(root):
    out = []
    for d, _, names in os.walk(root):
        out.extend(os.path.join(d, n) for n in names)
    return sorted(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    paths = files_under(args.dir)
    if args.limit:
        paths = paths[:args.limit]
    problems = []
    stats = collections.Counter()

    def bad(path, what):
        problems.append("%s: %s" % (path, what))

    for path in paths:
        raw = open(path, "rb").read()
        if re.search(rb"(?<!\r)\n", raw) or re.search(rb"\r(?!\n)", raw):
            bad(path, "bare CR or LF")
        if max(len(l) for l in raw.split(b"\r\n")) > 998:
            bad(path, "line longer than 998 octets")
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        for hname in ("subject", "from", "to", "cc", "reply-to", "date", "message-id",
                      "references", "in-reply-to"):
            h = msg[hname]
            if h is None:
                continue
            if "=?" in str(h):
                bad(path, "%s not fully decoded: %r" % (hname, str(h)))
            if h.defects:
                bad(path, "%s defects %r" % (hname, h.defects))
            if hname in ("from", "to", "cc", "reply-to"):
                for a in h.addresses:
                    if a.display_name not in KNOWN_NAMES or "@" not in a.addr_spec:
                        bad(path, "display name did not round-trip: %r" % a)
            if hname == "date" and h.datetime is None:
                bad(path, "date did not parse: %r" % str(h))
        if msg["subject"] and not all(ord(c) < 128 for c in str(msg["subject"])):
            stats["subject non-ASCII"] += 1
        stats["structure " + msg.get_content_type()] += 1
        for part in msg.walk():
            ctype = part.get_content_type()
            if part.defects:
                bad(path, "%s defects %r" % (ctype, part.defects))
            if part.is_multipart():
                if ctype == "message/rfc822":
                    stats["message/rfc822 parts"] += 1
                continue
            cte = part.get("content-transfer-encoding", "7bit").lower()
            if part.get_content_maintype() == "text":
                label = part.get_content_charset()
                codec = CODECS.get(label)
                stats["text charset %s / %s" % (label, cte)] += 1
                if codec is None:
                    bad(path, "unknown charset %r" % label)
                    continue
                payload = part.get_payload(decode=True)
                try:
                    strict = payload.decode(codec)
                except UnicodeDecodeError as e:
                    bad(path, "%s does not decode as %s: %s" % (ctype, label, e))
                    continue
                content = part.get_content()
                if "\ufffd" in content:
                    bad(path, "U+FFFD in %s %s" % (ctype, label))
                if content.replace("\r\n", "\n") != strict.replace("\r\n", "\n"):
                    bad(path, "get_content() differs from strict decode (%s)" % label)
                if codec == "iso2022_jp":
                    again = b"\r\n".join(l.encode(codec) for l in strict.split("\r\n"))
                else:
                    again = strict.encode(codec)
                if again != payload:
                    bad(path, "charset round trip failed for %s" % label)
            else:
                stats["attachments"] += 1
                stats["attachment type " + ctype] += 1
                try:
                    body = part.get_payload(decode=False)
                    data = base64.b64decode("".join(body.split()), validate=True)
                except (binascii.Error, ValueError) as e:
                    bad(path, "attachment base64: %s" % e)
                    continue
                if data != part.get_payload(decode=True):
                    bad(path, "get_payload(decode=True) differs from strict base64 decode")
                if not data.startswith(MAGIC.get(ctype, b"")):
                    bad(path, "attachment %s without its magic number" % ctype)
                stats["attachment bytes"] += len(data)
                name = part.get_filename()
                if name is None or "=?" in name or "%" in name:
                    bad(path, "attachment file name not decoded: %r" % name)
                elif name not in KNOWN_FILENAMES:
                    bad(path, "file name did not round-trip: %r" % name)
                elif any(ord(c) > 127 for c in name):
                    stats["attachment names non-ASCII"] += 1
    for k in sorted(stats):
        print("%8d  %s" % (stats[k], k))
    print("checked %d messages, %d problems" % (len(paths), len(problems)))
    for p in problems[:40]:
        print("  " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
