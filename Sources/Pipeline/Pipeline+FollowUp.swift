import Compose
import Config
import Crypto
import Foundation
import FollowUp
import Store
import Threading

/// The follow-up stage: no thread is silently forgotten.
///
/// Reads `config/sla.toml` (nil: the stage does nothing), the threads whose history changed, the timers, the threads
/// waiting on the customer and the resolved ones, and the injected clock. Writes, each in its own transaction and
/// once (UNIQUE keys, so a rerun, a second process or a kill -9 never sends anything twice):
/// 1. the SLA timers of every changed thread, computed again from its history (`SLAClock`);
/// 2. a reminder to the owner when a running timer passes `remind_at_percent` of its target, and at the breach an
///    escalation to the owner's supervisor or the team queue (raising the priority when configured);
/// 3. for a thread waiting on the customer: one reminder after `remind_after_days` business days, then after
///    `close_after_days` more its resolution with a closing mail that also asks for a rating;
/// 4. one satisfaction survey for each resolved thread (or the reason it gets none).
/// Breaches and waits from before the stage first ran are recorded without mail. Templates that do not render:
/// the decision waits and the run reports it.
extension Pipeline {
    public func followUp(into summary: inout RunSummary) throws {
        guard let levels = configuration.serviceLevels else { return }
        let now = now()
        let started = try store.followUpStart(at: now)
        try store.noteFollowUpConfiguration(followUpFingerprint(levels))
        let calendars = Dictionary(
            levels.calendars.map { ($0.name, BusinessCalendar($0, holidays: levels.holidays)) },
            uniquingKeysWith: { a, _ in a })
        while try store.refreshTimers(
            limit: 200, at: now, plan: { timerPlan($0, levels: levels, calendars: calendars) }) > 0
        {}
        var missing = Set<String>()
        for alert in try store.timerAlerts(now: now) {
            try handle(
                alert, levels: levels, calendars: calendars, started: started, now: now, missing: &missing,
                into: &summary)
        }
        for wait in try store.pendingWaits() {
            try handle(
                wait, levels: levels, calendars: calendars, started: started, now: now, missing: &missing,
                into: &summary)
        }
        try sendSurveys(levels: levels, now: now, missing: &missing, into: &summary)
        for name in missing.sorted() {
            summary.errors.append(
                "follow-up: cannot render template \(name) (add templates/\(configuration.gateway.outbound.defaultLocale)/\(name).txt; run `maildesk templates check`)"
            )
        }
    }

    /// A digest of what the timers depend on in the configuration: when it changes, open threads are computed again.
    func followUpFingerprint(_ levels: ServiceLevels) -> String {
        let text = String(describing: levels) + String(describing: configuration.routing.teams)
        return SHA256.hash(data: Array(text.utf8)).hex
    }

    /// The team whose queue holds threads of `category`.
    func team(of category: String?) -> TeamDefinition? {
        guard let category else { return nil }
        return configuration.routing.teams.first { $0.categories.contains(category) }
    }

    /// The business hours a thread counts in.
    func businessCalendar(
        policy name: String?, category: String?, levels: ServiceLevels,
        calendars: [String: BusinessCalendar]
    ) -> BusinessCalendar {
        let policy = name.flatMap { n in levels.policies.first { $0.name == n } }
        let definition = levels.calendar(for: policy, team: team(of: category)?.name)
        return calendars[definition.name] ?? BusinessCalendar(definition, holidays: levels.holidays)
    }

