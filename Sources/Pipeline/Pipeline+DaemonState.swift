import Foundation
import Store

extension Pipeline {
    /// Records this process as a running daemon (the instance id, host and pid of its outbox leases), at `now()`.
    /// Call once when the service starts, before its first pass.
    public func recordDaemonStart() throws {
        try store.recordDaemonStart(instance: sendLease.owner, pid: sendLease.pid, host: sendLease.host, at: now())
    }

    /// Records that the daemon is alive: after every pass, or on a timer at least every `[run] interval`.
    public func recordDaemonHeartbeat() throws {
        try store.recordDaemonHeartbeat(instance: sendLease.owner, at: now())
    }

    /// Records the daemon's orderly end. Call when it stops (after the last pass, on SIGTERM or SIGINT).
    public func recordDaemonStop() throws {
        try store.recordDaemonStop(instance: sendLease.owner, at: now())
    }

    /// For a loop that has no shutdown of its own: on SIGTERM or SIGINT, records the daemon's stop, then lets
    /// the signal end the process as it would have (a service with a graceful shutdown calls `recordDaemonStop`).
    ///
    /// The signal handler only writes the signal's number to a pipe (all a handler may safely do); a thread
    /// waiting on the pipe records the stop, restores the default action and raises the signal again. Call it
    /// from the main thread: that thread receives the signals.
    public func recordDaemonStopOnTermination() {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return }
        terminationPipe = fds[1]
        nonisolated(unsafe) let pipeline = self  // only the store is used, and it is thread-safe
        let reader = fds[0]
        let thread = Thread {
            var number: UInt8 = 0
            while read(reader, &number, 1) != 1 {}
            try? pipeline.recordDaemonStop()
            signal(Int32(number), SIG_DFL)
            kill(getpid(), Int32(number))  // to the process: the thread that unblocked it takes it
        }
        thread.name = "maildesk-stop"
        thread.start()
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        for number in [SIGTERM, SIGINT] {
            signal(number) { received in
                var byte = UInt8(truncatingIfNeeded: received)
                _ = write(terminationPipe, &byte, 1)
            }
            sigaddset(&unblocked, number)
        }
        // A parent may have started this process with the signals blocked (they are inherited): this thread takes them.
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
    }
}

/// The pipe's write end for `recordDaemonStopOnTermination`'s signal handler (set once, before it is installed).
nonisolated(unsafe) private var terminationPipe: Int32 = -1
