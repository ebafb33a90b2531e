import Care
import Compose
import Config
import Foundation
import Occasions
import Store
import Threading

/// One line of a campaign's plan (`campaign dry-run`): who would get what, when, or why not.
public struct CarePlanEntry: Codable, Sendable {
    public var customer: String
    public var occasion: String
    public var occasionDate: String
    public var dueUtc: String
    public var localTime: String
    public var timezone: String
    public var template: String?
    /// `send` or `skip`.
    public var action: String
    public var reason: String?
}

/// The care stage: greetings that campaigns owe customers become outbox rows.
///
/// Reads the campaigns (config/campaigns/*.toml with the operators' pause/resume/cancel from the store), the
/// customers and the injected clock. For every greeting due by now (the campaign's `send_at` on the occasion's day
/// in the customer's zone) and not yet decided, it writes ONE greeting row — queued with its outbox row, or
/// skipped with the reason — in one transaction; the row's UNIQUE (campaign, customer, occasion date) key makes
/// reruns, overlapping processes and a kill -9 at any point harmless. The send stage delivers the bytes.
/// A greeting more than `catch_up_hours` late (maildesk was down, the campaign was paused) is skipped; occasions
/// before the campaign was first seen (less its catch-up) are never greeted late.
extension Pipeline {
    /// How far back a pass looks for greetings it has not decided: the catch-up plus a week, so a longer
    /// downtime still leaves a visible "skipped: too late" for each missed greeting.
    static let careLookback: TimeInterval = 7 * 86_400

    public func scheduleCare(into summary: inout RunSummary) throws {
        let campaigns = configuration.campaigns
        guard !campaigns.isEmpty else { return }
        let now = now()
        let states = try store.campaignStates()
        let active = campaigns.filter { (states[$0.name]?.state ?? $0.state.rawValue) == "active" }
        guard !active.isEmpty else { return }
        let customers = try store.careRecipients().map(careCustomer)
        for campaign in active {
            let catchUp = TimeInterval(campaign.catchUpHours) * 3600
            let firstSeen = try store.campaignFirstSeen(campaign.name, at: now)
            let after = max(
                now.addingTimeInterval(-(catchUp + Self.careLookback)), firstSeen.addingTimeInterval(-catchUp))
            let done = try store.greetingKeys(
                campaign: campaign.name,
                since: CareSchedule.localDate(after, in: .gmt).adding(days: -2).iso)
            var budget =
                campaign.throttle > 0
                ? max(
                    0,
                    campaign.throttle
                        - (try store.queuedGreetings(campaign: campaign.name, since: now.addingTimeInterval(-3600))))
                : Int.max
            var missingTemplates = Set<String>()
            for customer in customers {
                let zone = careZone(customer)
                for due in CareSchedule.due(
                    campaign, for: customer, zone: zone, after: after, upTo: now, holidays: configuration.holidays)
                where !done.contains("\(customer.id)|\(due.occasion.date.iso)") {
                    var decision = greetingDecision(campaign, customer, due, now: now)
                    if decision.skipReason == nil {
                        guard budget > 0 else { continue }  // throttled: the next pass (or hour) goes on
                        if decision.draft == nil {
                            missingTemplates.insert(decision.template ?? campaign.template)
                            continue
                        }
                    }
                    if decision.skipReason != nil { decision.draft = nil }
                    switch try store.recordGreeting(
                        decision, minGapHours: configuration.gateway.care.minGapHours, at: now)
                    {
                    case .queued:
                        summary.careQueued += 1
                        budget -= 1
                    case .skipped: summary.careSkipped += 1
                    case .alreadyDecided: break
                    }
                }
            }
            for name in missingTemplates.sorted() {
                summary.errors.append(
                    "campaign \(campaign.name): cannot render template \(name) (add templates/\(configuration.gateway.outbound.defaultLocale)/\(name).txt; run `maildesk templates check`)"
                )
            }
        }
    }