    /// The timers a thread's facts give (none for robots' threads and threads no policy covers).
    func timerPlan(_ facts: TimerFacts, levels: ServiceLevels, calendars: [String: BusinessCalendar]) -> TimerPlan {
        guard facts.kind == "need" || facts.kind == "feedback",
            let policy = levels.policy(
                priority: facts.priority, category: facts.category,
                customerTags: facts.customerTags, mailbox: facts.mailbox)
        else { return TimerPlan(policy: nil, calendar: "", timers: []) }
        let calendar = businessCalendar(
            policy: policy.name, category: facts.category, levels: levels, calendars: calendars)
        let events =
            facts.customerMessages.map { (at: $0, event: ThreadHistory.Event.customerMessage) }
            + facts.agentAnswers.map { (at: $0, event: ThreadHistory.Event.agentAnswer) }
            + facts.statusChanges.map { (at: $0.at, event: ThreadHistory.Event.status($0.status)) }
        let history = ThreadHistory(
            start: facts.startedAt, events: events, status: facts.status, statusAt: facts.updatedAt)
        let timers = SLAClock.timers(
            history, policy: policy, calendar: calendar,
            remindAtPercent: levels.escalation.remindAtPercent)
        return TimerPlan(
            policy: policy.name, calendar: calendar.name,
            timers: timers.map {
                TimerRecord(
                    metric: $0.metric.rawValue, cycle: $0.cycle, targetMinutes: Int($0.target / 60),
                    state: $0.state.rawValue,
                    startedAt: $0.startedAt, dueAt: $0.dueAt, remindAt: $0.remindAt, pausedAt: $0.pausedAt,
                    stoppedAt: $0.stoppedAt, breachedAt: $0.breachedAt, businessSeconds: Int($0.elapsed.rounded()))
            })
    }

    // MARK: SLA reminders and escalations

    private func handle(
        _ alert: TimerAlert, levels: ServiceLevels, calendars: [String: BusinessCalendar], started: Date,
        now: Date, missing: inout Set<String>, into summary: inout RunSummary
    ) throws {
        let timer = alert.timer, thread = alert.thread
        let key = "\(timer.metric):\(timer.cycle)"
        let escalation = alert.kind == "sla_escalation"
        let moment = (escalation ? timer.dueAt : timer.remindAt).flatMap(Timestamp.date) ?? now
        var action = FollowUpActionDraft(
            threadID: thread.threadID, kind: alert.kind, key: key, timerID: timer.id,
            state: "skipped", condition: .timerRunning(timer.id),
            detail: "\(Self.metricWords(timer.metric)) #\(timer.cycle) (\(timer.policy)) "
                + (escalation ? "breached at \(timer.dueAt ?? "?")" : "due at \(timer.dueAt ?? "?")"))
        if escalation, levels.escalation.raisePriority, let raised = Self.raised(thread.priority) {
            action.raisePriority = raised
        }
        let owner = thread.assignee ?? thread.queue ?? team(of: thread.category)?.queue
        let recipient = escalation ? escalationRecipient(thread, levels: levels) : owner
        if moment < started {
            action.reason =
                "\(escalation ? "breached" : "reminder due") before follow-up started (\(Timestamp.string(started)))"
        } else if let recipient {
            let template = escalation ? "agent_sla_escalation" : "agent_sla_reminder"
            let calendar = calendars[timer.calendar]
            var context = followUpContext(thread)
            context["sla"] = slaVariables(timer, calendar: calendar, now: now, locale: agentLocale(recipient))
            context["escalation"] = ["owner": thread.assignee ?? thread.queue ?? "", "recipient": recipient]
            guard
                let mail = agentMail(
                    template, to: recipient, thread: thread, context: context,
                    unique: "\(escalation ? "e" : "w")\(timer.id)")
            else { missing.insert(template); return }
            action.state = "queued"
            action.recipient = recipient
            action.mail = mail
        } else {
            action.reason = "nobody to tell: the thread has no owner, team queue or supervisor"
        }
        if try store.recordFollowUp(action, at: now), action.state == "queued" {
            if escalation { summary.slaEscalations += 1 } else { summary.slaReminders += 1 }
            summary.messagesQueued += 1
        }
    }

