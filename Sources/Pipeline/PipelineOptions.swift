import Foundation
import Store
import Synchronization

/// How a pipeline runs, fixed when it is made: a pipeline is shared by the fetch thread and the stages, so
/// nothing about it changes after `init`. A clock that moves (tests, `--now` that advances) is a closure.
public struct PipelineOptions: Sendable {
    /// The clock: out-of-office days, due times, SLA timers, care schedules, Date headers and every store write.
    public var clock: @Sendable () -> Date
    /// Whether a mailbox waiting after an error is skipped (the service) or polled anyway (`run --once`).
    public var respectBackoff: Bool
    /// One SMTP connection for all due messages (false: one per message, for the benchmark's comparison).
    public var reuseSMTPConnection: Bool
    /// Who this process is when it leases outbox rows (tests play a second process with another).
    public var sendLease: SendLease
    /// `maildesk import`: the mailbox whose history is taken in; every message it fetches is marked.
    public var importing: ImportRun?
    /// Hears what a mailbox's fetch finds waiting and each message it is done with (the import's progress line).
    public var fetchEvents: (@Sendable (FetchEvent) -> Void)?

    public init(
        clock: @escaping @Sendable () -> Date = { Date() }, respectBackoff: Bool = false,
        reuseSMTPConnection: Bool = true, sendLease: SendLease = .current, importing: ImportRun? = nil,
        fetchEvents: (@Sendable (FetchEvent) -> Void)? = nil
    ) {
        self.clock = clock
        self.respectBackoff = respectBackoff
        self.reuseSMTPConnection = reuseSMTPConnection
        self.sendLease = sendLease
        self.importing = importing
        self.fetchEvents = fetchEvents
    }
}

/// A clock that stands still until it is set: for `--now` what-if runs that step through moments (the care
/// benchmark's day) and for tests that move one pipeline through time.
public final class ManualClock: Sendable {
    private let time: Mutex<Date>

    public init(_ start: Date) { time = Mutex(start) }

    public var now: Date { time.withLock { $0 } }

    public func set(_ date: Date) { time.withLock { $0 = date } }

    /// The closure `PipelineOptions.clock` takes.
    public var clock: @Sendable () -> Date { { self.now } }
}
