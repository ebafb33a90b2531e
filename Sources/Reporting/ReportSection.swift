/// A section of the report as every format lays it out: titled tables, some also drawn as a chart. The text,
/// CSV and HTML writers know only this shape, so a new section is one function that builds one.
public struct ReportSection: Sendable {
    /// A stable name (`volume`, `agents`): the CSV's first column, the HTML element's id.
    public var id: String
    public var title: String
    /// One line under the title: what the figures count.
    public var note: String?
    public var tables: [ReportTable]
}

public struct ReportTable: Sendable {
    public var id: String
    public var title: String?
    public var columns: [ReportColumn]
    public var rows: [[ReportCell]]
    public var style: ReportStyle = .table
    /// Whether the first column names each row (a week, an agent); otherwise rows are numbered.
    public var keyed = true
    /// What to print when there are no rows.
    public var empty = "none"
}

public struct ReportColumn: Sendable {
    /// snake_case, for the CSV.
    public var id: String
    public var title: String
}

/// A value as people read it (`shown`) and as machines do (`value`: hours as a decimal, a share as 0.45).
public struct ReportCell: Sendable {
    public var shown: String
    public var value: String
    public var numeric: Bool
    /// The number a chart draws.
    public var magnitude: Double

    public static func text(_ text: String) -> ReportCell {
        ReportCell(shown: text, value: text, numeric: false, magnitude: 0)
    }

    /// A key that may be unset: `shown` names what unset means (`(unassigned)`), `value` is empty.
    public static func key(_ key: String?, none: String) -> ReportCell {
        ReportCell(shown: key ?? none, value: key ?? "", numeric: false, magnitude: 0)
    }

    public static func count(_ n: Int) -> ReportCell {
        ReportCell(shown: Self.grouped(n), value: String(n), numeric: true, magnitude: Double(n))
    }

    public static func hours(_ h: Double?) -> ReportCell {
        guard let h else { return .missing }
        return ReportCell(shown: Self.duration(h), value: Self.decimal(h, 3), numeric: true, magnitude: h)
    }

    public static func share(_ s: Double?) -> ReportCell {
        guard let s else { return .missing }
        return ReportCell(shown: "\(Int((s * 100).rounded()))%", value: Self.decimal(s, 3), numeric: true, magnitude: s)
    }

    public static func rating(_ r: Double?) -> ReportCell {
        guard let r else { return .missing }
        return ReportCell(shown: Self.decimal(r, 2), value: Self.decimal(r, 2), numeric: true, magnitude: r)
    }

    public static let missing = ReportCell(shown: "–", value: "", numeric: true, magnitude: 0)

    /// `45 min`, `5.3 h`, `3.2 d`: a duration as a team lead says it.
    static func duration(_ hours: Double) -> String {
        if hours < 1 { return "\(Int((hours * 60).rounded())) min" }
        if hours < 48 { return decimal(hours, 1) + " h" }
        return decimal(hours / 24, 1) + " d"
    }

    /// A number with at most `digits` decimals, trailing zeros dropped (1.5, 2, 0.125).
    static func decimal(_ value: Double, _ digits: Int) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        if rounded == rounded.rounded() && abs(rounded) < 1e15 { return String(Int64(rounded)) }
        var text = String(rounded)
        if text.contains("e") { text = String(format: "%.\(digits)f", rounded) }
        return text
    }

    /// 1,234,567.
    static func grouped(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}

/// How the HTML page draws a table besides listing it.
public enum ReportStyle: Sendable, Equatable {
    case table
    /// Big figures side by side: column 0 names each, column 1 gives it.
    case cards
    /// Vertical columns per row (the x axis: column 0), one series per listed column.
    case columns([Int])
    /// One horizontal bar per row (label: column 0) for the listed column.
    case bars(Int)
}
