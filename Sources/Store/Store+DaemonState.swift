import Foundation
import GRDB

/// A `maildesk run` process as it recorded itself (`daemon`): the status command's view of the service.
public struct DaemonInstance: Codable, Sendable, Equatable {
    /// The process's random instance id (the one its outbox leases carry).
    public var instance: String
    public var pid: Int32
    /// The host name and pid namespace: a pid is only checked by a process of the same namespace.
    public var host: String
    public var startedAt: String
    /// Written at start and after every pass (or on the daemon's own heartbeat).
    public var heartbeatAt: String
    /// nil while it runs (or if it died without recording its stop).
    public var stoppedAt: String?
}

extension Store {
    /// Migration 011: the running daemon's instance, and when a mailbox began failing.
    static func createDaemonState(_ db: Database) throws {
        try db.execute(
            sql: """
                -- One row per `maildesk run` process: written at start, its heartbeat after every pass, stopped_at when
                -- it ends. A row with stopped_at NULL whose heartbeat is old, or whose pid is gone, is a dead daemon.
                CREATE TABLE daemon (
                    instance TEXT PRIMARY KEY NOT NULL,
                    pid INTEGER NOT NULL,
                    host TEXT NOT NULL,
                    started_at TEXT NOT NULL,
                    heartbeat_at TEXT NOT NULL,
                    stopped_at TEXT
                ) STRICT;
                CREATE INDEX daemon_started ON daemon(started_at);
                -- The first failure of the failures in a row (NULL while polls succeed): how long a mailbox has failed.
                ALTER TABLE mailbox_state ADD COLUMN failing_since TEXT;
                -- Messages by mailbox (status and /metrics count them per scrape from the index alone).
                CREATE INDEX message_mailbox ON message(mailbox, state);
                """)
    }

    /// Records a daemon's start. Rows of daemons stopped more than 30 days before are forgotten.
    public func recordDaemonStart(instance: String, pid: Int32, host: String, at now: Date) throws {
        let at = Timestamp.string(now)
        try write { db in
            try db.execute(
                sql: "DELETE FROM daemon WHERE stopped_at < ?",
                arguments: [Timestamp.string(now.addingTimeInterval(-30 * 86_400))])
            try db.execute(
                sql: """
                    INSERT INTO daemon (instance, pid, host, started_at, heartbeat_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (instance) DO UPDATE SET pid = excluded.pid, host = excluded.host,
                        started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at, stopped_at = NULL
                    """, arguments: [instance, Int64(pid), host, at, at])
        }
    }

    /// Records that a daemon is alive (after a pass, or on its own timer).
    public func recordDaemonHeartbeat(instance: String, at now: Date) throws {
        try write { db in
            try db.execute(
                sql: "UPDATE daemon SET heartbeat_at = ? WHERE instance = ?",
                arguments: [Timestamp.string(now), instance])
        }
    }

    /// Records a daemon's orderly end.
    public func recordDaemonStop(instance: String, at now: Date) throws {
        let at = Timestamp.string(now)
        try write { db in
            try db.execute(
                sql: "UPDATE daemon SET stopped_at = ?, heartbeat_at = ? WHERE instance = ?",
                arguments: [at, at, instance])
        }
    }

    /// The daemons recorded as running, then the most recently stopped one; newest start first in each group.
    public func daemons() throws -> [DaemonInstance] {
        try read { db in try Self.daemons(db) }
    }

    static func daemons(_ db: Database) throws -> [DaemonInstance] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT * FROM daemon WHERE stopped_at IS NULL
                UNION ALL SELECT * FROM (SELECT * FROM daemon WHERE stopped_at IS NOT NULL ORDER BY stopped_at DESC LIMIT 1)
                """)
        return rows.map {
            DaemonInstance(
                instance: $0["instance"], pid: Int32(truncatingIfNeeded: $0["pid"] as Int64), host: $0["host"],
                startedAt: $0["started_at"], heartbeatAt: $0["heartbeat_at"], stoppedAt: $0["stopped_at"])
        }.sorted { ($0.stoppedAt == nil ? 0 : 1, $1.startedAt) < ($1.stoppedAt == nil ? 0 : 1, $0.startedAt) }
    }
}
