import ArgumentParser
import Foundation

/// `--now`: every command that acts on time (the run's SLA timers, campaigns, reminders, the outbox's retries)
/// can be run as if it were another moment, for what-if planning and for tests. The clock starts at the given
/// instant and runs on from there, so a `run` loop started with `--now` still sees time pass.
struct ClockOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Act as if it were this moment: ISO 8601 with a zone (2027-02-17T09:00:00+08:00, 2027-02-17T01:00:00Z).",
            valueName: "time"))
    var now: String?

    func validate() throws {
        if let now, Self.parse(now) == nil {
            throw ValidationError(
                "--now '\(now)' is not an ISO 8601 time with a zone; write e.g. 2027-02-17T09:00:00+08:00 or 2027-02-17T01:00:00Z"
            )
        }
    }

    /// The injected clock: the real one, or one that starts at `--now` and advances with real time.
    var clock: @Sendable () -> Date {
        guard let now, let start = Self.parse(now) else { return { Date() } }
        let started = Date()
        return { start.addingTimeInterval(Date().timeIntervalSince(started)) }
    }

    static func parse(_ text: String) -> Date? {
        for options: ISO8601DateFormatter.Options in [
            [.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds]
        ] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
