import Foundation

/// The variables templates may use (documented in the README), a sample context holding all of them, and the
/// static check that finds unknown names.
public enum TemplateVariables {
    /// Every variable, with what it holds.
    public static let documented: [(name: String, meaning: String)] = [
        ("customer.name", "the customer's display name, or their address when they gave none"),
        ("customer.address", "the customer's address"),
        ("thread.ticket", "the ticket number, e.g. [#K7QX2M4P9A] (put it in the subject: replies find their thread)"),
        ("thread.token", "the token alone, e.g. K7QX2M4P9A"),
        ("thread.id", "the thread's number in the store"),
        ("thread.subject", "the subject of the customer's first message"),
        ("thread.kind", "need or feedback"),
        ("thread.feedback_type", "praise, complaint or suggestion (feedback only)"),
        ("thread.category", "the category"),
        ("thread.priority", "urgent, high, normal or low"),
        ("thread.language", "the detected language"),
        ("thread.mailbox", "the mailbox the thread arrived in"),
        ("thread.decided_by", "what classified the thread"),
        ("thread.is_need", "true for a need (use as a section: {{#thread.is_need}}…{{/thread.is_need}})"),
        ("thread.is_feedback", "true for feedback"),
        ("thread.is_praise", "true for praise"),
        ("thread.is_complaint", "true for a complaint"),
        ("thread.is_suggestion", "true for a suggestion"),
        ("thread.is_urgent", "true when the priority is urgent or high"),
        ("message.subject", "the subject of the message being answered"),
        ("message.text", "its text (the customer's words, quotes included)"),
        ("message.date", "when it was sent (UTC, 2026-11-21 09:30)"),
        ("agent.name", "the assigned agent's name (empty while unassigned)"),
        ("agent.address", "the assigned agent's address"),
        ("queue", "the team queue address of an unassigned thread"),
        ("reply_address", "the customer-facing reply address of the thread, carrying its token"),
        ("reply_marker", "agent_notification: the line above which agents write their answer (keep it in the text)"),
        ("reply.text", "agent_reply: the agent's answer, quotes, signature and commands removed"),
        ("notice.text", "agent_notice: why an agent's mail was not relayed, and the commands"),
        ("notice.subject", "agent_notice: the subject of the agent's mail"),
        ("occasion.name", "care mail: the occasion's name in the customer's language (春节, Birthday)"),
        ("occasion.id", "care mail: the occasion's id (spring_festival, birthday)"),
        ("occasion.date", "care mail: the occasion's date in the customer's calendar (2027-02-06)"),
        ("unsubscribe_address", "care mail: the address that unsubscribes this customer from care mail"),
        ("thread.status", "follow-up mail: open, pending, resolved or closed"),
        ("sla.metric", "SLA mail: first response, next response or resolution"),
        ("sla.is_first_response", "SLA mail: true for the first-response target (a section)"),
        ("sla.is_next_response", "SLA mail: true for a next-response target"),
        ("sla.is_resolution", "SLA mail: true for the resolution target"),
        ("sla.policy", "SLA mail: the policy's name in config/sla.toml"),
        ("sla.target", "SLA mail: the target in business time (4h, 1h30m)"),
        ("sla.calendar", "SLA mail: the business hours it counts in"),
        ("sla.due", "SLA mail: when it breaches, local time of the business hours (2027-03-01 17:00 (Asia/Shanghai))"),
        ("sla.remaining", "agent_sla_reminder: time left until the breach"),
        ("sla.overdue", "agent_sla_escalation: how long ago it breached"),
        ("escalation.owner", "agent_sla_escalation: the owner (agent or queue) who missed the target"),
        ("escalation.recipient", "SLA mail: who this mail goes to"),
        ("pending.since", "reminder_pending, auto_closed: since when the thread waits on the customer (local time)"),
        ("pending.days", "reminder_pending: business days waited; auto_closed: business days in all"),
        ("pending.close_days", "reminder_pending: business days after which the thread is closed"),
        ("pending.closes", "reminder_pending: true when the thread will be closed automatically"),
        ("survey.asked", "auto_closed: true when the closing mail asks for a rating (a reply with 1-5 answers it)"),
        ("csat.score", "agent_csat_low: the customer's score, 1-5"),
        ("csat.comment", "agent_csat_low: what else the customer wrote"),
        ("csat.reopened", "agent_csat_low: true when the low score reopened the thread"),
        ("company.name", "[outbound] company_name"),
        ("company.support_address", "the address customers write to")
    ]

    /// Variables whose value comes from a customer: never unescaped in HTML.
    static let customerProvided: Set<String> = [
        "customer.name", "customer.address", "thread.subject", "message.subject",
        "message.text", "csat.comment"
    ]

    /// The templates maildesk sends; each must exist in the default locale.
    public static let requiredNames = ["ack_need", "ack_feedback", "agent_notification"]

    static let known: Set<String> = {
        var names = Set(documented.map(\.name))
        for name in documented.map(\.name) {
            var parts = name.split(separator: ".").map(String.init)
            while parts.count > 1 { parts.removeLast(); names.insert(parts.joined(separator: ".")) }
        }
        return names
    }()

