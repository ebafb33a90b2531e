import Foundation

/// The report as aligned text tables for a terminal. Customer-written text is passed through `safe` (the
/// command line's terminal filter) before it is printed.
public enum TextReport {
    public static func render(_ report: ServiceReport, safe: (String) -> String = { $0 }) -> String {
        var out = header(report) + "\n"
        for section in report.sections {
            out += "\n" + section.title + "\n" + String(repeating: "=", count: width(section.title)) + "\n"
            if let note = section.note { out += note + "\n" }
            for table in section.tables {
                if let title = table.title { out += "\n" + title + "\n" }
                out += render(table, safe: safe)
            }
        }
        return out
    }

    static func header(_ report: ServiceReport) -> String {
        let p = report.period
        return "maildesk report \(p.firstDay) – \(p.lastDay) (\(p.from) to \(p.to), \(p.timeZone)); "
            + "previous period from \(p.previousFrom); times in \(p.hours)"
    }

    static func render(_ table: ReportTable, safe: (String) -> String) -> String {
        guard !table.rows.isEmpty else { return "  (\(table.empty))\n" }
        let header = table.columns.map(\.title)
        let rows = table.rows.map { $0.map { safe(oneLine($0.shown)) } }
        var widths = header.map(width)
        for row in rows {
            for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], width(cell)) }
        }
        let numeric = table.columns.indices.map { i in table.rows.allSatisfy { i < $0.count && $0[i].numeric } }
        func line(_ cells: [String]) -> String {
            "  "
                + cells.enumerated().map { i, cell in
                    let pad = String(repeating: " ", count: max(0, widths[i] - width(cell)))
                    return numeric[i] ? pad + cell : cell + pad
                }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
                + "\n"
        }
        return line(header) + line(widths.map { String(repeating: "-", count: $0) }) + rows.map(line).joined()
    }

    /// A subject with line breaks on one line.
    static func oneLine(_ text: String) -> String {
        text.contains(where: \.isNewline) ? text.split(whereSeparator: \.isNewline).joined(separator: " ") : text
    }

    /// Columns a terminal gives the text: East Asian wide characters take two.
    static func width(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { sum, s in
            switch s.value {
            case 0x0300...0x036F, 0x200B...0x200F: return sum
            case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
                0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
                return sum + 2
            default: return sum + 1
            }
        }
    }
}
