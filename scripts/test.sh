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

# A stuck test must fail the run with a diagnosis, not use up CI's time: after MAILDESK_TEST_TIMEOUT seconds
# (default 30 minutes, about four times a normal run on two cores) the run is stopped, and the tests that started
# without a result are listed with the processes still running under it.
limit="${MAILDESK_TEST_TIMEOUT:-1800}"
log="$(mktemp -t maildesk-test-XXXXXX.log)"
status=0
timeout --signal=TERM --kill-after=30 "$limit" swift test "$@" 2>&1 | tee "$log" || status=$?
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
  echo "error: the tests did not finish within $limit s (MAILDESK_TEST_TIMEOUT); started without a result:" >&2
  # "◇ Test NAME started" and "✔/✘ Test NAME passed|failed|skipped ..." (NAME a function or a quoted display name)
  sed -nE 's/^.* Test (.+) started\.$/\1/p' "$log" | grep -v -e '^run$' -e '^case passing ' | sort -u > "$log.started" || true
  sed -nE 's/^.* Test (.+) (passed|failed|skipped|recorded an issue).*$/\1/p' "$log" \
    | sed -E 's/ with [0-9]+ test cases?$//' | sort -u > "$log.ended" || true
  comm -23 "$log.started" "$log.ended" | sed 's/^/  /' >&2
  ps -eo pid,ppid,stat,etime,args --forest >&2 || true
fi
rm -f "$log" "$log.started" "$log.ended"
# Formatting is checked after the tests, so that a formatting slip does not hide a test result.
if ! scripts/format.sh --check; then
  [ "$status" -ne 0 ] || status=1
fi
exit "$status"