    /// What the campaign would do for greetings due in `(from, to]`, writing nothing: the greetings already
    /// decided are shown as they were decided; the others as the stage would decide them at their due time
    /// (opt-outs and the template as they are now), including `[care] min_gap_hours`: care mail already queued
    /// and what every active campaign would queue before (in time, then in the campaigns' order) counts.
    public func planCampaign(_ campaign: CampaignDefinition, from: Date, to: Date) throws -> [CarePlanEntry] {
        var plan = try planIgnoringGap(campaign, from: from, to: to)
        let hours = configuration.gateway.care.minGapHours
        guard hours > 0 else { return plan }
        let gap = Double(hours) * 3600
        // Every care mail that would go out, in the order the stage would queue them.
        struct Send { var due: Date; var order: Int; var customer: String; var campaign: String; var index: Int? }
        var sends: [Send] = []
        for (i, entry) in plan.enumerated() where entry.action == "send" {
            if let due = Timestamp.date(entry.dueUtc) {
                sends.append(
                    Send(
                        due: due, order: order(of: campaign.name), customer: entry.customer, campaign: campaign.name,
                        index: i))
            }
        }
        let states = try store.campaignStates()
        for other in configuration.campaigns
        where other.name != campaign.name
            && (states[other.name]?.state ?? other.state.rawValue) == "active"
        {
            for entry in try planIgnoringGap(other, from: from.addingTimeInterval(-gap), to: to)
            where entry.action == "send" {
                if let due = Timestamp.date(entry.dueUtc) {
                    sends.append(
                        Send(
                            due: due, order: order(of: other.name), customer: entry.customer, campaign: other.name,
                            index: nil))
                }
            }
        }
        sends.sort { ($0.due, $0.order) < ($1.due, $1.order) }
        var last = try store.lastCareMail(before: from)
        for send in sends {
            if let previous = last[send.customer], send.due.timeIntervalSince(previous.at) < gap {
                if let i = send.index {
                    plan[i].action = "skip"
                    plan[i].reason =
                        "another care mail (\(previous.campaign)) at \(Timestamp.string(previous.at)), within "
                        + "min_gap_hours = \(hours)"
                }
                continue
            }
            last[send.customer] = (send.due, send.campaign)
        }
        return plan
    }

    private func order(of campaign: String) -> Int {
        configuration.campaigns.firstIndex { $0.name == campaign } ?? Int.max
    }

    /// The plan of one campaign alone, before the minimum gap between care mails.
    private func planIgnoringGap(_ campaign: CampaignDefinition, from: Date, to: Date) throws -> [CarePlanEntry] {
        let decided = Dictionary(
            try store.greetings(campaign: campaign.name).map { ("\($0.customer)|\($0.occasionDate)", $0) },
            uniquingKeysWith: { a, _ in a })
        var plan: [CarePlanEntry] = []
        for customer in try store.careRecipients().map(careCustomer) {
            for due in CareSchedule.due(
                campaign, for: customer, zone: careZone(customer), after: from, upTo: to,
                holidays: configuration.holidays)
            {
                let utc = Timestamp.string(due.dueAt)
                if let g = decided["\(customer.address)|\(due.occasion.date.iso)"] {
                    plan.append(
                        CarePlanEntry(
                            customer: customer.address, occasion: due.occasion.id, occasionDate: g.occasionDate,
                            dueUtc: g.dueAt, localTime: g.localTime, timezone: g.timezone, template: g.template,
                            action: "skip", reason: g.state == "queued" ? "already queued at \(g.createdAt)" : g.reason)
                    )
                    continue
                }
                let d = greetingDecision(campaign, customer, due, now: due.dueAt, compose: false)
                let reason =
                    d.skipReason
                    ?? (d.template == nil
                        ? "no template \(campaign.template) for \(customer.language ?? configuration.gateway.outbound.defaultLocale)"
                        : nil)
                plan.append(
                    CarePlanEntry(
                        customer: customer.address, occasion: due.occasion.id, occasionDate: due.occasion.date.iso,
                        dueUtc: utc, localTime: due.localTime, timezone: due.timezone, template: d.template,
                        action: reason == nil ? "send" : "skip", reason: reason))
            }
        }
        return plan.sorted { ($0.dueUtc, $0.customer) < ($1.dueUtc, $1.customer) }
    }

    /// The mail `campaign` would send `address` for its next occasion after `now` (within a year and a day), as
    /// bytes; nil with the reason when there is none.
    public func previewGreeting(_ campaign: CampaignDefinition, address: String) throws -> Result<
        (DueGreeting, OutboxDraft), PreviewProblem
    > {
        guard let recipient = try store.careRecipients().first(where: { $0.address == address.lowercased() }) else {
            return .failure(PreviewProblem("no customer \(address.lowercased()) (see `maildesk customers list`)"))
        }
        let customer = careCustomer(recipient)
        guard CareSchedule.inSegment(customer, campaign) else {
            return .failure(
                PreviewProblem(
                    "\(customer.address) is not in the segment of campaign \(campaign.name) (tags \(campaign.tags), languages \(campaign.languages))"
                ))
        }
        let now = now()
        guard
            let due = CareSchedule.due(
                campaign, for: customer, zone: careZone(customer), after: now,
                upTo: now.addingTimeInterval(367 * 86_400), holidays: configuration.holidays
            ).first
        else {
            return .failure(
                PreviewProblem(
                    campaign.occasion == .birthday && customer.birthday == nil
                        ? "\(customer.address) has no birthday (customers set \(customer.address) birthday=MM-DD)"
                        : "campaign \(campaign.name) has no occasion for \(customer.address) in the next year (check start/end)"
                ))
        }
        let decision = greetingDecision(campaign, customer, due, now: due.dueAt, ignoreCustomerState: true)
        guard let draft = decision.draft else {
            return .failure(
                PreviewProblem(
                    "no template \(campaign.template) for locale \(customer.language ?? configuration.gateway.outbound.defaultLocale) (add templates/<locale>/\(campaign.template).txt)"
                ))
        }
        return .success((due, draft))
    }

