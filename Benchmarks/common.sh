# Sourced by the benchmark scripts: progress lines, packages, the generated corpus and the mbsync engine.

say() { printf '==> %s\n' "$*" >&2; }

# missing_server_tools: the Debian packages (one per line) for what every server benchmark needs and this machine
# lacks: a C compiler and libcurl's headers (the libcurl loops), Dovecot, openssl
missing_server_tools() {
    command -v cc >/dev/null 2>&1 || printf '%s\n' gcc libc6-dev
    [ -f /usr/include/curl/curl.h ] || [ -f /usr/include/x86_64-linux-gnu/curl/curl.h ] ||
        dpkg-query -W -f='${Status}' libcurl4-openssl-dev 2>/dev/null | grep -q "install ok installed" ||
        echo libcurl4-openssl-dev
    command -v doveadm >/dev/null 2>&1 || printf '%s\n' dovecot-imapd dovecot-lmtpd
    command -v openssl >/dev/null 2>&1 || echo openssl
}

# install_missing PKG...: apt-get install what is missing (apt-get update only if that fails), as root or via sudo
install_missing() {
    [ $# -gt 0 ] || return 0
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    say "installing $*"
    export DEBIAN_FRONTEND=noninteractive
    echo "postfix postfix/main_mailer_type select No configuration" | $sudo debconf-set-selections 2>/dev/null || true
    if ! $sudo apt-get install -y "$@"; then
        say "install failed; running apt-get update and trying again"
        $sudo apt-get update
        $sudo apt-get install -y "$@"
    fi
}

# ensure_corpus DIR COUNT SEED [GENERATOR-FLAG]: DIR holds COUNT generated messages of that seed and profile
# (regenerated when any of them differs; a stamp file remembers them)
ensure_corpus() {
    local dir="$1" count="$2" seed="$3" flag="${4:-}" stamp
    stamp="count=$count seed=$seed ${flag#--}"
    if [ "$(cat "$dir/.stamp" 2>/dev/null || true)" != "$stamp" ]; then
        say "generating $count messages (seed $seed${flag:+, $flag}) into $dir"
        rm -rf "$dir.partial"
        "${PYTHON:-python3}" "$(dirname "${BASH_SOURCE[0]}")/generate_corpus.py" "$dir.partial" --count "$count" \
            --seed "$seed" $flag >&2
        echo "$stamp" > "$dir.partial/.stamp"
        rm -rf "$dir"
        mv "$dir.partial" "$dir"
    else
        say "corpus: $count messages already in $dir"
    fi
}

# mbsync_pull DIR PORT USER PASSWORD: pulls INBOX into the empty Maildir DIR/local/INBOX without TLS; prints how many
# messages arrived (the output of mbsync in DIR.out)
mbsync_pull() {
    local dir="$1"
    mkdir -p "$dir/local"
    cat >"$dir/mbsyncrc" <<CONF
IMAPAccount bench
Host 127.0.0.1
Port $2
User $3
Pass $4
SSLType None
AuthMechs LOGIN

IMAPStore remote
Account bench

MaildirStore local
Path $dir/local/
Inbox $dir/local/INBOX

Channel inbox
Far :remote:INBOX
Near :local:INBOX
Sync Pull
Create Near
Expunge None
SyncState *
CONF
    mbsync -q -c "$dir/mbsyncrc" inbox >"$dir.out" 2>&1 || say "mbsync: $(head -n1 "$dir.out")"
    find "$dir/local/INBOX/cur" "$dir/local/INBOX/new" -type f 2>/dev/null | wc -l | tr -d ' '
}
