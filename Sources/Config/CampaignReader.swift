import Foundation
import Occasions

/// Reads `config/campaigns/*.toml`; every problem is recorded with its file and line.
enum CampaignReader {
    typealias Keys = CampaignDefinition.Keys
    typealias SegmentKeys = CampaignDefinition.SegmentKeys

    static let schema = TableSchema(
        declared: Keys.all, tables: ["segment": TableSchema(declared: SegmentKeys.all)])

    static func read(_ document: TOMLDocument, holidays: HolidayCatalogue, log: Diagnostics) -> CampaignDefinition? {
        let before = log.count
        let root = TableReader(document: document, log: log)
        root.rejectUnknownKeys(schema, root: schema)
        let segment = root.table("segment")
        segment?.rejectUnknownKeys(schema.tables["segment"]!, root: schema)
        let fileName = (document.file as NSString).lastPathComponent.replacingOccurrences(of: ".toml", with: "")
        let name = root.string(Keys.name) ?? fileName
        if !FieldChecks.isMailboxName(name) {
            root.fail(Keys.name, "campaign name '\(name)' must be lowercase letters, digits, '-' and '_'")
        }
        var occasion = CampaignDefinition.Occasion.birthday
        if let text = root.string(Keys.occasion) {
            if text == "birthday" {
                occasion = .birthday
            } else if holidays.named(text) != nil {
                occasion = .holiday(text)
            } else if let day = CalendarDay(text) {
                occasion = .date(day)
            } else {
                let ids = holidays.ids
                root.fail(
                    Keys.occasion,
                    "unknown occasion '\(text)'"
                        + (Suggestions.closest(to: text, among: ids + ["birthday"]).map { " — did you mean '\($0)'?" }
                            ?? "")
                        + " (write \"birthday\", a holiday id from `maildesk holidays --year Y`, or a date YYYY-MM-DD)")
            }
        } else if !root.has(Keys.occasion) {
            root.fail(
                nil,
                "missing 'occasion': write occasion = \"birthday\", a holiday id such as \"spring_festival\", or a date"
            )
        }
        var campaign = CampaignDefinition(name: name, occasion: occasion, file: document.file)
        campaign.tags = segment?.strings(SegmentKeys.tags)?.map { $0.lowercased() } ?? []
        campaign.languages = segment?.strings(SegmentKeys.languages) ?? []
        if let text = root.string(Keys.sendAt) {
            let parts = text.split(separator: ":")
            if parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let h = Int(parts[0]), let m = Int(parts[1]),
                (0...23).contains(h), (0...59).contains(m)
            {
                campaign.sendAt = h * 60 + m
            } else {
                root.fail(Keys.sendAt, "'send_at' must be a local time HH:MM, e.g. send_at = \"09:00\"")
            }
        }
        campaign.throttle = root.integer(Keys.throttle) ?? campaign.throttle
        campaign.catchUpHours = root.integer(Keys.catchUpHours) ?? campaign.catchUpHours
        if let text = root.string(Keys.feb29) {
            if let value = CampaignDefinition.Feb29(rawValue: text) {
                campaign.feb29 = value
            } else {
                root.fail(
                    Keys.feb29,
                    "'feb29' must be \"feb28\" or \"mar1\" (the day a 29 February birthday is kept in other years)")
            }
        }
        campaign.start = root.calendarDate(Keys.start)
        campaign.end = root.calendarDate(Keys.end)
        if let start = campaign.start, let end = campaign.end, end < start {
            root.fail(Keys.end, "'end' \(end) is before 'start' \(start)")
        }
        if let text = root.string(Keys.state) {
            if let value = CampaignDefinition.State(rawValue: text) {
                campaign.state = value
            } else {
                root.fail(
                    Keys.state,
                    "'state' must be \"active\" or \"paused\""
                        + (Suggestions.closest(to: text, among: Keys.state.choices).map { " — did you mean '\($0)'?" }
                            ?? ""))
            }
        }
        if let template = root.string(Keys.template) {
            if FieldChecks.isMailboxName(template) {
                campaign.template = template
            } else {
                root.fail(
                    Keys.template,
                    "'template' must be a template name such as care_birthday (templates/<locale>/<name>.txt)")
            }
        }
        return log.count == before ? campaign : nil
    }

    /// Why `zone` is not an IANA zone name, or nil.
    static func zoneProblem(_ zone: String) -> String? {
        if zone == "UTC" || (zone.contains("/") && TimeZone(identifier: zone) != nil) { return nil }
        return
            "unknown time zone '\(zone)': write an IANA zone such as Asia/Shanghai, Europe/Berlin or America/New_York"
    }
}
