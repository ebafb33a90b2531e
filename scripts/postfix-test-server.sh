#!/usr/bin/env bash
# A private Postfix (SMTP on 127.0.0.1) delivering to the test Dovecot, for maildesk's end-to-end tests.
#
#   scripts/postfix-test-server.sh start  ROOT DOVECOT_ROOT   start a server below ROOT; prints "smtp=PORT"
#   scripts/postfix-test-server.sh start-pipe ROOT RECIPIENT DIRECTORY COMMAND [ARG...]
#                                                             the same, delivering mail for RECIPIENT through pipe(8)
#   scripts/postfix-test-server.sh start-sink ROOT CERT KEY   a benchmark sink: STARTTLS offered with CERT/KEY, mail for
#                                                             any address accepted (queued as usual) and then discarded
#   scripts/postfix-test-server.sh stop   ROOT                stop it and wait until its master is gone
#   scripts/postfix-test-server.sh status ROOT                "running pid=N smtp=P" (exit 0) or "stopped" (exit 3)
#   scripts/postfix-test-server.sh flush  ROOT                deliver what waits in the queue now
#   scripts/postfix-test-server.sh queue  ROOT                the number of messages in the queue
#
# start-pipe runs COMMAND ARG... as user nobody in DIRECTORY for each message to RECIPIENT (one recipient per
# delivery; an ARG may use pipe(8) macros such as ${original_recipient}), the way an operator delivers to
# `maildesk deliver` from master.cf. Exit status 75 from the command defers the message ("flush" retries it).
#
# DOVECOT_ROOT is a running scripts/dovecot-test-server.sh: its users (DOVECOT_ROOT/etc/users) are the only accepted
# recipients (user+token@ included), their domains the only accepted domains, and mail is delivered to its LMTP
# socket. Everything else lives below ROOT: etc/ (main.cf, master.cf, vmailbox), spool/ (the queue), state/,
# log/postfix.log. Postfix needs root (the package's postfix user and postdrop group); exit status 69 means Postfix
# is not installed, 77 that we are not root.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export PATH="$PATH:/usr/sbin:/sbin"
PY=python3
if [ -x /usr/bin/python3 ]; then PY=/usr/bin/python3; fi

die() { echo "postfix-test-server: $*" >&2; exit 1; }
say() { echo "postfix-test-server: $*" >&2; }
usage() { sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

need_postfix() {
    command -v postfix >/dev/null 2>&1 || { say "postfix not found: install it (scripts/install-deps.sh)"; exit 69; }
    [ "$(id -u)" = 0 ] || { say "Postfix runs only as root (it switches to its postfix user)"; exit 77; }
}

set_root() {
    [ -n "${1:-}" ] || usage
    if [ "${2:-}" = create ]; then mkdir -p "$1"; fi
    [ -d "$1" ] || die "$1 is not a directory (run start first)"
    ROOT="$(cd "$1" && pwd -P)"
    case "$ROOT" in *[!A-Za-z0-9._/+-]*) die "ROOT '$ROOT' may only contain letters, digits and . _ / + -" ;; esac
    CONF="$ROOT/etc"
    PIDFILE="$ROOT/spool/pid/master.pid"
}

running_pid() {
    [ -s "$PIDFILE" ] || return 1
    local pid
    pid="$(tr -d ' \n' < "$PIDFILE")"
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
    echo "$pid"
}

choose_port() {
    "$PY" - <<'PYEOF'
import random, socket
while True:
    port = random.randint(20000, 32767)
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.1", port))
        print(port)
        break
    except OSError:
        pass
    finally:
        s.close()
PYEOF
}

wait_port() {
    local port=$1 i
    for ((i = 0; i < 400; i++)); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
        sleep 0.05
    done
    die "port $port did not open (log: $ROOT/log/postfix.log, $ROOT/log/start.err)"
}

# as_clean_daemon CMD...: starts CMD with a clean signal state and no inherited descriptors (scripts/clean-daemon.py).
as_clean_daemon() {
    "$PY" "$HERE/clean-daemon.py" "$@"
}

cmd_start() {
    need_postfix
    set_root "${1:-}" create
    [ -n "${2:-}" ] && [ -S "$2/run/dovecot/lmtp" ] || die "DOVECOT_ROOT '${2:-}' has no LMTP socket (start scripts/dovecot-test-server.sh first)"
    local dovecot pid
    dovecot="$(cd "$2" && pwd -P)"
    if pid="$(running_pid)"; then
        say "already running (pid $pid)"; cat "$ROOT/ports"; return 0
    fi
    prepare_root
    cut -d: -f1 "$dovecot/etc/users" | grep -v '^[[:space:]]*\(#\|$\)' | sed 's/$/ OK/' > "$CONF/vmailbox"
    local domains
    domains="$(cut -d: -f1 "$dovecot/etc/users" | grep '@' | sed 's/.*@//' | sort -u | paste -sd' ')"
    write_config "$domains" "$dovecot/run/dovecot/lmtp"
    launch "LMTP $dovecot/run/dovecot/lmtp"
}

