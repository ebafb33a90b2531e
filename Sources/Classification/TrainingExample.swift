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

    enum CodingKeys: String, CodingKey {
        case id, subject, body, kind, feedbackType = "feedback_type", category, priority, language, sentiment, rating, split
    }

    /// Every example of every `*.jsonl` file in `directory`; a bad line names its file and line.
    public static func load(from directory: String) throws -> [TrainingExample] {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".jsonl") }.sorted()
        var examples: [TrainingExample] = []
        for file in files {
            let text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                do {
                    examples.append(try JSONDecoder().decode(TrainingExample.self, from: Data(line.utf8)))
                } catch {
                    throw TrainingDataError(description: "\(directory)/\(file):\(n + 1): not a training example (\(error))")
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