    /// Who hears of a breach: the owner's supervisor, else the team queue (or the other way round with
    /// `escalate_to = "queue"`), else the owner.
    func escalationRecipient(_ thread: FollowUpThread, levels: ServiceLevels) -> String? {
        let supervisor = thread.assignee.flatMap { owner in
            configuration.routing.agents.first { $0.address == owner }?.supervisor
        }
        let queue = thread.queue ?? team(of: thread.category)?.queue
        switch levels.escalation.escalateTo {
        case .supervisor: return supervisor ?? queue ?? thread.assignee
        case .queue: return queue ?? supervisor ?? thread.assignee
        }
    }

    /// One step up: low → normal → high → urgent; nil at urgent.
    static func raised(_ priority: String?) -> String? {
        let order = ["low", "normal", "high", "urgent"]
        guard let index = order.firstIndex(of: priority ?? "normal"), index + 1 < order.count else { return nil }
        return order[index + 1]
    }

    static func metricWords(_ metric: String) -> String { metric.replacingOccurrences(of: "_", with: " ") }

    /// What a target measures, in the reader's language.
    static func metricName(_ metric: String, locale: String) -> String {
        let names: [String: (zh: String, hant: String)] = [
            "first_response": ("首次回复", "首次回覆"), "next_response": ("后续回复", "後續回覆"), "resolution": ("解决", "解決")
        ]
        guard let name = names[metric], locale.hasPrefix("zh") else { return metricWords(metric) }
        return locale.hasPrefix("zh-Hant") ? name.hant : name.zh
    }

    /// `sla.*` of the agent templates.
    func slaVariables(_ timer: SLATimerEntry, calendar: BusinessCalendar?, now: Date, locale: String) -> [String: Any] {
        let due = timer.dueAt.flatMap(Timestamp.date)
        return [
            "metric": Self.metricName(timer.metric, locale: locale), "policy": timer.policy,
            "is_first_response": timer.metric == "first_response", "is_next_response": timer.metric == "next_response",
            "is_resolution": timer.metric == "resolution",
            "target": Self.durationText(timer.targetMinutes * 60), "calendar": timer.calendar,
            "due": due.map { Self.localText($0, zone: calendar?.timeZone ?? .gmt) } ?? "",
            "remaining": due.map { Self.durationText(Int(max(0, $0.timeIntervalSince(now)))) } ?? "",
            "overdue": due.map { Self.durationText(Int(max(0, now.timeIntervalSince($0)))) } ?? ""
        ]
    }

