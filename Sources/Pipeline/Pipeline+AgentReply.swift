import Compose
import Config
import Crypto
import Foundation
import MIME
import ReplyText
import Store
import Threading

/// Agents answer by mail. Before threading, every parsed message is checked by `AgentMailCheck`: an agent's
/// answer never becomes customer mail. Its new text (quotes, signatures and the notification removed) is
/// relayed to the customer from the support address, its commands (`#close`, `#priority high`, …) are applied,
/// `#note` keeps it internal; all in one transaction with the outbox row. What cannot be done (an unknown
/// command, nothing to relay) is relayed to nobody, and the agent gets one mail saying what was understood.
extension Pipeline {
    /// The line above which an agent writes their answer in a notification: everything from it on is cut.
    public static let replyMarker = "## Reply above this line · 请在此线以上回复 ##"

    var agentCheck: AgentMailCheck {
        AgentMailCheck(
            secret: matcher.addressing.secret, addressing: matcher.addressing,
            agents: configuration.routing.agents, queues: configuration.routing.teams.map(\.queue),
            settings: configuration.gateway.agents,
            trustedAuthservID: configuration.gateway.outbound.trustedAuthservID)
    }

    /// Takes the agents' mail out of a batch before threading; returns the ids left for the customer path.
    func handleAgentMail(_ inputs: [ThreadingInput], into summary: inout RunSummary) throws -> Set<Int64> {
        let agentAddresses = Set(configuration.routing.agents.map(\.address))
        var handled = Set<Int64>()
        for message in inputs {
            let recipients = message.recipients
            let from = message.fromAddress?.lowercased()
            let hasAgentToken = recipients.contains { matcher.addressing.agentToken(inAddress: $0) != nil }
            // Only mail from an agent's address, or to an agent-reply address, is looked at more closely.
            guard hasAgentToken || from.map(agentAddresses.contains) == true else { continue }
            let header = MessageParser.parseHeader(try store.rawStart(messageID: message.id), limits: limits)
            let sender = header["sender"].flatMap { Address.list($0).first?.address?.lowercased() }
            let verdict = agentCheck.verdict(
                recipients: recipients, senders: [from, sender].compactMap { $0 },
                references: (message.inReplyTo.map { [$0] } ?? []) + Self.strings(message.referencesJSON),
                authenticationResults: header.all("authentication-results").map(\.value),
                submittedLocally: try store.submittedOnCommandLine(messageID: message.id))
            // An agent's out-of-office or a bounce is never an answer, and is never told so (a notice would be
            // answered by the same robot): it is kept as the agent's mail, relayed to no one.
            if let robot = message.robot {
                switch verdict {
                case .customer: continue
                case .agent(_, let agent), .refused(let agent, _, _):
                    if try store.refuseAgentMail(
                        messageID: message.id, agent: agent,
                        reason: "an automatic mail (\(robot)) is never relayed", notice: nil, at: now())
                    {
                        handled.insert(message.id)
                        summary.agentMailRefused += 1
                    }
                    continue
                }
            }
            switch verdict {
            case .customer:
                continue
            case .agent(let thread, let agent):
                if try relayAgentMail(message, thread: thread, agent: agent, into: &summary) {
                    handled.insert(message.id)
                }
            case .refused(let agent, let thread, let reason):
                let notice = try agentNotice(
                    to: agent, thread: thread, subject: message.subject ?? "",
                    lines: ["Nothing was relayed to the customer: \(reason)."])
                if try store.refuseAgentMail(
                    messageID: message.id, agent: agent, reason: reason, notice: notice,
                    at: now())
                {
                    handled.insert(message.id)
                    summary.agentMailRefused += 1
                    if notice != nil { summary.messagesQueued += 1 }
                }
            }
        }
        return handled
    }

