/// Reading through a declared key: its name and range come from the declaration, never spelled again.
extension TableReader {
    func has(_ key: some DeclaredKey) -> Bool { has(key.name) }

    func fail(_ key: some DeclaredKey, _ message: String) { fail(key.name, message) }

    func string(_ key: ConfigKey<String>) -> String? { string(key.name) }

    func strings(_ key: ConfigKey<[String]>) -> [String]? { strings(key.name) }

    func bool(_ key: ConfigKey<Bool>) -> Bool? { bool(key.name) }

    func integer(_ key: ConfigKey<Int>) -> Int? { integer(key.name, in: key.range) }

    func number(_ key: ConfigKey<Double>) -> Double? { number(key.name, in: key.range) }

    func calendarDate(_ key: ConfigKey<CalendarDay>) -> CalendarDay? { calendarDate(key.name) }

    func table(_ key: ConfigKey<[String: [String]]>) -> TableReader? { table(key.name) }
}
