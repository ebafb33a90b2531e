import Foundation

/// One labelled message of `config/training/*.jsonl`.
public struct TrainingExample: Codable, Sendable {
    public var id: String
    public var subject: String
    public var body: String
    public var kind: String
    public var feedbackType: String?
    public var category: String
    public var priority: String
    public var language: String
    public var sentiment: String
    public var rating: Int?
    public var split: String

    public init(
        id: String, subject: String, body: String, kind: String, feedbackType: String?, category: String,
        priority: String, language: String, sentiment: String, rating: Int?, split: String
    ) {
        self.id = id
        self.subject = subject
        self.body = body
        self.kind = kind
        self.feedbackType = feedbackType
        self.category = category
        self.priority = priority
        self.language = language
        self.sentiment = sentiment
        self.rating = rating
        self.split = split
    }

    enum CodingKeys: String, CodingKey {
        case id, subject, body, kind, feedbackType = "feedback_type", category, priority, language, sentiment, rating,
            split
    }

    /// Every example of every `*.jsonl` file in `directory`; a bad line names its file and line.
    public static func load(from directory: String) throws -> [TrainingExample] {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".jsonl") }
            .sorted()
        var examples: [TrainingExample] = []
        for file in files {
            let text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                do {
                    examples.append(try JSONDecoder().decode(TrainingExample.self, from: Data(line.utf8)))
                } catch {
                    throw TrainingDataError(
                        description: "\(directory)/\(file):\(n + 1): not a training example (\(error))")
                }
            }
        }
        return examples
    }
}

public struct TrainingDataError: Error, CustomStringConvertible {
    public var description: String
    public init(description: String) { self.description = description }
}

extension MessageClassifier {
    /// The model saved at `path`, or nil when there is none or it cannot be read.
    public static func load(from path: String) -> MessageClassifier? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(MessageClassifier.self, from: data)
    }

    /// Saves the model at `path` atomically (a reader never sees half a file), creating its folder.
    public func save(to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        try JSONEncoder().encode(self).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