    /// An agent's verified mail about `thread`: commands, note or answer, recorded in one transaction.
    private func relayAgentMail(
        _ message: ThreadingInput, thread: Int64, agent: String,
        into summary: inout RunSummary
    ) throws -> Bool {
        guard let content = try store.agentMailContent(message.id),
            let context = try store.answerContext(thread: thread)
        else {
            // The token verified but its thread is gone (a store reset): the agent is told, nothing is relayed.
            let notice = try agentNotice(
                to: agent, thread: nil, subject: message.subject ?? "",
                lines: ["Nothing was relayed: thread \(thread) does not exist in this store."])
            return try store.refuseAgentMail(
                messageID: message.id, agent: agent, reason: "no thread \(thread)",
                notice: notice, at: now())
        }
        let draft = AgentDraft(content: content, markers: [Self.replyMarker])
        let commands = resolve(draft.commands, thread: context)
        var decision = AgentMailDecision(
            messageID: message.id, threadID: thread, agent: agent,
            effects: commands.effects, note: draft.isNote)
        var problems = draft.problems + commands.problems
        if draft.isNote && draft.text.isEmpty { problems.append("#note needs the text of the note below it") }
        if !draft.isNote && draft.commands.isEmpty && draft.text.isEmpty {
            problems.append("there is no text to relay (your answer must be above the quoted notification)")
        }
        if !draft.isNote && !draft.text.isEmpty && context.customerAddress == nil {
            problems.append("thread \(thread) has no customer address to answer")
        }
        // The agent's own reply address in what would be relayed (an attached or pasted notification) would
        // let the customer act as the agent.
        let support = supportAddress(ofMailbox: context.mailbox)
        let ownAddress = matcher.addressing.agentReplyAddress(support, threadID: thread, agent: agent).lowercased()
        if !draft.isNote && draft.contains(ownAddress) {
            problems.append(
                "it contains your reply address \(ownAddress) (a quoted or attached notification): "
                    + "remove it and send your answer again")
        }
        var relayed: RelayedAnswer?
        if problems.isEmpty && !draft.isNote && !draft.text.isEmpty {
            do { relayed = try answer(draft, context: context, agent: agent) } catch {
                // One customer's unwritable address must not stop the stage for everyone: refused and told.
                problems.append(
                    "the answer cannot be written as a mail (\(error)); answer the customer from your own mail "
                        + "client")
            }
        }
        if !problems.isEmpty {
            // Nothing is applied and nothing relayed: the agent fixes the mail and sends it again.
            decision.effects = []
            decision.note = false
            decision.refusal = problems.joined(separator: "; ")
            let understood = commands.effects.map { "  understood: \($0.command)" }
            decision.notice = try agentNotice(
                to: agent, thread: thread, subject: message.subject ?? "",
                lines: ["Nothing was relayed or changed:"] + problems.map { "  not understood: \($0)" }
                    + understood)
        } else {
            decision.answer = relayed
        }
        guard let outcome = try store.recordAgentMail(decision, at: now()) else { return false }
        summary.agentAnswers += outcome.relayed ? 1 : 0
        summary.agentMailRefused += decision.refusal == nil ? 0 : 1
        summary.messagesQueued += outcome.outboxIDs.count
        return true
    }

    /// Commands checked against the configuration: categories, agents and teams must exist.
    private func resolve(_ commands: [ReplyCommand], thread: AnswerContext)
        -> (effects: [(effect: ThreadCommandEffect, command: String)], problems: [String])
    {
        var effects: [(effect: ThreadCommandEffect, command: String)] = []
        var problems: [String] = []
        let routing = configuration.routing
        for command in commands {
            switch command {
            case .close: effects.append((.correction(ThreadCorrection(status: .resolved)), "#close"))
            case .pending: effects.append((.correction(ThreadCorrection(status: .pending)), "#pending"))
            case .open: effects.append((.correction(ThreadCorrection(status: .open)), "#open"))
            case .priority(let p):
                effects.append((.correction(ThreadCorrection(priority: p)), "#priority \(p.rawValue)"))
            case .kind(let k): effects.append((.correction(ThreadCorrection(kind: k)), "#kind \(k.rawValue)"))
            case .category(let name):
                let category = name.lowercased()
                if configuration.gateway.classification.categories.contains(category) {
                    effects.append((.correction(ThreadCorrection(category: category)), "#category \(category)"))
                } else {
                    problems.append(
                        "#category \(name): no such category (one of "
                            + configuration.gateway.classification.categories.joined(separator: ", ") + ")")
                }
            case .assign(let who):
                let key = who.lowercased()
                if let agent = routing.agents.first(where: { $0.address == key || $0.name.lowercased() == key }) {
                    effects.append(
                        (.correction(ThreadCorrection(assignee: .some(agent.address))), "#assign \(agent.address)"))
                } else {
                    problems.append("#assign \(who): no agent with that address or name")
                }
            case .queue(let team):
                let key = team.lowercased()
                if let found = routing.teams.first(where: { $0.name.lowercased() == key || $0.queue == key }) {
                    effects.append((.queue(found.queue), "#queue \(found.name)"))
                } else {
                    problems.append(
                        "#queue \(team): no such team (one of "
                            + routing.teams.map(\.name).joined(separator: ", ") + ")")
                }
            case .tag(let tag): effects.append((.tag(tag.lowercased()), "#tag \(tag.lowercased())"))
            case .spam: effects.append((.spam, "#spam"))
            case .note: continue  // the draft's isNote
            }
        }
        return (effects, problems)
    }

