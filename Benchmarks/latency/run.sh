#!/usr/bin/env bash
# How soon a customer has their acknowledgement: COUNT mails (default 100) sent one per INTERVAL seconds (default 1)
# to a private Postfix, which delivers them to a private Dovecot; `maildesk run` (the service, shipped settings:
# poll_interval 10 s, [run] interval 5 s) polls Dovecot and sends each acknowledgement back through the same
# Postfix. Latency = from Postfix accepting the customer's mail (the end of its DATA) to Postfix accepting the
# acknowledgement (maildesk's `sent_at`, whole seconds). Needs root, postfix and dovecot-imapd (scripts/install-deps.sh).
#
#   Benchmarks/latency/run.sh [COUNT] [INTERVAL]
#
# Environment: MAILDESK_BIN=PATH (default .build/release/maildesk, built if missing).
# Prints: mails=N acknowledged=A median_s=M p95_s=P max_s=X, and the service's idle STATUS polls per minute.
set -euo pipefail

COUNT="${1:-100}"
INTERVAL="${2:-1}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
MAILDESK="${MAILDESK_BIN:-$REPO/.build/release/maildesk}"
if [ ! -x "$MAILDESK" ]; then (cd "$REPO" && swift build -c release --product maildesk >&2); fi
MAILDESK="$(realpath "$MAILDESK")"
PY=python3
if [ -x /usr/bin/python3 ]; then PY=/usr/bin/python3; fi

WORK="$(mktemp -d /tmp/maildesk-latency-XXXXXX)"
chmod 755 "$WORK"
SERVICE_PID=""
cleanup() {
    if [ -n "$SERVICE_PID" ]; then kill "$SERVICE_PID" 2>/dev/null || true; wait "$SERVICE_PID" 2>/dev/null || true; fi
    "$REPO/scripts/postfix-test-server.sh" stop "$WORK/postfix" >/dev/null 2>&1 || true
    "$REPO/scripts/dovecot-test-server.sh" stop "$WORK/dovecot" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

IMAP_PORT="$("$REPO/scripts/dovecot-test-server.sh" start "$WORK/dovecot" | sed -n 's/^imap=//p')"
SMTP_PORT="$("$REPO/scripts/postfix-test-server.sh" start "$WORK/postfix" "$WORK/dovecot" | sed -n 's/^smtp=//p')"
[ -n "$IMAP_PORT" ] && [ -n "$SMTP_PORT" ] || { echo "error: the mail servers did not start" >&2; exit 69; }

# The shipped configuration, pointed at the private servers. Only the caps against backscatter are raised: every
# mail comes from one customer address, which the shipped caps would stop answering after a few.
GW="$WORK/gateway"
mkdir -p "$GW/mailboxes"
cp -r "$REPO/config" "$REPO/templates" "$GW/"
cat >> "$GW/config/maildesk.toml" <<TOML

[smtp]
url = "smtp://127.0.0.1:$SMTP_PORT"
starttls = "never"
from = "support@example.test"
TOML
"$PY" - "$GW/config/maildesk.toml" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path).read()
# Keep the file valid TOML: drop the shipped [smtp] table (the appended one replaces it) and raise the caps.
parts = re.split(r'(?m)^(?=\[)', text)
smtp = [p for p in parts if p.startswith('[smtp]')]
text = ''.join([p for p in parts if not p.startswith('[smtp]')] + smtp[-1:])
for key, value in [('max_auto_replies_per_day', 1000), ('max_auto_replies_per_domain_per_day', 100000),
                   ('max_auto_replies_per_hour', 100000), ('max_auto_replies_total_per_day', 100000)]:
    text, n = re.subn(rf'(?m)^{key} = .*$', f'{key} = {value}', text)
    assert n == 1, key
open(path, 'w').write(text)
PY
cat > "$GW/mailboxes/support.toml" <<TOML
name = "support"
url = "imap://127.0.0.1:$IMAP_PORT/INBOX"
user = "support@example.test"
password_env = "MAILDESK_LATENCY_PASSWORD"
starttls = "never"
address = "support@example.test"
kind = "need"
TOML

