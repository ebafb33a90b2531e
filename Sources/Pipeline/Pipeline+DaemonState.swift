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
}
