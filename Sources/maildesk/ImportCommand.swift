import ArgumentParser
import Config
import Foundation
import Glibc
import Pipeline
import Store

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Take in the history of a mailbox without acknowledging old mail or notifying agents.",
        discussion: """
            Every message of the mailbox is stored, parsed, threaded, classified and assigned, marked as history: \
            no acknowledgement, agent notification, SLA timer, reminder or survey ever follows from it, and it \
            never reopens a thread. A killed import resumes where it stopped when run again (with the options it \
            started with); until it finishes, `maildesk run` leaves the mailbox alone. Mail dated before --since \
            (its Date field; a Maildir file's time when it has none) is kept raw and not threaded.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var clock: ClockOptions
    @OptionGroup var mailbox: MailboxOption

    @Option(
        help: ArgumentHelp(
            "Thread only mail dated from this day (2025-01-31, UTC) or moment (ISO 8601 with a zone).",
            valueName: "date"))
    var since: String?

    @Flag(help: "The history needs no answer: the threads it starts are resolved at once.")
    var noAnswer = false

    func validate() throws {
        if let since, Self.date(since) == nil {
            throw ValidationError(
                "--since '\(since)' is not a date: write e.g. 2025-01-31 or 2025-01-31T09:00:00+08:00")
        }
    }

    func run() throws {
        let gateway = try Gateway.open(global)
        let mailbox = try self.mailbox.definition(in: gateway.configuration, config: global.config)
        if mailbox.source == .pipe {
            printError(
                "mailbox \(mailbox.name) is delivered by an MTA (url = \"pipe:\"): it has no history to import; "
                    + "import the mailbox the MTA delivered to before, defined as maildir: or imap(s)://")
            throw ExitCode(64)
        }
        let store = gateway.store
        let requested = ImportRun(mailbox: mailbox.name, since: since.flatMap(Self.date), settled: noAnswer)
        if let previous = try store.importRun(mailbox: mailbox.name), previous.finishedAt == nil {
            // A resumed import keeps its own options: the messages it stored already carry its marks.
            if (since != nil && requested.since != previous.since) || (noAnswer && !previous.settled) {
                printError(
                    "the import of \(mailbox.name) started at \(previous.startedAt) is unfinished and ran with "
                        + Self.describe(previous) + ": run it again with those options (or none) to finish it")
                throw ExitCode(64)
            }
            printError(
                "resuming the import of \(mailbox.name) started at \(previous.startedAt) (\(Self.describe(previous)))")
        }
        let progress = ImportProgress(terminal: isatty(STDERR_FILENO) == 1)
        let run = try store.beginImport(requested, at: clock.clock())
        let pipeline = try gateway.pipeline(
            verbose: false,
            options: PipelineOptions(
                clock: clock.clock, importing: run, fetchEvents: { progress.hear($0) }))
        let summary = try pipeline.importHistory(mailbox)
        progress.finish()
        print(summary.line)
        for error in summary.errors { printError(error) }
        if !summary.errors.isEmpty { throw ExitStatus.tempFailure }
    }

    static func describe(_ run: ImportRun) -> String {
        [
            run.since.map { "--since \(Timestamp.string($0))" } ?? "no --since",
            run.settled ? "--no-answer" : "answers owed"
        ]
        .joined(separator: ", ")
    }

    /// `2025-01-31` (midnight UTC) or an ISO 8601 moment with a zone.
    static func date(_ text: String) -> Date? {
        if text.utf8.count == 10, let day = Timestamp.date(text + "T00:00:00Z") { return day }
        return ClockOptions.parse(text)
    }
}
