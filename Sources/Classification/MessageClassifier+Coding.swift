import Foundation

/// The model file: the five regressions and what the model was trained on. Keys added later are optional, so
/// a model saved by an older maildesk still loads.
extension MessageClassifier {
    enum CodingKeys: String, CodingKey {
        case kind, feedbackType, category, priority, sentiment, threshold, examples, corrections
        case trainedAt = "trained_at", newestCorrectionAt = "newest_correction_at"
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        kind = try c.decode(SoftmaxRegression.self, forKey: .kind)
        feedbackType = try c.decode(SoftmaxRegression.self, forKey: .feedbackType)
        category = try c.decode(SoftmaxRegression.self, forKey: .category)
        priority = try c.decode(SoftmaxRegression.self, forKey: .priority)
        sentiment = try c.decode(SoftmaxRegression.self, forKey: .sentiment)
        threshold = try c.decode(Double.self, forKey: .threshold)
        examples = try c.decode(Int.self, forKey: .examples)
        corrections = try c.decodeIfPresent(Int.self, forKey: .corrections) ?? 0
        trainedAt = try c.decodeIfPresent(String.self, forKey: .trainedAt).flatMap(Self.date)
        newestCorrectionAt = try c.decodeIfPresent(String.self, forKey: .newestCorrectionAt)
            .flatMap(Self.date)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(kind, forKey: .kind)
        try c.encode(feedbackType, forKey: .feedbackType)
        try c.encode(category, forKey: .category)
        try c.encode(priority, forKey: .priority)
        try c.encode(sentiment, forKey: .sentiment)
        try c.encode(threshold, forKey: .threshold)
        try c.encode(examples, forKey: .examples)
        try c.encode(corrections, forKey: .corrections)
        try c.encodeIfPresent(trainedAt?.formatted(.iso8601), forKey: .trainedAt)
        try c.encodeIfPresent(newestCorrectionAt?.formatted(.iso8601), forKey: .newestCorrectionAt)
    }

    /// A time written as ISO 8601 in UTC (`2026-11-22T09:30:00Z`, as the store writes its timestamps).
    static func date(_ text: String) -> Date? { try? Date(text, strategy: .iso8601) }
}

/// What a saved model file says about itself, read without building the model (status checks read it often).
public struct SavedModelFacts: Sendable, Equatable {
    /// When it was trained; nil for a model saved before it recorded that.
    public var trainedAt: Date?
    /// When the newest labelled thread it learned from was labelled; nil when none.
    public var newestCorrectionAt: Date?

    /// The facts of the model file at `path`; nil when there is no readable model there.
    public static func read(at path: String) -> SavedModelFacts? {
        struct Header: Decodable {
            var trainedAt: String?
            var newestCorrectionAt: String?
            init(from decoder: Decoder) throws {
                let c = try decoder.container(keyedBy: MessageClassifier.CodingKeys.self)
                trainedAt = try c.decodeIfPresent(String.self, forKey: .trainedAt)
                newestCorrectionAt = try c.decodeIfPresent(String.self, forKey: .newestCorrectionAt)
            }
        }
        guard let data = FileManager.default.contents(atPath: path),
            let header = try? JSONDecoder().decode(Header.self, from: data)
        else { return nil }
        return SavedModelFacts(
            trainedAt: header.trainedAt.flatMap(MessageClassifier.date),
            newestCorrectionAt: header.newestCorrectionAt.flatMap(MessageClassifier.date))
    }
}
