import Classification
import FastJSON
import ThreadFields

/// One field's decided value, what decided it, and how sure that was.
public struct FieldDecision: Codable, Sendable, Equatable {
    public var value: String?
    /// `rule:NAME`, `model`, `model+signals: …`, `fallback: …`, `mailbox default`, `detector`.
    public var decidedBy: String
    /// The model's probability; nil for rules and fixed defaults (certain by definition).
    public var confidence: Double?

    public init(_ value: String?, by decidedBy: String, confidence: Double? = nil) {
        self.value = value
        self.decidedBy = decidedBy
        self.confidence = confidence
    }

    enum CodingKeys: String, CodingKey { case value, decidedBy = "decided_by", confidence }

    /// `value` always (null when none), `decided_by`, and `confidence` when the model decided.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(value, forKey: .value)
        try c.encode(decidedBy, forKey: .decidedBy)
        try c.encodeIfPresent(confidence, forKey: .confidence)
    }
}

/// Everything decided about a new thread: its fields, why, and what else the rules asked for.
public struct ThreadDecision: Sendable {
    public var kind: FieldDecision
    public var feedbackType: FieldDecision
    public var category: FieldDecision
    public var priority: FieldDecision
    public var language: FieldDecision
    public var sentiment: FieldDecision
    public var rating: Int?
    /// Why a person should check this decision; empty when none.
    public var review: [String]
    /// An agent a rule assigned, and the rule.
    public var assign: (agent: String, by: String)?
    public var tagCustomer: [String]
    public var rulesMatched: [String]

    /// The lowest model probability among kind, category and priority (1 when rules decided all three).
    public var confidence: Double {
        [kind, category, priority].compactMap(\.confidence).min() ?? 1
    }

    /// What decided kind, category and priority, distinct, in that order (`rule:Billing, model`).
    public var decidedBy: String {
        var sources: [String] = []
        for field in [kind, category, priority] {
            let source = field.decidedBy.hasPrefix("model") ? "model" : field.decidedBy
            if !sources.contains(source) { sources.append(source) }
        }
        return sources.joined(separator: ", ")
    }

    public var needsReview: Bool { !review.isEmpty }
}

extension ThreadDecision: Encodable {
    enum CodingKeys: String, CodingKey {
        case kind, feedbackType = "feedback_type", category, priority, language, sentiment, rating, confidence
        case decidedBy = "decided_by", needsReview = "needs_review", review, rules, fields
    }

    /// The contract of `maildesk classify --json`: every key written, absent values as null, plus each field's
    /// source under `fields`.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind.value, forKey: .kind)
        try c.encode(feedbackType.value, forKey: .feedbackType)
        try c.encode(category.value, forKey: .category)
        try c.encode(priority.value, forKey: .priority)
        try c.encode(language.value, forKey: .language)
        try c.encode(sentiment.value, forKey: .sentiment)
        try c.encode(rating, forKey: .rating)
        try c.encode((confidence * 1000).rounded() / 1000, forKey: .confidence)
        try c.encode(decidedBy, forKey: .decidedBy)
        try c.encode(needsReview, forKey: .needsReview)
        try c.encode(review, forKey: .review)
        try c.encode(rulesMatched, forKey: .rules)
        try c.encode(
            [
                "kind": kind, "feedback_type": feedbackType, "category": category, "priority": priority,
                "language": language, "sentiment": sentiment
            ], forKey: .fields)
    }
}

/// Decides a new thread: rules first (what the business knows for sure), then the model, then the priority
/// signals (content, VIP customers, headers); below the confidence threshold a field falls back and the thread
/// is flagged for review.
public struct ThreadDecider: Sendable {
    public let rules: RuleEngine
    public let model: MessageClassifier?
    public let settings: ClassificationSettings

    /// Below this the kind (a choice of two, so never under 0.5) is flagged for review.
    static let kindReviewBelow = 0.6

    /// Characters (Unicode scalars) of the customer's own text the model, the signals and the language read.
    public static let ownTextLimit = 4_096

    static func capped(_ text: String) -> String {
        var scalars = text.unicodeScalars
        guard scalars.count > ownTextLimit else { return text }
        scalars.removeSubrange(scalars.index(scalars.startIndex, offsetBy: ownTextLimit)...)
        return String(scalars)
    }

