import Foundation

/// `[classification]` in `config/maildesk.toml`: what the classifier may decide and where the rules are.
public struct ClassificationSettings: Sendable, Equatable {
    /// The categories a thread may get, in display order; the last one is the fallback (default `other`).
    public var categories: [String]
    /// Below this confidence the model's category and priority fall back and the thread is flagged for review.
    public var threshold: Double
    /// Customer tags that make a customer a VIP (priority at least `high`).
    public var vipTags: [String]
    /// The rules file, as written (relative to the working directory); nil means none.
    public var rulesFile: String?
    /// The folder of labelled `*.jsonl` examples the model is trained on when no trained model is saved.
    public var trainingData: String
    /// Hours between the service's retraining on the training data and the threads agents corrected or
    /// confirmed since the model was trained; 0: only `maildesk classifier train` trains.
    public var retrainHours: Int

    public static let defaultCategories = ["sales", "technical", "after_sales", "billing", "other"]
    public static let defaultRulesFile = "config/rules.toml"
    public static let defaultTrainingData = "config/training"

    public init(
        categories: [String] = ClassificationSettings.defaultCategories, threshold: Double = 0.4,
        vipTags: [String] = ["vip"], rulesFile: String? = ClassificationSettings.defaultRulesFile,
        trainingData: String = ClassificationSettings.defaultTrainingData, retrainHours: Int = 24
    ) {
        self.trainingData = trainingData
        self.retrainHours = retrainHours
        self.categories = categories
        self.threshold = threshold
        self.vipTags = vipTags
        self.rulesFile = rulesFile
    }

    /// The category used when nothing fits (the last configured one).
    public var fallbackCategory: String { categories.last ?? "other" }
}

/// A day in the calendar, without a time or a zone (`away_from = 2026-12-24`).
public struct CalendarDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`; nil for anything else or an impossible date.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The day `date` falls on in `timeZone`.
    public init(_ date: Date, in timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        self.init(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1)
    }

    public static func < (a: CalendarDay, b: CalendarDay) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }
}

/// One `[[agent]]` of `config/agents.toml`.
public struct AgentDefinition: Sendable, Equatable {
    public var name: String
    /// Lowercased; the agent's identity in threads and events.
    public var address: String
    /// The categories the agent handles; empty means every category.
    public var categories: [String]
    /// The languages the agent answers in; empty means every language. `zh` covers `zh-Hant` too.
    public var languages: [String]
    /// Most open threads at once; nil means no limit.
    public var maxOpen: Int?
    /// False takes the agent out of assignment until set back.
    public var available: Bool
    /// Out of office from this day …
    public var awayFrom: CalendarDay?
    /// … through this day (inclusive).
    public var awayUntil: CalendarDay?
    /// The address of the agent's supervisor (another agent), for escalation.
    public var supervisor: String?

    public init(
        name: String, address: String, categories: [String] = [], languages: [String] = [],
        maxOpen: Int? = nil, available: Bool = true, awayFrom: CalendarDay? = nil,
        awayUntil: CalendarDay? = nil, supervisor: String? = nil
    ) {
        self.name = name
        self.address = address.lowercased()
        self.categories = categories
        self.languages = languages
        self.maxOpen = maxOpen
        self.available = available
        self.awayFrom = awayFrom
        self.awayUntil = awayUntil
        self.supervisor = supervisor
    }

    /// Why the agent cannot take threads on `today`, or nil when they can.
    public func unavailability(on today: CalendarDay) -> String? {
        if !available { return "marked unavailable" }
        switch (awayFrom, awayUntil) {
        case (let from?, let until?) where from <= today && today <= until: return "away until \(until)"
        case (let from?, nil) where from <= today: return "away since \(from)"
        case (nil, let until?) where today <= until: return "away until \(until)"
        default: return nil
        }
    }

    /// Whether the agent handles `category`.
    public func handles(category: String) -> Bool {
        categories.isEmpty || categories.contains(category)
    }

    /// Whether the agent answers in `language` (`zh` covers `zh-Hant`; an unknown language needs no skill).
    public func speaks(_ language: String) -> Bool {
        if languages.isEmpty || language == "und" { return true }
        let primary = language.split(separator: "-").first.map(String.init) ?? language
        return languages.contains(language) || languages.contains(primary)
    }
}

/// One `[[team]]` of `config/agents.toml`: the queue where threads of its categories wait when no agent fits.
public struct TeamDefinition: Sendable, Equatable {
    public var name: String
    public var categories: [String]
    /// The team's shared address (notifications for unassigned threads go there).
    public var queue: String

    public init(name: String, categories: [String], queue: String) {
        self.name = name
        self.categories = categories
        self.queue = queue.lowercased()
    }
}

/// One `[[rule]]` of `config/rules.toml`: conditions that must all hold, and what to set when they do.
public struct RuleDefinition: Sendable, Equatable {
    public var name: String
    /// The line of its `[[rule]]` header, for messages.
    public var line: Int?

    // Conditions: every one given must hold; a list holds when any item does.
    public var always = false
    public var mailboxes: [String] = []
    /// Sender address patterns, `*` matching any run of characters (`*@example.com`).
    public var from: [String] = []
    public var subjectContains: [String] = []
    public var bodyContains: [String] = []
    public var textContains: [String] = []
    public var subjectMatches: String?
    public var bodyMatches: String?
    /// Header name → substrings, any of which the header's value must contain (`"*"`: the header is present).
    public var headers: [String: [String]] = [:]
    public var customerTags: [String] = []
    public var languages: [String] = []

    // Actions.
    public var setKind: String?
    public var setFeedbackType: String?
    public var setCategory: String?
    public var setPriority: String?
    /// The priority is raised to at least this.
    public var raisePriority: String?
    /// An agent's address.
    public var assign: String?
    public var tagCustomer: [String] = []
    public var review = false
    /// No later rule is applied.
    public var stop = false

    public init(name: String, line: Int? = nil) {
        self.name = name
        self.line = line
    }
}
