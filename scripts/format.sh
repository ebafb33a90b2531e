#!/usr/bin/env bash
# Formats the Swift sources with swift-format and .swift-format (4 spaces, 120 columns, formatting only: no lint
# rules rewrite code). `--check` changes nothing and fails when a file is not formatted (CI runs it).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v swift-format >/dev/null || {
  echo "error: swift-format not found; it ships with Swift 6 toolchains (next to swift: $(command -v swift))" >&2
  exit 1
}
paths=(Sources Tests Package.swift)
if [ "${1:-}" = "--check" ]; then
  swift-format lint --strict -r --configuration .swift-format "${paths[@]}" \
    || { echo "error: the files above are not formatted: run scripts/format.sh" >&2; exit 1; }
else
  swift-format format -i -r --configuration .swift-format "${paths[@]}"
fi
