import ArgumentParser
import Config
import Foundation
import Store

struct Threads: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, show and correct threads.",
        subcommands: [List.self, Show.self, SetFields.self, Reply.self, Note.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List threads, most recently updated first.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only threads with this status.")
        var status: ThreadStatus?
        @Option(
            help:
                "Only threads of this kind: need, feedback, bulk (newsletters, notifications) or system (bounces that match none of maildesk's mail)."
        )
        var kind: String?
        @Flag(help: "Also bulk and system threads (hidden by default: robots are not work for agents).") var all = false
        @Option(help: "Only threads in this category.") var category: String?
        @Option(help: "Only threads with this priority.") var priority: ThreadPriority?
        @Option(help: "Only threads assigned to this agent (address).") var assignee: String?
        @Flag(help: "Only threads no agent owns (waiting in a team queue).") var unassigned = false
        @Flag(help: "Only threads flagged for review (low confidence, or a rule asked).") var review = false
        @Flag(help: "Only threads that missed an SLA target and still run (see config/sla.toml).") var breached = false
        @Option(
            help: ArgumentHelp(
                "Only threads with an SLA target due within this time, not yet missed (2h, 30m, 1d).",
                valueName: "duration")) var dueWithin: String?
        @OptionGroup var clock: ClockOptions
        @Option(help: "At most this many threads (0: all).")
        var limit = 100
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            try checkValue("--kind", kind, ThreadKind.names + RobotThreadKind.names)
            if unassigned && assignee != nil {
                throw ValidationError("--unassigned and --assignee exclude each other.")
            }
            if let dueWithin, clockDuration(dueWithin) == nil {
                throw ValidationError("--due-within '\(dueWithin)' is not a duration: write e.g. 2h, 30m, 1d or 1h30m.")
            }
        }

        func run() throws {
            let gateway = try Gateway.open(global)
            if let category { try checkCategory(category, gateway.configuration) }
            var filter = ThreadFilter(
                status: status, kind: kind, category: category, priority: priority,
                assignee: assignee, unassigned: unassigned, needsReview: review,
                includeRobots: all)
            let now = clock.clock()
            if breached { filter.slaBreachedBy = now }
            if let span = dueWithin.flatMap(clockDuration) { filter.slaDue = (now, now.addingTimeInterval(span)) }
            let threads = try gateway.store.threads(filter, limit: limit)
            if json { return try JSONOutput.print(threads) }
            if threads.isEmpty { print("no threads match"); return }
            for t in threads {
                let who = t.customer ?? "-"
                let owner = t.assignee ?? (t.queue.map { "queue \($0)" } ?? "unassigned")
                let kind = t.kind + (t.feedbackType.map { "/\($0)" } ?? "")
                print(
                    terminalSafe(
                        "#\(t.id)  \(t.status.padding(8))  \(kind.padding(19))  \((t.category ?? "-").padding(11))  "
                            + "\((t.priority ?? "-").padding(6))  \((t.language ?? "-").padding(7))  \(owner)  \(t.messages) msg  "
                            + "\(who)  \(t.subject)\(t.needsReview ? "  [review]" : "")"
                            + Threads.slaNoteText(t, now: now)))
            }
        }
    }

    /// `  [SLA due 2027-03-01T09:00:00Z]`, or `[SLA breached …]` once past.
    static func slaNoteText(_ t: ThreadSummary, now: Date) -> String {
        guard let due = t.slaDueAt else { return "" }
        let past = Timestamp.date(due).map { $0 <= now } ?? false
        return "  [SLA \(past ? "breached" : "due") \(due)]"
    }

    /// `set` (named so that it does not shadow `Swift.Set` in the command's scope).
    struct SetFields: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set",
            abstract: "Correct a thread's kind, category or priority, or change its owner or status.",
            discussion: """
                Corrections of kind, feedback type, category and priority are recorded as events and become \
                training examples for `maildesk classifier train`.
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The thread id (as `threads list` shows it).") var id: Int64
        @Option(help: "The kind.") var kind: ThreadKind?
        @Option(help: "The feedback type (feedback only).") var feedbackType: FeedbackType?
        @Option(help: "One of the configured categories.") var category: String?
        @Option(help: "The priority.") var priority: ThreadPriority?
        @Option(help: "An agent's address, or 'none' to unassign.") var assignee: String?
        @Option(help: "The status.") var status: ThreadStatus?
        @Option(help: "Who makes the change, for the event log (default: $USER).") var actor: String?
        @OptionGroup var clock: ClockOptions

        func validate() throws {
            if feedbackType != nil && kind == .need {
                throw ValidationError("--feedback-type is for feedback threads; it cannot go with --kind need.")
            }
            if kind == nil && feedbackType == nil && category == nil && priority == nil && assignee == nil
                && status == nil
            {
                throw ValidationError(
                    "nothing to set: give at least one of --kind, --feedback-type, --category, --priority, --assignee, --status."
                )
            }
        }

        func run() throws {
            let gateway = try Gateway.open(global)
            let configuration = gateway.configuration
            if let category { try checkCategory(category, configuration) }
            var correction = ThreadCorrection(
                kind: kind, feedbackType: feedbackType, category: category,
                priority: priority, status: status)
            if let assignee {
                if assignee == "none" {
                    correction.assignee = .some(nil)
                } else {
                    let agents = configuration.routing.agents.map(\.address)
                    guard agents.contains(assignee.lowercased()) else {
                        printError(
                            "'\(assignee)' is not an agent (agents: \(agents.isEmpty ? "none configured" : agents.joined(separator: ", "))); add them to \(configuration.gateway.assignment.agentsFile ?? "config/agents.toml") or pass --assignee none"
                        )
                        throw ExitStatus.dataError
                    }
                    correction.assignee = .some(assignee.lowercased())
                }
            }
            guard let thread = try gateway.store.thread(id) else {
                printError("no thread \(id) (see `maildesk threads list`)")
                throw ExitStatus.dataError
            }
            if feedbackType != nil && (kind?.rawValue ?? thread.kind) != ThreadKind.feedback.rawValue {
                printError("thread \(id) is a need: --feedback-type needs --kind feedback as well")
                throw ExitStatus.dataError
            }
            let who = actor ?? ProcessInfo.processInfo.environment["USER"] ?? "cli"
            let changes = try gateway.store.correctThread(id, correction, actor: "agent:\(who)", at: clock.clock())
            if changes.isEmpty { print("thread \(id): nothing changed"); return }
            for change in changes { print("thread \(id): \(change)") }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a thread and its messages.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The thread id (as `threads list` shows it).") var id: Int64
        @Flag(help: "Print JSON.") var json = false
        @Flag(help: "Also print the thread's event log (classification, assignment, corrections).") var history = false

        struct Output: Encodable {
            var thread: ThreadSummary
            var messages: [MessageOutput]
            /// Its SLA timers, follow-up decisions and satisfaction survey.
            var sla: [SLATimerEntry]
            var followup: [FollowUpActionEntry]
            var survey: SurveyEntry?
        }

        struct MessageOutput: Encodable {
            var id: Int64
            var messageId: String?
            var direction: String
            /// customer or agent.
            var author: String
            var agent: String?
            /// An internal note or agent mail that was not relayed: the customer never saw it.
            var `internal`: Bool
            var from: String?
            var fromName: String?
            var date: String?
            var subject: String?
            var text: String?
            var attachments: [String]
        }

        func run() throws {
            let store = try Gateway.open(global).store
            guard let thread = try store.thread(id) else {
                printError("no thread \(id) (see `maildesk threads list`)")
                throw ExitStatus.dataError
            }
            let messages = try store.messages(inThread: id).map { m in
                MessageOutput(
                    id: m.id!, messageId: m.messageId, direction: m.direction, author: m.author, agent: m.agent,
                    internal: m.internal, from: m.fromAddress,
                    fromName: m.fromName, date: m.date, subject: m.subject, text: m.text,
                    attachments: try store.attachments(ofMessage: m.id!).map(\.filename))
            }
            let timers = try store.timers(thread: id)
            let survey = try store.survey(thread: id)
            if json {
                return try JSONOutput.print(
                    Output(
                        thread: thread, messages: messages, sla: timers,
                        followup: try store.followUpActions(thread: id), survey: survey))
            }
            // Everything shown may carry what a customer wrote: no terminal escapes get through.
            func show(_ line: String) { print(terminalSafe(line)) }
            show(
                "Thread #\(thread.id) [\(thread.status), \(thread.kind)\(thread.feedbackType.map { "/\($0)" } ?? "")] \(thread.subject)"
            )
            show(
                "Customer: \(thread.customerName.map { "\($0) " } ?? "")<\(thread.customer ?? "-")>  mailbox \(thread.mailbox)  token \(thread.token ?? "-")"
            )
            show(
                "Category: \(thread.category ?? "-")  priority \(thread.priority ?? "-")  language \(thread.language ?? "-")"
                    + "  sentiment \(thread.sentiment ?? "-")\(thread.rating.map { "  rating \($0)" } ?? "")")
            show(
                "Decided by: \(thread.decidedBy ?? "not yet classified")\(thread.confidence.map { String(format: " (confidence %.2f)", $0) } ?? "")"
                    + (thread.needsReview ? "  [flagged for review]" : ""))
            show("Owner: \(thread.assignee ?? thread.queue.map { "none, waiting in queue \($0)" } ?? "none")")
            for t in timers {
                let when =
                    t.state == "running"
                    ? "due \(t.dueAt ?? "-")"
                    : t.state == "paused"
                        ? "paused since \(t.pausedAt ?? "-")"
                        : "stopped \(t.stoppedAt ?? "-")"
                show(
                    "SLA \(t.metric.replacingOccurrences(of: "_", with: " ")) #\(t.cycle): \(t.state), \(when), "
                        + "target \(t.targetMinutes) min, used \(t.businessSeconds / 60) min (policy \(t.policy), hours \(t.calendar))"
                        + (t.breachedAt.map { ", breached at \($0)" } ?? ""))
            }
            if let survey {
                show(
                    "Survey: \(survey.state)\(survey.reason.map { " (\($0))" } ?? "")"
                        + (survey.score.map { ", score \($0)/5 at \(survey.answeredAt ?? "-")" } ?? "")
                        + (survey.comment.map { ": \($0)" } ?? ""))
            }
            if history {
                show("")
                for event in try store.events(entity: "thread", id: id) {
                    show("\(event.at)  \(event.actor.padding(12))  \(event.action.padding(10))  \(event.detail ?? "")")
                }
            }
            for m in messages {
                show("")
                let role =
                    m.author == "customer"
                    ? "from the customer"
                    : m.direction == "out"
                        ? "answer sent for \(m.agent ?? "an agent")"
                        : m.internal ? "internal, by \(m.agent ?? "an agent")" : "by \(m.agent ?? "an agent")"
                show("--- message \(m.id) \(m.direction) \(m.date ?? "-") from \(m.from ?? "-") (\(role))")
                show("Subject: \(m.subject ?? "")")
                if !m.attachments.isEmpty { show("Attachments: \(m.attachments.joined(separator: ", "))") }
                show(m.text ?? "")
            }
        }
    }
}

/// Throws a usage error unless `value` is nil or one of `allowed`.
func checkValue(_ option: String, _ value: String?, _ allowed: [String]) throws {
    guard let value, !allowed.contains(value) else { return }
    throw ValidationError(
        "\(option) must be \(allowed.dropLast().joined(separator: ", ")) or \(allowed.last!) (got '\(value)').")
}

/// Exits with a clear error unless `category` is configured.
func checkCategory(_ category: String, _ configuration: Configuration) throws {
    let categories = configuration.gateway.classification.categories
    guard !categories.contains(category) else { return }
    printError(
        "unknown category '\(category)' (the categories are \(categories.joined(separator: ", ")), set in [classification] categories of \(configuration.gateway.file))"
    )
    throw ExitStatus.dataError
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
