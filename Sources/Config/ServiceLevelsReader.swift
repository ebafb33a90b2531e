import Foundation
import Occasions

/// Reads `config/sla.toml`; every problem is recorded at its line, with the fix.
enum ServiceLevelsReader {
    static let policySchema = TableSchema(declared: SLAPolicy.Keys.all)
    static let hoursSchema = TableSchema(declared: BusinessHoursDefinition.Keys.all)
    static let schema = TableSchema(
        keys: [],
        tables: [
            "escalation": TableSchema(declared: EscalationSettings.Keys.all),
            "pending": TableSchema(declared: PendingSettings.Keys.all),
            "csat": TableSchema(declared: SurveySettings.Keys.all),
            "business_hours": hoursSchema,
            "policy": policySchema
        ])
    static let arrays = ["business_hours", "policy"]
    static let sections = ["escalation", "pending", "csat"]

    /// The names other files define, which this one refers to.
    struct Context {
        var categories: [String]
        var mailboxes: [String]
        var teams: [String]
        var holidays: HolidayCatalogue = .builtIn
    }

    static let fullDayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    static func read(_ document: TOMLDocument, context: Context, log: Diagnostics) -> ServiceLevels {
        let root = TableReader(document: document, log: log)
        for (key, value) in root.table {
            if value.type == .array, !arrays.contains(key) {
                // A plural is the commonest slip: [[policies]], [[business_hour]]s.
                let singular =
                    key.hasSuffix("ies")
                    ? String(key.dropLast(3)) + "y" : key.hasSuffix("s") ? String(key.dropLast()) : key
                let guess =
                    Suggestions.closest(to: key, among: arrays) ?? Suggestions.closest(to: singular, among: arrays)
                root.fail(
                    key,
                    "unknown table [[\(Suggestions.keyName(key))]]" + (guess.map { " — did you mean [[\($0)]]?" } ?? "")
                        + " (this file holds [[business_hours]] and [[policy]] tables and [escalation], [pending], [csat])"
                )
            } else if value.type == .table, !sections.contains(key) {
                root.fail(
                    key,
                    "unknown table [\(Suggestions.keyName(key))]"
                        + (Suggestions.closest(to: key, among: sections + arrays).map { " — did you mean [\($0)]?" }
                            ?? "")
                        + " (this file holds [escalation], [pending], [csat] and [[business_hours]], [[policy]] tables)"
                )
            } else if value.type != .array && value.type != .table {
                root.fail(
                    key,
                    "unknown key '\(Suggestions.keyName(key))' — this file has no top-level keys: put settings "
                        + "under [escalation], [pending] or [csat]")
            }
        }
        var levels = ServiceLevels(file: document.file)
        levels.holidays = context.holidays
        if let table = root.table("escalation") {
            typealias Keys = EscalationSettings.Keys
            table.rejectUnknownKeys(schema.tables["escalation"]!, root: schema)
            levels.escalation.remindAtPercent = table.integer(Keys.remindAtPercent) ?? levels.escalation.remindAtPercent
            if let text = table.string(Keys.escalateTo) {
                if let target = EscalationSettings.Target(rawValue: text) {
                    levels.escalation.escalateTo = target
                } else {
                    table.fail(
                        Keys.escalateTo,
                        "'escalate_to' must be \"supervisor\" (the owner's supervisor in agents.toml, "
                            + "else the team queue) or \"queue\" (the team queue)"
                            + suggestion(text, Keys.escalateTo.choices))
                }
            }
            levels.escalation.raisePriority = table.bool(Keys.raisePriority) ?? levels.escalation.raisePriority
        }
        if let table = root.table("pending") {
            typealias Keys = PendingSettings.Keys
            table.rejectUnknownKeys(schema.tables["pending"]!, root: schema)
            levels.pending.remindAfterDays = table.integer(Keys.remindAfterDays) ?? levels.pending.remindAfterDays
            levels.pending.closeAfterDays = table.integer(Keys.closeAfterDays) ?? levels.pending.closeAfterDays
        }
        if let table = root.table("csat") {
            typealias Keys = SurveySettings.Keys
            table.rejectUnknownKeys(schema.tables["csat"]!, root: schema)
            levels.csat.enabled = table.bool(Keys.enabled) ?? levels.csat.enabled
            levels.csat.lowScore = table.integer(Keys.lowScore) ?? levels.csat.lowScore
            if let text = table.string(Keys.onLowScore) {
                if let action = SurveySettings.LowScoreAction(rawValue: text) {
                    levels.csat.onLowScore = action
                } else {
                    table.fail(
                        Keys.onLowScore,
                        "'on_low_score' must be \"reopen\" (the thread opens again) or \"notify\" "
                            + "(the supervisor is told)"
                            + suggestion(text, Keys.onLowScore.choices))
                }
            }
            levels.csat.delayMinutes = table.integer(Keys.delayMinutes) ?? levels.csat.delayMinutes
        }

        var calendars: [BusinessHoursDefinition] = []
        var teamOwner: [String: String] = [:]
        for table in root.tables("business_hours") ?? [] {
            table.rejectUnknownKeys(hoursSchema, root: schema)
            guard let calendar = readHours(table, context: context) else { continue }
            if calendars.contains(where: { $0.name == calendar.name }) {
                table.fail(
                    BusinessHoursDefinition.Keys.name,
                    "business hours '\(calendar.name)' are already defined — each name once")
                continue
            }
            for team in calendar.teams {
                if let owner = teamOwner[team] {
                    table.fail(
                        BusinessHoursDefinition.Keys.teams,
                        "team '\(team)' already works the business hours '\(owner)' — one calendar per team")
                }
                teamOwner[team] = calendar.name
            }
            calendars.append(calendar)
        }
        if !calendars.isEmpty { levels.calendars = calendars }

        var policies: [SLAPolicy] = []
        for table in root.tables("policy") ?? [] {
            table.rejectUnknownKeys(policySchema, root: schema)
            guard let policy = readPolicy(table, context: context, calendars: calendars.map(\.name)) else { continue }
            if policies.contains(where: { $0.name == policy.name }) {
                table.fail(
                    SLAPolicy.Keys.name,
                    "policy '\(policy.name)' is already defined — each name once (events and reports cite it)")
                continue
            }
            policies.append(policy)
        }
        levels.policies = policies
        return levels
    }

