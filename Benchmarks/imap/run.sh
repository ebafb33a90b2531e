#!/usr/bin/env bash
# IMAP fetch benchmark: maildesk vs plain libcurl vs fetchmail vs mbsync, side by side, against one private
# Dovecot on loopback (scripts/dovecot-test-server.sh) holding COUNT generated text messages of about 5 KB.
#
#   Benchmarks/imap/run.sh [COUNT]          (default 10000)
#
# Environment:
#   SEED=N             corpus seed (default 1; the corpus is regenerated when COUNT or SEED differs)
#   MAILDESK_BIN=PATH  use this maildesk binary and skip `swift build`
#   SKIP_MAILDESK=1    do not build or run maildesk
#   SKIP_FETCHMAIL=1, SKIP_MBSYNC=1   leave those engines out
#   KEEP_SERVER=1      leave the Dovecot running (and its folder) at the end, for poking at it
#
# Engines, each a whole process, wall time, against the same mailbox; before each "first sync" every \Seen flag
# is removed on the server (doveadm flags remove), and the Maildir files are read once to warm the page cache:
#   curl_unseen    Benchmarks/imap/curl_fetch_loop: one reused libcurl easy handle, URL fetch per UID (no PEEK:
#                  every fetch also stores \Seen, which on Maildir renames the file)
#   curl_seen      the same again: every message already \Seen (a re-scan)
#   fetchmail      fetchmail --all --keep, no TLS (sslproto ''), each message piped to mda "cat >/dev/null"
#   fetchmail_bsmtp  the same, written with bsmtp /dev/null instead (no process per message)
#   mbsync         isync's mbsync, INBOX pulled into an empty local Maildir (Sync Pull), no TLS
#   maildesk       `maildesk run --once` with an imap:// mailbox (after_import = "keep", starttls = "never" as the
#                  others run without TLS) into a fresh store;
#                  maildesk_rescan: the same again, nothing new
# Prints one line per engine: engine=X messages=N seconds=S msg_per_s=Y MB_per_s=Z
# (MB = 10^6 bytes of message files; an engine that cannot run prints engine=X unavailable: REASON).
set -euo pipefail

COUNT="${1:-10000}"
SEED="${SEED:-1}"
case "$COUNT" in
    '' | *[!0-9]*) echo "usage: $0 [COUNT]" >&2; exit 2 ;;
esac

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
SERVER="$REPO/scripts/dovecot-test-server.sh"
CORPUS="$HERE/corpus"
BIN="$REPO/Benchmarks/bin"
PYTHON="${PYTHON:-python3}"
USER_NAME=support@example.test
PASSWORD=secret
mkdir -p "$BIN"
export PATH="$PATH:/usr/sbin:/sbin"
. "$REPO/Benchmarks/common.sh"

# ---- 1. dependencies ------------------------------------------------------------------
mapfile -t PKGS < <(missing_server_tools)
if [ "${SKIP_FETCHMAIL:-0}" != 1 ] && ! command -v fetchmail >/dev/null 2>&1; then PKGS+=(fetchmail); fi
if [ "${SKIP_MBSYNC:-0}" != 1 ] && ! command -v mbsync >/dev/null 2>&1; then PKGS+=(isync); fi
install_missing "${PKGS[@]}"

# ---- 2. corpus ------------------------------------------------------------------------
ensure_corpus "$CORPUS" "$COUNT" "$SEED" --small
BYTES="$(find "$CORPUS" -type f -name '*.eml' -printf '%s\n' | awk '{ s += $1 } END { printf "%d", s }')"

# ---- 3. the libcurl loop ----------------------------------------------------------------
say "building $BIN/curl_fetch_loop"
cc -O2 -o "$BIN/curl_fetch_loop" "$HERE/curl_fetch_loop.c" -lcurl

# ---- 4. maildesk --------------------------------------------------------------------------
MAILDESK=""
MAILDESK_NOTE=""
if [ "${SKIP_MAILDESK:-0}" = 1 ]; then
    MAILDESK_NOTE="skipped (SKIP_MAILDESK=1)"
elif [ -n "${MAILDESK_BIN:-}" ]; then
    if [ -x "$MAILDESK_BIN" ]; then MAILDESK="$MAILDESK_BIN"; else MAILDESK_NOTE="MAILDESK_BIN=$MAILDESK_BIN is not an executable"; fi
elif ! command -v swift >/dev/null 2>&1; then
    MAILDESK_NOTE="swift is not on PATH, so maildesk could not be built"
else
    say "building maildesk (swift build -c release --product maildesk)"
    if (cd "$REPO" && swift build -c release --product maildesk) >"$BIN/maildesk-build.log" 2>&1; then
        bindir="$(cd "$REPO" && swift build -c release --show-bin-path 2>/dev/null || echo "$REPO/.build/release")"
        if [ -x "$bindir/maildesk" ]; then MAILDESK="$bindir/maildesk"; else MAILDESK_NOTE="$bindir/maildesk is missing after the build"; fi
    else
        tail -n 25 "$BIN/maildesk-build.log" >&2 || true
        MAILDESK_NOTE="swift build -c release --product maildesk FAILED (log: $BIN/maildesk-build.log)"
    fi
