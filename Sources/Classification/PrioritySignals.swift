import Foundation

/// Words that make a message pressing whatever the model says: something is broken, stolen, lost or about to
/// go to court (critical), and the customer saying it cannot wait (urgency) — in Chinese and English.
///
/// Urgency counts only when not negated ("not urgent", "不急"): those phrases are removed before matching.
public enum PrioritySignals {
    /// What the text says, as the terms found (lowercased).
    public struct ContentSignals: Sendable, Equatable {
        public var critical: [String] = []
        public var urgency: [String] = []

        /// The least priority these signals call for: both → urgent, either → high.
        public var floor: String? {
            switch (critical.isEmpty, urgency.isEmpty) {
            case (false, false): return "urgent"
            case (false, true), (true, false): return "high"
            case (true, true): return nil
            }
        }
    }

    /// The signals in the customer's own words (`text` should have quotes removed).
    public static func content(_ text: String) -> ContentSignals {
        let lowered = SearchText(lowercasing: text)
        var signals = ContentSignals()
        signals.critical = critical.filter(lowered.contains)
        let urgent = urgency.filter(lowered.contains)
        guard !urgent.isEmpty else { return signals }
        // Negated urgency ("not urgent", "不急") is removed before the urgency words count.
        var rest = lowered
        for phrase in negations where lowered.contains(phrase) { rest.replace(phrase, with: 0x20) }
        signals.urgency = urgent.filter(rest.contains)
        return signals
    }

    /// The header fields `header(_:)` reads (lowercased).
    public static let headerNames = ["importance", "priority", "x-priority", "x-msmail-priority"]

    /// How a header rates the message: "high" or "low" and the header that said so, or nil.
    /// Considered: `Importance`, `Priority` (RFC 2156), `X-Priority` (1–2 high, 4–5 low), `X-MSMail-Priority`.
    public static func header(_ headers: [String: [String]]) -> (level: String, header: String)? {
        func value(_ name: String) -> String? {
            headers[name]?.first?.trimmingCharacters(in: .whitespaces).lowercased()
        }
        if let v = value("importance"), v == "high" || v == "low" { return (v, "Importance: \(v)") }
        if let v = value("priority") {
            if v == "urgent" { return ("high", "Priority: urgent") }
            if v == "non-urgent" { return ("low", "Priority: non-urgent") }
        }
        if let v = value("x-priority"), let digit = v.first?.wholeNumberValue {
            if digit == 1 || digit == 2 { return ("high", "X-Priority: \(digit)") }
            if digit == 4 || digit == 5 { return ("low", "X-Priority: \(digit)") }
        }
        if let v = value("x-msmail-priority"), v == "high" || v == "low" { return (v, "X-MSMail-Priority: \(v)") }
        return nil
    }

    static let critical = [
        // Outage and loss of service or data.
        "outage", "went down", "service down", "site down", "server down", "system down", "site is down",
        "server is down", "service is down", "website is down", "app is down", "system is down",
        "production down", "not working at all", "completely broken", "data loss", "lost all", "lost data",
        "crashed", "cannot access any", "can't access any", "宕机", "挂了", "崩溃", "瘫痪", "服务中断", "全部无法",
        "无法访问", "数据丢失", "當機", "癱瘓", "崩潰", "無法訪問", "資料遺失", "數據丟失",
        // Security.
        "hacked", "compromised", "breach", "unauthorized", "unauthorised", "someone logged in", "stolen",
        "phishing", "被盗", "盗号", "被黑", "黑客", "泄露", "异常登录", "被盜", "盜號", "被駭", "駭客", "洩露", "異常登入",
        // Money lost.
        "fraud", "charged twice", "double charged", "charged me twice", "double charge", "lost money",
        "money was taken", "unauthorized charge", "chargeback", "盗刷", "被骗", "扣了两次", "重复扣款", "多扣",
        "钱没了", "资金损失", "盜刷", "被騙", "扣了兩次", "重複扣款", "錢沒了",
        // Legal threats.
        "lawyer", "attorney", "legal action", "lawsuit", "sue you", "small claims", "律师", "起诉", "法院",
        "法律责任", "12315", "报警", "律師", "起訴", "法律責任", "報警"
    ]

    static let urgency = [
        "urgent", "asap", "as soon as possible", "immediately", "right away", "emergency", "right now",
        "time-sensitive", "time sensitive", "critical", "紧急", "急需", "急用", "很急", "着急", "加急", "尽快", "马上",
        "立刻", "立即", "十万火急", "刻不容缓", "等不了", "緊急", "急用", "著急", "加急", "盡快", "馬上", "十萬火急"
    ]

    static let negations = [
        "not urgent", "isn't urgent", "is not urgent", "no rush", "no hurry", "not in a hurry", "not critical",
        "non-urgent", "nothing urgent", "not an emergency", "不急", "不着急", "不用急", "不紧急", "不是很急", "不太急",
        "不用着急", "并不急", "不著急", "不緊急", "不用著急", "並不急"
    ]
}
