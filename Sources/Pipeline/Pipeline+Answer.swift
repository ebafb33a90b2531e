import Compose
import Config
import Foundation
import MIME
import Store
import Templates
import Threading

/// The answer stage: each new thread is acknowledged once (unless a robot, a list or maildesk itself wrote it,
/// or the sender had enough automated mail today), and each owner is told about a thread they get. The
/// finished bytes go into the outbox in the same transaction as the decision (the transactional outbox).
extension Pipeline {
    /// The header maildesk puts on its own mail; a message carrying it is never answered automatically.
    static let markerHeader = AutoReplyPolicy.markerHeader

    /// Why a thread's first message must not be answered automatically, or nil.
    func noAutoReplyReason(from: String?, automated: String?, headers: [String: [String]]) -> String? {
        AutoReplyPolicy.refusal(
            from: from, automated: automated, headers: headers,
            ownAddresses: configuration.ownAddresses)
    }

    func answerThreads(into summary: inout RunSummary) throws {
        let outbound = configuration.gateway.outbound
        if !outbound.acknowledge && !outbound.notifyAgents {
            try store.skipAllAnswers(note: "acknowledgements are off ([outbound] acknowledge)")
            return
        }
        var seen = Set<Int64>()
        var capCounts = PassReplyCounts(stored: try store.recentAutomatedReplies(now: now()))
        while true {
            // 256 threads a batch (each with at most 8,000 characters of text): one read, one parallel compose and
            // one write transaction for that many; 64 made the per-batch costs a third of the stage.
            let batch = try store.threadsToAnswer(limit: 256, textLimit: Self.embeddedTextLimit).filter {
                !seen.contains($0.threadID)
            }
            if batch.isEmpty { break }
            seen.formUnion(batch.map(\.threadID))
            // Who gets what is decided in order (the caps count each acknowledgement as it is decided); the
            // rendering and composing, most of the work, then runs on all cores.
            var plans: [AnswerPlan] = []
            for thread in batch {
                var plan = AnswerPlan(thread: thread)
                if thread.ackState == nil {
                    plan.acknowledgement = try acknowledgementDecision(thread, capCounts: &capCounts)
                }
                if let owner = thread.assignee ?? thread.queue, owner != thread.notifiedOwner {
                    plan.notifiedOwner = owner
                    // History from `maildesk import` is recorded as told: agents are not flooded with old mail.
                    plan.notify = outbound.notifyAgents && !thread.history
                }
                plans.append(plan)
            }
            let answers = Self.concurrentMap(plans) { plan in
                var answer = ThreadAnswer(threadID: plan.thread.threadID)
                switch plan.acknowledgement {
                case nil: break
                case .skipped(let reason): (answer.ackState, answer.note) = ("skipped", reason)
                case .send(let names):
                    (answer.ackState, answer.note, answer.acknowledgement) = self.acknowledgement(
                        plan.thread, templates: names)
                }
                if let owner = plan.notifiedOwner {
                    answer.notifiedOwner = owner
                    if plan.notify { answer.notification = self.notification(plan.thread, owner: owner) }
                }
                return answer
            }
            summary.messagesQueued += try store.recordAnswers(answers, at: now())
        }
    }

    /// What one thread gets from the answer stage, decided in order before the composing.
    struct AnswerPlan: Sendable {
        var thread: ThreadToAnswer
        var acknowledgement: AcknowledgementDecision?
        var notifiedOwner: String?
        var notify = false
    }

    /// Whether a thread is acknowledged (with these templates, best first) or why not.
    enum AcknowledgementDecision: Sendable {
        case send(templates: [String])
        case skipped(String)
    }

