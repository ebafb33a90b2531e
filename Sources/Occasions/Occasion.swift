/// How an occasion's date is found each year.
public enum OccasionKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// The same Gregorian month and day every year (Christmas).
    case fixed
    /// A day of the Chinese lunar calendar (Mid-Autumn, a lunar birthday).
    case lunar
    /// A solar term, from the Sun's longitude (Qingming).
    case solarTerm = "solar_term"
    /// A computed rule: Easter, the nth weekday of a month.
    case rule
}

/// An occasion's display name in the locales care mail is written in.
public struct LocalizedName: Sendable, Hashable, Codable {
    public let en: String
    /// Simplified Chinese.
    public let zh: String
    /// Traditional Chinese.
    public let zhHant: String

    public init(en: String, zh: String, zhHant: String) {
        self.en = en
        self.zh = zh
        self.zhHant = zhHant
    }

    enum CodingKeys: String, CodingKey {
        case en, zh
        case zhHant = "zh-Hant"
    }

    /// The name for a locale tag (`en`, `zh-CN`, `zh-Hans`, `zh-TW`, `zh-Hant-HK`); English when unknown.
    public func name(locale: String) -> String {
        let tag = locale.lowercased().replacingOccurrences(of: "_", with: "-")
        guard tag == "zh" || tag.hasPrefix("zh-") else { return en }
        let traditional = ["zh-hant", "zh-tw", "zh-hk", "zh-mo"].contains { tag == $0 || tag.hasPrefix($0 + "-") }
        return traditional ? zhHant : zh
    }
}

/// One dated occasion: a holiday or a customer's birthday on a given day.
///
/// Encodes as `{"id": "mid_autumn", "name": {"en": ..., "zh": ..., "zh-Hant": ...}, "date": "2025-10-06",
/// "kind": "lunar"}`, the shape of `maildesk holidays --json`.
public struct Occasion: Sendable, Hashable, Codable {
    /// A stable slug (`spring_festival`, `birthday`).
    public let id: String
    public let name: LocalizedName
    public let date: CivilDate
    public let kind: OccasionKind

    public init(id: String, name: LocalizedName, date: CivilDate, kind: OccasionKind) {
        self.id = id
        self.name = name
        self.date = date
        self.kind = kind
    }
}
