import Classification
import Config
import Foundation
import Logging
import MIME
import Routing
import Store
import Synchronization

/// Models trained from training folders in this process, by `trainingDataKey`.
private let trainedModels = Mutex<[String: MessageClassifier]>([:])

/// The classify and assign stages: every new thread gets its kind, category, priority and language (rules,
/// then the model, then the priority signals), and every open thread without an owner gets one.
extension Pipeline {
    /// The classifier: the model saved by `maildesk classifier train`, else one trained now on the training
    /// data, else none (threads then fall back to the mailbox's kind and are flagged for review).
    public static func loadModel(_ configuration: Configuration, workingDirectory: String, logger: Logger)
        -> MessageClassifier?
    {
        let modelPath = ConfigPaths.absolute(configuration.classifierModelPath, workingDirectory: workingDirectory)
        if let model = MessageClassifier.load(from: modelPath) { return model }
        let data = ConfigPaths.absolute(
            configuration.gateway.classification.trainingData,
            workingDirectory: workingDirectory)
        // Training takes a moment: a process that builds several pipelines over the same data trains once.
        let key = trainingDataKey(data)
        if let cached = trainedModels.withLock({ $0[key] }) { return cached }
        guard let examples = try? TrainingExample.load(from: data), !examples.isEmpty else {
            logger.warning(
                "no classifier model at \(modelPath) and no training data in \(data): threads get the mailbox's kind and are flagged for review (run `maildesk classifier train`)"
            )
            return nil
        }
        let model = MessageClassifier.train(examples)
        trainedModels.withLock { $0[key] = model }
        return model
    }

    /// The training folder and each file's name, size and modification time: a changed file trains anew.
    private static func trainingDataKey(_ folder: String) -> String {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter {
            $0.hasSuffix(".jsonl")
        }.sorted()
        return names.reduce(folder) { key, name in
            let attributes = try? FileManager.default.attributesOfItem(atPath: folder + "/" + name)
            let size = (attributes?[.size] as? NSNumber)?.intValue ?? -1
            let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return key + "|\(name):\(size):\(modified)"
        }
    }

    /// Decides every thread not yet classified, then moves their threaded messages on to done.
    func classifyThreads(into summary: inout RunSummary) throws {
        var seen = Set<Int64>()
        while true {
            let batch = try store.threadsToClassify(
                limit: 64, textLimit: Self.classifierTextLimit, rawHeader: rulesReadHeaders
            ).filter {
                !seen.contains($0.threadID)
            }
            if batch.isEmpty { break }
            seen.formUnion(batch.map(\.threadID))
            let decisions = Self.concurrentMap(batch) { self.classification($0) }
            summary.threadsClassified += try store.recordClassifications(decisions, at: now())
            summary.threadsFlagged += decisions.filter(\.needsReview).count
        }
        try store.finishClassifiedMessages()
    }

    /// Whether a configured rule names header fields: then the classify stage reads each message's whole header.
    var rulesReadHeaders: Bool { configuration.routing.rules.contains { !$0.headers.isEmpty } }

    /// Characters of a message's text the classify stage reads (rules see all of it; quotes and signature are
    /// then removed and the model reads the first `ThreadDecider.ownTextLimit` of what is left): what decides a
    /// thread is at its start, and a 4 MB text must not cost a thousand times a normal one.
    public static let classifierTextLimit = 8_192

    /// The decision for one thread, ready to store.
    func classification(_ thread: ThreadToClassify) -> ThreadClassification {
        let mailboxKind = configuration.mailbox(named: thread.mailbox)?.kind.rawValue ?? "need"
        // The fields the parse stage recorded for deciding; the whole header only for rules that name header
        // fields (any field a deployment chooses) and for messages parsed before the fields were recorded.
        var headers: [String: [String]] = [:]
        if let recorded = thread.decisionHeaders, !rulesReadHeaders {
            for field in recorded { headers[field.name, default: []].append(field.value) }
        } else {
            for field in MessageParser.parseHeader(thread.rawStart, limits: limits).fields {
                headers[field.key, default: []].append(field.value)
            }
        }
        let facts = ThreadFacts(
            mailbox: thread.mailbox, mailboxKind: mailboxKind, from: thread.fromAddress ?? "",
            subject: thread.subject, body: thread.text, headers: headers,
            customerTags: thread.customerTags, automated: thread.autoSubmitted)
        let decision = decider.decide(facts)
        var result = ThreadClassification(
            threadID: thread.threadID, kind: decision.kind.value ?? mailboxKind,
            feedbackType: decision.feedbackType.value,
            category: decision.category.value ?? configuration.gateway.classification.fallbackCategory,
            priority: decision.priority.value ?? ThreadPriority.fallback.rawValue,
            language: decision.language.value ?? "und",
            sentiment: decision.sentiment.value, rating: decision.rating, confidence: decision.confidence,
            decidedBy: decision.decidedBy, needsReview: decision.needsReview,
            detail: decision.eventJSON, ruleAgent: decision.assign?.agent,
            ruleAgentBy: decision.assign?.by, tagCustomer: decision.tagCustomer,
            noAutoReply: noAutoReplyReason(from: thread.fromAddress, automated: thread.autoSubmitted, headers: headers))
        result.timezoneGuess = headers["date"]?.first.flatMap(Self.timezoneGuess)
        return result
    }

