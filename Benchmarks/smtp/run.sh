#!/usr/bin/env bash
# Outbound benchmark: 2,000 outbox messages sent by `maildesk bench send` to a local SMTP server
# (scripts/smtp-test-server.py, aiosmtpd, which writes every message to disk), first on one reused
# connection, then with a new connection per message.
#
#   Benchmarks/smtp/run.sh [COUNT]        (default 2000)
#
# Environment: MAILDESK_BIN=PATH uses that binary instead of `swift build -c release`.
set -euo pipefail
COUNT="${1:-2000}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || { echo "aiosmtpd missing: run scripts/install-deps.sh" >&2; exit 1; }
if [ -z "${MAILDESK_BIN:-}" ]; then
    (cd "$REPO" && swift build -c release --product maildesk >&2)
    MAILDESK_BIN="$REPO/.build/release/maildesk"
fi
DIR="$(mktemp -d /tmp/maildesk-smtpbench-XXXXXX)"
/usr/bin/python3 "$REPO/scripts/smtp-test-server.py" --dir "$DIR" --port 0 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$DIR"' EXIT
for _ in $(seq 100); do [ -s "$DIR/port" ] && break; sleep 0.1; done
PORT="$(cat "$DIR/port")"
echo "==> $COUNT messages to aiosmtpd on 127.0.0.1:$PORT ($(nproc) cores)" >&2
"$MAILDESK_BIN" bench send --url "smtp://127.0.0.1:$PORT" --count "$COUNT"
echo "captured: $(ls "$DIR" | grep -c '\.eml$') messages" >&2
