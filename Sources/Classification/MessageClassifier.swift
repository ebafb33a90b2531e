import Foundation

/// What the classifier decides about a message, and how sure it is.
public struct Classification: Codable, Sendable, Equatable {
    public var kind: String
    public var feedbackType: String?
    public var category: String
    public var priority: String
    public var language: String
    public var sentiment: String
    public var rating: Int?
    /// The lowest probability among the model's decisions (kind, category, priority).
    public var confidence: Double
    /// `model`, or `model (low confidence: review)` when below the threshold and the fallback was used.
    public var decidedBy: String

    enum CodingKeys: String, CodingKey {
        case kind, feedbackType = "feedback_type", category, priority, language, sentiment, rating, confidence
        case decidedBy = "decided_by"
    }

    /// Every key is written, absent values as null (the JSON contract of `maildesk classify --json`).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(feedbackType, forKey: .feedbackType)
        try c.encode(category, forKey: .category)
        try c.encode(priority, forKey: .priority)
        try c.encode(language, forKey: .language)
        try c.encode(sentiment, forKey: .sentiment)
        try c.encode(rating, forKey: .rating)
        try c.encode(confidence, forKey: .confidence)
        try c.encode(decidedBy, forKey: .decidedBy)
    }
}

/// Naive Bayes models for kind, feedback type, category, priority and sentiment over the customer's own words.
public struct MessageClassifier: Codable, Sendable {
    var kind = NaiveBayes()
    var feedbackType = NaiveBayes()
    var category = NaiveBayes()
    var priority = NaiveBayes()
    var sentiment = NaiveBayes()
    /// Below this confidence the decision falls back to `other`/`normal` and asks for review.
    public var threshold = 0.4
    public private(set) var examples = 0

    public init() {}

    /// The tokens a message is judged on: subject twice (it is dense), then the body without quotes.
    public static func tokens(subject: String, body: String) -> [String] {
        let own = QuoteStripper.strip(body)
        return Tokenizer.tokens(subject) + Tokenizer.tokens(subject) + Tokenizer.tokens(own)
    }

    public static func train(_ examples: [TrainingExample]) -> MessageClassifier {
        var model = MessageClassifier()
        for e in examples {
            let tokens = Self.tokens(subject: e.subject, body: e.body)
            model.kind.train(tokens, label: e.kind)
            if let type = e.feedbackType { model.feedbackType.train(tokens, label: type) }
            model.category.train(tokens, label: e.category)
            model.priority.train(tokens, label: e.priority)
            model.sentiment.train(tokens, label: e.sentiment)
        }
        model.examples = examples.count
        return model
    }

    public func classify(subject: String, body: String) -> Classification {
        let tokens = Self.tokens(subject: subject, body: body)
        let text = subject + "\n" + QuoteStripper.strip(body)
        let kind = self.kind.predict(tokens) ?? ("need", 0)
        let category = self.category.predict(tokens) ?? ("other", 0)
        let priority = self.priority.predict(tokens) ?? ("normal", 0)
        let sentiment = self.sentiment.predict(tokens)?.label ?? "neutral"
        let confidence = min(kind.probability, category.probability, priority.probability)
        var result = Classification(
            kind: kind.label,
            feedbackType: kind.label == "feedback" ? feedbackType.predict(tokens)?.label : nil,
            category: category.label, priority: priority.label, language: LanguageGuess.guess(text),
            sentiment: sentiment, rating: RatingExtractor.rating(in: text), confidence: confidence, decidedBy: "model")
        if category.probability < threshold { result.category = "other" }
        if priority.probability < threshold && priority.label != "urgent" { result.priority = "normal" }
        if confidence < threshold { result.decidedBy = "model (low confidence: review)" }
        return result
    }
}
