#!/usr/bin/env bash
# Side-by-side parse benchmark: maildesk vs GMime 3 vs Python's email package.
#
#   Benchmarks/run.sh [COUNT]          (COUNT messages in the corpus, default 10000)
#
# Environment:
#   SEED=N             corpus seed (default 1; delete Benchmarks/corpus to regenerate)
#   MAILDESK_BIN=PATH  use this maildesk binary and skip `swift build`
#   SKIP_MAILDESK=1    do not build or run maildesk at all
#   SKIP_PYTHON=1      do not run the Python engine (it is the slow one)
#
# Prints one line per engine, then a ratio line and a cross-check line.
set -euo pipefail

COUNT="${1:-10000}"
SEED="${SEED:-1}"
case "$COUNT" in
    '' | *[!0-9]*) echo "usage: $0 [COUNT]" >&2; exit 2 ;;
esac

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
CORPUS="$HERE/corpus"
BIN="$HERE/bin"
PYTHON="${PYTHON:-python3}"
mkdir -p "$BIN"

say() { printf '==> %s\n' "$*" >&2; }

# ---- 1. dependencies ------------------------------------------------------------------
have_deps() {
    command -v cc >/dev/null 2>&1 &&
        command -v pkg-config >/dev/null 2>&1 &&
        pkg-config --exists gmime-3.0
}
if ! have_deps; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    PKGS=(libgmime-3.0-dev pkg-config)
    if ! command -v cc >/dev/null 2>&1; then PKGS+=(gcc libc6-dev); fi
    say "installing ${PKGS[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if ! $SUDO apt-get install -y "${PKGS[@]}"; then
        say "install failed; running apt-get update and trying again"
        $SUDO apt-get update
        $SUDO apt-get install -y "${PKGS[@]}"
    fi
fi

# ---- 2. corpus ------------------------------------------------------------------------
existing=0
if [ -d "$CORPUS" ]; then
    existing="$(find "$CORPUS" -type f | wc -l | tr -d ' ')"
fi
if [ "$existing" != "$COUNT" ]; then
    say "generating $COUNT messages (seed $SEED) into $CORPUS"
    rm -rf "$CORPUS.partial"
    "$PYTHON" "$HERE/generate_corpus.py" "$CORPUS.partial" --count "$COUNT" --seed "$SEED" >&2
    rm -rf "$CORPUS"
    mv "$CORPUS.partial" "$CORPUS"
else
    say "corpus: $COUNT messages already in $CORPUS"
fi

# ---- 3. GMime harness -----------------------------------------------------------------
say "building $BIN/bench_gmime"
# shellcheck disable=SC2046  # pkg-config output must word-split
cc -O2 -o "$BIN/bench_gmime" "$HERE/gmime/bench_gmime.c" $(pkg-config --cflags --libs gmime-3.0)

# ---- 4. maildesk ----------------------------------------------------------------------
MAILDESK=""
MAILDESK_NOTE=""
if [ "${SKIP_MAILDESK:-0}" = 1 ]; then
    MAILDESK_NOTE="skipped (SKIP_MAILDESK=1)"
elif [ -n "${MAILDESK_BIN:-}" ]; then
    if [ -x "$MAILDESK_BIN" ]; then
        MAILDESK="$MAILDESK_BIN"
    else
        MAILDESK_NOTE="MAILDESK_BIN=$MAILDESK_BIN is not an executable"
    fi
elif ! command -v swift >/dev/null 2>&1; then
    MAILDESK_NOTE="swift is not on PATH, so maildesk could not be built"
else
    say "building maildesk (swift build -c release --product maildesk)"
    if (cd "$ROOT" && swift build -c release --product maildesk) >"$BIN/maildesk-build.log" 2>&1; then
        bindir="$(cd "$ROOT" && swift build -c release --show-bin-path 2>/dev/null || echo "$ROOT/.build/release")"
        if [ -x "$bindir/maildesk" ]; then
            MAILDESK="$bindir/maildesk"
        else
            MAILDESK_NOTE="swift build succeeded but $bindir/maildesk is missing"
        fi
    else
        tail -n 25 "$BIN/maildesk-build.log" >&2 || true
        MAILDESK_NOTE="swift build -c release --product maildesk FAILED (log: $BIN/maildesk-build.log)"
    fi
fi

# ---- 5. run ---------------------------------------------------------------------------
rm -f "$BIN/maildesk.stderr" "$BIN/gmime.stderr" "$BIN/python.stderr"
warm_cache() { find "$CORPUS" -type f -exec cat {} + >/dev/null; }

