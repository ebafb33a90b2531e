import Foundation
import Config
import MIME
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
    /// `[outbound] trust_authserv_id`: whose Authentication-Results count (nil: the topmost header only).
    var trustedAuthservID: String? = nil

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
            // anything else is their own mail as a customer, such as a reply to an answer relayed to them,
            // which goes to the thread's customer address.
            guard let agent = agentSenders.first,
                !recipients.contains(where: { addressing.token(inAddress: $0) != nil }),
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
                && !authenticated(sender, authenticationResults)
            {
                return .refused(
                    agent: sender, thread: token.threadID,
                    reason: "the receiving server did not "
                        + "confirm that it came from \(sender) (no dmarc=pass, or dkim=pass or spf=pass for its "
                        + "domain, in Authentication-Results; [agents] require_authentication)")
            }
            return .agent(thread: token.threadID, agent: sender)
        }
        return .refused(
            agent: agent, thread: token.threadID,
            reason: "the notification of thread "
                + "\(token.threadID) went to \(owner), not to \(agent); only they may answer with it "
                + "([agents] any_agent_may_answer = false)")
    }

    /// Whether the receiving server's Authentication-Results (the topmost, or those of `[outbound]
    /// trust_authserv_id`) show DMARC, or DKIM or SPF aligned with the sender's domain, passing
    /// (`SenderAuthentication`, which reads comments, `header.i` and one header per milter as servers write them).
    func authenticated(_ sender: String, _ results: [String]) -> Bool {
        SenderAuthentication.check(
            from: sender, returnPath: nil, results: results, trustedAuthservID: trustedAuthservID,
            requireAlignedReturnPath: false
        ).verdict == .pass
    }
}
