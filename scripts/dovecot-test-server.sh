#!/usr/bin/env bash
# A private Dovecot (IMAP + IMAPS on 127.0.0.1) for maildesk's tests and the IMAP benchmark.
#
#   scripts/dovecot-test-server.sh start  ROOT      start (or find running) a server below ROOT; prints its ports
#   scripts/dovecot-test-server.sh stop   ROOT      stop it by PID and wait until it and its children are gone
#   scripts/dovecot-test-server.sh status ROOT      "running pid=N imap=P imaps=Q" (exit 0) or "stopped" (exit 3)
#   scripts/dovecot-test-server.sh deliver     ROOT USER FILE...   put the files into USER's INBOX, UIDs in argument order
#   scripts/dovecot-test-server.sh deliver-dir ROOT USER DIR       every file below DIR, UIDs in sorted path order
#   scripts/dovecot-test-server.sh flags   ROOT USER FLAG [MAILBOX]   add FLAG (e.g. '\Seen') to every message
#   scripts/dovecot-test-server.sh unflag  ROOT USER FLAG [MAILBOX]   remove FLAG from every message
#   scripts/dovecot-test-server.sh count   ROOT USER [MAILBOX]        number of messages (default INBOX)
#   scripts/dovecot-test-server.sh unseen  ROOT USER [MAILBOX]        number of messages without \Seen
#   scripts/dovecot-test-server.sh uidvalidity       ROOT USER [MAILBOX]   print the mailbox's UIDVALIDITY
#   scripts/dovecot-test-server.sh uidvalidity-reset ROOT USER             give INBOX a new UIDVALIDITY (UIDs restart at 1)
#
# Everything lives below ROOT (an absolute or relative path; created if missing):
#   ROOT/etc/dovecot.conf   rendered from scripts/dovecot/dovecot.conf.in; pass it to doveadm with -c
#   ROOT/etc/users          scripts/dovecot/users: support@, other@, agent@, bob@, customer@example.test, password "secret"
#   ROOT/run/dovecot/lmtp   LMTP socket (user+token@ goes to user@): scripts/postfix-test-server.sh delivers to it
#   ROOT/ports              "imap=NNNNN" and "imaps=NNNNN": free ports picked at the first start, reused by later
#                           starts of the same ROOT (delete the file to pick new ones)
#   ROOT/tls/cert.pem       self-signed certificate (CN=localhost, SAN localhost + 127.0.0.1): the CA file for clients
#   ROOT/mail/DOMAIN/LOCAL/Maildir   the users' mail; folders INBOX, Processed, Archive
#   ROOT/log/dovecot.log    Dovecot's log (logins, auth failures, errors)
# Works as root (mail owned by nobody:nogroup, so ROOT's parents must be searchable by nobody, as /tmp is) and as a
# normal user (everything runs as that user). Several ROOTs can run at once. Installs nothing: Dovecot comes from
# the dovecot-imapd package (scripts/install-deps.sh). Exit status 69 means Dovecot is not installed.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TEMPLATE="$HERE/dovecot/dovecot.conf.in"
USERS_FILE="$HERE/dovecot/users"
export PATH="$PATH:/usr/sbin:/sbin"   # dovecot is in /usr/sbin, which a normal user's PATH may lack
PY=python3
if [ -x /usr/bin/python3 ]; then PY=/usr/bin/python3; fi

die() { echo "dovecot-test-server: $*" >&2; exit 1; }
say() { echo "dovecot-test-server: $*" >&2; }

