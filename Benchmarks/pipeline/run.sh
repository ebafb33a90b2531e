#!/usr/bin/env bash
# Whole-pipeline benchmark: maildesk with the SHIPPED configuration (acknowledgements and agent notifications on)
# against the ceilings it is bounded by, side by side in one run, on generated support mail (long bilingual bodies,
# quoted history, signatures, HTML alternatives, 4 in 100 with a 20-200 KB attachment; generate_corpus.py --support).
#
#   Benchmarks/pipeline/run.sh [COUNT]          (default 5000)
#
# Environment:
#   SEED=N             corpus seed (default 1; the corpus is regenerated when COUNT or SEED differs)
#   MAILDESK_BIN=PATH  use this maildesk binary and skip `swift build -c release`
#   SKIP_MBSYNC=1      leave mbsync out;  SKIP_SMTP=1  leave the Postfix rows out;  SKIP_MAILDIR=1  the Maildir row
#   KEEP_SERVER=1      leave Dovecot and Postfix running (and the work folder) at the end
#   CORPUS_DIR=PATH    where the corpus is generated and kept (default Benchmarks/pipeline/corpus)
#
# Servers (loopback, free high ports): Dovecot from scripts/dovecot-test-server.sh holding the corpus in INBOX, and
# Postfix from scripts/postfix-test-server.sh start-sink (STARTTLS offered, every message queued as real mail, then
# discarded). Rows, each a whole process, wall time:
#   curl_fetch       Benchmarks/imap/curl_fetch_loop: one reused libcurl handle, URL fetch per UID (first sync:
#                    every message unseen): the fetch ceiling
#   mbsync           isync pulling INBOX into an empty Maildir
#   maildesk_file    `maildesk run --once` on a fresh store: imap:// mailbox (after_import = "keep"), outbound to
#                    `file:var/outbox`: fetch, store, parse, thread, classify, assign, acknowledge, notify, send
#   maildesk_file_all  the same with the automated-reply caps lifted: every new thread acknowledged
#   curl_send        Benchmarks/pipeline/curl_send_loop: the mail maildesk_file_all wrote, sent to Postfix on one reused
#                    handle with STARTTLS, each message to its own envelope (from the outbox rows): what Postfix
#                    accepts from one client, the send ceiling
#   maildesk_smtp1   the same run as maildesk_file, outbound to Postfix with STARTTLS, [smtp] connections = 1
#   maildesk_smtp2   the same with connections = 2 (the shipped default)
#   send_N_...       the send stage alone: the outbox of maildesk_file_all queued again and sent to Postfix by a run
#                    with nothing new, on 1, 2 and 4 connections, against curl_send
#   maildesk_maildir the same as maildesk_file from a local Maildir (the embedded default of the README)
# Each maildesk row also prints its stages' seconds (`run --json`) and peak RSS (/usr/bin/time).
set -euo pipefail

COUNT="${1:-5000}"
SEED="${SEED:-1}"
case "$COUNT" in
    '' | *[!0-9]*) echo "usage: $0 [COUNT]" >&2; exit 2 ;;
esac

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
DOVECOT="$REPO/scripts/dovecot-test-server.sh"
POSTFIX="$REPO/scripts/postfix-test-server.sh"
CORPUS="${CORPUS_DIR:-$HERE/corpus}"
BIN="$REPO/Benchmarks/bin"
PYTHON="${PYTHON:-python3}"
USER_NAME=support@example.test
PASSWORD=secret
mkdir -p "$BIN"
export PATH="$PATH:/usr/sbin:/sbin"
. "$REPO/Benchmarks/common.sh"

# ---- 1. dependencies ------------------------------------------------------------------
if [ "${SKIP_SMTP:-0}" != 1 ] && [ "$(id -u)" -ne 0 ]; then
    say "Postfix runs only as root: the SMTP rows are left out (as with SKIP_SMTP=1)"
    SKIP_SMTP=1
fi
mapfile -t PKGS < <(missing_server_tools)
[ -x /usr/bin/time ] || PKGS+=(time)
if [ "${SKIP_SMTP:-0}" != 1 ] && ! command -v postfix >/dev/null 2>&1; then PKGS+=(postfix); fi
if [ "${SKIP_MBSYNC:-0}" != 1 ] && ! command -v mbsync >/dev/null 2>&1; then PKGS+=(isync); fi
install_missing "${PKGS[@]}"

