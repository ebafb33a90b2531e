import Config
import Foundation
import MIME
import Store

/// What a mailbox's fetch reports as it goes, for a progress line.
public enum FetchEvent: Sendable, Equatable {
    /// The items the fetch found waiting (a Maildir's pending files, an IMAP mailbox's UIDs not in the ledger).
    case found(Int)
    /// Items it is done with: committed, already in the ledger, or failed and recorded.
    case handled(Int)
}

/// `maildesk import`: a mailbox's history taken in without anything automatic following from it.
///
/// Reads every message the mailbox holds (the ledger skips what an earlier, killed import committed) and stores
/// each with its history mark in the same transaction (`HistoryMark`), then parses, threads, classifies and
/// assigns them and decides their answers: none is acknowledged, no owner is notified, no SLA timer starts.
/// The import is recorded as unfinished from its start (`ImportRun`) until every message is in: until then
/// `maildesk run` leaves the mailbox alone, so old mail never arrives as new, and a rerun resumes.
extension Pipeline {
    /// Fetches `mailbox` until nothing is left (an IMAP mailbox gives `max_messages_per_poll` per pass), then runs
    /// the stages up to the answer decisions. The import is finished only when no fetch reported an error.
    public func importHistory(_ mailbox: MailboxDefinition) throws -> RunSummary {
        precondition(importing?.mailbox == mailbox.name, "importHistory needs `importing` set for the mailbox")
        var summary = RunSummary()
        while true {
            var pass = RunSummary()
            fetch(mailbox, into: &pass)
            summary.append(pass)
            if !pass.errors.isEmpty || pass.leftForNextPass == 0 || pass.fetched == 0 { break }
        }
        try parseStored(into: &summary)
        try threadParsed(into: &summary)
        try classifyThreads(into: &summary)
        try assignOwners(into: &summary)
        if let templateError, configuration.gateway.outbound.acknowledge || configuration.gateway.outbound.notifyAgents
        {
            summary.errors.append(templateError)
        } else {
            try answerThreads(into: &summary)
        }
        if summary.errors.isEmpty && summary.leftForNextPass == 0 {
            try store.finishImport(mailbox: mailbox.name, at: now())
        }
        return summary
    }

    /// The mark of a message the running import fetched, or nil outside an import. `arrived` is the source's own
    /// date (a Maildir file's time), asked only for a message without a readable Date field.
    func historyMark(_ raw: [UInt8], arrived: () -> Date?) -> HistoryMark? {
        guard let run = importing else { return nil }
        if let since = run.since, let date = MessageParser.headerDate(raw, limits: limits) ?? arrived(), date < since {
            return .skipped(
                reason: "dated \(Timestamp.string(date)), before the import's --since \(Timestamp.string(since))")
        }
        return run.settled ? .settled : .open
    }

    /// Why `mailbox` is not fetched while its import is unfinished, or nil.
    func unfinishedImport(_ mailbox: MailboxDefinition) -> String? {
        guard let run = try? store.importRun(mailbox: mailbox.name), run.finishedAt == nil else { return nil }
        return "mailbox \(mailbox.name): the import of its history started at \(run.startedAt) is unfinished; run "
            + "`maildesk import --mailbox \(mailbox.name)` to finish it (until then its mail is not fetched)"
    }
}
