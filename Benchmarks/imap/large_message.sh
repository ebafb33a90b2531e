#!/usr/bin/env bash
# Peak memory of `maildesk run --once` on one large message: a private Dovecot (scripts/dovecot-test-server.sh)
# holding one message with a base64 attachment of SIZE_MB (default 30) random megabytes, fetched over imap://
# into a fresh store; /usr/bin/time -v reports the peak RSS.
#
#   Benchmarks/imap/large_message.sh [SIZE_MB]
#
# Environment: MAILDESK_BIN=PATH (default: .build/release/maildesk, built with `swift build -c release` if missing).
# Prints: message_bytes=N attachment_bytes=A peak_rss_mb=M ratio=R seconds=S (MB = 10^6 bytes; ratio = RSS / message)
set -euo pipefail

SIZE_MB="${1:-30}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
SERVER="$REPO/scripts/dovecot-test-server.sh"
USER_NAME=support@example.test
export PATH="$PATH:/usr/sbin:/sbin"

MAILDESK="${MAILDESK_BIN:-$REPO/.build/release/maildesk}"
if [ ! -x "$MAILDESK" ]; then (cd "$REPO" && swift build -c release --product maildesk >&2); fi
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time is missing (apt-get install time)" >&2; exit 69; }

WORK="$(mktemp -d /tmp/maildesk-large-XXXXXX)"
ROOT="$WORK/dovecot"
cleanup() { "$SERVER" stop "$ROOT" >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT
chmod 755 "$WORK"

# The message: a short text part and one application/octet-stream part, base64 in 76-column lines, CRLF.
python3 - "$WORK/large.eml" "$SIZE_MB" <<'PY'
import base64, os, sys
path, mb = sys.argv[1], int(sys.argv[2])
data = os.urandom(mb * 1000 * 1000)
b64 = base64.encodebytes(data).replace(b"\n", b"\r\n")
head = (b"From: Big Customer <big@customer.example>\r\nTo: support@example.test\r\n"
        b"Subject: the log files you asked for\r\nDate: Sat, 21 Nov 2026 10:00:00 +0000\r\n"
        b"Message-ID: <large-1@customer.example>\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
        b"--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHere they are.\r\n"
        b"--b1\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n"
        b"Content-Disposition: attachment; filename=\"logs.bin\"\r\n\r\n")
with open(path, "wb") as f:
    f.write(head + b64 + b"--b1--\r\n")
print(len(data), file=open(path + ".attachment", "w"))
PY
"$SERVER" start "$ROOT" >/dev/null
IMAP_PORT="$(sed -n 's/^imap=//p' "$ROOT/ports")"
"$SERVER" deliver "$ROOT" "$USER_NAME" "$WORK/large.eml"

GW="$WORK/gateway"
. "$HERE/gateway.sh"
write_gateway "$GW" big "$IMAP_PORT" "$USER_NAME"
start="$EPOCHREALTIME"
(cd "$GW" && MAILDESK_BENCH_PASSWORD=secret /usr/bin/time -v -o "$WORK/time.txt" \
    "$MAILDESK" run --once --json --config "$GW/config/maildesk.toml") >"$WORK/out.json" 2>"$WORK/err.txt" || {
    cat "$WORK/err.txt" "$WORK/out.json" >&2; exit 1; }
secs="$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')"
python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); assert s["stored"] == 1 and s["parsed"] == 1, s' "$WORK/out.json"
kb="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/time.txt")"
bytes="$(stat -c %s "$WORK/large.eml")"
awk -v kb="$kb" -v b="$bytes" -v a="$(cat "$WORK/large.eml.attachment")" -v s="$secs" 'BEGIN {
    printf "message_bytes=%d attachment_bytes=%d peak_rss_mb=%.1f ratio=%.2f seconds=%s\n", b, a, kb * 1024 / 1e6, kb * 1024 / b, s }'