    /// The acknowledgement decision. An acknowledgement decided counts against the caps at once, even when its
    /// composing then fails (rare: a template or an address the composer refuses), so the caps err on the side of
    /// less mail.
    func acknowledgementDecision(_ thread: ThreadToAnswer, capCounts: inout PassReplyCounts) throws
        -> AcknowledgementDecision
    {
        let outbound = configuration.gateway.outbound
        guard outbound.acknowledge else { return .skipped("acknowledgements are off ([outbound] acknowledge)") }
        if let reason = thread.noAutoReply { return .skipped(reason) }
        guard let customer = thread.customerAddress else { return .skipped("no sender address") }
        if thread.senderAuth == "fail" {
            // A forged sender would make maildesk mail a stranger (backscatter): the thread stays, no answer.
            return .skipped(
                "the sender could not be verified (\(thread.senderAuthNote ?? "authentication failed")): "
                    + "no automatic mail to a possibly forged address")
        }
        if let cap = try tripped(caps: customer, counts: &capCounts) { return .skipped(cap) }
        guard templates != nil else { return .skipped("no templates loaded") }
        capCounts.record(customer)
        if thread.kind == "feedback" {
            return .send(templates: (thread.feedbackType.map { ["ack_feedback_\($0)"] } ?? []) + ["ack_feedback"])
        }
        return .send(templates: (thread.category.map { ["ack_need_\($0)"] } ?? []) + ["ack_need"])
    }

    /// The acknowledgement decided for `thread`, rendered and composed: (`queued`, nil, draft) or (`skipped`,
    /// reason, nil).
    func acknowledgement(_ thread: ThreadToAnswer, templates names: [String]) -> (String, String?, OutboxDraft?) {
        let outbound = configuration.gateway.outbound
        guard let templates, let customer = thread.customerAddress else {
            return ("skipped", "no templates loaded", nil)
        }
        let locale = thread.language ?? outbound.defaultLocale
        var context = templateContext(thread, owner: thread.assignee)
        // An unverified sender's words are not repeated to whoever owns the address (a spammer's subject or
        // display name would go out from the company's domain): neutral words in the template's language.
        if thread.senderAuth != "pass" { context = Self.neutral(context, locale: locale) }
        guard let rendered = templates.render(names, locale: locale, context: context)
        else { return ("skipped", "no template \(names.joined(separator: " or "))", nil) }
        var references = thread.messageReferences
        if let parent = thread.messageID { references.append(parent) }
        let messageID = matcher.addressing.messageID(threadID: thread.threadID, unique: "ack")
        let message = OutgoingMessage(
            from: MailAddress(configuration.outboundFrom, name: configuration.gateway.smtp.fromName),
            to: [MailAddress(customer, name: thread.senderAuth == "pass" ? thread.customerName : nil)],
            subject: rendered.mail.subject, messageID: messageID,
            inReplyTo: thread.messageID, references: references, date: now(), autoSubmitted: "auto-replied",
            extraHeaders: [(Self.markerHeader, "acknowledgement")], text: rendered.mail.text, html: rendered.mail.html)
        do {
            let bytes = try Composer.compose(message)
            return (
                "queued", nil,
                OutboxDraft(
                    purpose: "acknowledgement", template: "\(rendered.locale)/\(rendered.name)", messageID: messageID,
                    envelopeFrom: envelopeFrom, recipients: [customer], subject: rendered.mail.subject, bytes: bytes)
            )
        } catch {
            return ("skipped", "cannot compose: \(error)", nil)
        }
    }

    /// The cap an acknowledgement to `address` would exceed, in words, or nil. Counts what the store held when
    /// the pass began plus what this pass queued; each cap that trips is logged once per pass (the skipped thread
    /// gets an event).
    func tripped(caps address: String, counts pass: inout PassReplyCounts) throws -> String? {
        let outbound = configuration.gateway.outbound
        let sent = pass.counts(address)
        let domain = address.split(separator: "@").last.map(String.init) ?? address
        let caps: [(Int, Int, String)] = [
            (
                sent.address, outbound.maxAutoRepliesPerDay,
                "\(address) already had \(outbound.maxAutoRepliesPerDay) automated replies in 24 hours ([outbound] max_auto_replies_per_day)"
            ),
            (
                sent.domain, outbound.maxAutoRepliesPerDomainPerDay,
                "\(domain) already had \(outbound.maxAutoRepliesPerDomainPerDay) automated replies in 24 hours ([outbound] max_auto_replies_per_domain_per_day)"
            ),
            (
                sent.hour, outbound.maxAutoRepliesPerHour,
                "\(outbound.maxAutoRepliesPerHour) automated replies went out in the last hour ([outbound] max_auto_replies_per_hour)"
            ),
            (
                sent.day, outbound.maxAutoRepliesTotalPerDay,
                "\(outbound.maxAutoRepliesTotalPerDay) automated replies went out in 24 hours ([outbound] max_auto_replies_total_per_day)"
            )
        ]
        guard let (_, _, reason) = caps.first(where: { $0.0 >= $0.1 }) else { return nil }
        if pass.warned.insert(String(reason.prefix(40))).inserted {
            logger.warning("acknowledgement cap reached: \(reason)")
        }
        return reason
    }

