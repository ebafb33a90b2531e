import Foundation
import Config
import Threading

/// Who may speak for the company: never From alone. A mail is an agent's answer when one of its recipients is an
/// agent-reply address whose token verifies for the thread AND for the agent in From (or Sender) — or, with
/// `any_agent_may_answer`, for another active agent or a team queue. Pure: the caller supplies the facts.
struct AgentMailCheck {
    enum Verdict: Equatable {
        /// Ordinary customer mail (a stranger, even one holding a stolen token).
        case customer
        /// An agent's mail about a thread.
        case agent(thread: Int64, agent: String)
        /// From an agent's address, but it may not be relayed; the agent is told why.
        case refused(agent: String, thread: Int64?, reason: String)
    }

    let secret: ReplySecret
    let addressing: ThreadAddressing
    let agents: [AgentDefinition]
    let queues: [String]
    let settings: AgentReplySettings

    /// - Parameters:
    ///   - recipients: To, Cc and Delivered-To addresses.
    ///   - senders: the From and Sender addresses.
    ///   - references: In-Reply-To and References ids (a reply to a notification without its token is refused).
    ///   - authenticationResults: the receiving server's `Authentication-Results` values, topmost first.
    ///   - submittedLocally: written with `maildesk threads reply|note`, not received: no server to vouch for it.
    func verdict(
        recipients: [String], senders: [String], references: [String],
        authenticationResults: [String], submittedLocally: Bool = false
    ) -> Verdict {
        let agentSenders = senders.map { $0.lowercased() }.filter { address in agents.contains { $0.address == address }
        }
        let tokens = recipients.compactMap(addressing.agentToken(inAddress:))
        guard let token = tokens.first else {
            // From an agent without a token: a reply to a notification that lost its Reply-To is refused (told);
            // anything else is their own mail as a customer.
            guard let agent = agentSenders.first,
                let thread = references.lazy.compactMap(addressing.token(inMessageID:)).first?.threadID,
                references.contains(where: { $0.lowercased().hasPrefix("maildesk.") })
            else { return .customer }
            return .refused(
                agent: agent, thread: thread,
                reason: "it was sent to an address without an agent "
                    + "token; reply to the notification itself (its Reply-To address) to answer the customer")
        }
        guard let agent = agentSenders.first else { return .customer }
        let signedFor = (agents.map(\.address) + queues).filter { token.verifies(for: $0, secret: secret) }
        guard let owner = signedFor.first else {
            return .refused(
                agent: agent, thread: nil,
                reason: "the reply address \(token) is not valid "
                    + "(a mistyped or forged token); reply to the thread's latest notification")
        }
        for sender in agentSenders {
            let active = agents.first { $0.address == sender }?.available ?? false
            let mayAnswer =
                signedFor.contains(sender) || (active && (settings.anyAgentMayAnswer || queues.contains(owner)))
            guard mayAnswer else { continue }
            if settings.requireAuthentication && !submittedLocally
                && !Self.authenticated(sender, authenticationResults)
            {
                return .refused(
                    agent: sender, thread: token.threadID,
                    reason: "the receiving server did not "
                        + "confirm that it came from \(sender) (no dkim=pass or spf=pass for its domain in "
                        + "Authentication-Results; [agents] require_authentication)")
            }
            return .agent(thread: token.threadID, agent: sender)
        }
        return .refused(
            agent: agent, thread: token.threadID,
            reason: "the notification of thread "
                + "\(token.threadID) went to \(owner), not to \(agent); only they may answer with it "
                + "([agents] any_agent_may_answer = false)")
    }

    /// Whether the topmost Authentication-Results shows `dkim=pass` for the sender's domain (`header.d=`) or
    /// `spf=pass` for it (`smtp.mailfrom=`).
    static func authenticated(_ sender: String, _ results: [String]) -> Bool {
        guard let at = sender.lastIndex(of: "@"), let first = results.first else { return false }
        let domain = sender[sender.index(after: at)...].lowercased()
        for clause in first.lowercased().split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let words = clause.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" })
            guard let result = words.first else { continue }
            let properties = words.dropFirst().map(String.init)
            func aligned(_ key: String) -> Bool {
                properties.contains { property in
                    guard property.hasPrefix(key + "=") else { return false }
                    let value = property.dropFirst(key.count + 1).trimmingCharacters(
                        in: CharacterSet(charactersIn: "\"<>"))
                    let valueDomain = value.split(separator: "@").last.map(String.init) ?? value
                    return valueDomain == domain || valueDomain.hasSuffix("." + domain)
                }
            }
            if result == "dkim=pass" && aligned("header.d") { return true }
            if result == "spf=pass" && (aligned("smtp.mailfrom") || aligned("smtp.helo")) { return true }
        }
        return false
    }
}