fi

# ---- 5. the server ------------------------------------------------------------------------
WORK="$(mktemp -d /tmp/maildesk-imapbench-XXXXXX)"
ROOT="$WORK/dovecot"
cleanup() {
    if [ "${KEEP_SERVER:-0}" = 1 ]; then
        say "KEEP_SERVER=1: Dovecot still runs in $ROOT (stop: $SERVER stop $ROOT)"
    else
        "$SERVER" stop "$ROOT" >/dev/null 2>&1 || true
        rm -rf "$WORK"
    fi
}
trap cleanup EXIT
chmod 755 "$WORK"
"$SERVER" start "$ROOT" >/dev/null
IMAP_PORT="$(sed -n 's/^imap=//p' "$ROOT/ports")"
say "Dovecot on 127.0.0.1:$IMAP_PORT ($ROOT); delivering $COUNT messages"
"$SERVER" deliver-dir "$ROOT" "$USER_NAME" "$CORPUS"
have="$("$SERVER" count "$ROOT" "$USER_NAME")"
[ "$have" = "$COUNT" ] || { echo "error: INBOX holds $have messages, not $COUNT" >&2; exit 1; }
VALIDITY="$("$SERVER" uidvalidity "$ROOT" "$USER_NAME")"
MAILDIR="$ROOT/mail/example.test/support/Maildir"
CONF="$ROOT/etc/dovecot.conf"
# The index, its cache file and the flags of every message exist before the first measurement.
doveadm -c "$CONF" fetch -u "$USER_NAME" 'uid flags size.physical' mailbox INBOX all >/dev/null

# ---- 6. run -------------------------------------------------------------------------------
RESULTS=()
prepare_first_sync() {  # every message unseen again, Maildir files in the page cache
    "$SERVER" unflag "$ROOT" "$USER_NAME" '\Seen' >/dev/null
    find "$MAILDIR/cur" -type f -exec cat {} + >/dev/null
}
warm_only() { find "$MAILDIR/cur" -type f -exec cat {} + >/dev/null; }

T0=0
tick() { T0="$EPOCHREALTIME"; }
elapsed() { awk -v a="$T0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }'; }
result() {  # result ENGINE MESSAGES SECONDS [EXTRA [BYTES]] (BYTES: what was transferred; default their share of the corpus)
    local line
    line="$(awk -v e="$1" -v n="$2" -v s="$3" -v b="${5:-$BYTES}" -v c="$COUNT" -v x="${4:-}" 'BEGIN {
        printf "engine=%s messages=%d seconds=%.3f msg_per_s=%.1f MB_per_s=%.2f%s",
            e, n, s, (s > 0 ? n / s : 0), (s > 0 ? b * (n / c) / 1e6 / s : 0), (x == "" ? "" : " " x) }')"
    RESULTS+=("$line")
    say "$line"
}
unavailable() { RESULTS+=("engine=$1 unavailable: $2"); say "engine=$1 unavailable: $2"; }

# (a) plain libcurl, one reused handle
curl_engine() {  # curl_engine NAME
    local out rc=0 secs
    tick
    out="$("$BIN/curl_fetch_loop" "imap://127.0.0.1:$IMAP_PORT/INBOX" "$USER_NAME" "$PASSWORD" "$VALIDITY" 1 "$COUNT" \
        2>"$WORK/$1.stderr")" || rc=$?
    secs="$(elapsed)"
    if [ "$rc" -ne 0 ]; then unavailable "$1" "$(head -n1 "$WORK/$1.stderr")"; return; fi
    local got_bytes
    got_bytes="$(printf '%s\n' "$out" | sed -n 's/.*bytes=\([0-9]*\).*/\1/p')"
    [ "$got_bytes" = "$BYTES" ] || say "WARNING: $1 fetched $got_bytes bytes, the corpus has $BYTES"
    result "$1" "$(printf '%s\n' "$out" | sed -n 's/^messages=\([0-9]*\).*/\1/p')" "$secs"
}
say "running curl_unseen"; prepare_first_sync; curl_engine curl_unseen
say "running curl_seen"; warm_only; curl_engine curl_seen