    /// The answer as the customer gets it: from the support address in the agent's (or the company's) name,
    /// replying to the customer's latest message, the ticket tag in the subject, the agent's files attached.
    private func answer(_ draft: AgentDraft, context: AnswerContext, agent: String) throws -> RelayedAnswer {
        let company = configuration.gateway.outbound.companyName
        let agentName = configuration.routing.agents.first { $0.address == agent }?.name ?? agent
        let fromName =
            configuration.gateway.agents.relayName == .agent
            ? "\(agentName) via \(company)" : configuration.gateway.smtp.fromName
        let support = supportAddress(ofMailbox: context.mailbox)
        let token = context.token ?? matcher.addressing.token(for: context.threadID).description
        let ticket = "[#\(token)]"
        var subject = context.subject.contains(ticket) ? context.subject : "\(context.subject) \(ticket)"
        if !subject.lowercased().hasPrefix("re:") { subject = "Re: " + subject }
        var text = draft.text
        if let templates,
            let rendered = templates.render(
                ["agent_reply"], locale: context.language ?? configuration.gateway.outbound.defaultLocale,
                context: [
                    "reply": ["text": draft.text], "agent": ["name": agentName, "address": agent],
                    "company": ["name": company, "support_address": support],
                    "customer": ["name": context.customerName ?? "", "address": context.customerAddress ?? ""],
                    "thread": ["ticket": ticket, "token": token, "id": context.threadID, "subject": context.subject]
                ])
        {
            text = rendered.mail.text
            if !rendered.mail.subject.isEmpty { subject = rendered.mail.subject }
        }
        let unique = "r" + String(UInt64.random(in: 0...UInt64.max) & 0xFFFF_FFFF_FFFF, radix: 36)
        let messageID = matcher.addressing.messageID(threadID: context.threadID, unique: unique)
        let customer = context.customerAddress ?? ""
        let files = draft.files.map {
            OutgoingAttachment(
                filename: $0.filename, contentType: $0.contentType, bytes: $0.bytes,
                contentID: draft.html != nil && $0.inline ? $0.contentID : nil)
        }
        let message = OutgoingMessage(
            from: MailAddress(support, name: fromName), to: [MailAddress(customer, name: context.customerName)],
            replyTo: MailAddress(matcher.addressing.replyAddress(support, threadID: context.threadID)),
            subject: subject, messageID: messageID, inReplyTo: context.lastMessageID,
            references: context.lastReferences + (context.lastMessageID.map { [$0] } ?? []), date: now(),
            extraHeaders: [(Self.markerHeader, "answer")], text: text, html: draft.html, attachments: files)
        let bytes = try Composer.compose(message)
        return RelayedAnswer(
            draft: OutboxDraft(
                purpose: "reply", template: nil, messageID: messageID, envelopeFrom: envelopeFrom,
                recipients: [customer], subject: subject, bytes: bytes),
            sha256: SHA256.hash(data: bytes).hex, fromAddress: support, fromName: fromName, text: text, html: draft.html
        )
    }

    /// One short mail to an agent, or nil when they had `notices_per_hour` already (never to anyone else).
    func agentNotice(to agent: String, thread: Int64?, subject: String, lines: [String]) throws -> OutboxDraft? {
        let limit = configuration.gateway.agents.noticesPerHour
        guard try store.agentNotices(to: agent, since: now().addingTimeInterval(-3_600)) < limit else {
            logger.warning("agent notice not sent: hourly limit reached", metadata: ["agent": "\(agent)"])
            return nil
        }
        let locale = agentLocale(agent)
        let mailSubject = "Not relayed: " + (subject.isEmpty ? "(no subject)" : subject)
        let body =
            (lines + [
                "",
                "Commands go on the first lines of your reply: #close, #pending, #open, "
                    + "#priority urgent|high|normal|low, #category NAME, #kind need|feedback, #assign AGENT, "
                    + "#queue TEAM, #tag TAG, #spam, #note (the mail becomes an internal note)."
            ]
            + (thread.map { ["", "Thread \($0): maildesk threads show \($0)"] } ?? []))
            .joined(separator: "\n")
        var text = body
        var finalSubject = mailSubject
        if let templates,
            let rendered = templates.render(
                ["agent_notice"], locale: locale, context: ["notice": ["text": body, "subject": subject]])
        {
            text = rendered.mail.text
            finalSubject = rendered.mail.subject
        }
        let unique = "x" + String(UInt64.random(in: 0...UInt64.max) & 0xFFFF_FFFF_FFFF, radix: 36)
        let messageID =
            thread.map { matcher.addressing.messageID(threadID: $0, unique: unique) }
            ?? "maildesk.notice.\(unique)@\(matcher.addressing.domain)"
        let message = OutgoingMessage(
            from: MailAddress(configuration.outboundFrom, name: configuration.gateway.smtp.fromName),
            to: [MailAddress(agent)], subject: finalSubject, messageID: messageID, date: now(),
            autoSubmitted: "auto-replied", extraHeaders: [(Self.markerHeader, "agent-notice")], text: text)
        return OutboxDraft(
            purpose: "notification", template: "\(locale)/agent_notice", messageID: messageID,
            envelopeFrom: envelopeFrom, recipients: [agent], subject: finalSubject,
            bytes: try Composer.compose(message))
    }
}