    private static func readHours(_ table: TableReader, context: Context) -> BusinessHoursDefinition? {
        typealias Keys = BusinessHoursDefinition.Keys
        let before = table.log.count
        let name = table.string(Keys.name)
        if name == nil && !table.has(Keys.name) {
            table.fail(nil, "[[business_hours]] needs a name, e.g. name = \"shanghai\"")
        }
        if let name, !FieldChecks.isMailboxName(name) {
            table.fail(Keys.name, "business hours name '\(name)' must be lowercase letters, digits, '-' and '_'")
        }
        var zone = "UTC"
        if let text = table.string(Keys.timezone) {
            if let problem = CampaignReader.zoneProblem(text) {
                table.fail(Keys.timezone, problem)
            } else {
                zone = text
            }
        } else if !table.has(Keys.timezone) {
            table.fail(nil, "[[business_hours]] needs a timezone (an IANA zone), e.g. timezone = \"Asia/Shanghai\"")
        }
        var days: [Int] = []
        if let words = table.strings(Keys.days) {
            for word in words {
                // mon, monday, Mon: the first three letters of a day's name or more of it.
                let lower = word.lowercased()
                if lower.count >= 3, let index = fullDayNames.firstIndex(where: { $0.hasPrefix(lower) }) {
                    if !days.contains(index + 1) { days.append(index + 1) }
                } else {
                    table.fail(Keys.days, "unknown day '\(word)' — write mon, tue, wed, thu, fri, sat or sun")
                }
            }
            if words.isEmpty {
                table.fail(
                    Keys.days,
                    "'days' must list at least one working day, e.g. days = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]"
                )
            }
        } else if !table.has(Keys.days) {
            days = [1, 2, 3, 4, 5]
        }
        var hours: [ClockInterval] = []
        if let texts = table.strings(Keys.hours) {
            for text in texts {
                guard let interval = clockInterval(text) else {
                    table.fail(
                        Keys.hours,
                        "'\(text)' is not a span of the day HH:MM-HH:MM, e.g. \"09:00-18:00\" (24:00 ends at midnight)")
                    continue
                }
                if let other = hours.first(where: { $0.start < interval.end && interval.start < $0.end }) {
                    table.fail(Keys.hours, "'\(text)' overlaps \(clockText(other)) — list each span of the day once")
                    continue
                }
                hours.append(interval)
            }
            if texts.isEmpty {
                table.fail(Keys.hours, "'hours' must list at least one span, e.g. hours = [\"09:00-18:00\"]")
            }
        } else if !table.has(Keys.hours) {
            hours = [ClockInterval(start: 9 * 60, end: 18 * 60)]
        }
        var holidays: [HolidayEntry] = []
        for text in table.strings(Keys.holidays) ?? [] {
            switch holiday(text, catalogue: context.holidays) {
            case .success(let entry): holidays.append(entry)
            case .failure(let problem): table.fail(Keys.holidays, problem.message)
            }
        }
        var workingDays: [CalendarDay] = []
        for text in table.strings(Keys.workingDays) ?? [] {
            if let day = CalendarDay(text) {
                workingDays.append(day)
            } else {
                table.fail(
                    Keys.workingDays, "'\(text)' is not a date YYYY-MM-DD (a weekend day worked, e.g. \"2027-02-20\")")
            }
        }
        let teams = table.strings(Keys.teams) ?? []
        for team in teams where !context.teams.contains(team) {
            table.fail(
                Keys.teams,
                "unknown team '\(team)'"
                    + (context.teams.isEmpty
                        ? " (no [[team]] in the agents file)"
                        : " (the teams are \(context.teams.joined(separator: ", ")))")
                    + suggestion(team, context.teams))
        }
        guard table.log.count == before, let name else { return nil }
        return BusinessHoursDefinition(
            name: name, timezone: zone, days: days.sorted(), hours: hours.sorted(),
            holidays: holidays, workingDays: workingDays, teams: teams)
    }

