import Compose
import Config
import Foundation
import Store
import Templates
import Threading

/// The answer stage: each new thread is acknowledged once (unless a robot, a list or maildesk itself wrote it,
/// or the sender had enough automated mail today), and each owner is told about a thread they get. The
/// finished bytes go into the outbox in the same transaction as the decision (the transactional outbox).
extension Pipeline {
    /// Local parts that never get an automated answer.
    static let robotLocalParts: Set<String> = ["noreply", "no-reply", "no_reply", "donotreply", "do-not-reply",
                                               "mailer-daemon", "postmaster", "bounce", "bounces", "notifications"]

    /// The header maildesk puts on its own mail; a message carrying it is never answered automatically.
    static let markerHeader = "X-Maildesk"

    /// Why a thread's first message must not be answered automatically, or nil.
    func noAutoReplyReason(from: String?, automated: String?, headers: [String: [String]]) -> String? {
        if let automated { return "sent by a machine (\(automated))" }
        guard let from = from?.lowercased(), let at = from.lastIndex(of: "@") else { return "no sender address" }
        let local = String(from[..<at]).split(separator: "+").first.map(String.init) ?? ""
        if Self.robotLocalParts.contains(local) { return "sender \(from) is a robot address" }
        if configuration.ownAddresses.contains(from) { return "sender \(from) is maildesk's own address" }
        if headers[Self.markerHeader.lowercased()] != nil { return "carries maildesk's marker header" }
        return nil
    }

    func answerThreads(into summary: inout RunSummary) throws {
        let outbound = configuration.gateway.outbound
        if !outbound.acknowledge && !outbound.notifyAgents {
            try store.skipAllAnswers(note: "acknowledgements are off ([outbound] acknowledge)")
            return
        }
        var seen = Set<Int64>()
        var capCounts: [String: Int] = [:]
        while true {
            let batch = try store.threadsToAnswer(limit: 64).filter { !seen.contains($0.threadID) }
            if batch.isEmpty { break }
            seen.formUnion(batch.map(\.threadID))
            var answers: [ThreadAnswer] = []
            for thread in batch {
                var answer = ThreadAnswer(threadID: thread.threadID)
                if thread.ackState == nil {
                    (answer.ackState, answer.note, answer.acknowledgement) = try acknowledgement(thread, capCounts: &capCounts)
                }
                if let owner = thread.assignee ?? thread.queue, owner != thread.notifiedOwner {
                    answer.notifiedOwner = owner
                    if outbound.notifyAgents { answer.notification = notification(thread, owner: owner) }
                }
                answers.append(answer)
            }
            summary.messagesQueued += try store.recordAnswers(answers)
        }
    }

    /// The acknowledgement decision: (`queued`, nil, draft) or (`skipped`, reason, nil).
    func acknowledgement(_ thread: ThreadToAnswer, capCounts: inout [String: Int]) throws
        -> (String, String?, OutboxDraft?)
    {
        let outbound = configuration.gateway.outbound
        guard outbound.acknowledge else { return ("skipped", "acknowledgements are off ([outbound] acknowledge)", nil) }
        if let reason = thread.noAutoReply { return ("skipped", reason, nil) }
        guard let customer = thread.customerAddress else { return ("skipped", "no sender address", nil) }
        let sent = try store.automatedMessages(to: customer, since: now().addingTimeInterval(-86_400))
        if sent + capCounts[customer, default: 0] >= outbound.maxAutoRepliesPerDay {
            return ("skipped", "\(customer) already had \(outbound.maxAutoRepliesPerDay) automated replies in 24 hours "
                + "([outbound] max_auto_replies_per_day)", nil)
        }
        let names: [String]
        if thread.kind == "feedback" {
            names = (thread.feedbackType.map { ["ack_feedback_\($0)"] } ?? []) + ["ack_feedback"]
        } else {
            names = (thread.category.map { ["ack_need_\($0)"] } ?? []) + ["ack_need"]
        }
        guard let templates else { return ("skipped", "no templates loaded", nil) }
        guard let rendered = templates.render(names, locale: thread.language ?? outbound.defaultLocale,
                                              context: templateContext(thread, owner: thread.assignee))
        else { return ("skipped", "no template \(names.joined(separator: " or "))", nil) }
        var references = thread.messageReferences
        if let parent = thread.messageID { references.append(parent) }
        let messageID = matcher.addressing.messageID(threadID: thread.threadID, unique: "ack")
        let message = OutgoingMessage(
            from: MailAddress(configuration.outboundFrom, name: configuration.gateway.smtp.fromName),
            to: [MailAddress(customer, name: thread.customerName)], subject: rendered.mail.subject, messageID: messageID,
            inReplyTo: thread.messageID, references: references, date: now(), autoSubmitted: "auto-replied",
            extraHeaders: [(Self.markerHeader, "acknowledgement")], text: rendered.mail.text, html: rendered.mail.html)
        do {
            let bytes = try Composer.compose(message)
            capCounts[customer, default: 0] += 1
            return ("queued", nil, OutboxDraft(
                purpose: "acknowledgement", template: "\(rendered.locale)/\(rendered.name)", messageID: messageID,
                envelopeFrom: envelopeFrom, recipients: [customer], subject: rendered.mail.subject, bytes: bytes))
        } catch {
            return ("skipped", "cannot compose: \(error)", nil)
        }
    }