# ---- 2. corpus ------------------------------------------------------------------------
ensure_corpus "$CORPUS" "$COUNT" "$SEED" --support
BYTES="$(find "$CORPUS" -type f -name '*.eml' -printf '%s\n' | awk '{ s += $1 } END { printf "%d", s }')"

# ---- 3. the libcurl loops and maildesk ------------------------------------------------------
say "building $BIN/curl_fetch_loop and $BIN/curl_send_loop"
cc -O2 -o "$BIN/curl_fetch_loop" "$REPO/Benchmarks/imap/curl_fetch_loop.c" -lcurl
cc -O2 -o "$BIN/curl_send_loop" "$HERE/curl_send_loop.c" -lcurl
if [ -n "${MAILDESK_BIN:-}" ]; then
    MAILDESK="$MAILDESK_BIN"
else
    say "building maildesk (swift build -c release --product maildesk)"
    (cd "$REPO" && swift build -c release --product maildesk) >"$BIN/maildesk-build.log" 2>&1 ||
        { tail -n 25 "$BIN/maildesk-build.log" >&2; echo "error: the maildesk build failed" >&2; exit 1; }
    MAILDESK="$(cd "$REPO" && swift build -c release --show-bin-path)/maildesk"
fi
[ -x "$MAILDESK" ] || { echo "error: $MAILDESK is not an executable" >&2; exit 1; }

