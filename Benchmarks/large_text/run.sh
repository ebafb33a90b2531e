#!/usr/bin/env bash
# Cost of large texts through the whole pipeline with the shipped configuration (acknowledgements and agent
# notifications on, `file:` transport): COUNT mails (default 24) of ~4 MB windows-1252 text, then one mail of
# ~45 MB text, each set in a fresh gateway folder (the repo's config/ and templates/, a local Maildir).
# Before byte-bounded batches and text caps the 24 mails took 826 MB and 165 s (classify and answer read every
# character); what the classifier reads and a notification embeds is now capped.
#
#   Benchmarks/large_text/run.sh [COUNT]
#
# Environment: MAILDESK_BIN=PATH (default: .build/release/maildesk, built with `swift build -c release` if missing).
# Prints one line per set: mails=N bytes=B seconds=S peak_rss_mb=M rss_per_largest=R stage_seconds={...}
set -euo pipefail

COUNT="${1:-24}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
MAILDESK="${MAILDESK_BIN:-$REPO/.build/release/maildesk}"
if [ ! -x "$MAILDESK" ]; then (cd "$REPO" && swift build -c release --product maildesk >&2); fi
MAILDESK="$(realpath "$MAILDESK")"
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time is missing (apt-get install time)" >&2; exit 69; }

WORK="$(mktemp -d /tmp/maildesk-large-text-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

run_set() {  # NAME COUNT MEGABYTES
    local dir="$WORK/$1"
    mkdir -p "$dir/mailboxes/in/new" "$dir/mailboxes/in/cur" "$dir/mailboxes/in/tmp"
    cp -r "$REPO/config" "$REPO/templates" "$dir/"
    printf 'name = "in"\nurl = "maildir:mailboxes/in"\nkind = "need"\naddress = "support@maildesk.example"\n' \
        > "$dir/mailboxes/in.toml"
    python3 - "$dir/mailboxes/in/new" "$2" "$3" <<'PY'
import random, sys
folder, count, mb = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
random.seed(7)
words = ("Grüße Kunde Rechnung défaut café naïve façade über Straße problème résumé the order arrived broken "
         "and the invoice is wrong please help").split()
for i in range(count):
    lines, size = [], 0
    while size < mb * 1_000_000:
        line = " ".join(random.choice(words) for _ in range(12))
        lines.append(line)
        size += len(line) + 2
    head = (f"From: Kunde {i} <kunde{i}@example.org>\r\nTo: support@maildesk.example\r\n"
            f"Subject: Rechnung {i}: the order arrived broken\r\nMessage-ID: <large-text-{i}@example.org>\r\n"
            "Date: Fri, 04 Dec 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=windows-1252\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
    with open(f"{folder}/{i}.large:2,", "wb") as f:
        f.write(head.encode() + "\r\n".join(lines).encode("cp1252"))
PY
    local bytes largest
    bytes=$(du -sb "$dir/mailboxes/in/new" | cut -f1)
    largest=$(find "$dir/mailboxes/in/new" -type f -printf '%s\n' | sort -n | tail -1)
    (cd "$dir" && MAILDESK_SECRET= /usr/bin/time -v "$MAILDESK" run --once --json > run.json 2> time.txt) || {
        echo "set=$1 error: maildesk run failed:"; tail -5 "$dir/time.txt"; return; }
    python3 - "$dir" "$2" "$bytes" "$largest" <<'PY'
import json, re, sys
d, count, size, largest = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
run = json.load(open(f"{d}/run.json"))
time = open(f"{d}/time.txt").read()
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", time).group(1)) / 1000
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", time).group(1).split(":")
seconds = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall)))
stages = {k: round(v, 2) for k, v in sorted(run["stage_seconds"].items())}
print(f"mails={count} bytes={size} seconds={seconds:.1f} peak_rss_mb={rss:.1f} "
      f"rss_per_largest={rss * 1e6 / largest:.2f} queued={run['mail_queued']} stage_seconds={json.dumps(stages)}")
PY
}

echo "==> $COUNT mails of ~4 MB windows-1252 text" >&2
run_set many "$COUNT" 4
echo "==> one mail of ~45 MB text" >&2
run_set huge 1 45
