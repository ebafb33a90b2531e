import TOMLKit

/// Reads typed values from one table of a document, recording each problem at its key's line.
struct TableReader {
    let document: TOMLDocument
    /// The table's path from the root (`[]` for the top level, `["store"]` for `[store]`).
    let path: [String]
    let table: TOMLTable
    let log: Diagnostics

    /// A reader of `document`'s top level.
    init(document: TOMLDocument, log: Diagnostics) {
        self.init(document: document, path: [], table: document.root, log: log)
    }

    private init(document: TOMLDocument, path: [String], table: TOMLTable, log: Diagnostics) {
        self.document = document
        self.path = path
        self.table = table
        self.log = log
    }

    /// The line where `key` of this table is assigned, if found.
    func line(of key: String) -> Int? {
        document.index.line(for: path + [key])
    }

    /// Records a problem at `key`'s line (or the file, without a key).
    func fail(_ key: String?, _ message: String) {
        let line = key.flatMap(line(of:)) ?? (path.isEmpty ? nil : document.index.line(for: path))
        log.add(document.file, line: line, message)
    }

    /// Whether `key` is present.
    func has(_ key: String) -> Bool { table[key] != nil }

    /// The sub-table `key` (a `[path.key]` section); nil when absent or not a table (then recorded).
    func table(_ key: String) -> TableReader? {
        guard let value = table[key] else { return nil }
        guard let sub = value.table else {
            let section = "[" + (path + [key]).map(Suggestions.keyName).joined(separator: ".") + "]"
            fail(key, "'\(key)' must be a table, got \(value.type.withArticle): write it as a \(section) section")
            return nil
        }
        return TableReader(document: document, path: path + [key], table: sub, log: log)
    }

    /// The string at `key`; nil when absent or not a string (then recorded).
    func string(_ key: String) -> String? {
        guard let value = table[key] else { return nil }
        if let text = value.string { return text }
        var message = "'\(key)' must be a string, got \(value.type.withArticle)"
        switch value.type {
        case .int, .double, .bool: message += " (put the value in quotes: \(key) = \"\(value.debugDescription)\")"
        default: break
        }
        fail(key, message)
        return nil
    }

    /// The integer at `key` within `range`; nil when absent, not an integer, or out of range (then recorded).
    func integer(_ key: String, in range: ClosedRange<Int>) -> Int? {
        guard let value = table[key] else { return nil }
        guard let number = value.int else {
            var message = "'\(key)' must be an integer, got \(value.type.withArticle)"
            if let text = value.string, let number = Int(text.trimmingSpaces) {
                message += " (remove the quotes: \(key) = \(number))"
            } else if let double = value.double, double.rounded() == double, abs(double) < 1e15 {
                message += " (write it without a decimal point: \(key) = \(Int(double)))"
            }
            fail(key, message)
            return nil
        }
        guard range.contains(number) else {
            if range.upperBound == Int.max {
                fail(key, "'\(key)' must be at least \(range.lowerBound), got \(number)")
            } else {
                fail(key, "'\(key)' must be between \(range.lowerBound) and \(range.upperBound), got \(number)")
            }
            return nil
        }
        return number
    }

    /// The elements of the array of tables `key` (`[[key]]` sections), each a reader; nil when absent or not
    /// an array of tables (then recorded).
    func tables(_ key: String) -> [TableReader]? {
        guard let value = table[key] else { return nil }
        let elements = value.array.map { Array($0) } ?? []
        let tables = elements.compactMap { $0.table }
        guard value.array != nil, tables.count == elements.count else {
            fail(key, "'\(key)' must be a list of tables: write each one under its own [[\(key)]] header")
            return nil
        }
        return tables.enumerated().map { index, sub in
            TableReader(document: document, path: path + [key, String(index)], table: sub, log: log)
        }
    }

    /// The strings at `key`, which may be one string or an array of strings; nil when absent or wrong (then
    /// recorded).
    func strings(_ key: String) -> [String]? {
        guard let value = table[key] else { return nil }
        if let text = value.string { return [text] }
        if let array = value.array {
            let texts = array.compactMap { $0.string }
            if texts.count == array.count { return texts }
        }
        fail(key, "'\(key)' must be a string or a list of strings, e.g. \(key) = [\"one\", \"two\"]")
        return nil
    }