# write_config DOMAINS LMTP: main.cf and master.cf below $CONF (the port is kept across restarts).
write_config() {
    local port
    if [ -s "$ROOT/ports" ]; then port="$(sed -n 's/^smtp=//p' "$ROOT/ports")"; else port="$(choose_port)"; fi
    sed -e "s|@ROOT@|$ROOT|g" -e "s|@DOMAINS@|$1|g" -e "s|@LMTP@|$2|g" \
        "$HERE/postfix/main.cf.in" > "$CONF/main.cf"
    sed -e "s|@PORT@|$port|g" "$HERE/postfix/master.cf.in" > "$CONF/master.cf"
    PORT=$port
}

# launch DESCRIPTION: starts the rendered server and waits for its SMTP port.
launch() {
    touch "$ROOT/log/postfix.log"
    as_clean_daemon postfix -c "$CONF" start </dev/null >"$ROOT/log/start.err" 2>&1 \
        || die "postfix did not start: $(tail -n3 "$ROOT/log/start.err" "$ROOT/log/postfix.log" | tr '\n' ' ')"
    echo "smtp=$PORT" > "$ROOT/ports"
    wait_port "$PORT"
    say "started: SMTP 127.0.0.1:$PORT -> $1"
    cat "$ROOT/ports"
}

prepare_root() {
    mkdir -p "$CONF" "$ROOT/spool" "$ROOT/state" "$ROOT/log"
    chmod 755 "$ROOT" "$CONF" "$ROOT/log"
    chown root:root "$ROOT/spool"; chown postfix:postfix "$ROOT/state"
}

cmd_start_pipe() {
    need_postfix
    set_root "${1:-}" create
    local recipient="${2:-}" directory="${3:-}" pid
    shift 3 || usage
    [ $# -gt 0 ] || usage
    case "$recipient" in *@*) ;; *) die "RECIPIENT '$recipient' is not an address" ;; esac
    [ -d "$directory" ] || die "DIRECTORY '$directory' is not a directory"
    if pid="$(running_pid)"; then
        say "already running (pid $pid)"; cat "$ROOT/ports"; return 0
    fi
    prepare_root
    echo "$recipient OK" > "$CONF/vmailbox"
    write_config "${recipient##*@}" unused
    # Every accepted recipient goes to the pipe transport, one recipient per delivery.
    sed -i -e 's|^virtual_transport = .*|virtual_transport = maildesk|' "$CONF/main.cf"
    echo "maildesk_destination_recipient_limit = 1" >> "$CONF/main.cf"
    printf 'maildesk  unix  -       n       n       -       -       pipe\n  flags=Rq user=nobody directory=%s argv=%s\n' \
        "$directory" "$*" >> "$CONF/master.cf"
    launch "pipe $1"
}

cmd_start_sink() {
    need_postfix
    set_root "${1:-}" create
    local cert="${2:-}" key="${3:-}" pid
    [ -s "$cert" ] && [ -s "$key" ] || die "CERT '$cert' and KEY '$key' must be a certificate and its key (PEM)"
    if pid="$(running_pid)"; then
        say "already running (pid $pid)"; cat "$ROOT/ports"; return 0
    fi
    prepare_root
    : > "$CONF/vmailbox"
    write_config sink.invalid unused
    # Loopback clients may send to any domain; everything is queued like real mail (the acceptance a sender waits
    # for), then handed to discard(8): nothing leaves the machine.
    sed -i -e 's|^smtpd_relay_restrictions = .*|smtpd_relay_restrictions = permit_mynetworks, reject|' "$CONF/main.cf"
    cat >> "$CONF/main.cf" <<EOF
default_transport = discard:benchmark sink
relay_transport = discard:benchmark sink
smtpd_tls_cert_file = $cert
smtpd_tls_key_file = $key
smtpd_tls_security_level = may
EOF
    launch "discard (STARTTLS offered)"
}

cmd_stop() {
    set_root "${1:-}"
    local pid i
    pid="$(running_pid)" || { say "not running"; return 0; }
    postfix -c "$CONF" stop >/dev/null 2>&1 || kill "$pid" 2>/dev/null || true
    for ((i = 0; i < 200; i++)); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.05; done
    kill -9 "$pid" 2>/dev/null || true
}

cmd_status() {
    set_root "${1:-}"
    local pid
    if pid="$(running_pid)"; then echo "running pid=$pid $(cat "$ROOT/ports")"; else echo stopped; exit 3; fi
}

case "${1:-}" in
    start) shift; cmd_start "$@" ;;
    start-pipe) shift; cmd_start_pipe "$@" ;;
    start-sink) shift; cmd_start_sink "$@" ;;
    stop) shift; cmd_stop "$@" ;;
    status) shift; cmd_status "$@" ;;
    flush) shift; set_root "${1:-}"; postqueue -c "$CONF" -f ;;
    queue) shift; set_root "${1:-}"; find "$ROOT/spool/incoming" "$ROOT/spool/active" "$ROOT/spool/deferred" -type f 2>/dev/null | wc -l ;;
    *) usage ;;
esac
