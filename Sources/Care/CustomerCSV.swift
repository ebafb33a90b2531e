import Foundation
import SwiftCSV

/// Reads a marketing CSV of customers: a header row, then one customer per row.
///
/// Columns (any order, names case-insensitive): `email` (required), `name`, `birthday`, `timezone`, `language`,
/// `tags`, `opt_out`; any other column is kept as an attribute. A bad row is reported with its line and left
/// out; the others are read. An empty cell says nothing (it never clears a stored value).
public enum CustomerCSV {
    public struct Parsed: Sendable {
        public var rows: [CustomerRow]
        public var problems: [RowProblem]
    }

    /// Why the whole file cannot be read.
    public struct FileError: Error, CustomStringConvertible {
        public var description: String
    }

    public static func parse(_ text: String) throws(FileError) -> Parsed {
        let csv: EnumeratedCSV
        do {
            csv = try EnumeratedCSV(string: text, delimiter: .comma, loadColumns: false)
        } catch {
            throw FileError(
                description: "not valid CSV (\(error)): check the quotes — a field with a comma or a quote "
                    + "is written in double quotes, and a quote inside it doubled (\"\")")
        }
        let header = csv.header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let emailColumn = header.firstIndex(of: "email") else {
            throw FileError(
                description: "the header row has no 'email' column (it has: \(header.joined(separator: ", "))); "
                    + "the first row must name the columns, e.g. email,name,birthday,timezone,language,tags,opt_out")
        }
        if let repeated = header.first(where: { h in !h.isEmpty && header.filter { $0 == h }.count > 1 }) {
            throw FileError(description: "the header names column '\(repeated)' twice")
        }
        var parsed = Parsed(rows: [], problems: [])
        var firstLine: [String: Int] = [:]
        var line = 1 + newlines(in: csv.header)
        for fields in csv.rows {
            line += 1
            defer { line += newlines(in: fields) }
            if fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { continue }
            if fields.count > header.count {
                parsed.problems.append(
                    RowProblem(
                        line: line,
                        reason:
                            "\(fields.count) fields but the header has \(header.count) (a comma in a value needs double quotes)"
                    ))
                continue
            }
            switch row(fields, header: header, emailColumn: emailColumn, line: line) {
            case .failure(let problem):
                parsed.problems.append(problem)
            case .success(let row):
                if let first = firstLine[row.address] {
                    parsed.problems.append(RowProblem(line: line, reason: "\(row.address) is already on line \(first)"))
                    continue
                }
                firstLine[row.address] = line
                parsed.rows.append(row)
            }
        }
        return parsed
    }

    private static func row(_ fields: [String], header: [String], emailColumn: Int, line: Int) -> Result<
        CustomerRow, RowProblem
    > {
        func fail(_ error: FieldError) -> Result<CustomerRow, RowProblem> {
            .failure(RowProblem(line: line, reason: error.description))
        }
        let email = fields[emailColumn].trimmingCharacters(in: .whitespaces)
        if email.isEmpty { return .failure(RowProblem(line: line, reason: "no email address")) }
        var row: CustomerRow
        switch CustomerFields.address(email) {
        case .failure(let error): return fail(error)
        case .success(let address): row = CustomerRow(address: address, line: line)
        }
        for (index, column) in header.enumerated() where index != emailColumn && index < fields.count {
            let value = fields[index].trimmingCharacters(in: .whitespacesAndNewlines)
            if value.isEmpty || column.isEmpty { continue }
            switch column {
            case "name": row.name = value
            case "birthday":
                switch CustomerFields.birthday(value) {
                case .failure(let error): return fail(FieldError("birthday \(error)"))
                case .success(let rule): row.birthday = rule
                }
            case "timezone":
                switch CustomerFields.timezone(value) {
                case .failure(let error): return fail(error)
                case .success(let zone): row.timezone = zone
                }
            case "language":
                switch CustomerFields.language(value) {
                case .failure(let error): return fail(error)
                case .success(let tag): row.language = tag
                }
            case "tags": row.tags = CustomerFields.tags(value)
            case "opt_out":
                switch CustomerFields.flag(value, name: "opt_out") {
                case .failure(let error): return fail(error)
                case .success(let flag): row.optOut = flag
                }
            default: row.attributes[column] = value
            }
        }
        return .success(row)
    }

    private static func newlines(in fields: [String]) -> Int {
        fields.reduce(0) { $0 + $1.reduce(0) { $0 + ($1.isNewline ? 1 : 0) } }
    }

    /// One CSV record (RFC 4180): fields with a comma, a quote or a line break are quoted, quotes doubled.
    public static func record(_ fields: [String]) -> String {
        fields.map { field in
            guard field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return field }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: ",")
    }
}
