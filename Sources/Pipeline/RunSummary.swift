/// What one pass of the pipeline did, as `maildesk run --once` prints it.
public struct RunSummary: Sendable, Codable, Equatable {
    /// Source items read (files, or fetched messages).
    public var fetched = 0
    /// New messages stored.
    public var stored = 0
    /// Items whose bytes were already stored (one more ledger sighting, no new message).
    public var duplicates = 0
    /// Items already in the ledger (a rerun, or another process imported them first).
    public var alreadyImported = 0
    /// Messages a mailbox still holds beyond `max_messages_per_poll`: the next pass fetches them.
    public var leftForNextPass = 0
    /// IMAP messages the server would not hand over this pass (recorded per UID; skipped after their attempts).
    public var fetchFailures = 0
    public var parsed = 0
    public var quarantined = 0
    public var threadsCreated = 0
    public var threadsUpdated = 0
    /// Mail machines sent (bounces, auto-replies, bulk), filed without reaching an agent; bounces among them.
    public var robots = 0
    public var bounces = 0
    /// New threads decided by the classify stage, and how many of them were flagged for review.
    public var threadsClassified = 0
    public var threadsFlagged = 0
    /// Threads given an agent, put in a team queue, or released by an unavailable agent.
    public var threadsAssigned = 0
    public var threadsQueued = 0
    public var threadsReleased = 0
    /// Agents' mails relayed to customers (answers), and agent mails not relayed (refused, or not understood).
    public var agentAnswers = 0
    public var agentMailRefused = 0
    /// Outbox messages written (acknowledgements, notifications), sent, retried later, and given up.
    public var messagesQueued = 0
    public var messagesSent = 0
    public var messagesDeferred = 0
    public var messagesFailed = 0
    /// Care greetings queued, and skipped with a reason (late, opted out, within the minimum gap, ...).
    public var careQueued = 0
    public var careSkipped = 0
    /// Customers who asked by mail to stop care mail.
    public var careUnsubscribed = 0
    /// Follow-up: SLA reminders to owners and escalations at breaches; reminders to customers who were waited on
    /// and threads closed after waiting; satisfaction surveys queued and answers received.
    public var slaReminders = 0
    public var slaEscalations = 0
    public var pendingReminders = 0
    public var autoClosed = 0
    public var surveysSent = 0
    public var surveyAnswers = 0
    /// One line per mailbox or item that failed; the others went on.
    public var errors: [String] = []
    /// Wall-clock seconds spent in each stage (fetch, parse, thread, classify, assign, answer, send), for benchmarks.
    public var stageSeconds: [String: Double] = [:]

    public init() {}

    /// Adds another summary's counts (a mailbox polled in parallel).
    mutating func merge(_ other: RunSummary) {
        fetched += other.fetched
        stored += other.stored
        duplicates += other.duplicates
        alreadyImported += other.alreadyImported
        leftForNextPass += other.leftForNextPass
        fetchFailures += other.fetchFailures
        parsed += other.parsed
        quarantined += other.quarantined
        threadsCreated += other.threadsCreated
        threadsUpdated += other.threadsUpdated
        robots += other.robots
        bounces += other.bounces
        threadsClassified += other.threadsClassified
        threadsFlagged += other.threadsFlagged
        threadsAssigned += other.threadsAssigned
        threadsQueued += other.threadsQueued
        threadsReleased += other.threadsReleased
        messagesQueued += other.messagesQueued
        agentAnswers += other.agentAnswers
        agentMailRefused += other.agentMailRefused
        messagesSent += other.messagesSent
        messagesDeferred += other.messagesDeferred
        messagesFailed += other.messagesFailed
        careQueued += other.careQueued
        careSkipped += other.careSkipped
        careUnsubscribed += other.careUnsubscribed
        slaReminders += other.slaReminders
        slaEscalations += other.slaEscalations
        pendingReminders += other.pendingReminders
        autoClosed += other.autoClosed
        surveysSent += other.surveysSent
        surveyAnswers += other.surveyAnswers
        errors += other.errors
    }

    public var line: String {
        "fetched \(fetched)" + (fetchFailures > 0 ? " (not fetched \(fetchFailures))" : "")
            + ", stored \(stored), duplicates \(duplicates), already imported \(alreadyImported), "
            + "quarantined \(quarantined), threads created \(threadsCreated), threads updated \(threadsUpdated), "
            + (robots > 0 ? "robots \(robots)" + (bounces > 0 ? " (bounces \(bounces))" : "") + ", " : "")
            + "classified \(threadsClassified) (\(threadsFlagged) for review), assigned \(threadsAssigned), "
            + "queued \(threadsQueued)" + (threadsReleased > 0 ? ", released \(threadsReleased)" : "")
            + (agentAnswers > 0 ? ", agent answers \(agentAnswers)" : "")
            + (agentMailRefused > 0 ? ", agent mail not relayed \(agentMailRefused)" : "")
            + (careQueued + careSkipped > 0 ? ", care mail queued \(careQueued) (skipped \(careSkipped))" : "")
            + (careUnsubscribed > 0 ? ", unsubscribed from care mail \(careUnsubscribed)" : "")
            + (followUpLine.isEmpty ? "" : ", " + followUpLine)
            + ", mail queued \(messagesQueued), sent \(messagesSent)"
            + (messagesDeferred > 0 ? ", deferred \(messagesDeferred)" : "")
            + (messagesFailed > 0 ? ", failed \(messagesFailed)" : "")
            + (leftForNextPass > 0 ? "; left for the next pass: \(leftForNextPass)" : "")
    }

    /// The follow-up counts that are not zero, e.g. "SLA reminders 1, escalations 1, surveys 2".
    public var followUpLine: String {
        [
            ("SLA reminders", slaReminders), ("escalations", slaEscalations), ("pending reminders", pendingReminders),
            ("auto-closed", autoClosed), ("surveys", surveysSent), ("survey answers", surveyAnswers)
        ]
        .filter { $0.1 > 0 }.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
    }

    /// Adds a later pass of the same run (`run --once --all`): counts, errors and stage times.
    public mutating func append(_ later: RunSummary) {
        merge(later)
        leftForNextPass = later.leftForNextPass  // what the last pass left, not a sum
        for (stage, seconds) in later.stageSeconds { stageSeconds[stage, default: 0] += seconds }
    }

    enum CodingKeys: String, CodingKey {
        case fetched, stored, duplicates, alreadyImported = "already_imported", leftForNextPass = "left_for_next_pass"
        case fetchFailures = "not_fetched"
        case parsed, quarantined
        case threadsCreated = "threads_created", threadsUpdated = "threads_updated", errors
        case robots, bounces
        case threadsClassified = "threads_classified", threadsFlagged = "threads_flagged_for_review"
        case threadsAssigned = "threads_assigned", threadsQueued = "threads_queued"
        case threadsReleased = "threads_released"
        case messagesQueued = "mail_queued", messagesSent = "mail_sent", messagesDeferred = "mail_deferred"
        case messagesFailed = "mail_failed"
        case careQueued = "care_queued", careSkipped = "care_skipped", careUnsubscribed = "care_unsubscribed"
        case slaReminders = "sla_reminders", slaEscalations = "sla_escalations", pendingReminders = "pending_reminders"
        case autoClosed = "auto_closed", surveysSent = "surveys_sent", surveyAnswers = "survey_answers"
        case agentAnswers = "agent_answers", agentMailRefused = "agent_mail_not_relayed"
        case stageSeconds = "stage_seconds"
    }
}
