/// The report as one long CSV table (RFC 4180): `section,table,row,column,value`, one line per figure, so a
/// spreadsheet's pivot table or a script reads every section alike. Values are machine values: hours as
/// decimals, shares as fractions, empty where there is none.
public enum CSVReport {
    public static func render(_ report: ServiceReport) -> String {
        var out = "section,table,row,column,value\r\n"
        for section in report.sections {
            for table in section.tables {
                for (n, row) in table.rows.enumerated() {
                    // A row is named by its first cell (a week, an agent, a term), or by its number.
                    let key = table.keyed ? row.first?.value ?? "" : String(n + 1)
                    for (column, cell) in zip(table.columns, row).dropFirst(table.keyed ? 1 : 0) {
                        out +=
                            [section.id, table.id, key, column.id, cell.value].map(field).joined(separator: ",")
                            + "\r\n"
                    }
                }
            }
        }
        return out
    }

    /// A CSV field: quoted when it holds a separator, a quote or a line break; text a spreadsheet would run as
    /// a formula (`=`, `+`, `-`, `@`, tab, CR first) is prefixed with `'` (customers write subjects and terms).
    static func field(_ text: String) -> String {
        // Terminal controls (a CSV is often printed, not saved) become U+FFFD; line breaks and tabs stay.
        var value = String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { s in
                    (s.value < 0x20 && s != "\n" && s != "\r" && s != "\t") || (0x7F...0x9F).contains(s.value)
                        ? "\u{FFFD}" : s
                }))
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first), Double(value) == nil {
            value = "'" + value
        }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
