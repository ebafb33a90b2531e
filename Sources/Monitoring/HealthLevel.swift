/// How well the gateway is, as a monitoring check reports it (the Nagios plugin convention's first three codes).
public enum HealthLevel: String, Codable, Sendable, Comparable, CaseIterable {
    case ok, warning, critical

    /// 0 ok, 1 warning, 2 critical.
    public var exitCode: Int32 {
        switch self {
        case .ok: 0
        case .warning: 1
        case .critical: 2
        }
    }

    public static func < (a: HealthLevel, b: HealthLevel) -> Bool { a.exitCode < b.exitCode }
}

/// One thing that makes the gateway less than ok: what is wrong and how to fix it.
public struct StatusReason: Codable, Sendable, Equatable {
    public var level: HealthLevel
    /// What it is about: `mailbox support`, `outbox`, `daemon 1234`, `quarantine`, `sla`, `classifier`.
    public var subject: String
    public var message: String

    public var line: String { "\(level.rawValue): \(subject): \(message)" }
}

/// Seconds as an operator reads them: `45 s`, `12 min`, `2 h 5 min`, `3 d 4 h`.
public func durationText(_ seconds: Int) -> String {
    let s = max(0, seconds)
    if s < 60 { return "\(s) s" }
    if s < 3600 { return "\(s / 60) min" }
    if s < 86_400 { return "\(s / 3600) h" + (s % 3600 / 60 > 0 ? " \(s % 3600 / 60) min" : "") }
    return "\(s / 86_400) d" + (s % 86_400 / 3600 > 0 ? " \(s % 86_400 / 3600) h" : "")
}
