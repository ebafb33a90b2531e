#!/usr/bin/python3
"""clean-daemon.py CMD...: runs CMD as a daemon should start: no blocked signals, default signal dispositions and
only stdin, stdout and stderr open. Whoever runs the test-server scripts may hand down worse: a Swift test's Process
(swift-corelibs-foundation on Linux) passes on its thread's signal mask, with SIGTERM blocked, so a server started
from there ignores `stop` until it is KILLed; and it passes on the socket through which Process learns that its child
exited, so a server keeping it makes Process.waitUntilExit() hang until the server exits.
Used by scripts/dovecot-test-server.sh and scripts/postfix-test-server.sh."""
import os
import signal
import sys

signal.pthread_sigmask(signal.SIG_SETMASK, [])
for s in signal.valid_signals():
    try:
        signal.signal(s, signal.SIG_DFL)
    except (OSError, RuntimeError, ValueError):
        pass
os.closerange(3, os.sysconf("SC_OPEN_MAX"))
os.execvp(sys.argv[1], sys.argv[1:])
