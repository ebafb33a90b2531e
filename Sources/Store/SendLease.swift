import Foundation
#if canImport(Glibc)
    import Glibc
#endif

/// Who holds an outbox row while it is being sent.
///
/// A process id alone is not enough: ids are reused, and two containers sharing one volume both run as pid 1. The
/// owner is a random id per process; `host` names the pid namespace (the host name and, on Linux, the namespace's
/// inode), so a pid is only checked by a process that can see it; `duration` bounds how long a lease of a process
/// that cannot be checked (another host, a hung sender) holds.
public struct SendLease: Sendable, Equatable {
    public var owner: String
    public var host: String
    public var pid: Int32
    public var duration: TimeInterval

    public init(owner: String, host: String, pid: Int32, duration: TimeInterval) {
        self.owner = owner
        self.host = host
        self.pid = pid
        self.duration = duration
    }

    /// This process's lease: longer than any one SMTP transfer maildesk allows.
    public static let current = SendLease(owner: UUID().uuidString, host: namespace(), pid: getpid(), duration: 15 * 60)

    /// Whether a process of this pid namespace with this id exists (EPERM: it does, owned by another user).
    public static func isAlive(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    static func namespace() -> String {
        var name = [CChar](repeating: 0, count: 256)
        let host =
            gethostname(&name, name.count) == 0
            ? String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "unknown"
        // Containers may share a host name (host networking) but never a pid namespace.
        let pids = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/pid")) ?? ""
        return pids.isEmpty ? host : host + " " + pids
    }
}
