#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages maildesk builds and tests against, when they are missing.
# Swift itself (6.1 or later) is not a Debian package: see https://www.swift.org/install/linux/.
set -euo pipefail

# dovecot-imapd and openssl: the private IMAP server of the IMAP tests and benchmark (scripts/dovecot-test-server.sh);
# python3-aiosmtpd: the scriptable SMTP server of the outbound tests (scripts/smtp-test-server.py);
# postfix and dovecot-lmtpd: the end-to-end mail path of the agent-reply tests and the MTA pipe delivery test
# (scripts/postfix-test-server.sh);
# chromium: the report page rendered and checked in a real browser (Tests/ReportingTests).
packages=(pkg-config libxml2-dev libcurl4-openssl-dev libsqlite3-dev python3 dovecot-imapd dovecot-lmtpd openssl
  python3-aiosmtpd postfix chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "error: need root or sudo to install ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  # Postfix asks how to configure the machine's own mail system: not at all (the tests run their own instance).
  echo "postfix postfix/main_mailer_type select No configuration" | $sudo debconf-set-selections
  $sudo apt-get install -y --no-install-recommends "${missing[@]}" \
    || { $sudo apt-get update && $sudo apt-get install -y --no-install-recommends "${missing[@]}"; }
fi

if ! command -v swift >/dev/null; then
  echo "error: swift not found. Install Swift 6.1 or later (https://www.swift.org/install/linux/) and put it on PATH." >&2
  exit 1
fi
