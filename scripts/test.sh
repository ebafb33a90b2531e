#!/usr/bin/env bash
# Runs every maildesk test: unit, fixture, corpus, property and command-line tests.
# Installs missing Debian packages first. The shared corpora are expected at ../shared/corpus.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
if [ ! -d ../shared/corpus ]; then
  echo "error: ../shared/corpus not found beside the repository; the corpus tests need it" >&2
  exit 1
fi
swift build --build-tests
swift test "$@"
