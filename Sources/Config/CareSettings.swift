import Foundation

/// `[care]` in `config/maildesk.toml`: where campaigns live and the rules every care mail keeps.
public struct CareSettings: Sendable, Equatable {
    /// The folder of campaign files, one `*.toml` per campaign.
    public var campaigns: String
    /// The zone of customers without one (an IANA name).
    public var defaultTimezone: String
    /// No care mail within this many hours of another one to the same customer.
    public var minGapHours: Int
    /// The From of care mail and where unsubscribe mail goes (nil: `[smtp] from`).
    public var from: String?
    public var fromName: String?
    /// Where customers reach maildesk's web endpoint (`https://desk.example.com`, behind a reverse proxy to
    /// `[http] listen`): care mail then carries a one-click unsubscribe link (RFC 8058) besides the mailto.
    public var publicURL: String?
    /// The file of custom occasions and per-year overrides, as written; nil: the built-in holidays only.
    public var occasionsFile: String? = CareSettings.defaultOccasionsFile

    public static let defaultCampaigns = "config/campaigns"
    public static let defaultOccasionsFile = "config/occasions.toml"

    public init(
        campaigns: String = CareSettings.defaultCampaigns, defaultTimezone: String = "UTC", minGapHours: Int = 20,
        from: String? = nil, fromName: String? = nil
    ) {
        self.campaigns = campaigns
        self.defaultTimezone = defaultTimezone
        self.minGapHours = minGapHours
        self.from = from
        self.fromName = fromName
    }

    enum Keys {
        static let campaigns = ConfigKey<String>(
            "campaigns", default: "config/campaigns", doc: "The folder of care campaigns: one *.toml per campaign.")
        /// The demo's customers are in China; a new installation should choose.
        static let defaultTimezone = ConfigKey<String>(
            "default_timezone", default: "UTC", shipped: "Asia/Shanghai",
            doc: "The time zone of customers without one (an IANA name).")
        static let minGapHours = ConfigKey<Int>(
            "min_gap_hours", in: 0...8760, default: 20,
            doc: "No care mail within this many hours of another care mail to the same customer.")
        static let from = ConfigKey<String>(
            "from", default: nil, doc: "The From of care mail and where unsubscribe mail goes (absent: [smtp] from).")
        static let fromName = ConfigKey<String>(
            "from_name", default: nil, doc: "The display name of care mail (absent: [smtp] from_name).")
        static let publicURL = ConfigKey<String>(
            "public_url", default: nil,
            doc: "The HTTPS address of the [http] listener's proxy: care mail then has a one-click unsubscribe link.")
        static let occasions = ConfigKey<String>(
            "occasions", default: "config/occasions.toml",
            doc: "Custom occasions and per-year holiday overrides (\"\" for none).")

        static let all: [any DeclaredKey] = [
            campaigns, defaultTimezone, minGapHours, from, fromName, publicURL, occasions
        ]
    }

    static func read(_ table: TableReader, into settings: inout CareSettings) {
        if let path = table.string(Keys.campaigns) {
            if let problem = FieldChecks.path(Keys.campaigns.name, path) {
                table.fail(Keys.campaigns, problem)
            } else {
                settings.campaigns = path
            }
        }
        if let zone = table.string(Keys.defaultTimezone) {
            if let problem = CampaignReader.zoneProblem(zone) {
                table.fail(Keys.defaultTimezone, problem)
            } else {
                settings.defaultTimezone = zone
            }
        }
        settings.minGapHours = table.integer(Keys.minGapHours) ?? settings.minGapHours
        if let path = table.string(Keys.occasions) {
            if path.isEmpty {
                settings.occasionsFile = nil
            } else if let problem = FieldChecks.path(Keys.occasions.name, path) {
                table.fail(Keys.occasions, problem)
            } else {
                settings.occasionsFile = path
            }
        }
        if let from = table.string(Keys.from) {
            if !from.contains("@") {
                table.fail(Keys.from, "'from' must be an address, e.g. care@example.com")
            } else {
                settings.from = from.lowercased()
            }
        }
        settings.fromName = table.string(Keys.fromName) ?? settings.fromName
        if let url = table.string(Keys.publicURL) {
            if let problem = publicURLProblem(url) {
                table.fail(Keys.publicURL, problem)
            } else {
                settings.publicURL = url.hasSuffix("/") ? String(url.dropLast()) : url
            }
        }
    }

    /// RFC 8058 one-click links must be HTTPS; plain HTTP is accepted for this machine only (a test, a proxy on it).
    static func publicURLProblem(_ url: String) -> String? {
        guard let parsed = URLComponents(string: url), let scheme = parsed.scheme?.lowercased(), let host = parsed.host,
            !host.isEmpty, parsed.query == nil, parsed.fragment == nil
        else {
            return "'public_url' must be a URL such as \"https://desk.example.com\", got \"\(url)\""
        }
        if scheme == "https" { return nil }
        if scheme == "http" && ["127.0.0.1", "localhost", "::1"].contains(host.lowercased()) { return nil }
        return "'public_url' must be https:// (mail clients only follow HTTPS one-click links), got \"\(url)\""
    }
}

/// One care campaign, from `config/campaigns/<name>.toml`.
public struct CampaignDefinition: Sendable, Equatable {
    /// What the campaign greets for.
    public enum Occasion: Sendable, Equatable, CustomStringConvertible {
        /// Each customer's own birthday (Gregorian or lunar).
        case birthday
        /// A holiday of the catalogue, by id (`spring_festival`).
        case holiday(String)
        /// One fixed day.
        case date(CalendarDay)

        public var description: String {
            switch self {
            case .birthday: "birthday"
            case .holiday(let id): id
            case .date(let day): day.description
            }
        }
    }

    public enum State: String, Sendable, Equatable, CaseIterable { case active, paused }
    public enum Feb29: String, Sendable, Equatable, CaseIterable { case feb28, mar1 }

    public var name: String
    public var occasion: Occasion
    /// Only customers with at least one of these tags (empty: everyone).
    public var tags: [String]
    /// Only customers whose language starts with one of these (empty: everyone).
    public var languages: [String]
    /// Local time of day in the customer's zone, minutes after midnight.
    public var sendAt: Int
    /// Care mails this campaign queues per hour at most (0: no limit).
    public var throttle: Int
    /// After downtime, an occasion at most this late is still greeted; later ones are skipped with the reason.
    public var catchUpHours: Int
    public var feb29: Feb29
    public var start: CalendarDay?
    public var end: CalendarDay?
    public var state: State
    /// The template name (default `care_<name>`).
    public var template: String
    /// The file it came from, for messages.
    public var file: String

    public init(
        name: String, occasion: Occasion, tags: [String] = [], languages: [String] = [], sendAt: Int = 9 * 60,
        throttle: Int = 0, catchUpHours: Int = 12, feb29: Feb29 = .feb28, start: CalendarDay? = nil,
        end: CalendarDay? = nil, state: State = .active, template: String? = nil, file: String = ""
    ) {
        self.name = name
        self.occasion = occasion
        self.tags = tags
        self.languages = languages
        self.sendAt = sendAt
        self.throttle = throttle
        self.catchUpHours = catchUpHours
        self.feb29 = feb29
        self.start = start
        self.end = end
        self.state = state
        self.template = template ?? "care_\(name)"
        self.file = file
    }

    /// `09:00`.
    public var sendAtText: String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(two(sendAt / 60)):\(two(sendAt % 60))"
    }
}