    /// A zone for the offset a `Date:` header ends with (`+0800`): `Etc/GMT-8` for whole hours (IANA's
    /// fixed-offset zones, sign inverted), the usual zone for the half-hour ones; nil for none or `-0000`.
    public static func timezoneGuess(_ date: String) -> (zone: String, offset: String)? {
        let words = date.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let last = words.last(where: { ($0.first == "+" || $0.first == "-") && $0.count == 5 }),
            let value = Int(last.dropFirst()), last != "-0000"
        else { return nil }
        let hours = value / 100, minutes = value % 100
        guard hours <= 14, minutes < 60 else { return nil }
        let sign = last.first == "+" ? 1 : -1
        if minutes == 0 {
            if hours == 0 { return ("Etc/UTC", String(last)) }
            return ("Etc/GMT\(sign > 0 ? "-" : "+")\(hours)", String(last))
        }
        let named = [
            "+0530": "Asia/Kolkata", "+0545": "Asia/Kathmandu", "+0330": "Asia/Tehran", "+0430": "Asia/Kabul",
            "+0630": "Asia/Yangon", "+0930": "Australia/Darwin", "+1030": "Australia/Adelaide",
            "-0330": "America/St_Johns", "-0930": "Pacific/Marquesas", "+1245": "Pacific/Chatham"
        ]
        return named[String(last)].map { ($0, String(last)) }
    }

    /// Releases the threads of agents who became unavailable (when configured), then gives every open thread
    /// without an owner one: the policy decides, loads are updated after each decision so a batch spreads out.
    func assignOwners(into summary: inout RunSummary) throws {
        let policy = assignmentPolicy
        let today = CalendarDay(now(), in: .current)
        if configuration.gateway.assignment.rebalanceUnavailable && !policy.agents.isEmpty {
            var releases: [(threadID: Int64, assignee: String, reason: String)] = []
            let away = policy.agents.compactMap { agent in agent.unavailability(on: today).map { (agent.address, $0) } }
            let reasons = Dictionary(away, uniquingKeysWith: { first, _ in first })
            for owned in try store.openThreads(ownedBy: away.map(\.0)) {
                releases.append((owned.threadID, owned.assignee, reasons[owned.assignee] ?? "unavailable"))
            }
            for owned in try store.openThreads(ownedByNoneOf: policy.agents.map(\.address)) {
                releases.append((owned.threadID, owned.assignee, "is no longer in the agents file"))
            }
            if !releases.isEmpty {
                try store.releaseThreads(releases, at: now())
                summary.threadsReleased += releases.count
            }
        }

        var loads: [String: AgentLoad] = [:]
        for (address, load) in try store.agentLoads() {
            loads[address] = AgentLoad(open: load.open, lastAssigned: load.lastAssigned)
        }
        var sequence = loads.values.map(\.lastAssigned).max() ?? 0
        var seen = Set<Int64>()
        while true {
            let waiting = try store.threadsAwaitingOwner(limit: 500).filter { !seen.contains($0.threadID) }
            if waiting.isEmpty { break }
            seen.formUnion(waiting.map(\.threadID))
            var decisions: [OwnerDecision] = []
            for thread in waiting {
                let request = AssignmentRequest(
                    category: thread.category, language: thread.language, previousAgents: thread.previousAgents,
                    ruleAgent: thread.ruleAgent.map { ($0, thread.ruleAgentBy ?? "rule") })
                // The thread's own owner is judged without it: keeping it adds nothing to their load.
                var view = loads
                if let owner = thread.assignee { view[owner]?.open -= 1 }
                let decision = policy.decide(request, loads: view, today: today)
                if let agent = decision.agent {
                    if agent != thread.assignee {
                        loads[agent, default: AgentLoad()].open += 1
                        if let previous = thread.assignee { loads[previous]?.open -= 1 }
                    }
                    sequence += 1
                    loads[agent, default: AgentLoad()].lastAssigned = sequence
                    summary.threadsAssigned += 1
                } else {
                    if let previous = thread.assignee { loads[previous]?.open -= 1 }
                    if thread.queue == nil || thread.assignee != nil { summary.threadsQueued += 1 }
                }
                decisions.append(
                    OwnerDecision(
                        threadID: thread.threadID, expectedAssignee: thread.assignee,
                        agent: decision.agent,
                        queue: decision.agent == nil ? policy.team(for: thread.category)?.queue : nil,
                        reason: decision.reason))
            }
            try store.applyOwners(decisions, at: now())
        }
    }
}
