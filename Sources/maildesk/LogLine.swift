import Config
import Foundation
import Logging

/// swift-log's output for the service: one line per event on standard error, either `key=value` text a person
/// reads and `grep` finds, or one JSON object per line for a log shipper (journald, Loki, Elasticsearch).
struct LogLine: LogHandler {
    let label: String
    let format: RunSettings.LogFormat
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields = metadata
        if let extra = event.metadata { fields.merge(extra) { $1 } }
        let line = Self.render(
            time: Date(), level: event.level, message: "\(event.message)", fields: fields, format: format)
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func render(
        time: Date, level: Logger.Level, message: String, fields: Logger.Metadata,
        format: RunSettings.LogFormat
    ) -> String {
        let stamp = time.formatted(
            .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
        let pairs = fields.sorted { $0.key < $1.key }.map { ($0.key, "\($0.value)") }
        switch format {
        case .text:
            return "\(stamp) \(level) \(terminalSafe(oneLine(message)))"
                + pairs.map { " \($0.0)=\(quoted(terminalSafe(oneLine($0.1))))" }.joined()
        case .json:
            var object: [String: String] = ["time": stamp, "level": "\(level)", "message": message]
            for (key, value) in pairs where object[key] == nil { object[key] = value }
            let data =
                (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
                ?? Data()
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// A value with a space, quote or `=` is quoted, so every line splits back into the same pairs.
    static func quoted(_ value: String) -> String {
        guard value.isEmpty || value.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            + "\""
    }

    /// Customers' words (a subject in an error) can hold line breaks: a log line stays one line.
    static func oneLine(_ text: String) -> String {
        text.contains(where: \.isNewline) ? text.split(whereSeparator: \.isNewline).joined(separator: " ⏎ ") : text
    }
}