    /// The number (integer or decimal) at `key` within `range`; nil when absent or wrong (then recorded).
    func number(_ key: String, in range: ClosedRange<Double>) -> Double? {
        guard let value = table[key] else { return nil }
        guard let number = value.double ?? value.int.map(Double.init) else {
            fail(key, "'\(key)' must be a number, got \(value.type.withArticle)")
            return nil
        }
        guard range.contains(number) else {
            fail(key, "'\(key)' must be between \(range.lowerBound) and \(range.upperBound), got \(number)")
            return nil
        }
        return number
    }

    /// The calendar date at `key`, written as a TOML date (`2026-12-24`) or a string of that form; nil when
    /// absent or wrong (then recorded).
    func calendarDate(_ key: String) -> CalendarDay? {
        guard let value = table[key] else { return nil }
        if let date = value.date { return CalendarDay(year: date.year, month: date.month, day: date.day) }
        if let text = value.string, let day = CalendarDay(text) { return day }
        fail(key, "'\(key)' must be a date written YYYY-MM-DD, e.g. \(key) = 2026-12-24")
        return nil
    }

    /// The boolean at `key`; nil when absent or not a boolean (then recorded, with the fix for a quoted one).
    func bool(_ key: String) -> Bool? {
        guard let value = table[key] else { return nil }
        if let flag = value.bool { return flag }
        var message = "'\(key)' must be true or false, got \(value.type.withArticle)"
        if let text = value.string?.trimmingSpaces.lowercased(), text == "true" || text == "false" {
            message += " (remove the quotes: \(key) = \(text))"
        } else if let number = value.int, number == 0 || number == 1 {
            message += " (write \(key) = \(number == 1 ? "true" : "false"))"
        }
        fail(key, message)
        return nil
    }

    /// Records every key of this table that `schema` does not allow, with a suggestion; `root` is the whole
    /// file's schema, to tell a key written under the wrong section.
    func rejectUnknownKeys(_ schema: TableSchema, root: TableSchema) {
        for (key, value) in table where !schema.keys.contains(key) && schema.tables[key] == nil {
            let shown = Suggestions.keyName(key)
            if value.type == .table {
                let section = sectionName(path + [key])
                var message = "unknown table \(section)"
                if let guess = Suggestions.closest(to: key, among: schema.tables.keys.sorted()) {
                    message += " — did you mean \(sectionName(path + [guess]))?"
                } else if schema.tables.isEmpty {
                    message +=
                        path.isEmpty
                        ? " — this file has no sections: write its keys at the top, without a [header]"
                        : " — \(sectionName(path)) has no sub-sections"
                } else {
                    message +=
                        " (valid sections: "
                        + schema.tables.keys.sorted().map { sectionName(path + [$0]) }
                        .joined(separator: ", ") + ")"
                }
                fail(key, message)
                continue
            }
            if let message = schema.elsewhere[key] {
                fail(key, message)
                continue
            }
            var message = "unknown key '\(shown)'" + (path.isEmpty ? "" : " in \(sectionName(path))")
            if let home = root.homes(of: key).first(where: { $0 != path }) {
                message +=
                    home.isEmpty
                    ? " — it is a top-level key: move it above the first [section] header"
                    : " — it belongs in \(sectionName(home)): move it under that header"
            } else if let guess = Suggestions.closest(to: key, among: schema.keys) {
                message += " — did you mean '\(guess)'?"
            } else if let guess = Suggestions.closest(to: key, among: schema.tables.keys.sorted()) {
                message += " — did you mean the section \(sectionName(path + [guess]))?"
            } else if !schema.keys.isEmpty {
                message += " (valid keys here: \(schema.keys.joined(separator: ", ")))"
            }
            fail(key, message)
        }
    }

    /// `[store]`, or `[[rule]] #2` for the second element of an array of tables.
    private func sectionName(_ path: [String]) -> String {
        if let last = path.last, let index = Int(last), path.count > 1 {
            return "[[" + path.dropLast().map(Suggestions.keyName).joined(separator: ".") + "]] #\(index + 1)"
        }
        return "[" + path.map(Suggestions.keyName).joined(separator: ".") + "]"
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return String(text)
    }
}
