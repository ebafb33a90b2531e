#!/usr/bin/env bash
# Learning curves on companies the model was not trained on: for each company of the training data
# (config/training ids <language>-<company>-NNNN; Lumo's are <language>-NNNN), train on the others, then feed
# that company's own mail in as corrections (`maildesk classifier curve`, one company per run).
#   Benchmarks/classifier/leave-one-out.sh [runs] [company,company…]
# MAILDESK_BIN picks the binary (default: swift run -c release maildesk).
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
only=${2:-}
maildesk=(${MAILDESK_BIN:-swift run -c release maildesk})
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
companies=$(python3 - config/training <<'PY'
import json, glob, sys, re
names = set()
for f in glob.glob(sys.argv[1] + "/*.jsonl"):
    for line in open(f, encoding="utf-8"):
        m = re.match(r"(?:zh-Hant|zh|en)-([a-z]+)-\d+$", json.loads(line)["id"])
        names.add(m.group(1) if m else "lumo")
print(" ".join(sorted(names)))
PY
)
for company in $companies; do
    [[ -n "$only" && ",$only," != *",$company,"* ]] && continue
    mkdir -p "$work/$company/train" "$work/$company/held"
    python3 - config/training "$company" "$work/$company" <<'PY'
import json, glob, os, sys, re
src, company, out = sys.argv[1:]
for f in glob.glob(src + "/*.jsonl"):
    name = os.path.basename(f)
    with open(f"{out}/train/{name}", "w", encoding="utf-8") as train, \
         open(f"{out}/held/{name}", "w", encoding="utf-8") as held:
        for line in open(f, encoding="utf-8"):
            r = json.loads(line)
            m = re.match(r"(?:zh-Hant|zh|en)-([a-z]+)-\d+$", r["id"])
            if (m.group(1) if m else "lumo") == company:
                r["id"] = f"loo-{r['id']}-{company}"   # the curve groups by the id's last part
                r["split"] = "deployment"
                held.write(json.dumps(r, ensure_ascii=False) + "\n")
            else:
                train.write(line)
PY
    echo "== $company left out"
    "${maildesk[@]}" classifier curve --data "$work/$company/train" --deployment "$work/$company/held" \
        --runs "$runs" --steps 0,25,50,100 | sed -n '/^company/,$p'
done