# ---- 4. the servers -------------------------------------------------------------------------
WORK="$(mktemp -d /tmp/maildesk-pipebench-XXXXXX)"
ROOT="$WORK/dovecot"
cleanup() {
    if [ "${KEEP_SERVER:-0}" = 1 ]; then
        say "KEEP_SERVER=1: servers still run below $WORK"
    else
        "$POSTFIX" stop "$WORK/postfix" >/dev/null 2>&1 || true
        "$DOVECOT" stop "$ROOT" >/dev/null 2>&1 || true
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
chmod 755 "$WORK"
"$DOVECOT" start "$ROOT" >/dev/null
IMAP_PORT="$(sed -n 's/^imap=//p' "$ROOT/ports")"
say "Dovecot on 127.0.0.1:$IMAP_PORT; delivering $COUNT messages"
"$DOVECOT" deliver-dir "$ROOT" "$USER_NAME" "$CORPUS"
have="$("$DOVECOT" count "$ROOT" "$USER_NAME")"
[ "$have" = "$COUNT" ] || { echo "error: INBOX holds $have messages, not $COUNT" >&2; exit 1; }
VALIDITY="$("$DOVECOT" uidvalidity "$ROOT" "$USER_NAME")"
MAILDIR="$ROOT/mail/example.test/support/Maildir"
doveadm -c "$ROOT/etc/dovecot.conf" fetch -u "$USER_NAME" 'uid flags size.physical' mailbox INBOX all >/dev/null
SMTP_PORT=""
if [ "${SKIP_SMTP:-0}" != 1 ]; then
    "$POSTFIX" start-sink "$WORK/postfix" "$ROOT/tls/cert.pem" "$ROOT/tls/key.pem" >/dev/null
    SMTP_PORT="$(sed -n 's/^smtp=//p' "$WORK/postfix/ports")"
    say "Postfix (STARTTLS, discarding) on 127.0.0.1:$SMTP_PORT"
fi

first_sync() {  # every message unseen again, the Maildir files in the page cache
    "$DOVECOT" unflag "$ROOT" "$USER_NAME" '\Seen' >/dev/null
    find "$MAILDIR/cur" -type f -exec cat {} + >/dev/null
}
T0=0
tick() { T0="$EPOCHREALTIME"; }
elapsed() { awk -v a="$T0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }'; }

ROWS=()     # engine messages seconds rss_mb note
STAGES=()
row() { ROWS+=("$1|$2|$3|${4:--}|${5:-}"); say "$1: $2 messages in $3 s ${5:-}"; }

# ---- 5. the ceilings ------------------------------------------------------------------------
say "running curl_fetch"
first_sync
tick
out="$("$BIN/curl_fetch_loop" "imap://127.0.0.1:$IMAP_PORT/INBOX" "$USER_NAME" "$PASSWORD" "$VALIDITY" 1 "$COUNT")"
FETCH_SECONDS="$(elapsed)"
row curl_fetch "$(printf '%s' "$out" | sed -n 's/^messages=\([0-9]*\).*/\1/p')" "$FETCH_SECONDS"

if [ "${SKIP_MBSYNC:-0}" != 1 ]; then
    say "running mbsync"
    first_sync
    tick
    got="$(mbsync_pull "$WORK/mbsync" "$IMAP_PORT" "$USER_NAME" "$PASSWORD")"
    row mbsync "$got" "$(elapsed)"
fi

# ---- 6. maildesk ---------------------------------------------------------------------------
# gateway DIR SOURCE-LINES SMTP-LINES: the shipped config/ and templates/ in DIR, one mailbox, a fresh store, and
# the classifier trained once as a deployment does (`maildesk classifier train`; without a saved model every
# process start trains one, about 0.5 s)
# outbound_to CONFIG LINES: the shipped [smtp] url replaced by LINES (\n between lines), the rest of the section kept
outbound_to() {
    "$PYTHON" - "$1" "$2" <<'EOF'
import re, sys
path, lines = sys.argv[1], sys.argv[2].replace("\\n", "\n")
text = open(path).read()
text = re.sub(r'(?m)^url = "file:var/outbox"$', lines, text)
open(path, "w").write(text)
EOF
}
gateway() {
    rm -rf "$1"
    mkdir -p "$1/mailboxes" "$1/var"
    cp -R "$REPO/config" "$REPO/templates" "$1/"
    printf 'name = "support"\naddress = "%s"\n%b\n' "$USER_NAME" "$2" >"$1/mailboxes/support.toml"
    if [ -n "$3" ]; then outbound_to "$1/config/maildesk.toml" "$3"; fi
    (cd "$1" && "$MAILDESK" classifier train >/dev/null)
}
IMAP_SOURCE="url = \"imap://127.0.0.1:$IMAP_PORT/INBOX\"\nuser = \"$USER_NAME\"\npassword_env = \"MAILDESK_BENCH_PASSWORD\"\nafter_import = \"keep\"\nstarttls = \"never\"\nmax_messages_per_poll = $COUNT"

# maildesk_engine NAME DIR: `run --once --json` in DIR; a row with the messages fetched, and the stage figures
maildesk_engine() {
    local name="$1" dir="$2" rc=0 secs rss summary
    say "running $name"
    tick
    (cd "$dir" && MAILDESK_BENCH_PASSWORD="$PASSWORD" MAILDESK_SECRET=benchmark-secret-benchmark-secret-0123 \
        /usr/bin/time -f 'peak_rss_kb=%M' -o "$WORK/$name.time" "$MAILDESK" run --once --json) \
        >"$WORK/$name.json" 2>"$WORK/$name.stderr" || rc=$?
    secs="$(elapsed)"
    rss="$(sed -n 's/^peak_rss_kb=//p' "$WORK/$name.time" | awk '{ printf "%.0f", $1 * 1024 / 1e6 }')"
    summary="$("$PYTHON" - "$WORK/$name.json" <<'EOF'
import json, sys
try:
    s = json.load(open(sys.argv[1]))
except Exception as e:
    print("0|no summary (%s)" % e); sys.exit()
st = s.get("stage_seconds", {})
stages = " ".join("%s=%.1f" % (k, st[k]) for k in ["fetch", "parse", "thread", "classify", "assign", "answer", "send"] if k in st)
errors = s.get("errors", [])
print("%d|threads=%d queued=%d sent=%d errors=%d | %s%s" % (
    s.get("fetched", 0), s.get("threads_classified", 0), s.get("mail_queued", 0), s.get("mail_sent", 0),
    len(errors), stages, (" | first error: " + errors[0][:120]) if errors else ""))
EOF
)"
    [ "$rc" = 0 ] || summary="${summary%%|*}|exit $rc: $(head -n1 "$WORK/$name.stderr") ${summary#*|}"
    row "$name" "${summary%%|*}" "$secs" "$rss" "${summary#*|}"
    STAGES+=("$name: ${summary#*|}")
    SENT="$("$PYTHON" -c 'import json,sys; s=json.load(open(sys.argv[1])); print(s.get("mail_sent",0), s.get("stage_seconds",{}).get("send",0))' "$WORK/$name.json" 2>/dev/null || echo "0 0")"
}

GW="$WORK/gateway"
gateway "$GW" "$IMAP_SOURCE" ""
first_sync
maildesk_engine maildesk_file "$GW"
# The shipped caps acknowledge at most 200 new threads an hour: a burst of 5,000 gets 200 acknowledgements. The
# same run with the caps lifted shows the outbound half at full volume (every thread acknowledged).
GW_ALL="$WORK/gateway-all"
gateway "$GW_ALL" "$IMAP_SOURCE" ""
"$PYTHON" - "$GW_ALL/config/maildesk.toml" <<'EOF'
import re, sys
path = sys.argv[1]
text = open(path).read()
for key in ["max_auto_replies_per_domain_per_day", "max_auto_replies_per_hour", "max_auto_replies_total_per_day"]:
    text = re.sub(r"(?m)^%s = \d+$" % key, "%s = 1000000" % key, text)
open(path, "w").write(text)
EOF
first_sync
maildesk_engine maildesk_file_all "$GW_ALL"
# curl_send and the send stage alone use this run's outbox: every thread's mail, the longer sample.
OUTBOX="$GW_ALL/var/outbox"
# Each message's own envelope beside it (<stem>.env: MAIL FROM, then one recipient a line), from the outbox rows,
# so that curl_send gives Postfix the addresses maildesk gives it: Postfix's work per message depends on them.
"$PYTHON" - "$GW_ALL/var/maildesk.sqlite" "$OUTBOX" <<'EOF'
import json, os, re, sqlite3, sys
db, folder = sqlite3.connect(sys.argv[1]), sys.argv[2]
envelopes = {m.strip("<>"): (f, json.loads(r))
             for m, f, r in db.execute("SELECT message_id, envelope_from, recipients_json FROM outbox")}
for name in os.listdir(folder):
    if not name.endswith(".eml"):
        continue
    head = open(os.path.join(folder, name), "rb").read(64 * 1024).split(b"\r\n\r\n", 1)[0]
    found = re.search(rb"(?im)^Message-ID:\s*<([^>\r\n]+)>", head)
    envelope = found and envelopes.get(found.group(1).decode("ascii", "replace"))
    if envelope:
        with open(os.path.join(folder, name[:-4] + ".env"), "w") as out:
            out.write("\n".join([envelope[0]] + envelope[1]) + "\n")
EOF


if [ -n "$SMTP_PORT" ]; then
    say "running curl_send ($(ls "$OUTBOX" | grep -c '\.eml$') messages, $(ls "$OUTBOX" | grep -c '\.env$') with their own envelope)"
    tick
    out="$("$BIN/curl_send_loop" "smtp://127.0.0.1:$SMTP_PORT/bench.example" "$USER_NAME" customer@example.net \
        "$OUTBOX" "$ROOT/tls/cert.pem")"
    secs="$(elapsed)"
    CURL_SENT="$(printf '%s' "$out" | sed -n 's/^messages=\([0-9]*\).*/\1/p')"
    CURL_SEND_SECONDS="$secs"
    row curl_send "$CURL_SENT" "$secs" - "(messages sent, not fetched)"
    for connections in 1 2; do
        gateway "$GW" "$IMAP_SOURCE" "url = \"smtp://127.0.0.1:$SMTP_PORT\"\\ntls_ca_file = \"$ROOT/tls/cert.pem\"\\nstarttls = \"required\"\\nconnections = $connections"
        first_sync
        maildesk_engine "maildesk_smtp$connections" "$GW"
    done
    # The send stage alone, as curl_send measures Postfix: maildesk_file_all's outbox (the mail curl_send sent)
    # queued again, [smtp] pointed at Postfix, and sent by a run with nothing new to fetch, on 1, 2 (the default)
    # and 4 connections.
    outbound_to "$GW_ALL/config/maildesk.toml" \
        "url = \"smtp://127.0.0.1:$SMTP_PORT\"\ntls_ca_file = \"$ROOT/tls/cert.pem\"\nstarttls = \"required\"\nconnections = 1"
    for connections in 1 2 4; do
        sed -i "s/^connections = .*/connections = $connections/" "$GW_ALL/config/maildesk.toml"
        "$PYTHON" -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("UPDATE outbox SET state = '"'"'queued'"'"', sent_at = NULL, next_attempt_at = created_at"); c.commit()' \
            "$GW_ALL/var/maildesk.sqlite"
        (cd "$GW_ALL" && MAILDESK_BENCH_PASSWORD="$PASSWORD" MAILDESK_SECRET=benchmark-secret-benchmark-secret-0123 \
            "$MAILDESK" run --once --json) >"$WORK/send$connections.json" 2>"$WORK/send$connections.stderr" || true
        SENT="$("$PYTHON" -c 'import json,sys; s=json.load(open(sys.argv[1])); print(s.get("mail_sent",0), s.get("stage_seconds",{}).get("send",0))' "$WORK/send$connections.json" 2>/dev/null || echo "0 0")"
        eval "SEND${connections}=\"\$SENT\""
        say "send stage alone, $connections connections: $SENT (sent, seconds)"
    done
