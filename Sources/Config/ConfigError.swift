/// One problem in a configuration file: where it is and how to fix it.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file, as the user named it (e.g. `mailboxes/support.toml`).
    public var file: String
    /// The 1-based line, when the problem has one.
    public var line: Int?
    /// What is wrong and the fix, without the location.
    public var message: String

    /// An error at `file` (and `line`, if known).
    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: message`, or `file: message` without a line.
    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}

/// Every problem found while loading a configuration, in file order and, within a file, line order.
public struct ConfigErrors: Error, Sendable, Equatable, CustomStringConvertible {
    /// The problems; never empty when thrown.
    public var errors: [ConfigError]

    /// A list of problems.
    public init(_ errors: [ConfigError]) {
        self.errors = errors
    }

    /// One line per problem.
    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}
