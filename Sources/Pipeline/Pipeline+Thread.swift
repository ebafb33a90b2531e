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
        try forEachMessage(in: .parsed, before: .stored) { id in
            guard let message = try store.message(id) else { return }
            let received = Self.date(message.receivedAt) ?? Date()
            let facts = ThreadingFacts(
                recipients: Self.addresses(message.toJson) + Self.addresses(message.ccJson)
                    + (message.deliveredTo?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } ?? []),
                inReplyTo: message.inReplyTo,
                references: (try? JSONDecoder().decode([String].self, from: Data(message.referencesJson.utf8))) ?? [],
                subject: message.subject ?? "",
                sender: message.fromAddress,
                date: received)
            let subject = (message.subject ?? "").isEmpty ? "(no subject)" : message.subject!
            let customer = message.fromAddress.map { (address: $0, name: message.fromName) }
            let result = try store.threadMessage(id, customer: customer, date: received, decide: { queries in
                let decision = try matcher.decide(facts, lookup: queries)
                if let thread = decision.threadID { return .existing(threadID: thread, rule: decision.rule) }
                return .create(kind: kinds[message.mailbox] ?? "need", subject: subject,
                               subjectKey: SubjectKey.normalise(subject), rule: decision.rule)
            }, token: { matcher.addressing.token(for: $0).description })
            guard let result else { return }
            if result.created { summary.threadsCreated += 1 } else { summary.threadsUpdated += 1 }
        }
    }

    private static func addresses(_ json: String) -> [String] {
        struct Entry: Decodable { var address: String? }
        return ((try? JSONDecoder().decode([Entry].self, from: Data(json.utf8))) ?? []).compactMap(\.address)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` as stored.
    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text)
    }
}