# (b) fetchmail: as asked, each message piped to an MDA (a new `sh -c "cat >/dev/null"` per message, which costs
# more than the fetch itself), and written as batch SMTP to /dev/null (no process per message: fetchmail's own pace)
fetchmail_engine() {  # fetchmail_engine NAME DELIVERY-LINE
    local rc=0 secs got left
    say "running $1"
    mkdir -p "$WORK/$1"
    cat >"$WORK/$1/fetchmailrc" <<EOF
set no syslog
set no bouncemail
poll 127.0.0.1 service $IMAP_PORT protocol IMAP auth password
    user "$USER_NAME" password "$PASSWORD"
    keep fetchall sslproto ''
    $2
EOF
    chmod 600 "$WORK/$1/fetchmailrc"
    prepare_first_sync
    tick
    FETCHMAILHOME="$WORK/$1" fetchmail -f "$WORK/$1/fetchmailrc" -N >"$WORK/$1.out" 2>&1 || rc=$?
    secs="$(elapsed)"
    # fetchmail prints "10000 messages for support@example.test at 127.0.0.1." first
    got="$(grep -o '^[0-9]* messages* for' "$WORK/$1.out" | head -n1 | cut -d' ' -f1)"
    left="$("$SERVER" unseen "$ROOT" "$USER_NAME")"
    if [ "$rc" -ne 0 ] || [ "${got:-0}" != "$COUNT" ] || [ "$left" != 0 ]; then
        unavailable "$1" "exit $rc, $left left unseen, $(grep -v 'Running as root' "$WORK/$1.out" | head -n1)"
    else
        result "$1" "$got" "$secs"
    fi
}
if [ "${SKIP_FETCHMAIL:-0}" = 1 ]; then
    unavailable fetchmail "skipped (SKIP_FETCHMAIL=1)"
else
    fetchmail_engine fetchmail 'mda "cat >/dev/null"'
    fetchmail_engine fetchmail_bsmtp 'bsmtp /dev/null'
fi

# (c) mbsync
if [ "${SKIP_MBSYNC:-0}" = 1 ]; then
    unavailable mbsync "skipped (SKIP_MBSYNC=1)"
else
    say "running mbsync"
    prepare_first_sync
    tick
    got="$(mbsync_pull "$WORK/mbsync" "$IMAP_PORT" "$USER_NAME" "$PASSWORD")"
    secs="$(elapsed)"
    if [ "$got" != "$COUNT" ]; then
        unavailable mbsync "$got messages, $(grep -v 'Password is being sent in the clear' "$WORK/mbsync.out" | head -n1)"
    else
        result mbsync "$got" "$secs"
    fi
fi

# (d) ========================= maildesk (hook for the IMAP poller) =========================
# A gateway folder with its own store and one imap:// mailbox pointing at the private Dovecot; the password comes
# from MAILDESK_BENCH_PASSWORD; max_messages_per_poll lets one pass take the whole mailbox, as the others do. `maildesk run --once --json` is timed (fetch + store + parse + thread: the whole
# pipeline, so compare with the others knowing that); a second run times the re-scan with nothing new. While
# maildesk cannot read IMAP, its first stderr line is printed as "engine=maildesk unavailable: ...".
if [ -z "$MAILDESK" ]; then
    unavailable maildesk "$MAILDESK_NOTE"
else
    GW="$WORK/gateway"
    . "$HERE/gateway.sh"
    write_gateway "$GW" bench "$IMAP_PORT" "$USER_NAME" "max_messages_per_poll = $(( COUNT < 100000 ? COUNT : 100000 ))"
    maildesk_engine() {  # maildesk_engine NAME EXPECTED_FETCHED
        local rc=0 secs fetched
        say "running $1"
        tick
        (cd "$GW" && MAILDESK_BENCH_PASSWORD="$PASSWORD" "$MAILDESK" run --once --json --config "$GW/config/maildesk.toml") \
            >"$WORK/$1.out" 2>"$WORK/$1.stderr" || rc=$?
        secs="$(elapsed)"
        if [ "$rc" -ne 0 ]; then
            # the summary's first error if it printed one, else the first line of stderr
            local why
            why="$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["errors"][0])' "$WORK/$1.out" 2>/dev/null ||
                head -n1 "$WORK/$1.stderr")"
            unavailable "$1" "$why (exit $rc)"
            return 1
        fi
        fetched="$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1])).get("fetched", 0))' "$WORK/$1.out" 2>/dev/null || echo 0)"
        say "$1 summary: $(tr -d '\n' < "$WORK/$1.out" | cut -c1-400)"
        if [ "$fetched" != "$2" ]; then say "WARNING: $1 fetched $fetched messages, expected $2"; fi
        if [ "$2" = 0 ] && [ "$fetched" = 0 ]; then
            # the re-scan found nothing new: report it per message on the server (no message bytes moved)
            result "$1" "$COUNT" "$secs" "fetched=0" 0
        else
            result "$1" "$fetched" "$secs"
        fi
    }
    prepare_first_sync
    if maildesk_engine maildesk "$COUNT"; then
        warm_only
        maildesk_engine maildesk_rescan 0 || true
    fi
fi
# ============================================================================================

# ---- 7. report ----------------------------------------------------------------------------
echo
echo "# $COUNT messages, $BYTES bytes ($(awk -v b="$BYTES" -v c="$COUNT" 'BEGIN { printf "%.0f", b / c }') bytes each on average), Dovecot $(dovecot --version | cut -d' ' -f1), $(curl --version | head -n1 | cut -d' ' -f1-2), loopback"
printf '%s\n' "${RESULTS[@]}"
