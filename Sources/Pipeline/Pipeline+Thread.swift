import Config
import FastJSON
import Foundation
import MIME
import Store
import Threading

extension ThreadQueries: ThreadLookup {}

extension Pipeline {
    /// Thread stage: `parsed` → `threaded`, by the rules of `ThreadMatcher` (token, references, subject, new),
    /// in arrival order and never past a message still waiting to be parsed (by this or another process), so a
    /// reply is never threaded before the message it answers.
    func threadParsed(into summary: inout RunSummary) throws {
        let kinds = Dictionary(
            configuration.mailboxes.map { ($0.name, $0.kind.rawValue) }, uniquingKeysWith: { a, _ in a })
        try forEachBatch(in: .parsed, before: .stored) { ids in
            var facts: [Int64: (ThreadingFacts, ThreadingInput)] = [:]
            var requests: [ThreadRequest] = []
            let inputs = try store.threadingInputs(ids)
            // Agents' answers and notes never become customer mail.
            let agentMail = try handleAgentMail(inputs, into: &summary)
            // Requests to stop care mail never become threads either.
            let unsubscribes = try handleUnsubscribes(inputs.filter { !agentMail.contains($0.id) }, into: &summary)
            // Nor do answers to satisfaction surveys (a low score may reopen the thread).
            let surveyAnswers = try handleSurveyAnswers(
                inputs.filter { !agentMail.contains($0.id) && !unsubscribes.contains($0.id) }, into: &summary)
            for message in inputs
            where !agentMail.contains(message.id) && !unsubscribes.contains(message.id)
                && !surveyAnswers.contains(message.id)
            {
                let received = Timestamp.date(message.receivedAt) ?? now()
                facts[message.id] = (
                    ThreadingFacts(
                        recipients: message.recipients,
                        inReplyTo: message.inReplyTo,
                        references: Self.strings(message.referencesJSON),
                        subject: message.subject ?? "",
                        sender: message.fromAddress,
                        date: received), message
                )
                let robot = Self.robotFiling(message)
                // A robot is nobody's customer: it creates no customer record.
                requests.append(
                    ThreadRequest(
                        messageID: message.id, customerAddress: robot == nil ? message.fromAddress : nil,
                        customerName: message.fromName, date: received, robot: robot))
            }
            let results = try store.threadMessages(
                requests,
                decide: { request, queries in
                    let (fact, message) = facts[request.messageID]!
                    let decision = try matcher.decide(fact, lookup: queries)
                    if let robot = request.robot {
                        return try robotChoice(robot, decision: decision, message: message, queries: queries)
                    }
                    if let thread = decision.threadID { return .existing(threadID: thread, rule: decision.rule) }
                    let subject = (message.subject ?? "").isEmpty ? "(no subject)" : message.subject!
                    return .create(
                        kind: kinds[message.mailbox] ?? "need", subject: subject,
                        subjectKey: SubjectKey.normalise(subject), rule: decision.rule)
                }, token: { matcher.addressing.token(for: $0).description }, at: now())
            for (request, result) in zip(requests, results) {
                if let robot = request.robot {
                    summary.robots += 1
                    if robot.kind == "bounce" { summary.bounces += 1 }
                    continue
                }
                guard let result else { continue }
                if result.created { summary.threadsCreated += 1 } else { summary.threadsUpdated += 1 }
            }
        }
    }

    /// Where a robot's mail goes. Nothing a machine sends reopens a thread, reaches an agent or is answered:
    /// a bounce joins the thread of the message it reports (else a `system` thread), an auto-reply the thread it
    /// answers (else no thread), bulk mail the thread it answers (else a `bulk` thread, or none with `drop`).
    private func robotChoice(
        _ robot: RobotFiling, decision: ThreadDecision, message: ThreadingInput,
        queries: ThreadQueries
    ) throws -> ThreadChoice {
        let subject = (message.subject ?? "").isEmpty ? "(no subject)" : message.subject!
        switch robot.kind {
        case "bounce":
            let reported = try queries.outgoing(messageIDs: robot.reportedMessageIDs)
            if let thread = reported.threadID { return .quietly(threadID: thread, rule: "bounce of its message") }
            if !reported.outboxIDs.isEmpty {
                // A bounce of mail that belongs to no thread (care mail): recorded on its outbox row, nothing else.
                return .none(
                    reason:
                        "bounce of outbox \(reported.outboxIDs.map(String.init).joined(separator: ", ")), which has no thread"
                )
            }
            if let thread = decision.threadID { return .quietly(threadID: thread, rule: decision.rule) }
            return .createQuiet(
                kind: "system", subject: subject, subjectKey: SubjectKey.normalise(subject),
                rule: "bounce reporting none of maildesk's messages")
        case "auto_reply":
            if let thread = decision.threadID { return .quietly(threadID: thread, rule: decision.rule) }
            return .none(reason: "unsolicited auto-reply (\(robot.reason)): no thread")
        default:
            if let thread = decision.threadID { return .quietly(threadID: thread, rule: decision.rule) }
            if configuration.gateway.robots.bulk == .drop {
                return .none(reason: "bulk mail (\(robot.reason)), [robots] bulk = \"drop\": no thread")
            }
            return .createQuiet(
                kind: "bulk", subject: subject, subjectKey: SubjectKey.normalise(subject),
                rule: "bulk mail (\(robot.reason))")
        }
    }

    /// The parse stage's verdict on a machine-sent message, as the store files it.
    static func robotFiling(_ message: ThreadingInput) -> RobotFiling? {
        guard let kind = message.robot else { return nil }
        let details = message.robotJSON.flatMap { try? JSONDecoder().decode(RobotMail.self, from: Data($0.utf8)) }
        return RobotFiling(
            kind: kind, reason: details?.reason ?? kind, reportedMessageIDs: details?.reportedMessageIDs ?? [],
            permanent: details?.permanent ?? false, recipients: details?.recipients ?? [],
            diagnostic: details?.diagnostic)
    }

    /// The strings in a stored JSON array (`references_json`).
    static func strings(_ json: String) -> [String] {
        JSONText.decodeStrings(json) ?? []
    }
}
