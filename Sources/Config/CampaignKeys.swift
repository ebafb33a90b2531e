// The keys of a `config/campaigns/*.toml` file and of its [segment] section. The defaults are
// `CampaignDefinition`'s; the shipped campaigns show them, but their names and occasions are their own.

extension CampaignDefinition {
    enum Keys {
        static let name = ConfigKey<String>(
            "name", default: nil,
            doc: "The campaign's name: lowercase letters, digits, '-' and '_'; absent: the file's.")
        static let occasion = ConfigKey<String>(
            "occasion", default: nil,
            doc: "\"birthday\", a holiday id from `maildesk holidays --year Y`, or a date YYYY-MM-DD.")
        static let sendAt = ConfigKey<String>(
            "send_at", default: "09:00", doc: "The local time HH:MM in the customer's time zone it is sent at.")
        static let throttle = ConfigKey<Int>(
            "throttle", in: 0...1_000_000, default: 0, doc: "Care mails per hour at most; 0: no limit.")
        static let catchUpHours = ConfigKey<Int>(
            "catch_up_hours", in: 0...720, default: 12,
            doc: "After downtime, what is at most this many hours late is still sent; the rest is skipped.")
        static let feb29 = ConfigKey<String>(
            "feb29", oneOf: Feb29.allCases.map(\.rawValue), default: "feb28",
            doc: "The day a 29 February birthday is kept in common years.")
        static let start = ConfigKey<CalendarDay>(
            "start", default: nil, doc: "The first day it runs; absent: from now on.")
        static let end = ConfigKey<CalendarDay>(
            "end", default: nil, doc: "The last day it runs; absent: no end.")
        static let state = ConfigKey<String>(
            "state", oneOf: State.allCases.map(\.rawValue), default: "active",
            doc: "\"active\" or \"paused\"; `maildesk campaign pause|resume|cancel NAME` overrides it.")
        static let template = ConfigKey<String>(
            "template", default: nil, doc: "The template name (templates/<locale>/<name>.txt); absent: care_<name>.")

        /// The value keys, in the order messages list them; the [segment] section comes between name and send_at.
        static let all: [any DeclaredKey] = [
            name, occasion, sendAt, throttle, catchUpHours, feb29, start, end, state, template
        ]
    }

    /// The keys of the [segment] section: which customers get the campaign.
    enum SegmentKeys {
        static let tags = ConfigKey<[String]>(
            "tags", default: [], doc: "Only customers with one of these tags; empty: everyone.")
        static let languages = ConfigKey<[String]>(
            "languages", default: [],
            doc: "Only customers with one of these languages (zh matches zh-Hant); empty: all.")

        static let all: [any DeclaredKey] = [tags, languages]
    }
}
