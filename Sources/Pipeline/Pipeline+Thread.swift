import Config
import Foundation
import Store
import Threading

extension ThreadQueries: ThreadLookup {}

extension Pipeline {
    /// Thread stage: `parsed` → `threaded`, by the rules of `ThreadMatcher` (token, references, subject, new),
    /// in arrival order and never past a message still waiting to be parsed (by this or another process), so a
    /// reply is never threaded before the message it answers.
    func threadParsed(into summary: inout RunSummary) throws {
        let kinds = Dictionary(configuration.mailboxes.map { ($0.name, $0.kind.rawValue) }, uniquingKeysWith: { a, _ in a })
        try forEachBatch(in: .parsed, before: .stored) { ids in
            var facts: [Int64: (ThreadingFacts, ThreadingInput)] = [:]
            var requests: [ThreadRequest] = []
            let inputs = try store.threadingInputs(ids)
            // Agents' answers and notes never become customer mail.
            let agentMail = try handleAgentMail(inputs, into: &summary)
            // Requests to stop care mail never become threads either.
            let unsubscribes = try handleUnsubscribes(inputs.filter { !agentMail.contains($0.id) }, into: &summary)
            for message in inputs where !agentMail.contains(message.id) && !unsubscribes.contains(message.id) {
                let received = Timestamp.date(message.receivedAt) ?? Date()
                facts[message.id] = (ThreadingFacts(
                    recipients: Self.addresses(message.toJSON) + Self.addresses(message.ccJSON)
                        + (message.deliveredTo?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? []),
                    inReplyTo: message.inReplyTo,
                    references: Self.strings(message.referencesJSON),
                    subject: message.subject ?? "",
                    sender: message.fromAddress,
                    date: received), message)
                requests.append(ThreadRequest(messageID: message.id, customerAddress: message.fromAddress,
                                              customerName: message.fromName, date: received))
            }
            let results = try store.threadMessages(requests, decide: { request, queries in
                let (fact, message) = facts[request.messageID]!
                let decision = try matcher.decide(fact, lookup: queries)
                if let thread = decision.threadID { return .existing(threadID: thread, rule: decision.rule) }
                let subject = (message.subject ?? "").isEmpty ? "(no subject)" : message.subject!
                return .create(kind: kinds[message.mailbox] ?? "need", subject: subject,
                               subjectKey: SubjectKey.normalise(subject), rule: decision.rule)
            }, token: { matcher.addressing.token(for: $0).description })
            for result in results.compactMap({ $0 }) {
                if result.created { summary.threadsCreated += 1 } else { summary.threadsUpdated += 1 }
            }
        }
    }

    /// The addresses in a stored `to_json`/`cc_json` array.
    static func addresses(_ json: String) -> [String] {
        if let fields = CompactJSON.decodeObjects(json) { return fields.compactMap { $0["address"] ?? nil } }
        struct Entry: Decodable { var address: String? }
        return ((try? JSONDecoder().decode([Entry].self, from: Data(json.utf8))) ?? []).compactMap(\.address)
    }

    /// The strings in a stored JSON array (`references_json`).
    static func strings(_ json: String) -> [String] {
        if let values = CompactJSON.decodeStrings(json) { return values }
        return (try? JSONDecoder().decode([String].self, from: Data(json.utf8))) ?? []
    }
}
