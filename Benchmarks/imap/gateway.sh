# Sourced by the IMAP benchmarks: a maildesk gateway folder polling the private Dovecot.
#   write_gateway DIR MAILBOX_NAME IMAP_PORT USER [EXTRA_MAILBOX_LINE]
# The gateway answers nothing (the outbound stages have their own benchmark) and keeps the server's flags.
write_gateway() {
    local dir="$1" name="$2" port="$3" user="$4" extra="${5:-}"
    mkdir -p "$dir/config" "$dir/mailboxes" "$dir/var"
    cat >"$dir/config/maildesk.toml" <<CONF
mailboxes = "$dir/mailboxes"

[store]
path = "$dir/var/maildesk.sqlite"

[outbound]
acknowledge = false
notify_agents = false
CONF
    cat >"$dir/mailboxes/$name.toml" <<CONF
name = "$name"
url = "imap://127.0.0.1:$port/INBOX"
address = "$user"
user = "$user"
password_env = "MAILDESK_BENCH_PASSWORD"
after_import = "keep"
starttls = "never"
$extra
CONF
}