    public init(rules: [RuleDefinition], model: MessageClassifier?, settings: ClassificationSettings) {
        self.rules = RuleEngine(rules)
        self.model = model
        self.settings = settings
    }

    public func decide(_ facts: ThreadFacts) -> ThreadDecision {
        let outcome = rules.evaluate(facts)
        // Once: the model, the signals and the language share it. What decides a thread is in the customer's first
        // words; a cap keeps a long mail from costing more than a short one.
        let ownBody = Self.capped(QuoteStripper.strip(facts.body))
        let ownText = facts.subject + "\n" + ownBody
        let prediction = model?.predict(
            subject: facts.subject, body: ownBody, kindPrior: facts.mailboxKind,
            bodyIsStripped: true)
        var review = outcome.review.map { "asked by \($0)" }
        if let automated = facts.automated { review.append("sent by a machine (\(automated)): maybe not a customer") }
        if prediction == nil { review.append("no classifier model (run `maildesk classifier train`)") }
        let threshold = settings.threshold

        // Kind.
        let kind: FieldDecision
        if let ruled = outcome.fields["kind"] {
            kind = FieldDecision(ruled.value, by: ruled.by)
        } else if let p = prediction {
            kind = FieldDecision(p.kind.label, by: "model", confidence: p.kind.probability)
            if p.kind.probability < Self.kindReviewBelow {
                review.append("kind uncertain (\(Self.percent(p.kind.probability)) \(p.kind.label))")
            }
        } else {
            kind = FieldDecision(facts.mailboxKind, by: "mailbox default")
        }

        // Feedback type, for feedback only.
        var feedbackType = FieldDecision(nil, by: "not feedback")
        if kind.value == "feedback" {
            if let ruled = outcome.fields["feedback_type"] {
                feedbackType = FieldDecision(ruled.value, by: ruled.by)
            } else if let p = prediction?.feedbackType {
                feedbackType = FieldDecision(p.label, by: "model", confidence: p.probability)
            } else {
                feedbackType = FieldDecision(nil, by: "unknown")
            }
        }

        // Category.
        let fallback = settings.fallbackCategory
        let category: FieldDecision
        if let ruled = outcome.fields["category"] {
            category = FieldDecision(ruled.value, by: ruled.by)
        } else if let p = prediction?.category {
            if !settings.categories.contains(p.label) {
                category = FieldDecision(
                    fallback, by: "fallback: model's \(p.label) is not a configured category",
                    confidence: p.probability)
            } else if p.probability < threshold {
                category = FieldDecision(
                    fallback, by: "fallback: model unsure (\(Self.percent(p.probability)) \(p.label))",
                    confidence: p.probability)
                review.append("category uncertain (\(Self.percent(p.probability)) \(p.label))")
            } else {
                category = FieldDecision(p.label, by: "model", confidence: p.probability)
            }
        } else {
            category = FieldDecision(fallback, by: "fallback: no model")
        }

        // Priority: a rule's value is final; otherwise the model's, raised by the signals.
        var priority: FieldDecision
        if let ruled = outcome.fields["priority"] {
            priority = FieldDecision(ruled.value, by: ruled.by)
        } else {
            if let p = prediction?.priority {
                if p.probability < threshold && p.label != "urgent" {
                    priority = FieldDecision(
                        ThreadPriority.fallback.rawValue,
                        by: "fallback: model unsure (\(Self.percent(p.probability)) \(p.label))",
                        confidence: p.probability)
                    review.append("priority uncertain (\(Self.percent(p.probability)) \(p.label))")
                } else {
                    priority = FieldDecision(p.label, by: "model", confidence: p.probability)
                }
            } else {
                priority = FieldDecision(ThreadPriority.fallback.rawValue, by: "fallback: no model")
            }
            priority = applySignals(to: priority, facts: facts, ownText: ownText, outcome: outcome)
        }

        let language = FieldDecision(LanguageGuess.guess(ownText), by: "detector")
        let sentiment =
            prediction.map { FieldDecision($0.sentiment.label, by: "model", confidence: $0.sentiment.probability) }
            ?? FieldDecision("neutral", by: "fallback: no model")

        return ThreadDecision(
            kind: kind, feedbackType: feedbackType, category: category, priority: priority, language: language,
            sentiment: sentiment, rating: RatingExtractor.rating(in: ownText), review: review,
            assign: outcome.assign, tagCustomer: outcome.tagCustomer, rulesMatched: outcome.matched)
    }