    /// The template variables with nothing the sender wrote: their display name, subject and text.
    static func neutral(_ context: [String: Any], locale: String) -> [String: Any] {
        let words: (name: String, subject: String) =
            locale.hasPrefix("zh-Hant")
            ? ("客戶", "您的來信")
            : locale.hasPrefix("zh") ? ("客户", "您的来信") : ("customer", "your message")
        var context = context
        var customer = context["customer"] as? [String: Any] ?? [:]
        customer["name"] = words.name
        context["customer"] = customer
        var thread = context["thread"] as? [String: Any] ?? [:]
        thread["subject"] = words.subject
        context["thread"] = thread
        context["message"] = [
            "subject": words.subject, "text": "", "date": (context["message"] as? [String: Any])?["date"] ?? ""
        ]
        return context
    }

    /// The notification to an agent or team queue, with a Reply-To carrying a token signed for the thread and the
    /// owner (what makes the owner's reply an answer to relay); nil when it cannot be composed (logged).
    func notification(_ thread: ThreadToAnswer, owner: String) -> OutboxDraft? {
        guard let templates,
            let rendered = templates.render(
                ["agent_notification"], locale: agentLocale(owner),
                context: templateContext(thread, owner: thread.assignee))
        else {
            logger.warning("thread \(thread.threadID): no agent_notification template")
            return nil
        }
        let unique = "n" + String(UInt64.random(in: 0...UInt64.max) & 0xFFFF_FFFF_FFFF, radix: 36)
        let messageID = matcher.addressing.messageID(threadID: thread.threadID, unique: unique)
        let agentName = configuration.routing.agents.first { $0.address == owner }?.name
        let message = OutgoingMessage(
            from: MailAddress(configuration.outboundFrom, name: configuration.gateway.smtp.fromName),
            to: [MailAddress(owner, name: agentName)], replyTo: MailAddress(agentReplyAddress(thread, agent: owner)),
            subject: rendered.mail.subject, messageID: messageID, references: thread.messageID.map { [$0] } ?? [],
            date: now(), autoSubmitted: "auto-generated", extraHeaders: [(Self.markerHeader, "notification")],
            text: rendered.mail.text, html: rendered.mail.html)
        do {
            return OutboxDraft(
                purpose: "notification", template: "\(rendered.locale)/\(rendered.name)",
                messageID: messageID, envelopeFrom: envelopeFrom, recipients: [owner],
                subject: rendered.mail.subject, bytes: try Composer.compose(message))
        } catch {
            logger.warning("thread \(thread.threadID): cannot compose the notification to \(owner): \(error)")
            return nil
        }
    }

    /// The agent's first language with templates, else the default locale.
    func agentLocale(_ owner: String) -> String {
        configuration.routing.agents.first { $0.address == owner }?.languages.first
            ?? configuration.gateway.outbound.defaultLocale
    }

    /// The address of the mailbox named `mailbox`, else the gateway's From, lowercased: where its threads' mail
    /// comes from and their plus-addresses are made from.
    func supportAddress(ofMailbox mailbox: String) -> String {
        (configuration.mailbox(named: mailbox)?.address ?? configuration.outboundFrom).lowercased()
    }

    /// `support+<token>@domain` of the thread's mailbox: replies to it find the thread by its signed token.
    func replyAddress(_ thread: ThreadToAnswer) -> String {
        matcher.addressing.replyAddress(supportAddress(ofMailbox: thread.mailbox), threadID: thread.threadID)
    }

    /// `support+a<token>@domain`: where `agent` (or a team queue) answers the thread.
    func agentReplyAddress(_ thread: ThreadToAnswer, agent: String) -> String {
        matcher.addressing.agentReplyAddress(
            supportAddress(ofMailbox: thread.mailbox), threadID: thread.threadID, agent: agent)
    }

    var envelopeFrom: String { configuration.gateway.smtp.envelopeFrom ?? configuration.outboundFrom }

    /// Characters of the customer's text a notification carries: enough to act on, while a huge message
    /// costs no more than its start (the whole text is one command away).
    public static let embeddedTextLimit = 8_000

