/// One key of a config table, declared once: its name, what it holds, its built-in default as TOML writes it,
/// and a line on what it is for. The reader reads through it (`table.integer(Keys.minGapHours)` takes the name and
/// the range from here), the unknown-key checks list it, and the tests compare the shipped files with it.
struct ConfigKey<Value: ConfigValue>: DeclaredKey {
    let name: String
    let type: ConfigValueType
    /// The value when the key is absent; nil when it has none (required, optional, or derived from another key).
    let defaultValue: Value?
    /// The value the shipped file shows when it deliberately differs from the default (the demo's), else nil.
    let shipped: Value?
    let doc: String

    var defaultLiteral: String? { defaultValue?.tomlLiteral }
    var shippedLiteral: String? { shipped?.tomlLiteral }

    private init(_ name: String, _ type: ConfigValueType, default value: Value?, shipped: Value?, doc: String) {
        self.name = name
        self.type = type
        self.defaultValue = value
        self.shipped = shipped
        self.doc = doc
    }

    /// The same key with another default, for a key shared by tables whose defaults differ (`timeout`).
    func defaulting(to value: Value) -> ConfigKey {
        ConfigKey(name, type, default: value, shipped: shipped, doc: doc)
    }
}

extension ConfigKey where Value == String {
    /// A string key; its content is checked by the reader (a path, an address, a zone …).
    init(_ name: String, default value: String?, shipped: String? = nil, doc: String) {
        self.init(name, .string, default: value, shipped: shipped, doc: doc)
    }

    /// A string key that takes one of `choices`.
    init(_ name: String, oneOf choices: [String], default value: String?, shipped: String? = nil, doc: String) {
        self.init(name, .choice(choices), default: value, shipped: shipped, doc: doc)
    }

    /// The strings a choice key takes, in the order its messages list them.
    var choices: [String] {
        guard case .choice(let choices) = type else { preconditionFailure("'\(name)' is not a choice key") }
        return choices
    }
}

extension ConfigKey where Value == [String] {
    /// A key that takes one string or a list of strings.
    init(_ name: String, default value: [String]?, shipped: [String]? = nil, doc: String) {
        self.init(name, .strings, default: value, shipped: shipped, doc: doc)
    }
}

extension ConfigKey where Value == [String: [String]] {
    /// A table of names to strings (or lists of strings), written inline or as a sub-section.
    init(_ name: String, default value: [String: [String]]?, shipped: [String: [String]]? = nil, doc: String) {
        self.init(name, .table, default: value, shipped: shipped, doc: doc)
    }
}

extension ConfigKey where Value == CalendarDay {
    /// A calendar date, written as a TOML date or a string `YYYY-MM-DD`.
    init(_ name: String, default value: CalendarDay?, shipped: CalendarDay? = nil, doc: String) {
        self.init(name, .date, default: value, shipped: shipped, doc: doc)
    }
}

extension ConfigKey where Value == Bool {
    init(_ name: String, default value: Bool?, shipped: Bool? = nil, doc: String) {
        self.init(name, .bool, default: value, shipped: shipped, doc: doc)
    }
}

extension ConfigKey where Value == Int {
    init(_ name: String, in range: ClosedRange<Int>, default value: Int?, shipped: Int? = nil, doc: String) {
        self.init(name, .integer(range), default: value, shipped: shipped, doc: doc)
    }

    /// The range the value must lie in (only an integer key is made by the initialiser above).
    var range: ClosedRange<Int> {
        guard case .integer(let range) = type else { preconditionFailure("'\(name)' is not an integer key") }
        return range
    }
}

extension ConfigKey where Value == Double {
    /// A number key: an integer or a decimal within `range`.
    init(_ name: String, in range: ClosedRange<Double>, default value: Double?, shipped: Double? = nil, doc: String) {
        self.init(name, .number(range), default: value, shipped: shipped, doc: doc)
    }

    var range: ClosedRange<Double> {
        guard case .number(let range) = type else { preconditionFailure("'\(name)' is not a number key") }
        return range
    }
}

/// What a key holds, as the reader checks it.
enum ConfigValueType: Sendable, Equatable {
    case string
    /// One of these strings.
    case choice([String])
    /// A string or a list of strings.
    case strings
    case bool
    case integer(ClosedRange<Int>)
    /// An integer or a decimal.
    case number(ClosedRange<Double>)
    /// A calendar date.
    case date
    /// A table of names to strings.
    case table
}

/// A key seen without its value type: what a table's key list, its schema and the tests need.
protocol DeclaredKey: Sendable {
    var name: String { get }
    var type: ConfigValueType { get }
    var doc: String { get }
    /// The default as TOML writes it; nil when the key has none.
    var defaultLiteral: String? { get }
    /// The shipped file's deliberately different value as TOML writes it; nil when it shows the default.
    var shippedLiteral: String? { get }
}

extension TableSchema {
    /// The schema of a table whose value keys are `declared`, in that order.
    init(declared: [any DeclaredKey], tables: [String: TableSchema] = [:], elsewhere: [String: String] = [:]) {
        self.init(keys: declared.map(\.name), tables: tables, elsewhere: elsewhere)
    }
}

/// A value a key can default to, written as TOML writes it.
protocol ConfigValue: Sendable, Equatable {
    var tomlLiteral: String { get }
}

extension Int: ConfigValue {
    var tomlLiteral: String { String(self) }
}

extension Double: ConfigValue {
    var tomlLiteral: String { String(self) }
}

extension Bool: ConfigValue {
    var tomlLiteral: String { String(self) }
}

extension String: ConfigValue {
    var tomlLiteral: String {
        var literal = "\""
        for character in self {
            if character == "\"" || character == "\\" { literal.append("\\") }
            literal.append(character)
        }
        return literal + "\""
    }
}

extension Array: ConfigValue where Element == String {
    var tomlLiteral: String { "[" + map(\.tomlLiteral).joined(separator: ", ") + "]" }
}

extension Dictionary: ConfigValue where Key == String, Value == [String] {
    var tomlLiteral: String {
        "{ " + keys.sorted().map { "\($0.tomlLiteral) = \(self[$0]!.tomlLiteral)" }.joined(separator: ", ") + " }"
    }
}

extension CalendarDay: ConfigValue {
    /// A TOML local date: `2026-12-24`.
    var tomlLiteral: String { description }
}