    /// Raises (or, for a low-importance header alone, lowers) `priority` by the signals, naming each that acted.
    func applySignals(to priority: FieldDecision, facts: ThreadFacts, ownText: String, outcome: RuleOutcome)
        -> FieldDecision
    {
        var value = priority.value ?? ThreadPriority.fallback.rawValue
        var reasons: [String] = []
        func raise(to floor: String, _ reason: String) {
            if ThreadPriority.rank(of: floor) < ThreadPriority.rank(of: value) {
                value = floor
                reasons.append(reason)
            }
        }
        let content = PrioritySignals.content(ownText)
        if let floor = content.floor {
            let terms = (content.critical + content.urgency).prefix(3).map { $0.trimmingCharacters(in: .whitespaces) }
            raise(to: floor, "wording (\(terms.joined(separator: ", ")))")
        }
        let tags = Set(facts.customerTags + outcome.tagCustomer)
        if let vip = settings.vipTags.first(where: tags.contains) {
            raise(to: "high", "customer tagged \(vip)")
        }
        if let floor = outcome.priorityFloor {
            raise(to: floor.value, floor.by)
        }
        if let automated = facts.automated {
            // A machine's mail (bounce, autoreply, newsletter) waits behind people's, whatever its words say.
            value = "low"
            reasons = ["automated mail (\(automated))"]
            return FieldDecision(value, by: "signal: " + reasons[0], confidence: priority.confidence)
        }
        if let header = PrioritySignals.header(facts.headers) {
            // A header is a weak signal: one step at most, never to urgent, and a "low" only when nothing else spoke.
            if header.level == "high", value == "normal" || value == "low" {
                raise(to: value == "low" ? "normal" : "high", "header \(header.header)")
            } else if header.level == "low", value == "normal", reasons.isEmpty {
                value = "low"
                reasons.append("header \(header.header)")
            }
        }
        if reasons.isEmpty { return priority }
        let base = priority.decidedBy.hasPrefix("model") ? "model" : priority.decidedBy
        return FieldDecision(
            value, by: "\(base)+signals: " + reasons.joined(separator: "; "),
            confidence: priority.confidence)
    }

    static func percent(_ p: Double) -> String { "\(Int((p * 100).rounded()))%" }
}

extension ThreadDecision {
    /// The same object as `encode(to:)` writes, keys sorted, on one line, for the event log; written by hand
    /// because JSONEncoder costs more than the decision itself.
    public var eventJSON: String {
        var out = "{"
        func key(_ name: String) { if out.utf8.count > 1 { out += "," }; JSONText.quote(name, into: &out); out += ":" }
        func string(_ value: String?) { if let value { JSONText.quote(value, into: &out) } else { out += "null" } }
        func field(_ f: FieldDecision) {
            out += "{"
            var first = true
            if let c = f.confidence { out += "\"confidence\":\(c)"; first = false }
            out += (first ? "" : ",") + "\"decided_by\":"
            JSONText.quote(f.decidedBy, into: &out)
            out += ",\"value\":"
            string(f.value)
            out += "}"
        }
        key("category"); string(category.value)
        key("confidence"); out += "\((confidence * 1000).rounded() / 1000)"
        key("decided_by"); string(decidedBy)
        key("feedback_type"); string(feedbackType.value)
        key("fields")
        out += "{"
        for (i, (name, f)) in [
            ("category", category), ("feedback_type", feedbackType), ("kind", kind), ("language", language),
            ("priority", priority), ("sentiment", sentiment)
        ].enumerated() {
            if i > 0 { out += "," }
            JSONText.quote(name, into: &out)
            out += ":"
            field(f)
        }
        out += "}"
        key("kind"); string(kind.value)
        key("language"); string(language.value)
        key("needs_review"); out += needsReview ? "true" : "false"
        key("priority"); string(priority.value)
        key("rating"); out += rating.map(String.init) ?? "null"
        key("review");
        out +=
            "["
            + review.map {
                var s = ""; JSONText.quote($0, into: &s); return s
            }.joined(separator: ",") + "]"
        key("rules");
        out +=
            "["
            + rulesMatched.map {
                var s = ""; JSONText.quote($0, into: &s); return s
            }.joined(separator: ",") + "]"
        key("sentiment"); string(sentiment.value)
        return out + "}"
    }
}