    /// `2027-03-01 17:00 (Asia/Shanghai)`.
    static func localText(_ date: Date, zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ n: Int?) -> String { let v = n ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute)) (\(zone.identifier))"
    }

    /// `4h`, `1h30m`, `25m`, `2d3h` (days of 24 hours, for what is overdue).
    static func durationText(_ seconds: Int) -> String {
        let minutes = seconds / 60
        let days = minutes / 1440, hours = minutes % 1440 / 60, rest = minutes % 60
        var text = ""
        if days > 0 { text += "\(days)d" }
        if hours > 0 { text += "\(hours)h" }
        if rest > 0 || text.isEmpty { text += "\(rest)m" }
        return text
    }

    // MARK: Waiting on the customer

    private func handle(
        _ wait: PendingWait, levels: ServiceLevels, calendars: [String: BusinessCalendar], started: Date,
        now: Date, missing: inout Set<String>, into summary: inout RunSummary
    ) throws {
        let settings = levels.pending
        let thread = wait.thread
        let key = Timestamp.string(wait.since)
        let calendar = businessCalendar(
            policy: thread.slaPolicy, category: thread.category, levels: levels, calendars: calendars)
        let from = max(wait.since, started)
        if settings.remindAfterDays > 0 && wait.reminderState == nil {
            guard let due = calendar.addingWorkingDays(settings.remindAfterDays, to: from), due <= now else { return }
            var action = FollowUpActionDraft(
                threadID: thread.threadID, kind: "pending_reminder", key: key, state: "skipped",
                condition: .stillWaiting,
                detail: "no reply since \(key) (\(settings.remindAfterDays) business days)")
            if let reason = thread.noAutomaticMail {
                action.reason = reason
            } else if let address = thread.customerAddress {
                var context = followUpContext(thread)
                context["pending"] = [
                    "since": Self.localText(wait.since, zone: calendar.timeZone),
                    "days": settings.remindAfterDays, "close_days": settings.closeAfterDays,
                    "closes": settings.closeAfterDays > 0
                ]
                guard
                    let mail = customerMail(
                        "reminder_pending", to: address, thread: thread, context: context,
                        purpose: "followup", unique: "p\(wait.since.timeIntervalSince1970.rounded())",
                        survey: false)
                else { missing.insert("reminder_pending"); return }
                action.state = "queued"
                action.recipient = address
                action.mail = mail
            }
            if try store.recordFollowUp(action, at: now), action.state == "queued" {
                summary.pendingReminders += 1
                summary.messagesQueued += 1
            }
            return
        }
        guard settings.closeAfterDays > 0 else { return }
        let base = settings.remindAfterDays > 0 ? (wait.reminderAt ?? now) : from
        guard let due = calendar.addingWorkingDays(settings.closeAfterDays, to: base), due <= now else { return }
        var action = FollowUpActionDraft(
            threadID: thread.threadID, kind: "auto_close", key: key, state: "done",
            condition: .stillWaiting, resolve: true,
            detail: "resolved: no reply since \(key)")
        if let reason = thread.noAutomaticMail {
            action.reason = "closed without a mail: \(reason)"
        } else if let address = thread.customerAddress {
            // The closing mail asks for a rating too: one mail, and its reply counts as the survey's answer.
            let survey = levels.csat.enabled && !thread.surveyOptOut
            var context = followUpContext(thread)
            context["pending"] = [
                "since": Self.localText(wait.since, zone: calendar.timeZone),
                "days": settings.remindAfterDays + settings.closeAfterDays, "close_days": settings.closeAfterDays,
                "closes": true
            ]
            context["survey"] = ["asked": survey]
            guard
                let mail = customerMail(
                    "auto_closed", to: address, thread: thread, context: context, purpose: "followup",
                    unique: "csat", survey: survey)
            else { missing.insert("auto_closed"); return }
            action.state = "queued"
            action.recipient = address
            action.mail = mail
            if survey {
                action.survey = SurveyDraft(
                    threadID: thread.threadID, state: "sent", template: mail.template,
                    surveyMessageID: mail.messageID, resolvedAt: now)
            }
        }
        if try store.recordFollowUp(action, at: now) {
            summary.autoClosed += 1
            if action.mail != nil { summary.messagesQueued += 1 }
            if action.survey != nil { summary.surveysSent += 1 }
        }
    }

    // MARK: Mail

    /// The template variables of README "Templates" that follow-up mail uses.
    func followUpContext(_ thread: FollowUpThread) -> [String: Any] {
        let token = thread.token ?? matcher.addressing.token(for: thread.threadID).description
        let agent = thread.assignee.flatMap { owner in configuration.routing.agents.first { $0.address == owner } }
        let priority = thread.priority ?? "normal"
        let support = supportAddress(thread)
        return [
            "customer": [
                "name": thread.customerName ?? thread.customerAddress ?? "", "address": thread.customerAddress ?? ""
            ],
            "thread": [
                "ticket": "[#\(token)]", "token": token, "id": thread.threadID, "subject": thread.subject,
                "kind": thread.kind, "category": thread.category ?? "", "priority": priority,
                "language": thread.language ?? "", "mailbox": thread.mailbox, "status": thread.status,
                "is_need": thread.kind == "need", "is_feedback": thread.kind == "feedback",
                "is_urgent": priority == "urgent" || priority == "high"
            ] as [String: Any],
            "agent": ["name": agent?.name ?? "", "address": agent?.address ?? thread.assignee ?? ""],
            "queue": thread.queue ?? team(of: thread.category)?.queue ?? "",
            "reply_address": matcher.addressing.replyAddress(support, threadID: thread.threadID),
            "company": ["name": configuration.gateway.outbound.companyName, "support_address": support]
        ]
    }

    func supportAddress(_ thread: FollowUpThread) -> String {
        supportAddress(ofMailbox: thread.mailbox)
    }

    /// A mail to the customer about their thread, replying to their latest message; with `survey` its Reply-To is
    /// the thread's survey address (a reply answers the survey), else the thread's reply address. nil when no
    /// template renders.
    func customerMail(
        _ template: String, to address: String, thread: FollowUpThread, context: [String: Any],
        purpose: String, unique: String, survey: Bool
    ) -> OutboxDraft? {
        guard let templates,
            let rendered = templates.render(
                [template], locale: thread.language ?? configuration.gateway.outbound.defaultLocale, context: context)
        else { return nil }
        let support = supportAddress(thread)
        let replyTo =
            survey
            ? SurveyToken(threadID: thread.threadID, secret: matcher.addressing.secret).address(support)
            : matcher.addressing.replyAddress(support, threadID: thread.threadID)
        let messageID = matcher.addressing.messageID(threadID: thread.threadID, unique: unique)
        let message = OutgoingMessage(
            from: MailAddress(support, name: configuration.gateway.smtp.fromName),
            to: [MailAddress(address, name: thread.customerName)], replyTo: MailAddress(replyTo),
            subject: rendered.mail.subject, messageID: messageID, inReplyTo: thread.lastMessageID,
            references: thread.lastReferences + (thread.lastMessageID.map { [$0] } ?? []), date: now(),
            autoSubmitted: "auto-generated", extraHeaders: [(Self.markerHeader, survey ? "survey" : "followup")],
            text: rendered.mail.text, html: rendered.mail.html)
        guard let bytes = try? Composer.compose(message) else { return nil }
        return OutboxDraft(
            purpose: purpose, template: "\(rendered.locale)/\(rendered.name)", messageID: messageID,
            envelopeFrom: envelopeFrom, recipients: [address], subject: rendered.mail.subject, bytes: bytes)
    }

    /// A mail to an agent or a team queue about a thread, in the agent's first language; Reply-To is their
    /// agent-reply address, so answering it answers the customer like a notification. nil when no template renders.
    func agentMail(
        _ template: String, to recipient: String, thread: FollowUpThread, context: [String: Any],
        unique: String
    ) -> OutboxDraft? {
        var context = context
        context["reply_marker"] = Self.replyMarker
        guard let templates,
            let rendered = templates.render([template], locale: agentLocale(recipient), context: context)
        else { return nil }
        let support = supportAddress(thread)
        let messageID = matcher.addressing.messageID(threadID: thread.threadID, unique: unique)
        let name = configuration.routing.agents.first { $0.address == recipient }?.name
        let message = OutgoingMessage(
            from: MailAddress(configuration.outboundFrom, name: configuration.gateway.smtp.fromName),
            to: [MailAddress(recipient, name: name)],
            replyTo: MailAddress(
                matcher.addressing.agentReplyAddress(support, threadID: thread.threadID, agent: recipient)),
            subject: rendered.mail.subject, messageID: messageID, date: now(), autoSubmitted: "auto-generated",
            extraHeaders: [(Self.markerHeader, "followup")], text: rendered.mail.text, html: rendered.mail.html)
        guard let bytes = try? Composer.compose(message) else { return nil }
        return OutboxDraft(
            purpose: "notification", template: "\(rendered.locale)/\(rendered.name)", messageID: messageID,
            envelopeFrom: envelopeFrom, recipients: [recipient], subject: rendered.mail.subject, bytes: bytes)
    }
}
