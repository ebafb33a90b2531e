import Foundation

/// Starts the tests' child processes one at a time, so that no child inherits another child's descriptors.
///
/// Foundation's `Process` on Linux learns that a child ended when the child's end of a socket pair closes, and it
/// closes the parent's other descriptors in the child from a scan of /proc/self/fd made before `posix_spawn`. A
/// pipe or socket pair another test thread opens between that scan and the spawn is inherited. When the child is
/// a server that lives on (Dovecot, Postfix, aiosmtpd, a `maildesk run` service), the other test's child is never
/// seen to exit — it stays a zombie and `waitUntilExit()` or `readDataToEndOfFile()` waits for as long as the
/// server runs: the suite stalled that way in CI. Every spawn, and every pipe a test creates, takes one lock:
/// a descriptor that exists before a scan is closed in the child, and none can appear during one.
public enum ChildProcess {
    private static let lock = NSLock()

    /// Runs `process` (its socket pair is created inside `run()`) while no other test opens a pipe or spawns.
    ///
    /// The child starts with no signal blocked. A child inherits its spawning thread's signal mask, and tests run on
    /// libdispatch worker threads, which block SIGTERM, SIGHUP, SIGINT and most others: a server started from one
    /// ignored `terminate()` and a shell script's `kill`.
    public static func launch(_ process: Process) throws {
        lock.lock()
        defer { lock.unlock() }
        var none = sigset_t(), previous = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        try process.run()
    }

    /// Writes `data` to a child's standard input. A child may exit before it reads everything (a refused command):
    /// the write then fails with EPIPE instead of the SIGPIPE that would end the whole test process — the signal is
    /// blocked on this thread for the write, and one it raised is taken off the pending set.
    public static func feed(_ data: Data, to handle: FileHandle) {
        var pipeSignal = sigset_t(), previous = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipeSignal, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        try? handle.write(contentsOf: data)
        var pending = sigset_t()
        sigpending(&pending)
        if sigismember(&pending, SIGPIPE) == 1 {
            var now = timespec(tv_sec: 0, tv_nsec: 0)
            _ = sigtimedwait(&pipeSignal, nil, &now)
        }
    }

    /// A pipe for a child's standard input, output or error, never created during another test's spawn.
    public static func pipe() -> Pipe {
        lock.lock()
        defer { lock.unlock() }
        return Pipe()
    }

    /// Waits for `process` to end, killing it after `limit` seconds so that a hang fails its test instead of
    /// stalling the suite (no result depends on the limit: it is far above any normal run). Returns whether
    /// the process ended on its own.
    @discardableResult
    public static func wait(for process: Process, limit: TimeInterval = 600) -> Bool {
        let deadline = Date().addingTimeInterval(limit)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        guard process.isRunning else { return true }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return false
    }
}