cd "$GW"
MAILDESK_LATENCY_PASSWORD=secret "$MAILDESK" run --log-level debug 2> "$WORK/service.log" &
SERVICE_PID=$!
for _ in $(seq 1 600); do grep -q "service started" "$WORK/service.log" 2>/dev/null && break; sleep 0.1; done

# Send one mail per INTERVAL through Postfix; record when Postfix accepted each (the end of its DATA).
"$PY" - "$SMTP_PORT" "$COUNT" "$INTERVAL" "$WORK/sent.tsv" <<'PY'
import smtplib, sys, time
from email.message import EmailMessage
port, count, interval, out = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
body = ("您好，我上周买的智能门锁一直连不上家里的 Wi-Fi，已经按说明书重置过三次了，还是不行。\n"
        "Hello, the smart lock I bought last week cannot join my Wi-Fi; I reset it three times as the manual says.\n") * 6
with open(out, 'w') as f:
    start = time.time()
    for n in range(count):
        msg = EmailMessage()
        msg['From'] = '王小明 <customer@example.test>'
        msg['To'] = 'support@example.test'
        msg['Subject'] = f'门锁无法连接 Wi-Fi / lock #{n}'
        msg['Message-ID'] = f'<latency-{n}@example.test>'
        msg.set_content(body)
        with smtplib.SMTP('127.0.0.1', port) as s:
            s.send_message(msg)
        f.write(f'<latency-{n}@example.test>\t{time.time()}\n')
        f.flush()
        time.sleep(max(0, start + (n + 1) * interval - time.time()))
PY

# Wait until every mail has its acknowledgement (or 120 s after the last one).
STORE="$GW/var/maildesk.sqlite"
for _ in $(seq 1 1200); do
    done_count="$("$PY" -c "
import sqlite3, sys
c = sqlite3.connect('file:$STORE?mode=ro', uri=True)
print(c.execute(\"SELECT count(*) FROM outbox WHERE purpose = 'acknowledgement' AND state = 'sent'\").fetchone()[0])" 2>/dev/null || echo 0)"
    [ "$done_count" -ge "$COUNT" ] && break
    sleep 0.1
done
kill "$SERVICE_PID"; wait "$SERVICE_PID" || true; SERVICE_PID=""
if [ "$done_count" -lt "$COUNT" ]; then
    echo "only $done_count of $COUNT acknowledgements were sent; the service's log ends:" >&2
    grep -v "mailbox unchanged" "$WORK/service.log" | tail -15 >&2
fi

"$PY" - "$STORE" "$WORK/sent.tsv" "$COUNT" "$WORK/service.log" <<'PY'
import sqlite3, sys, datetime, statistics
store, sent_file, count, log = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
sent = {k.strip('<>'): v for k, v in (line.rstrip('\n').split('\t') for line in open(sent_file))}
c = sqlite3.connect(f'file:{store}?mode=ro', uri=True)
rows = c.execute("""
    SELECT m.message_id, o.sent_at FROM outbox o
    JOIN message m ON m.thread_id = o.thread_id AND m.direction = 'in'
    WHERE o.purpose = 'acknowledgement' AND o.state = 'sent'""").fetchall()
latencies = []
for mid, at in rows:
    mid = (mid or '').strip('<>')
    if mid in sent:
        acked = datetime.datetime.strptime(at, '%Y-%m-%dT%H:%M:%SZ').replace(tzinfo=datetime.timezone.utc).timestamp()
        latencies.append(max(0.0, acked - float(sent[mid])))
latencies.sort()
def pct(p):
    if not latencies: return float('nan')
    k = (len(latencies) - 1) * p
    lo = int(k); hi = min(lo + 1, len(latencies) - 1)
    return latencies[lo] + (k - lo) * (latencies[hi] - latencies[lo])
idle = sum(1 for line in open(log) if 'mailbox unchanged' in line)
print(f"mails={count} acknowledged={len(latencies)} median_s={pct(0.5):.1f} p95_s={pct(0.95):.1f} "
      f"max_s={(latencies[-1] if latencies else float('nan')):.1f} idle_status_polls={idle}")
PY
