import Occasions

// The keys of `config/occasions.toml`'s `[[occasion]]` (with its name table) and `[[override]]` tables. Each is
// the occasion's or the override's own, so none has a default; the shipped file shows them as examples.

extension Holiday {
    enum Keys {
        static let id = ConfigKey<String>(
            "id", default: nil, doc: "The occasion's id: lowercase letters, digits, '-' and '_'; not a built-in id.")
        /// Its table form is read by `LocalizedName.Keys`.
        static let name = ConfigKey<String>(
            "name", default: nil, doc: "Its name, one string or a table per locale (en, zh, zh-Hant); absent: the id.")
        static let date = ConfigKey<String>(
            "date", default: nil,
            doc: "The same Gregorian day every year, MM-DD (02-29 falls on 02-28 in common years).")
        static let lunar = ConfigKey<String>(
            "lunar", default: nil, doc: "A Chinese lunar month and day MM-DD (30: the month's last day).")
        static let weekday = ConfigKey<String>(
            "weekday", default: nil, doc: "A day of the week, with nth and month: the nth such day of that month.")
        static let nth = ConfigKey<Int>(
            "nth", in: 1...4, default: nil, doc: "Which weekday of the month (1 to 4), with weekday.")
        static let month = ConfigKey<Int>(
            "month", in: 1...12, default: nil, doc: "The month (1 to 12) of a weekday occasion.")

        static let all: [any DeclaredKey] = [id, name, date, lunar, weekday, nth, month]
        /// The keys that give its day: exactly one is written.
        static let rules = [date, lunar, weekday]
    }
}

extension LocalizedName {
    /// The keys of an occasion's name written as a table; zh defaults to en, zh-Hant to zh.
    enum Keys {
        static let en = ConfigKey<String>("en", default: nil, doc: "The name in English (required).")
        static let zh = ConfigKey<String>("zh", default: nil, doc: "The name in Simplified Chinese; absent: en.")
        static let zhHant = ConfigKey<String>(
            "zh-Hant", default: nil, doc: "The name in Traditional Chinese; absent: zh.")

        static let all: [any DeclaredKey] = [en, zh, zhHant]
    }
}

extension HolidayCatalogue.Override {
    enum Keys {
        static let occasion = ConfigKey<String>(
            "occasion", default: nil, doc: "The occasion it changes: a built-in holiday id or an [[occasion]]'s.")
        static let year = ConfigKey<Int>(
            "year", in: 1901...2100, default: nil, doc: "The year it applies to.")
        static let date = ConfigKey<CalendarDay>(
            "date", default: nil, doc: "The day the occasion falls on that year.")
        /// No default: `skip = false` beside a date is refused as writing both.
        static let skip = ConfigKey<Bool>(
            "skip", default: nil, doc: "true: the occasion is not kept that year (instead of date).")

        static let all: [any DeclaredKey] = [occasion, year, date, skip]
    }
}