    private static func readPolicy(_ table: TableReader, context: Context, calendars: [String]) -> SLAPolicy? {
        typealias Keys = SLAPolicy.Keys
        let before = table.log.count
        let name = table.string(Keys.name)
        if name == nil && !table.has(Keys.name) {
            table.fail(nil, "[[policy]] needs a name, e.g. name = \"urgent\" (events and reports cite it)")
        }
        let priorities = table.strings(Keys.priority) ?? []
        for priority in priorities where !ThreadPriority.names.contains(priority) {
            table.fail(
                Keys.priority,
                "unknown priority '\(priority)' (urgent, high, normal or low)"
                    + suggestion(priority, ThreadPriority.names))
        }
        let categories = table.strings(Keys.category) ?? []
        for category in categories {
            if let problem = AgentsReader.unknownCategory(category, context.categories) {
                table.fail(Keys.category, problem)
            }
        }
        let mailboxes = table.strings(Keys.mailbox) ?? []
        for mailbox in mailboxes where !context.mailboxes.contains(mailbox) {
            table.fail(
                Keys.mailbox,
                "unknown mailbox '\(mailbox)' (the mailboxes are \(context.mailboxes.joined(separator: ", ")))"
                    + suggestion(mailbox, context.mailboxes))
        }
        let hours = table.string(Keys.businessHours)
        if let hours, !calendars.contains(hours) {
            table.fail(
                Keys.businessHours,
                "unknown business hours '\(hours)'"
                    + (calendars.isEmpty
                        ? " (define them in a [[business_hours]] table)"
                        : " (defined: \(calendars.joined(separator: ", ")))")
                    + suggestion(hours, calendars))
        }
        var targets: [Int?] = []
        for key in Keys.targets {
            guard let text = table.string(key) else { targets.append(nil); continue }
            switch duration(text) {
            case .success(let minutes): targets.append(minutes)
            case .failure(let problem):
                table.fail(key, "'\(key.name)' \(problem.message)")
                targets.append(nil)
            }
        }
        if table.log.count == before, targets.allSatisfy({ $0 == nil }) {
            table.fail(
                nil,
                "policy '\(name ?? "?")' has no target — add first_response, next_response or resolution, e.g. first_response = \"4h\""
            )
        }
        guard table.log.count == before, let name else { return nil }
        return SLAPolicy(
            name: name, priorities: priorities, categories: categories,
            customerTags: (table.strings(Keys.customerTag) ?? []).map { $0.lowercased() }, mailboxes: mailboxes,
            businessHours: hours, firstResponse: targets[0], nextResponse: targets[1], resolution: targets[2])
    }

    static func suggestion(_ word: String, _ candidates: [String]) -> String {
        Suggestions.closest(to: word, among: candidates).map { " — did you mean '\($0)'?" } ?? ""
    }
}

extension CalendarDay {
    /// Whole days from `other` to this day.
    func daysSince(_ other: CalendarDay) -> Int {
        func ordinal(_ d: CalendarDay) -> Int {
            let y = d.month <= 2 ? d.year - 1 : d.year
            let era = (y >= 0 ? y : y - 399) / 400
            let yoe = y - era * 400
            let doy = (153 * (d.month > 2 ? d.month - 3 : d.month + 9) + 2) / 5 + d.day - 1
            return era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy
        }
        return ordinal(self) - ordinal(other)
    }
}