/// An agent's mail read for relaying: the new text (and HTML) without quotes and signature, the commands at
/// its top, and its files.
struct AgentDraft {
    var commands: [ReplyCommand]
    var problems: [String]
    var text: String
    var html: String?
    var files: [AgentMailContent.File]
    var isNote: Bool { commands.contains(.note) }

    init(content: AgentMailContent, markers: [String]) {
        let visible: String
        if content.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, let html = content.html {
            visible = VisibleReply.htmlText(html, markers: markers)
        } else {
            visible = VisibleReply.text(content.text, markers: markers)
        }
        let parsed = ReplyCommands.parse(visible)
        commands = parsed.commands
        problems = parsed.problems
        // A note marked only in the HTML part (clients differ in what the text part keeps) is still a note.
        if !commands.contains(.note), let html = content.html,
            ReplyCommands.parse(VisibleReply.htmlText(html, markers: markers)).commands.contains(.note)
        {
            commands.append(.note)
        }
        text = parsed.remainingText.trimmingCharacters(in: .whitespacesAndNewlines)
        // The agent's formatting goes along only without commands (the command lines are cut from the text).
        var cleaned: String?
        if parsed.commands.isEmpty, let html = content.html {
            let kept = VisibleReply.html(html, markers: markers)
            cleaned = kept.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : kept
        }
        html = cleaned
        // Attached messages (Outlook's "attach original message", a forwarded notification) are the agent's
        // context, not the customer's: only files go.
        files = content.files.filter { file in
            let type = file.contentType.lowercased()
            return !type.hasPrefix("message/") && !type.hasPrefix("text/rfc822-headers")
        }
    }

    /// Whether `needle` (lowercased) is in what would be relayed: the text, the HTML or a file.
    func contains(_ needle: String) -> Bool {
        if text.lowercased().contains(needle) || html?.lowercased().contains(needle) == true { return true }
        return files.contains { String(decoding: $0.bytes, as: UTF8.self).lowercased().contains(needle) }
    }
}

extension Pipeline {
    /// `maildesk threads reply|note`: an agent's text written on the command line goes the way of an answer by
    /// mail. It is stored first as a message from the agent to the thread's agent-reply address (so it is kept
    /// like any mail), then parsed and threaded by the same stages, which check the token and relay it.
    public func submitAgentMail(thread: Int64, agent: String, text: String, note: Bool) throws -> RunSummary {
        guard let context = try store.answerContext(thread: thread) else {
            throw PipelineError.notFound("no thread \(thread) (see `maildesk threads list`)")
        }
        let key = agent.lowercased()
        guard
            let definition = configuration.routing.agents.first(where: {
                $0.address == key || $0.name.lowercased() == key
            })
        else {
            throw PipelineError.notFound(
                "no agent '\(agent)' in \(configuration.gateway.assignment.agentsFile ?? "the agents file") "
                    + "(see `maildesk agents`)")
        }
        let support = supportAddress(ofMailbox: context.mailbox)
        let to = matcher.addressing.agentReplyAddress(support, threadID: thread, agent: definition.address)
        let unique = "c" + String(UInt64.random(in: 0...UInt64.max) & 0xFFFF_FFFF_FFFF, radix: 36)
        let message = OutgoingMessage(
            from: MailAddress(definition.address, name: definition.name), to: [MailAddress(to)],
            subject: "Re: \(context.subject)", messageID: "maildesk.cli.\(unique)@\(matcher.addressing.domain)",
            date: now(), extraHeaders: [("X-Maildesk-Source", "command line")],
            text: note ? "#note\n" + text : text)
        let raw = try Composer.compose(message)
        var summary = RunSummary()
        let outcome = try store.recordFetched(
            raw: raw, sha256: SHA256.hash(data: raw).hex,
            from: SourceItem(source: "file", mailbox: context.mailbox, uidvalidity: 0, item: "cli-\(unique)"), at: now()
        )
        if case .stored = outcome { summary.stored += 1 }
        try parseStored(into: &summary)
        try threadParsed(into: &summary)
        return summary
    }
}

/// A failure of a pipeline command, in the operator's words.
public enum PipelineError: Error, CustomStringConvertible {
    case notFound(String)
    /// The configuration or the environment cannot be used (exit status 78).
    case configuration(String)

    public var description: String {
        switch self {
        case .notFound(let message), .configuration(let message): return message
        }
    }
}