    /// The decision for one due greeting at `now`: a skip with the reason, or the composed mail (no draft when
    /// no template renders). Without `compose` (a dry run) only the template is chosen.
    func greetingDecision(
        _ campaign: CampaignDefinition, _ customer: CareCustomer, _ due: DueGreeting, now: Date,
        ignoreCustomerState: Bool = false, compose: Bool = true
    ) -> GreetingDecision {
        var decision = GreetingDecision(
            campaign: campaign.name, customerID: customer.id, occasion: due.occasion.id,
            occasionDate: due.occasion.date.iso, dueAt: due.dueAt, localTime: due.localTime,
            timezone: due.timezone, template: nil, skipReason: nil, draft: nil)
        let late = now.timeIntervalSince(due.dueAt)
        if late > TimeInterval(campaign.catchUpHours) * 3600 {
            decision.skipReason =
                "\(Int(late / 3600)) hours late (catch_up_hours = \(campaign.catchUpHours)): maildesk was not running or the campaign was paused"
            return decision
        }
        if !ignoreCustomerState {
            if let at = customer.optedOutAt {
                decision.skipReason = "opted out of care mail at \(at)"
                return decision
            }
            if customer.undeliverable {
                decision.skipReason = "address is undeliverable"
                return decision
            }
        }
        let locale = customer.language ?? configuration.gateway.outbound.defaultLocale
        if !compose {
            decision.template = templates?.find([campaign.template], locale: locale).map { "\($0.locale)/\($0.name)" }
            return decision
        }
        guard let templates,
            let rendered = templates.render(
                [campaign.template], locale: locale, context: careContext(customer, due, locale: locale))
        else { return decision }
        decision.template = "\(rendered.locale)/\(rendered.name)"
        let messageID =
            "maildesk.care.\(campaign.name).\(customer.id).\(due.occasion.date.iso)@\(matcher.addressing.domain)"
        let message = OutgoingMessage(
            from: MailAddress(
                careAddress, name: configuration.gateway.care.fromName ?? configuration.gateway.smtp.fromName),
            to: [MailAddress(customer.address, name: customer.name)], subject: rendered.mail.subject,
            messageID: messageID,
            date: now, autoSubmitted: "auto-generated",
            extraHeaders: unsubscribeHeaders(customer) + [("Precedence", "bulk"), (Self.markerHeader, "care")],
            text: rendered.mail.text, html: rendered.mail.html)
        do {
            decision.draft = OutboxDraft(
                purpose: "care", template: decision.template, messageID: messageID,
                envelopeFrom: envelopeFrom, recipients: [customer.address],
                subject: rendered.mail.subject, bytes: try Composer.compose(message))
        } catch {
            decision.skipReason = "cannot compose: \(error)"
        }
        return decision
    }

    /// List-Unsubscribe: always the signed mailto; with `[care] public_url` also the HTTPS link first and
    /// List-Unsubscribe-Post, which RFC 8058 allows only beside an HTTPS URI (a mail client then unsubscribes
    /// with one POST, no mail sent from the customer's account).
    func unsubscribeHeaders(_ customer: CareCustomer) -> [(String, String)] {
        let token = UnsubscribeToken(customerID: customer.id, secret: matcher.addressing.secret)
        let mailto = "<mailto:\(token.address(careAddress))?subject=unsubscribe>"
        guard let base = configuration.gateway.care.publicURL else { return [("List-Unsubscribe", mailto)] }
        return [
            ("List-Unsubscribe", "<\(base)/unsubscribe/\(token)>, \(mailto)"),
            ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
        ]
    }

    /// The template variables of a care mail.
    func careContext(_ customer: CareCustomer, _ due: DueGreeting, locale: String) -> [String: Any] {
        [
            "customer": ["name": customer.name ?? customer.address, "address": customer.address],
            "occasion": [
                "name": due.occasion.name.name(locale: locale), "id": due.occasion.id, "date": due.occasion.date.iso
            ],
            "unsubscribe_address": UnsubscribeToken(customerID: customer.id, secret: matcher.addressing.secret).address(
                careAddress),
            "company": ["name": configuration.gateway.outbound.companyName, "support_address": careAddress]
        ]
    }

    /// `[care] from`, else the outbound From: where care mail comes from and unsubscribe mail goes.
    var careAddress: String { configuration.gateway.care.from ?? configuration.outboundFrom }

    func careZone(_ customer: CareCustomer) -> TimeZone {
        customer.timezone.flatMap(TimeZone.init(identifier:))
            ?? TimeZone(identifier: configuration.gateway.care.defaultTimezone) ?? .gmt
    }

    func careCustomer(_ r: CareRecipient) -> CareCustomer {
        CareCustomer(
            id: r.id, address: r.address, name: r.name, birthday: r.birthday.flatMap { try? BirthdayRule(parsing: $0) },
            timezone: r.timezone, language: r.language, tags: r.tags, optedOutAt: r.optedOutAt,
            undeliverable: r.undeliverable)
    }
}

public struct PreviewProblem: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
