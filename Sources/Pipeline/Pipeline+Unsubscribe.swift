import Care
import Compose
import Foundation
import ReplyText
import Store
import Threading

/// Customers stop care mail by mail. Before threading, a message to a care mail's unsubscribe address
/// (`support+u<customer>-<signature>@…`, what List-Unsubscribe names), or a reply to a care mail whose own text is
/// only "unsubscribe", "退订", "取消订阅" or "TD", opts its customer out of care mail — never of support — and is
/// confirmed by one mail, the first time. Such a message is kept, done, on no thread; any other reply to a care
/// mail is customer mail like any other.
extension Pipeline {
    /// Takes unsubscribe requests out of a batch; returns their ids.
    func handleUnsubscribes(_ inputs: [ThreadingInput], into summary: inout RunSummary) throws -> Set<Int64> {
        var handled = Set<Int64>()
        for message in inputs {
            let recipients = message.recipients
            let customer: CareRecipient
            let how: String
            if let token = recipients.lazy.compactMap({
                UnsubscribeToken(inAddress: $0, secret: self.matcher.addressing.secret)
            }).first {
                guard let found = try store.careRecipient(id: token.customerID) else { continue }
                (customer, how) = (found, "mail to the unsubscribe address")
            } else {
                let references = (message.inReplyTo.map { [$0] } ?? []) + Self.strings(message.referencesJSON)
                guard references.contains(where: { $0.lowercased().hasPrefix("maildesk.care.") }),
                    let from = message.fromAddress, let found = try store.careRecipient(address: from)
                else { continue }
                let body = try store.messageBody(message.id)
                let text = body.text.map { VisibleReply.text($0) } ?? body.html.map { VisibleReply.htmlText($0) } ?? ""
                let words =
                    text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? (message.subject ?? "") : text
                guard UnsubscribeWords.isRequest(words) else { continue }
                (customer, how) = (
                    found, "reply saying '\(words.trimmingCharacters(in: .whitespacesAndNewlines).prefix(40))'"
                )
            }
            let confirmation = customer.optedOutAt == nil ? unsubscribeConfirmation(customer) : nil
            if let queued = try store.recordCareUnsubscribe(
                messageID: message.id, customerID: customer.id, how: how,
                confirmation: confirmation, at: now())
            {
                handled.insert(message.id)
                summary.careUnsubscribed += 1
                if queued { summary.messagesQueued += 1 }
            }
        }
        return handled
    }

    /// The one mail that confirms an opt-out (`care_unsubscribed`), or nil when it cannot be rendered (logged).
    func unsubscribeConfirmation(_ customer: CareRecipient) -> OutboxDraft? {
        let locale = customer.language ?? configuration.gateway.outbound.defaultLocale
        let context: [String: Any] = [
            "customer": ["name": customer.name ?? customer.address, "address": customer.address],
            "company": ["name": configuration.gateway.outbound.companyName, "support_address": careAddress]
        ]
        guard let templates, let rendered = templates.render(["care_unsubscribed"], locale: locale, context: context)
        else {
            logger.warning("no care_unsubscribed template: the opt-out of \(customer.address) is not confirmed")
            return nil
        }
        let unique = String(UInt64.random(in: 0...UInt64.max) & 0xFFFF_FFFF_FFFF, radix: 36)
        let messageID = "maildesk.unsubscribed.\(customer.id).\(unique)@\(matcher.addressing.domain)"
        let message = OutgoingMessage(
            from: MailAddress(
                careAddress, name: configuration.gateway.care.fromName ?? configuration.gateway.smtp.fromName),
            to: [MailAddress(customer.address, name: customer.name)], subject: rendered.mail.subject,
            messageID: messageID,
            date: now(), autoSubmitted: "auto-replied", extraHeaders: [(Self.markerHeader, "care-unsubscribed")],
            text: rendered.mail.text, html: rendered.mail.html)
        guard let bytes = try? Composer.compose(message) else { return nil }
        return OutboxDraft(
            purpose: "care", template: "\(rendered.locale)/\(rendered.name)", messageID: messageID,
            envelopeFrom: envelopeFrom, recipients: [customer.address], subject: rendered.mail.subject,
            bytes: bytes)
    }
}