    /// `text` (already cut to `embeddedTextLimit` by the query) with "…" and the whole size when it was cut.
    public static func embeddable(_ text: String, length: Int, threadID: Int64) -> String {
        // SQLite counts code points, as unicodeScalars does (not graphemes).
        guard length > text.unicodeScalars.count else { return text }
        // End at a line break near the cut rather than mid-sentence.
        var kept = Substring(text)
        if let newline = kept.lastIndex(of: "\n"),
            kept.distance(from: kept.startIndex, to: newline) > text.count * 3 / 4
        {
            kept = kept[..<newline]
        }
        let size = length >= 10_000 ? "\(length / 1_000)k characters" : "\(length) characters"
        return kept + "\n…\n[cut: the message has \(size); `maildesk threads show \(threadID)` prints all of it]"
    }

    /// The variables of README "Templates" for one thread.
    func templateContext(_ thread: ThreadToAnswer, owner: String?) -> [String: Any] {
        let token = thread.token ?? matcher.addressing.token(for: thread.threadID).description
        let agent = owner.flatMap { address in configuration.routing.agents.first { $0.address == address } }
        let priority = thread.priority ?? "normal"
        let mailboxAddress = configuration.mailbox(named: thread.mailbox)?.address ?? configuration.outboundFrom
        var date = thread.messageDate ?? ""
        if date.count >= 16 { date = String(date.prefix(16)).replacingOccurrences(of: "T", with: " ") }
        return [
            "customer": [
                "name": thread.customerName ?? thread.customerAddress ?? "", "address": thread.customerAddress ?? ""
            ],
            "thread": [
                "ticket": "[#\(token)]", "token": token, "id": thread.threadID, "subject": thread.subject,
                "kind": thread.kind, "feedback_type": thread.feedbackType ?? "", "category": thread.category ?? "",
                "priority": priority, "language": thread.language ?? "", "mailbox": thread.mailbox,
                "decided_by": thread.decidedBy ?? "", "is_need": thread.kind == "need",
                "is_feedback": thread.kind == "feedback", "is_praise": thread.feedbackType == "praise",
                "is_complaint": thread.feedbackType == "complaint",
                "is_suggestion": thread.feedbackType == "suggestion",
                "is_urgent": priority == "urgent" || priority == "high"
            ] as [String: Any],
            "message": [
                "subject": thread.messageSubject ?? thread.subject, "date": date,
                "text": Self.embeddable(thread.messageText, length: thread.messageTextLength, threadID: thread.threadID)
            ],
            "agent": ["name": agent?.name ?? "", "address": agent?.address ?? ""],
            "queue": thread.queue ?? "",
            "reply_address": replyAddress(thread),
            "reply_marker": Self.replyMarker,
            "company": ["name": configuration.gateway.outbound.companyName, "support_address": mailboxAddress]
        ]
    }
}

/// The acknowledgements the caps count: those the store held in the last 24 hours when the pass began, and those
/// this pass queued; and the caps it warned about.
struct PassReplyCounts {
    private var addresses: [String: Int] = [:]
    private var domains: [String: Int] = [:]
    private var hour = 0
    private var day = 0
    var warned = Set<String>()

    init(stored: [(address: String, lastHour: Bool)] = []) {
        for reply in stored { add(reply.address, lastHour: reply.lastHour) }
    }

    /// One more acknowledgement, queued now.
    mutating func record(_ address: String) { add(address, lastHour: true) }

    private mutating func add(_ address: String, lastHour: Bool) {
        let (base, domain) = Self.key(address)
        addresses[base, default: 0] += 1
        domains[domain, default: 0] += 1
        day += 1
        if lastHour { hour += 1 }
    }

    func counts(_ address: String) -> AutomatedReplyCounts {
        let (base, domain) = Self.key(address)
        return AutomatedReplyCounts(
            address: addresses[base, default: 0], domain: domains[domain, default: 0], hour: hour, day: day)
    }

    /// The address without its `+tag`, and its domain.
    private static func key(_ address: String) -> (String, String) {
        let lower = address.lowercased()
        guard let at = lower.lastIndex(of: "@") else { return (lower, lower) }
        let local = lower[..<at], domain = String(lower[lower.index(after: at)...])
        return (
            (local.split(separator: "+", maxSplits: 1).first.map(String.init) ?? String(local)) + "@" + domain, domain
        )
    }
}
