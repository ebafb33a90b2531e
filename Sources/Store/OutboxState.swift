import GRDB

/// Where an outbox row is: waiting to be sent (first time or after a temporary failure), accepted by the server,
/// or given up on. A row taken for sending stays `queued` under a lease until the server answers.
public enum OutboxState: String, Sendable, Equatable, CaseIterable, Codable, DatabaseValueConvertible {
    case queued, sent, failed
}