    /// The notification to an agent or team queue, with a Reply-To carrying a token signed for the thread and the
    /// owner (what makes the owner's reply an answer to relay); nil when it cannot be composed (logged).
    func notification(_ thread: ThreadToAnswer, owner: String) -> OutboxDraft? {
        guard let templates,
            let rendered = templates.render(["agent_notification"], locale: agentLocale(owner),
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
            return OutboxDraft(purpose: "notification", template: "\(rendered.locale)/\(rendered.name)",
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

    /// `support+<token>@domain` of the thread's mailbox: replies to it find the thread by its signed token.
    func replyAddress(_ thread: ThreadToAnswer) -> String {
        let address = configuration.mailbox(named: thread.mailbox)?.address ?? configuration.outboundFrom
        return matcher.addressing.replyAddress(address.lowercased(), threadID: thread.threadID)
    }

    /// `support+a<token>@domain`: where `agent` (or a team queue) answers the thread.
    func agentReplyAddress(_ thread: ThreadToAnswer, agent: String) -> String {
        let address = configuration.mailbox(named: thread.mailbox)?.address ?? configuration.outboundFrom
        return matcher.addressing.agentReplyAddress(address.lowercased(), threadID: thread.threadID, agent: agent)
    }

    var envelopeFrom: String { configuration.gateway.smtp.envelopeFrom ?? configuration.outboundFrom }

    /// The variables of README "Templates" for one thread.
    func templateContext(_ thread: ThreadToAnswer, owner: String?) -> [String: Any] {
        let token = thread.token ?? matcher.addressing.token(for: thread.threadID).description
        let agent = owner.flatMap { address in configuration.routing.agents.first { $0.address == address } }
        let priority = thread.priority ?? "normal"
        let mailboxAddress = configuration.mailbox(named: thread.mailbox)?.address ?? configuration.outboundFrom
        var date = thread.messageDate ?? ""
        if date.count >= 16 { date = String(date.prefix(16)).replacingOccurrences(of: "T", with: " ") }
        return [
            "customer": ["name": thread.customerName ?? thread.customerAddress ?? "", "address": thread.customerAddress ?? ""],
            "thread": [
                "ticket": "[#\(token)]", "token": token, "id": thread.threadID, "subject": thread.subject,
                "kind": thread.kind, "feedback_type": thread.feedbackType ?? "", "category": thread.category ?? "",
                "priority": priority, "language": thread.language ?? "", "mailbox": thread.mailbox,
                "decided_by": thread.decidedBy ?? "", "is_need": thread.kind == "need",
                "is_feedback": thread.kind == "feedback", "is_praise": thread.feedbackType == "praise",
                "is_complaint": thread.feedbackType == "complaint", "is_suggestion": thread.feedbackType == "suggestion",
                "is_urgent": priority == "urgent" || priority == "high",
            ] as [String: Any],
            "message": ["subject": thread.messageSubject ?? thread.subject, "text": thread.messageText, "date": date],
            "agent": ["name": agent?.name ?? "", "address": agent?.address ?? ""],
            "queue": thread.queue ?? "",
            "reply_address": replyAddress(thread),
            "reply_marker": Self.replyMarker,
            "company": ["name": configuration.gateway.outbound.companyName, "support_address": mailboxAddress],
        ]
    }
}