usage() {
    sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

need_dovecot() {
    local missing=()
    command -v dovecot >/dev/null 2>&1 || missing+=(dovecot)
    command -v doveadm >/dev/null 2>&1 || missing+=(doveadm)
    if [ ${#missing[@]} -gt 0 ]; then
        echo "dovecot-test-server: ${missing[*]} not found: install dovecot-imapd (scripts/install-deps.sh)" >&2
        exit 69   # EX_UNAVAILABLE
    fi
    if ! command -v "$PY" >/dev/null 2>&1 || ! command -v openssl >/dev/null 2>&1; then
        echo "dovecot-test-server: python3 and openssl are needed: install them (scripts/install-deps.sh)" >&2
        exit 69
    fi
}

# set_root PATH [create]: ROOT becomes the absolute, symlink-free path; checks what Dovecot can live with.
set_root() {
    [ -n "$1" ] || usage
    if [ "${2:-}" = create ]; then mkdir -p "$1"; fi
    [ -d "$1" ] || die "$1 is not a directory (run start first)"
    ROOT="$(cd "$1" && pwd -P)"
    case "$ROOT" in
        *[!A-Za-z0-9._/+-]*) die "ROOT '$ROOT' may only contain letters, digits and . _ / + - (it goes into dovecot.conf)" ;;
    esac
    # Unix socket paths are limited to 108 bytes: ROOT/run/dovecot/<longest socket name> must fit.
    [ ${#ROOT} -le 70 ] || die "ROOT '$ROOT' is ${#ROOT} characters long; use one of at most 70 (socket paths are limited)"
    CONF="$ROOT/etc/dovecot.conf"
    PIDFILE="$ROOT/run/dovecot/master.pid"
}

# running_pid: prints the master's PID if this ROOT's Dovecot runs (checks the process really is it).
running_pid() {
    [ -s "$PIDFILE" ] || return 1
    local pid
    pid="$(tr -d ' \n' < "$PIDFILE")"
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
    tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$CONF" || return 1
    echo "$pid"
}

require_running() {
    running_pid >/dev/null || die "no Dovecot running for $ROOT (run: $0 start $ROOT)"
}

read_ports() {  # sets IMAP_PORT and IMAPS_PORT from ROOT/ports; fails if absent
    IMAP_PORT="" IMAPS_PORT=""
    [ -s "$ROOT/ports" ] || return 1
    IMAP_PORT="$(sed -n 's/^imap=\([0-9][0-9]*\)$/\1/p' "$ROOT/ports")"
    IMAPS_PORT="$(sed -n 's/^imaps=\([0-9][0-9]*\)$/\1/p' "$ROOT/ports")"
    [ -n "$IMAP_PORT" ] && [ -n "$IMAPS_PORT" ]
}

# choose_ports: two ports free on 127.0.0.1, at random in 20000-32767 (below Linux's ephemeral range, so
# outgoing connections do not take them meanwhile); several servers starting at once rarely pick the same,
# and start retries with new ones if Dovecot cannot bind.
choose_ports() {
    read -r IMAP_PORT IMAPS_PORT < <("$PY" - <<'PYEOF'
import random, socket
chosen = []
while len(chosen) < 2:
    port = random.randint(20000, 32767)
    if port in chosen:
        continue
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.1", port))
        chosen.append(port)
    except OSError:
        pass
    finally:
        s.close()
print(*chosen)
PYEOF
    )
}

wait_port() {  # wait_port PORT [seconds]
    local port=$1 i n=$(( ${2:-10} * 20 ))
    for ((i = 0; i < n; i++)); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
        sleep 0.05
    done
    die "port $port did not open (log: $ROOT/log/dovecot.log)"
}

accounts() {  # the user names in ROOT/etc/users
    cut -d: -f1 "$ROOT/etc/users" | grep -v '^[[:space:]]*\(#\|$\)'
}

set_users() {  # who runs what: as root Dovecot's usual split, otherwise everything as the invoking user
    if [ "$(id -u)" = 0 ]; then
        MAILUSER=nobody MAILGROUP="$(id -gn nobody)"
        INTUSER=dovecot INTGROUP=dovecot LOGINUSER=dovenull CHROOT=login CHROOT_EMPTY=empty
    else
        MAILUSER="$(id -un)" MAILGROUP="$(id -gn)"
        INTUSER=$MAILUSER INTGROUP=$MAILGROUP LOGINUSER=$MAILUSER CHROOT="" CHROOT_EMPTY=""
    fi
}

render_config() {
    local instance
    instance="maildesk-test-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)"
    sed -e "s|@ROOT@|$ROOT|g" -e "s|@IMAP_PORT@|$IMAP_PORT|g" -e "s|@IMAPS_PORT@|$IMAPS_PORT|g" \
        -e "s|@INSTANCE@|$instance|g" -e "s|@MAILUSER@|$MAILUSER|g" -e "s|@MAILGROUP@|$MAILGROUP|g" \
        -e "s|@INTUSER@|$INTUSER|g" -e "s|@INTGROUP@|$INTGROUP|g" -e "s|@LOGINUSER@|$LOGINUSER|g" \
        -e "s|@CHROOT_EMPTY@|$CHROOT_EMPTY|g" -e "s|@CHROOT@|$CHROOT|g" \
        "$TEMPLATE" > "$CONF.tmp"
    mv "$CONF.tmp" "$CONF"
}

prepare() {
    mkdir -p "$ROOT"/{etc,run,state,log,mail,tls}
    chmod 755 "$ROOT" "$ROOT"/{etc,run,state,log,tls}
    if [ ! -s "$ROOT/tls/cert.pem" ] || [ ! -s "$ROOT/tls/key.pem" ]; then
        # P-256 rather than RSA: instant to generate; every TLS client in use accepts it.
        openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
            -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
            -keyout "$ROOT/tls/key.pem.tmp" -out "$ROOT/tls/cert.pem.tmp" 2>"$ROOT/log/openssl.err" \
            || die "openssl could not make a certificate: $(cat "$ROOT/log/openssl.err")"
        chmod 600 "$ROOT/tls/key.pem.tmp"; chmod 644 "$ROOT/tls/cert.pem.tmp"
        mv "$ROOT/tls/key.pem.tmp" "$ROOT/tls/key.pem"; mv "$ROOT/tls/cert.pem.tmp" "$ROOT/tls/cert.pem"
    fi
    cp "$USERS_FILE" "$ROOT/etc/users"; chmod 644 "$ROOT/etc/users"
}

lock_root() {  # serialises start/stop of one ROOT (a second `start` of the same ROOT waits, then finds it running)
    if command -v flock >/dev/null 2>&1; then
        exec 9>"$ROOT/.lock"
        flock -w 60 9 || die "another start/stop of $ROOT holds $ROOT/.lock"
    fi
}

print_ports() {
    printf 'imap=%s\nimaps=%s\n' "$IMAP_PORT" "$IMAPS_PORT"
}

cmd_start() {
    need_dovecot
    set_root "${1:-}" create
    lock_root
    local pid
    if pid="$(running_pid)"; then
        read_ports || die "Dovecot runs (pid $pid) but $ROOT/ports is missing"
        say "already running (pid $pid): IMAP 127.0.0.1:$IMAP_PORT, IMAPS 127.0.0.1:$IMAPS_PORT"
        print_ports
        return 0
    fi
    prepare
    render_config_ports_and_start
    # From here on a failure must not leave a Dovecot running that nobody knows about.
    trap 'if [ $? -ne 0 ] && pid="$(running_pid)"; then say "start failed: stopping pid $pid"; stop_server "$pid"; fi' EXIT
    wait_port "$IMAP_PORT"; wait_port "$IMAPS_PORT"
    # The master listens before it daemonizes and writes its pid file: wait for the file (a busy machine may take
    # a while), not just for the port.
    local tries
    for ((tries = 0; tries < 200; tries++)); do
        pid="$(running_pid)" && break
        sleep 0.05
    done
    [ -n "${pid:-}" ] && running_pid >/dev/null || die "Dovecot exited right after starting (log: $ROOT/log/dovecot.log)"
    # Create every user's Maildir and its folders now (Dovecot creates auto = subscribe folders only when opened).
    local user box
    for user in $(accounts); do
        # (On a brand-new home the first access only creates the mailbox list index: open INBOX again.)
        for box in INBOX INBOX Processed Archive; do
            doveadm -c "$CONF" mailbox status -u "$user" messages "$box" >/dev/null 9>&- \
                || die "doveadm could not open $user's $box (log: $ROOT/log/dovecot.log)"
        done
        [ -d "$(maildir_of "$user")/cur" ] || die "$user's Maildir was not created (log: $ROOT/log/dovecot.log)"
    done
    trap - EXIT
    say "started (pid $pid): IMAP 127.0.0.1:$IMAP_PORT, IMAPS 127.0.0.1:$IMAPS_PORT, CA $ROOT/tls/cert.pem"
    print_ports
}

# as_clean_daemon CMD...: starts CMD with a clean signal state and no inherited descriptors (scripts/clean-daemon.py).
as_clean_daemon() {
    "$PY" "$HERE/clean-daemon.py" "$@"
}

render_config_ports_and_start() {
    local reused=no attempt
    if read_ports; then reused=yes; else choose_ports; fi
    set_users
    if [ "$(id -u)" = 0 ]; then
        chown "$MAILUSER:$MAILGROUP" "$ROOT/mail"
        if command -v setpriv >/dev/null 2>&1 &&
            ! setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups test -x "$ROOT/mail" 2>/dev/null; then
            die "user nobody cannot reach $ROOT/mail: every parent folder of ROOT must be searchable by others (chmod o+x)"
        fi
    fi
    for attempt in 1 2 3 4 5; do
        render_config
        rm -f "$PIDFILE"
        if as_clean_daemon dovecot -c "$CONF" </dev/null >/dev/null 2>"$ROOT/log/start.err"; then
            print_ports > "$ROOT/ports.tmp" && mv "$ROOT/ports.tmp" "$ROOT/ports"
            return 0
        fi
        if grep -q 'Address already in use' "$ROOT/log/start.err"; then
            if [ "$reused" = yes ]; then
                die "a port in $ROOT/ports is taken by another process ($(head -n1 "$ROOT/log/start.err")); delete $ROOT/ports to pick new ones"
            fi
            say "port taken meanwhile (attempt $attempt), picking others"
            choose_ports
            continue
        fi
        die "dovecot did not start: $(cat "$ROOT/log/start.err")"
    done
    die "could not find free ports after 5 attempts"
}

# stop_server PID: TERM the master and its children at once (alone, the master waits ~3 s for busy imap processes
# and may leave them, and log and stats, running while a client stays connected; clients get "* BYE Server shutting
# down."), wait for all of them, KILL what is left.
stop_server() {
    local pid=$1 children c i
    children="$(ps -o pid= --ppid "$pid" 2>/dev/null || true)"
    # shellcheck disable=SC2086  # one PID per word
    kill -TERM "$pid" $children 2>/dev/null || true
    for ((i = 0; i < 200; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    if kill -0 "$pid" 2>/dev/null; then
        say "master $pid still alive after 10 s, sending KILL"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    # Wait for the children too, so that the ports are closed and the Maildirs quiet on return.
    for c in $children; do
        for ((i = 0; i < 40; i++)); do kill -0 "$c" 2>/dev/null || break; sleep 0.05; done
        if kill -0 "$c" 2>/dev/null && grep -q '^dovecot' "/proc/$c/cmdline" 2>/dev/null; then
            say "child $c still alive, sending KILL"
            kill -KILL "$c" 2>/dev/null || true
        fi
    done
    rm -f "$PIDFILE"
}

cmd_stop() {
    if [ -n "${1:-}" ] && [ ! -d "$1" ]; then say "not running ($1 does not exist)"; return 0; fi
    set_root "${1:-}"
    lock_root
    local pid
    if ! pid="$(running_pid)"; then
        rm -f "$PIDFILE"
        say "not running ($ROOT)"
        return 0
    fi
    stop_server "$pid"
    say "stopped (pid $pid)"
}

cmd_status() {
    set_root "${1:-}"
    local pid
    if pid="$(running_pid)"; then
        read_ports || true
        echo "running pid=$pid imap=$IMAP_PORT imaps=$IMAPS_PORT"
        return 0
    fi
    echo "stopped"
    return 3
}

# maildir_of USER: the Maildir of USER (users are looked up lower-cased: username_format=%Lu).
maildir_of() {
    local user
    user="$(printf '%s' "$1" | tr '[:upper:]' '[:lower:]')"
    case "$user" in
        *@*) ;;
        *) die "user '$1' must be a full address, e.g. support@example.test" ;;
    esac
    grep -q "^$user:" "$ROOT/etc/users" || die "no user '$1' in $ROOT/etc/users (users: $(accounts | tr '\n' ' '))"
    echo "$ROOT/mail/${user#*@}/${user%%@*}/Maildir"
}

# deliver ROOT USER PATH...: files and directories (walked in sorted order) into USER's INBOX, in that order.
cmd_deliver() {
    need_dovecot
    set_root "${1:-}"
    local user="${2:-}"
    if [ -z "$user" ] || [ $# -lt 3 ]; then usage; fi
    shift 2
    require_running
    local maildir owner
    maildir="$(maildir_of "$user")"
    [ -d "$maildir/cur" ] || doveadm -c "$CONF" mailbox status -u "$user" messages INBOX >/dev/null
    [ -d "$maildir/cur" ] || die "$maildir/cur does not exist after opening the mailbox"
    owner="$(stat -c '%u:%g' "$maildir")"
    # Maildir delivery: write into tmp/, rename into cur/ with ":2," (no flags: unseen). The names share one
    # timestamp and carry a zero-padded counter, so Dovecot, which gives new files UIDs in file-name order,
    # numbers them in argument order.
    local n
    n="$("$PY" - "$maildir" "$owner" "$@" <<'PYEOF'
import os, random, sys, time
maildir, owner, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
uid, gid = (int(x) for x in owner.split(":"))
files = []
for p in paths:
    if os.path.isdir(p):
        found = []
        for d, dirs, names in os.walk(p):
            dirs.sort()
            found += [os.path.join(d, n) for n in names if not n.startswith(".")]
        files += sorted(f for f in found if os.path.isfile(f))
    elif os.path.isfile(p):
        files.append(p)
    else:
        sys.exit("dovecot-test-server: no such file: %s" % p)
as_root = os.geteuid() == 0
stamp = int(time.time())
tag = "P%dR%06d" % (os.getpid(), random.randrange(10**6))
for i, src in enumerate(files):
    with open(src, "rb") as f:
        data = f.read()
    base = "%d.M%08d%s.maildesk-test" % (stamp, i, tag)
    tmp = os.path.join(maildir, "tmp", base)
    with open(tmp, "wb") as f:
        f.write(data)
    if as_root:
        os.chown(tmp, uid, gid)
    os.rename(tmp, os.path.join(maildir, "cur", base + ":2,"))
print(len(files))
PYEOF
    )"
    doveadm -c "$CONF" force-resync -u "$user" INBOX
    say "delivered $n message(s) to $user"
}

cmd_deliver_dir() {
    [ $# -eq 3 ] || usage
    [ -d "$3" ] || die "$3 is not a directory"
    cmd_deliver "$@"
}

cmd_flags() {  # flags|unflag ROOT USER FLAG [MAILBOX]
    local op=$1
    shift
    need_dovecot
    set_root "${1:-}"
    [ $# -ge 3 ] || usage
    require_running
    maildir_of "$2" >/dev/null
    doveadm -c "$CONF" flags "$op" -u "$2" "$3" mailbox "${4:-INBOX}" all
}

status_field() {  # status_field USER FIELD MAILBOX -> value
    local out
    out="$(doveadm -c "$CONF" -f flow mailbox status -u "$1" "$2" "$3")" || exit 1
    printf '%s\n' "$out" | sed -n "s/.*$2=\([0-9][0-9]*\).*/\1/p"
}

cmd_count() {  # count|unseen ROOT USER [MAILBOX]
    local field=$1
    shift
    need_dovecot
    set_root "${1:-}"
    [ $# -ge 2 ] || usage
    require_running
    maildir_of "$2" >/dev/null
    status_field "$2" "$field" "${3:-INBOX}"
}

cmd_uidvalidity() {
    need_dovecot
    set_root "${1:-}"
    [ $# -ge 2 ] || usage
    require_running
    maildir_of "$2" >/dev/null
    status_field "$2" uidvalidity "${3:-INBOX}"
}

# uidvalidity-reset ROOT USER: forget INBOX's UID list and indexes, then resync: Dovecot renumbers the messages
# from UID 1 under a new UIDVALIDITY, as after a server rebuild (the value comes from the Maildir's
# dovecot-uidvalidity file, max(now, last + 1), so it always changes; checked anyway). A client with INBOX selected
# meanwhile is disconnected within its next two commands: "* BYE IMAP session state is inconsistent, please relogin."
cmd_uidvalidity_reset() {
    need_dovecot
    set_root "${1:-}"
    [ $# -eq 2 ] || usage
    require_running
    local maildir old new attempt
    maildir="$(maildir_of "$2")"
    old="$(status_field "$2" uidvalidity INBOX)"
    for attempt in 1 2 3; do
        rm -f "$maildir"/dovecot-uidlist "$maildir"/dovecot-uidlist.lock \
            "$maildir"/dovecot.index "$maildir"/dovecot.index.log "$maildir"/dovecot.index.log.2 \
            "$maildir"/dovecot.index.cache "$maildir"/dovecot.list.index "$maildir"/dovecot.list.index.log \
            "$maildir"/dovecot.list.index.log.2
        doveadm -c "$CONF" force-resync -u "$2" INBOX
        new="$(status_field "$2" uidvalidity INBOX)"
        if [ -n "$new" ] && [ "$new" != "$old" ]; then
            say "INBOX of $2: UIDVALIDITY $old -> $new"
            echo "$new"
            return 0
        fi
        sleep 1   # same second as the old value: try again
    done
    die "UIDVALIDITY of $2's INBOX stayed $old"
}

cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
    start) [ $# -eq 1 ] || usage; cmd_start "$@" ;;
    stop) [ $# -eq 1 ] || usage; cmd_stop "$@" ;;
    status) [ $# -eq 1 ] || usage; cmd_status "$@" ;;
    deliver) cmd_deliver "$@" ;;
    deliver-dir) cmd_deliver_dir "$@" ;;
    flags) cmd_flags add "$@" ;;
    unflag) cmd_flags remove "$@" ;;
    count) cmd_count messages "$@" ;;
    unseen) cmd_count unseen "$@" ;;
    uidvalidity) cmd_uidvalidity "$@" ;;
    uidvalidity-reset) cmd_uidvalidity_reset "$@" ;;
    *) usage ;;
esac
