#!/usr/bin/env python3
"""Parse every file under DIR with Python's email package, doing the same work as
`maildesk bench parse DIR` and gmime/bench_gmime.c, and print one line:

    engine=python messages=N bytes=B seconds=S msg_per_s=X MB_per_s=Y peak_rss_mb=M

(MB = 10^6 bytes; peak_rss_mb = getrusage ru_maxrss KiB * 1024 / 10^6.)

Per file, inside the timed loop: read the file; email.message_from_bytes(policy=default);
Subject, From/To/Cc/Reply-To (every address's display name and addr-spec, and the decoded
string form of the header), Date (.datetime), Message-ID, References and In-Reply-To (the
<...> ids); then msg.walk(), which descends into message/rfc822 parts: text/* parts via
get_content() (transfer-decoded and decoded from their charset) encoded to UTF-8, every
other leaf part via get_payload(decode=True) + hashlib.sha256, and get_filename().
Only the top-level message's headers are decoded, as in the GMime harness.

BENCH_DUMP=FILE (environment) writes every decoded item to FILE in bench_gmime's format, so
the two can be diffed; it slows the run, so never time with it.

Cross-check figures go to stderr in the same form as bench_gmime's (with the CPU seconds
of the loop, less disturbed than wall time by a busy machine).
"""

import email
import email.policy
import hashlib
import os
import re
import resource
import sys
import time

_MSGID = re.compile(r"<[^<>]*>")


def list_files(root):
    out = []
    for d, _, names in os.walk(root):
        for n in names:
            p = os.path.join(d, n)
            if os.path.isfile(p):
                out.append(p)
    out.sort()
    return out


def main():
    if len(sys.argv) != 2:
        print("usage: python_email_bench.py DIR", file=sys.stderr)
        return 2
    files = list_files(sys.argv[1])
    policy = email.policy.default
    messages = nbytes = failures = 0
    text_parts = text_utf8_bytes = attachments = attachment_bytes = 0
    named = embedded = addresses = dates = references = header_chars = 0
    all_digests = hashlib.sha256()
    dump = open(os.environ["BENCH_DUMP"], "w", encoding="utf-8") \
        if os.environ.get("BENCH_DUMP") else None

    c0 = time.process_time()
    t0 = time.perf_counter()
    for path in files:
        try:
            with open(path, "rb") as f:
                data = f.read()
            nbytes += len(data)
            msg = email.message_from_bytes(data, policy=policy)
            if dump:
                dump.write("M\t%s\n" % path)

            h = msg["subject"]
            if h is not None:
                header_chars += len(str(h))
                if dump:
                    dump.write("S\t%s\n" % h)
            for name in ("from", "to", "cc", "reply-to"):
                h = msg[name]
                if h is None:
                    continue
                header_chars += len(str(h))
                for a in h.addresses:
                    header_chars += len(a.display_name) + len(a.addr_spec)
                    addresses += 1
                    if dump:
                        dump.write("A\t%s\t%s\t%s\n" % (name, a.display_name, a.addr_spec))
            h = msg["date"]
            if h is not None and h.datetime is not None:
                dates += 1
                if dump:
                    dump.write("D\t%d\n" % h.datetime.timestamp())
            h = msg["message-id"]
            if h is not None:
                header_chars += len(str(h))
                if dump:
                    dump.write("I\t%s\n" % str(h).strip().strip("<>"))
            for name, label in (("references", "References"), ("in-reply-to", "In-Reply-To")):
                h = msg[name]
                if h is not None:
                    for mid in _MSGID.findall(str(h)):
                        header_chars += len(mid)
                        references += 1
                        if dump:
                            dump.write("R\t%s\t%s\n" % (label, mid[1:-1]))

            for part in msg.walk():
                if part.is_multipart():
                    if part.get_content_type() == "message/rfc822":
                        embedded += 1
                    continue
                if part.get_content_maintype() == "text":
                    text_parts += 1
                    utf8 = part.get_content().encode("utf-8")
                    text_utf8_bytes += len(utf8)
                    if dump:
                        dump.write("T\t%d\t%s\n" % (len(utf8), hashlib.sha256(utf8).hexdigest()))
                else:
                    attachments += 1
                    filename = part.get_filename()
                    if filename is not None:
                        named += 1
                        header_chars += len(filename)
                    payload = part.get_payload(decode=True) or b""
                    attachment_bytes += len(payload)
                    digest = hashlib.sha256(payload).digest()
                    all_digests.update(digest)
                    if dump:
                        dump.write("F\t%s\t%d\t%s\n" % (filename or "", len(payload),
                                                          digest.hex()))
            messages += 1
        except Exception as e:  # keep going, as the other engines do
            failures += 1
            print("python_email_bench: %s: %r" % (path, e), file=sys.stderr)
    secs = time.perf_counter() - t0
    if dump:
        dump.close()
    cpu = time.process_time() - c0

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / 1e6
    print("engine=python messages=%d bytes=%d seconds=%.3f msg_per_s=%.1f MB_per_s=%.2f "
          "peak_rss_mb=%.1f" % (messages, nbytes, secs, messages / secs if secs else 0.0,
                                nbytes / 1e6 / secs if secs else 0.0, rss))
    print("engine=python check: failures=%d text_parts=%d text_utf8_bytes=%d attachments=%d "
          "named_attachments=%d attachment_bytes=%d embedded_messages=%d addresses=%d "
          "dates=%d references=%d attachments_sha256=%s cpu_seconds=%.3f"
          % (failures, text_parts, text_utf8_bytes, attachments, named, attachment_bytes,
             embedded, addresses, dates, references, all_digests.hexdigest(), cpu),
          file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