    /// A context with every variable set, in both scripts, for `templates check` and the tests.
    public static var sample: [String: Any] {
        [
            "customer": ["name": "王小明 (Ming Wang)", "address": "ming@example.cn"],
            "thread": [
                "ticket": "[#K7QX2M4P9A]", "token": "K7QX2M4P9A", "id": 42, "subject": "智能门锁无法连接 Wi-Fi",
                "kind": "need", "feedback_type": "", "category": "technical", "priority": "high", "language": "zh",
                "mailbox": "support", "decided_by": "model", "is_need": true, "is_feedback": false, "is_praise": false,
                "is_complaint": false, "is_suggestion": false, "is_urgent": true, "status": "pending"
            ] as [String: Any],
            "message": ["subject": "智能门锁无法连接 Wi-Fi", "text": "门锁一直连不上家里的 Wi-Fi <b>请帮忙</b>", "date": "2026-11-21 09:30"],
            "agent": ["name": "Tom Baker", "address": "tom@example.com"],
            "queue": "tech@example.com",
            "reply_address": "support+K7QX2M4P9A@example.com",
            "reply_marker": "## Reply above this line ##",
            "reply": ["text": "您好，请把门锁恢复出厂设置后重新配网。"],
            "notice": ["text": "Nothing was relayed: #priority asap is not a priority", "subject": "Re: Wi-Fi"],
            "company": ["name": "Lumo", "support_address": "support@example.com"],
            "occasion": ["name": "春节", "id": "spring_festival", "date": "2027-02-06"],
            "unsubscribe_address": "care+u42-k7m2q9xdab@example.com",
            "sla": [
                "metric": "first response", "is_first_response": true, "is_next_response": false,
                "is_resolution": false,
                "policy": "high", "target": "2h", "calendar": "shanghai", "due": "2027-03-01 17:00 (Asia/Shanghai)",
                "remaining": "24m", "overdue": "1h5m"
            ] as [String: Any],
            "escalation": ["owner": "tom@example.com", "recipient": "li.na@example.com"],
            "pending": ["since": "2027-03-01 15:00 (Asia/Shanghai)", "days": 3, "close_days": 4, "closes": true]
                as [String: Any],
            "survey": ["asked": true],
            "csat": ["score": 2, "comment": "等了三天才有回复 <太慢>", "reopened": true] as [String: Any]
        ]
    }

    /// Unknown variables (with the closest known one) and unescaped customer values in HTML.
    static func problems(in source: String, file: String, html: Bool) -> [TemplateProblem] {
        var problems: [TemplateProblem] = []
        var sections: [String] = []
        let pattern = try! NSRegularExpression(pattern: #"\{\{(\{?)\s*([#^/&!>%=]?)\s*([^}]*?)\s*\}?\}\}"#)
        let range = NSRange(source.startIndex..., in: source)
        for match in pattern.matches(in: source, range: range) {
            let triple = Range(match.range(at: 1), in: source).map { !source[$0].isEmpty } ?? false
            let sigil = Range(match.range(at: 2), in: source).map { String(source[$0]) } ?? ""
            let name = Range(match.range(at: 3), in: source).map { String(source[$0]) } ?? ""
            if sigil == "=" {
                // New delimiters would hide every later tag from this check.
                problems.append(
                    TemplateProblem(
                        file: file,
                        message: "{{=…=}} changes the Mustache delimiters: keep {{ }} "
                            + "(maildesk checks the variables between them)", unsafe: html))
                continue
            }
            if sigil == "%" || name.hasPrefix("%") {
                let pragma = (sigil == "%" ? name : String(name.dropFirst())).uppercased().filter { !$0.isWhitespace }
                // CONTENT_TYPE: TEXT turns HTML escaping off for the whole file; text templates get it from maildesk.
                if html && pragma != "CONTENT_TYPE:HTML" {
                    problems.append(
                        TemplateProblem(
                            file: file,
                            message: "{{%\(name)}} turns off HTML escaping for the "
                                + "whole template, so a customer's text could add markup: remove it", unsafe: true))
                }
                continue
            }
            if sigil == "!" || sigil == ">" { continue }
            if sigil == "/" {
                if sections.last == name { sections.removeLast() }
                continue
            }
            if name == "." {
                // {{{.}}} inside {{#customer.name}} (or {{#message}}{{#text}}) is that value, unescaped.
                let current = sections.indices.map { sections[$0...].joined(separator: ".") }
                if html && (triple || sigil == "&"), let value = current.first(where: customerProvided.contains) {
                    problems.append(
                        TemplateProblem(
                            file: file,
                            message: "{{{.}}} inside {{#\(sections.last!)}} puts a "
                                + "customer's text (\(value)) into HTML unescaped: write {{.}}", unsafe: true))
                }
                continue
            }
            let candidates = [name] + sections.reversed().map { $0 + "." + name }
            if !candidates.contains(where: known.contains) {
                var message = "unknown variable {{\(name)}}"
                // Inside {{#agent}}, `name` is `agent.name`: suggest in the section's own terms too.
                var pool = Array(known)
                for section in sections {
                    pool += known.filter { $0.hasPrefix(section + ".") }.map { String($0.dropFirst(section.count + 1)) }
                }
                let guess = pool.min { distance($0, name) < distance($1, name) }
                if let guess, distance(guess, name) <= max(2, name.count / 3) {
                    message += " — did you mean {{\(guess)}}?"
                }
                message += " (the variables are listed in README \"Templates\")"
                problems.append(TemplateProblem(file: file, message: message))
            }
            if html && (triple || sigil == "&"), candidates.contains(where: customerProvided.contains) {
                problems.append(
                    TemplateProblem(
                        file: file,
                        message: "{{{\(name)}}} puts a customer's text into HTML "
                            + "unescaped: write {{\(name)}}", unsafe: true))
            }
            if sigil == "#" || sigil == "^" { sections.append(name) }
        }
        return problems
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + [Int](repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
