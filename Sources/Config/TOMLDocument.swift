import TOMLKit

/// One parsed TOML file: its name for messages, its root table, and where its keys are.
struct TOMLDocument {
    /// The file as the user named it.
    let file: String
    /// The parsed values.
    let root: TOMLTable
    /// Key positions, scanned from the text.
    let index: KeyLineIndex

    /// Parses `text`; a syntax error becomes a `ConfigError` at TOMLKit's line.
    static func parse(_ text: String, file: String) -> Result<TOMLDocument, ConfigError> {
        do {
            let root = try TOMLTable(string: text)
            return .success(TOMLDocument(file: file, root: root, index: KeyLineIndex(source: text)))
        } catch let error as TOMLParseError {
            var reason = error.description
            if reason.count > 200 { reason = String(reason.prefix(199)) + "…" }
            let line = error.source.begin.line > 0 ? error.source.begin.line : nil
            return .failure(
                ConfigError(
                    file: file, line: line, message: "invalid TOML: \(reason) (check quotes and brackets)"))
        } catch {
            return .failure(ConfigError(file: file, message: "invalid TOML: \(error) (check quotes and brackets)"))
        }
    }
}

/// Collects the problems found while reading files, in the order found.
final class Diagnostics {
    /// Every problem so far.
    private(set) var errors: [ConfigError] = []

    /// Records a problem.
    func add(_ error: ConfigError) { errors.append(error) }

    /// Records a problem in `file` at `line`.
    func add(_ file: String, line: Int?, _ message: String) {
        errors.append(ConfigError(file: file, line: line, message: message))
    }

    /// How many problems are recorded (to tell whether a step added any).
    var count: Int { errors.count }
}

/// The TOML types, as messages name them ("got a string").
extension TOMLType {
    /// The type with its article: "a string", "an integer", "a table".
    var withArticle: String {
        switch self {
        case .table: return "a table"
        case .array: return "an array"
        case .string: return "a string"
        case .int: return "an integer"
        case .double: return "a floating-point number"
        case .bool: return "a boolean"
        case .date: return "a date"
        case .time: return "a time"
        case .dateTime: return "a date-time"
        }
    }
}
