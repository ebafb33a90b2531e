import Foundation

/// A small SVG writer for the report's charts: elements appended in drawing order, every text and attribute
/// value escaped, numbers written with one decimal. The SVG is inline in the page (no script, no fonts fetched).
struct SVGWriter {
    let width: Double
    let height: Double
    private var body = ""

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    mutating func rect(x: Double, y: Double, width: Double, height: Double, className: String, title: String? = nil) {
        body +=
            "<rect class=\"\(Markup.escape(className))\" x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(width))\" height=\"\(n(height))\""
        if let title { body += "><title>\(Markup.escape(title))</title></rect>" } else { body += "/>" }
    }

    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, className: String) {
        body +=
            "<line class=\"\(Markup.escape(className))\" x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\"/>"
    }

    enum Anchor: String { case start, middle, end }

    mutating func text(_ content: String, x: Double, y: Double, anchor: Anchor = .start, className: String = "label") {
        body +=
            "<text class=\"\(Markup.escape(className))\" x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor.rawValue)\">"
            + Markup.escape(content) + "</text>"
    }

    /// The finished element; `label` is read by screen readers and shown as the chart's name.
    func svg(className: String, label: String) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"\(Markup.escape(className))\" role=\"img\" "
            + "aria-label=\"\(Markup.escape(label))\" viewBox=\"0 0 \(n(width)) \(n(height))\" "
            + "width=\"\(n(width))\" height=\"\(n(height))\">" + body + "</svg>"
    }

    private func n(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}

/// The charts a report draws from a table.
enum SVGChart {
    /// Series colours (the page's CSS colours `.series-N`).
    static let seriesCount = 4

    /// Vertical columns, one group per label, one column per series, with a scale and a legend.
    static func columns(
        labels: [String], series: [(name: String, values: [Double])], className: String,
        label: String
    ) -> String {
        let left = 48.0, right = 12.0, top = 28.0, bottom = 44.0
        let groupWidth = max(28.0, min(90.0, 640.0 / Double(max(1, labels.count))))
        let width = left + right + groupWidth * Double(max(1, labels.count))
        let height = 260.0
        let plot = height - top - bottom
        let maximum = niceCeiling(series.flatMap(\.values).max() ?? 0)
        var svg = SVGWriter(width: width, height: height)
        for step in 0...4 {
            let value = maximum * Double(step) / 4
            let y = top + plot - plot * Double(step) / 4
            svg.line(x1: left, y1: y, x2: width - right, y2: y, className: step == 0 ? "axis" : "grid")
            svg.text(ReportCell.decimal(value, 1), x: left - 6, y: y + 4, anchor: .end, className: "tick")
        }
        let barWidth = (groupWidth - 8) / Double(max(1, series.count))
        for (i, label) in labels.enumerated() {
            let x0 = left + groupWidth * Double(i) + 4
            for (s, one) in series.enumerated() {
                let value = i < one.values.count ? one.values[i] : 0
                let h = maximum > 0 ? plot * value / maximum : 0
                svg.rect(
                    x: x0 + barWidth * Double(s), y: top + plot - h, width: max(1, barWidth - 1), height: h,
                    className: "bar series-\(s % seriesCount)",
                    title: "\(label) · \(one.name): \(ReportCell.decimal(value, 2))")
            }
            // Every label when they fit, else every few, so they never overlap.
            let every = max(1, Int((64.0 / groupWidth).rounded(.up)))
            if i % every == 0 {
                svg.text(
                    label, x: x0 + (groupWidth - 8) / 2, y: height - bottom + 16, anchor: .middle, className: "tick")
            }
        }
        var x = left
        for (s, one) in series.enumerated() {
            svg.rect(x: x, y: 8, width: 10, height: 10, className: "legend series-\(s % seriesCount)")
            svg.text(one.name, x: x + 14, y: 17, className: "legend-label")
            x += 24 + Double(TextReport.width(one.name)) * 7
        }
        return svg.svg(className: className, label: label)
    }

    /// One horizontal bar per label, its value written after it.
    static func bars(labels: [String], values: [Double], shown: [String], className: String, label: String) -> String {
        let labelWidth = min(220.0, max(64, 16 + 8 * Double(labels.map(TextReport.width).max() ?? 4)))
        let barArea = 280.0, row = 24.0
        let width = labelWidth + barArea + 90
        let height = row * Double(max(1, labels.count)) + 8
        let maximum = values.max() ?? 0
        var svg = SVGWriter(width: width, height: height)
        for (i, name) in labels.enumerated() {
            let y = 4 + row * Double(i)
            let value = i < values.count ? values[i] : 0
            let w = maximum > 0 ? barArea * value / maximum : 0
            svg.text(truncated(name, 28), x: labelWidth - 8, y: y + 15, anchor: .end)
            svg.rect(
                x: labelWidth, y: y + 3, width: w, height: row - 8, className: "bar series-0",
                title: "\(name): \(i < shown.count ? shown[i] : "")")
            svg.text(i < shown.count ? shown[i] : "", x: labelWidth + w + 6, y: y + 15, className: "value")
        }
        return svg.svg(className: className, label: label)
    }

    /// 1, 2, 5 × 10ⁿ at or above `value` (at least 1): the top of a scale people read at a glance.
    static func niceCeiling(_ value: Double) -> Double {
        guard value > 1 else { return 1 }
        let magnitude = pow(10, floor(log10(value)))
        for step in [1.0, 2, 5, 10] where step * magnitude >= value { return step * magnitude }
        return 10 * magnitude
    }

    private static func truncated(_ text: String, _ limit: Int) -> String {
        text.count > limit ? String(text.prefix(limit - 1)) + "…" : text
    }
}
