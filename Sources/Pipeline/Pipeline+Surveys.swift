import Config
import Foundation
import FollowUp
import ReplyText
import Store
import Threading

/// Satisfaction by mail. When a thread is resolved (an agent's `#close`, `threads set --status resolved`, auto-close)
/// its customer gets ONE survey (`csat_request`, Reply-To the thread's signed survey address). Before threading, a
/// reply to it — to that address, or In-Reply-To the survey's Message-ID from the thread's customer — whose own
/// text (quotes and signature removed) opens with a score is the survey's answer: kept on the thread, stored with
/// its comment, and it reopens nothing unless the score is low (`[csat] on_low_score`). A reply without a score is
/// customer mail like any other.
extension Pipeline {
    /// How long after its resolution a thread still gets its survey (after downtime, or follow-up turned on later:
    /// customers are not asked about help of weeks ago).
    static let surveyLookback: TimeInterval = 7 * 86_400

    /// Decides the survey of each thread resolved in the last week (after `delay_minutes`) that has none: sent, or
    /// skipped with the reason.
    func sendSurveys(levels: ServiceLevels, now: Date, missing: inout Set<String>, into summary: inout RunSummary)
        throws
    {
        var seen = Set<Int64>()
        let delay = TimeInterval(levels.csat.delayMinutes * 60)
        while true {
            let since = now.addingTimeInterval(-(delay + Self.surveyLookback))
            let batch = try store.surveyCandidates(resolvedSince: since, limit: 100).filter {
                !seen.contains($0.thread.threadID)
            }
            if batch.isEmpty { return }
            seen.formUnion(batch.map(\.thread.threadID))
            for candidate in batch {
                let thread = candidate.thread
                var survey = SurveyDraft(threadID: thread.threadID, state: "skipped", resolvedAt: candidate.resolvedAt)
                if !levels.csat.enabled {
                    survey.reason = "surveys are off ([csat] enabled = false)"
                } else if let reason = thread.noAutomaticMail {
                    survey.reason = reason
                } else if thread.surveyOptOut {
                    survey.reason = "the customer opted out of surveys"
                } else if let address = thread.customerAddress {
                    guard candidate.resolvedAt.addingTimeInterval(delay) <= now else { continue }
                    guard
                        let mail = customerMail(
                            "csat_request", to: address, thread: thread, context: followUpContext(thread),
                            purpose: "survey", unique: "csat", survey: true)
                    else { missing.insert("csat_request"); continue }
                    survey.state = "sent"
                    survey.template = mail.template
                    survey.mail = mail
                }
                if try store.recordSurvey(survey, at: now), survey.state == "sent" {
                    summary.surveysSent += 1
                    summary.messagesQueued += 1
                }
            }
        }
    }

    /// Takes survey answers out of a batch before threading; returns their ids.
    func handleSurveyAnswers(_ inputs: [ThreadingInput], into summary: inout RunSummary) throws -> Set<Int64> {
        guard let levels = configuration.serviceLevels else { return [] }
        var handled = Set<Int64>()
        for message in inputs where message.robot == nil {
            let recipients = message.recipients
            var survey: SurveyEntry?
            if let token = recipients.lazy.compactMap({
                SurveyToken(inAddress: $0, secret: self.matcher.addressing.secret)
            }).first {
                survey = try store.survey(thread: token.threadID)
            } else {
                let references = (message.inReplyTo.map { [$0] } ?? []) + Self.strings(message.referencesJSON)
                guard references.contains(where: { $0.lowercased().hasPrefix("maildesk.") }),
                    let found = try store.survey(answering: references),
                    found.customer != nil, found.customer == message.fromAddress?.lowercased()
                else { continue }
                survey = found
            }
            guard let survey, survey.state == "sent" else { continue }
            let body = try store.messageBody(message.id)
            let text =
                body.text.flatMap {
                    $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : VisibleReply.text($0)
                }
                ?? body.html.map { VisibleReply.htmlText($0) } ?? ""
            guard let answer = SurveyAnswer.parse(text) else { continue }
            let low = answer.score <= levels.csat.lowScore
            var alert: FollowUpActionDraft?
            let lowAction = low ? (levels.csat.onLowScore == .reopen ? "reopened" : "notified") : nil
            if low, let thread = try store.followUpThread(survey.threadId) {
                let recipient =
                    levels.csat.onLowScore == .reopen
                    ? thread.assignee ?? thread.queue ?? team(of: thread.category)?.queue
                    : escalationRecipient(thread, levels: levels)
                if let recipient {
                    var context = followUpContext(thread)
                    context["csat"] = [
                        "score": answer.score, "comment": answer.comment ?? "", "reopened": lowAction == "reopened"
                    ]
                    if let mail = agentMail(
                        "agent_csat_low", to: recipient, thread: thread, context: context, unique: "l\(survey.id)")
                    {
                        alert = FollowUpActionDraft(
                            threadID: thread.threadID, kind: "csat_alert", key: "survey:\(survey.id)",
                            state: "queued", recipient: recipient, mail: mail,
                            detail: "score \(answer.score)/5")
                    } else {
                        summary.errors.append(
                            "follow-up: cannot render template agent_csat_low (run `maildesk templates check`)")
                    }
                }
            }
            let record = SurveyAnswerRecord(
                messageID: message.id, surveyID: survey.id, score: answer.score,
                comment: answer.comment, lowAction: lowAction, alert: alert)
            if try store.recordSurveyAnswer(record, at: now()) {
                handled.insert(message.id)
                summary.surveyAnswers += 1
                if alert != nil { summary.messagesQueued += 1 }
            }
        }
        return handled
    }
}
