import Classification
import Foundation
import ThreadFields

/// The rules of `config/rules.toml`, compiled, applied in file order to a thread's facts.
public struct RuleEngine: Sendable {
    let rules: [CompiledRule]

    public init(_ definitions: [RuleDefinition]) {
        rules = definitions.map(CompiledRule.init)
    }

    /// What the matching rules decide. A later rule overrides an earlier one's field; `stop` ends the pass.
    public func evaluate(_ facts: ThreadFacts) -> RuleOutcome {
        var outcome = RuleOutcome()
        let language = rules.contains { !$0.definition.languages.isEmpty } ? facts.language : ""
        let texts = SearchableTexts(
            subject: SearchText(lowercasing: facts.subject), body: SearchText(lowercasing: facts.body))
        for rule in rules where rule.matches(facts, language: language, texts: texts) {
            let d = rule.definition
            let by = "rule:" + d.name
            outcome.matched.append(d.name)
            if let v = d.setKind { outcome.fields["kind"] = (v, by) }
            if let v = d.setFeedbackType {
                outcome.fields["feedback_type"] = (v, by)
                if outcome.fields["kind"] == nil { outcome.fields["kind"] = ("feedback", by) }
            }
            if let v = d.setCategory { outcome.fields["category"] = (v, by) }
            if let v = d.setPriority { outcome.fields["priority"] = (v, by) }
            if let v = d.raisePriority {
                if let current = outcome.priorityFloor,
                    ThreadPriority.rank(of: current.value) <= ThreadPriority.rank(of: v)
                {
                    // An equal or higher floor is already set.
                } else {
                    outcome.priorityFloor = (v, by)
                }
            }
            if let v = d.assign { outcome.assign = (v, by) }
            for tag in d.tagCustomer where !outcome.tagCustomer.contains(tag) { outcome.tagCustomer.append(tag) }
            if d.review { outcome.review.append(by) }
            if d.stop { break }
        }
        return outcome
    }
}

/// What the rules decided for one thread.
public struct RuleOutcome: Sendable {
    /// Field name (`kind`, `feedback_type`, `category`, `priority`) → value and the rule that set it.
    public var fields: [String: (value: String, by: String)] = [:]
    /// The least priority, from `raise_priority`.
    public var priorityFloor: (value: String, by: String)?
    /// An agent to assign, and the rule that said so.
    public var assign: (agent: String, by: String)?
    public var tagCustomer: [String] = []
    /// Rules that asked for review.
    public var review: [String] = []
    /// The names of every rule that matched, in order.
    public var matched: [String] = []
}

/// The subject and body lowercased once for all rules.
struct SearchableTexts {
    let subject: SearchText
    let body: SearchText
}

struct CompiledRule: Sendable {
    let definition: RuleDefinition
    let subjectRegex: NSRegularExpressionBox?
    let bodyRegex: NSRegularExpressionBox?

    init(_ definition: RuleDefinition) {
        self.definition = definition
        subjectRegex = definition.subjectMatches.flatMap(NSRegularExpressionBox.init)
        bodyRegex = definition.bodyMatches.flatMap(NSRegularExpressionBox.init)
    }

    /// Whether every condition holds (a rule's lists hold when any item does).
    func matches(_ facts: ThreadFacts, language: String, texts: SearchableTexts) -> Bool {
        let d = definition
        if d.always { return true }
        if !d.mailboxes.isEmpty && !d.mailboxes.contains(facts.mailbox) { return false }
        if !d.from.isEmpty && !d.from.contains(where: { Glob.matches($0, facts.from) }) { return false }
        if !d.subjectContains.isEmpty && !texts.subject.containsAny(d.subjectContains) { return false }
        if !d.bodyContains.isEmpty && !texts.body.containsAny(d.bodyContains) { return false }
        if !d.textContains.isEmpty && !texts.subject.containsAny(d.textContains)
            && !texts.body.containsAny(d.textContains)
        {
            return false
        }
        if let regex = subjectRegex, !regex.matches(facts.subject) { return false }
        // A regular expression sees the first 64 KiB of the body: a pattern that backtracks must not stall ingest.
        if let regex = bodyRegex, !regex.matches(String(facts.body.prefix(65_536))) { return false }
        for (name, wanted) in d.headers {
            let values = (facts.headers[name] ?? []).map { $0.lowercased() }
            if values.isEmpty { return false }
            if !wanted.contains("*") && !wanted.contains(where: { w in values.contains { $0.contains(w) } }) {
                return false
            }
        }
        if !d.customerTags.isEmpty && !d.customerTags.contains(where: facts.customerTags.contains) { return false }
        if !d.languages.isEmpty && !d.languages.contains(language) { return false }
        return true
    }
}

/// A compiled, case-insensitive regular expression, shareable across threads (it is immutable once built).
struct NSRegularExpressionBox: @unchecked Sendable {
    let regex: NSRegularExpression

    init?(_ pattern: String) {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { return nil }
        self.regex = regex
    }

    func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}

/// Address patterns with `*` matching any run of characters, case-insensitive (`*@example.com`).
enum Glob {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern.lowercased().unicodeScalars), t = Array(text.lowercased().unicodeScalars)
        // Iterative matching with one backtrack point: linear in practice, no recursion on hostile input.
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count && p[pi] != "*" && p[pi] == t[ti] {
                pi += 1; ti += 1
            } else if pi < p.count && p[pi] == "*" {
                star = pi; mark = ti; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; ti = mark
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