fi
rm -rf "$GW_ALL"

if [ "${SKIP_MAILDIR:-0}" != 1 ]; then
    rm -rf "$WORK/maildir"
    mkdir -p "$WORK/maildir/new" "$WORK/maildir/cur" "$WORK/maildir/tmp"
    find "$CORPUS" -type f -name '*.eml' | sort | while read -r f; do
        cp "$f" "$WORK/maildir/new/$(basename "$f" .eml).bench:2,"
    done
    gateway "$GW" "url = \"maildir:$WORK/maildir\"\nafter_import = \"keep\"" ""
    find "$WORK/maildir/new" -type f -exec cat {} + >/dev/null
    maildesk_engine maildesk_maildir "$GW"
fi

# ---- 7. the table ---------------------------------------------------------------------------
echo
echo "# $COUNT messages, $BYTES bytes ($(awk -v b="$BYTES" -v c="$COUNT" 'BEGIN { printf "%.0f", b / c }') bytes each on average), $(nproc) cores, Dovecot $(dovecot --version | cut -d' ' -f1), $(postconf -d mail_version 2>/dev/null | sed 's/mail_version = /Postfix /'), $(curl --version | head -n1 | cut -d' ' -f1-2)"
printf '%-17s %9s %9s %9s %11s %8s  %s\n' engine messages seconds msg/s "x fetch" rss_MB notes
for r in "${ROWS[@]}"; do
    IFS='|' read -r name n secs rss note <<<"$r"
    awk -v e="$name" -v n="$n" -v s="$secs" -v c="$COUNT" -v f="$FETCH_SECONDS" -v r="$rss" -v x="$note" 'BEGIN {
        rate = (s > 0 ? n / s : 0); ceiling = (f > 0 ? c / f : 0)
        printf "%-17s %9d %9.2f %9.1f %11s %8s  %s\n", e, n, s, rate,
            (e ~ /^curl_send/ || ceiling == 0 ? "-" : sprintf("%.2f", rate / ceiling)), r, x }'
done
if [ -n "${CURL_SENT:-}" ]; then
    echo
    echo "# maildesk's send stage alone (maildesk_file_all's outbox queued again, sent to Postfix) against Postfix's acceptance from one client (curl_send)"
    for pair in "send_1_connection|${SEND1:-0 0}" "send_2_connections|${SEND2:-0 0}" "send_4_connections|${SEND4:-0 0}"; do
        IFS='|' read -r name figures <<<"$pair"
        read -r sent secs <<<"$figures"
        awk -v e="$name" -v n="$sent" -v s="$secs" -v cn="$CURL_SENT" -v cs="$CURL_SEND_SECONDS" 'BEGIN {
            rate = (s > 0 ? n / s : 0); ceiling = (cs > 0 ? cn / cs : 0)
            printf "%-19s sent %d in %.2f s: %.1f msg/s, %.2f x curl_send (%.1f msg/s)\n", e, n, s, rate,
                (ceiling > 0 ? rate / ceiling : 0), ceiling }'
    done
fi