# field LINE KEY -> value of KEY=value in LINE (empty if absent)
field() {
    printf '%s\n' "$1" | awk -v k="$2" '{
        for (i = 1; i <= NF; i++) {
            n = index($i, "=")
            if (n > 0 && substr($i, 1, n - 1) == k) { print substr($i, n + 1); exit }
        }
    }'
}

# run_engine NAME CMD... -> prints the engine's result line, or nothing if it failed
run_engine() {
    local name="$1"
    shift
    local out rc=0
    warm_cache
    say "running $name"
    out="$("$@" 2>"$BIN/$name.stderr")" || rc=$?
    local line
    line="$(printf '%s\n' "$out" | grep -m1 'messages=' || true)"
    if [ -z "$line" ]; then
        say "$name printed no result line (exit $rc); its stderr:"
        tail -n 15 "$BIN/$name.stderr" >&2 || true
        return 0
    fi
    if [ "$rc" -ne 0 ]; then
        say "$name exited with status $rc (see $BIN/$name.stderr)"
    fi
    case "$line" in
        engine=*) ;;
        *) line="engine=$name $line" ;;
    esac
    printf '%s\n' "$line"
}

MD_LINE=""
if [ -n "$MAILDESK" ]; then
    MD_LINE="$(run_engine maildesk "$MAILDESK" bench parse "$CORPUS")"
    if [ -z "$MD_LINE" ]; then
        MAILDESK_NOTE="\`maildesk bench parse\` failed (see $BIN/maildesk.stderr)"
    fi
fi
GM_LINE="$(run_engine gmime "$BIN/bench_gmime" "$CORPUS")"
PY_LINE=""
if [ "${SKIP_PYTHON:-0}" != 1 ]; then
    PY_LINE="$(run_engine python "$PYTHON" "$HERE/python_email_bench.py" "$CORPUS")"
fi

# ---- 6. report ------------------------------------------------------------------------
echo
if [ -n "$MD_LINE" ]; then echo "$MD_LINE"; else echo "engine=maildesk n/a: $MAILDESK_NOTE"; fi
if [ -n "$GM_LINE" ]; then echo "$GM_LINE"; else echo "engine=gmime n/a: see $BIN/gmime.stderr"; fi
if [ "${SKIP_PYTHON:-0}" = 1 ]; then
    echo "engine=python n/a: skipped (SKIP_PYTHON=1)"
elif [ -n "$PY_LINE" ]; then
    echo "$PY_LINE"
else
    echo "engine=python n/a: see $BIN/python.stderr"
fi

ratio() { # ratio A B -> A/B with 2 decimals, or n/a
    if [ -n "$1" ] && [ -n "$2" ]; then
        awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'
    else
        printf 'n/a'
    fi
}
md="$(field "$MD_LINE" MB_per_s)"
gm="$(field "$GM_LINE" MB_per_s)"
py="$(field "$PY_LINE" MB_per_s)"
echo "ratio MB_per_s: maildesk/gmime=$(ratio "$md" "$gm") maildesk/python=$(ratio "$md" "$py") gmime/python=$(ratio "$gm" "$py")"

# Engines may print a "check:" line on stderr (bench_gmime and python_email_bench do;
# maildesk may too): compare the figures that every engine that printed one agrees on.
checks=()
for e in maildesk gmime python; do
    if [ -f "$BIN/$e.stderr" ]; then
        c="$(grep -m1 "^engine=$e check:" "$BIN/$e.stderr" || true)"
        if [ -n "$c" ]; then checks+=("$c"); fi
    fi
done
if [ "${#checks[@]}" -ge 2 ]; then
    verdict="agree"
    for key in text_parts text_utf8_bytes attachments named_attachments attachment_bytes \
        embedded_messages addresses dates references attachments_sha256; do
        ref=""
        for c in "${checks[@]}"; do
            v="$(field "$c" "$key")"
            [ -z "$v" ] && continue
            if [ -z "$ref" ]; then
                ref="$v"
            elif [ "$v" != "$ref" ]; then
                verdict="DISAGREE on $key"
                break 2
            fi
        done
    done
    echo "cross-check (${#checks[@]} engines, stderr check lines): $verdict"
fi
if [ "${#checks[@]}" -ge 1 ]; then
    cpu_line="cpu_seconds (user+sys of the loop):"
    for c in "${checks[@]}"; do
        cpu="$(field "$c" cpu_seconds)"
        if [ -n "$cpu" ]; then cpu_line="$cpu_line $(field "$c" engine)=$cpu"; fi
    done
    echo "$cpu_line"
fi
