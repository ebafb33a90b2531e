/// The values a thread's fields take. One definition for the store, the rules, the command line, agents' mail
/// commands and the templates, so they cannot disagree; categories stay configurable strings (`[classification]`).

/// What a customer's mail is: a mailbox's default, a rule's `set_kind`, an agent's correction.
public enum ThreadKind: String, Sendable, Equatable, CaseIterable {
    /// Someone needs help (the default).
    case need
    /// Someone tells us something; no answer is owed.
    case feedback
}

/// What robots' mail becomes: never assigned, acknowledged or corrected into.
public enum RobotThreadKind: String, Sendable, Equatable, CaseIterable {
    /// Newsletters, notifications, marketing.
    case bulk
    /// Bounces and reports that match none of maildesk's own mail.
    case system
}

/// What a feedback thread says.
public enum FeedbackType: String, Sendable, Equatable, CaseIterable {
    case praise, complaint, suggestion
}

/// How pressing a thread is, most pressing first.
public enum ThreadPriority: String, Sendable, Equatable, CaseIterable, Comparable {
    case urgent, high, normal, low

    /// What a thread gets when nothing decides (no model, an unsure one).
    public static let fallback = ThreadPriority.normal

    /// 0 for urgent … 3 for low.
    public var rank: Int { Self.allCases.firstIndex(of: self)! }

    /// The rank of a stored or configured value; an unknown one ranks as the fallback.
    public static func rank(of value: String) -> Int { (ThreadPriority(rawValue: value) ?? fallback).rank }

    /// The more pressing of two values (as strings, the way rules and the store carry them).
    public static func mostPressing(_ a: String, _ b: String) -> String { rank(of: a) <= rank(of: b) ? a : b }

    /// More pressing sorts first.
    public static func < (lhs: ThreadPriority, rhs: ThreadPriority) -> Bool { lhs.rank < rhs.rank }
}

/// Where a thread is in its life.
public enum ThreadStatus: String, Sendable, Equatable, CaseIterable {
    /// Waiting for the team.
    case open
    /// Waiting for the customer (the SLA clock pauses).
    case pending
    /// Answered; a customer reply reopens it.
    case resolved
    /// Done for good.
    case closed
}

extension CaseIterable where Self: RawRepresentable, Self.RawValue == String {
    /// The raw values in declaration order (`["urgent", "high", "normal", "low"]`).
    public static var names: [String] { allCases.map(\.rawValue) }
}
