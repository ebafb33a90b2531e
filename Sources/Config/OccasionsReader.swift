import Occasions

/// Reads `config/occasions.toml`: custom occasions beside the built-in holidays, and per-year overrides.
///
///     [[occasion]]
///     id = "anniversary"
///     name = { en = "Our anniversary", zh = "周年庆", zh-Hant = "週年慶" }   # or one string for every locale
///     date = "06-18"                        # or lunar = "08-15", or weekday = "sunday", nth = 2, month = 5
///
///     [[override]]
///     occasion = "mothers_day"
///     year = 2027
///     date = 2027-05-09                     # or skip = true: not kept that year
///
/// Every problem is recorded with its file and line.
enum OccasionsReader {
    static let arrays = ["occasion", "override"]
    // `name` is a value key (one string) and a table (one name per locale).
    static let occasionSchema = TableSchema(
        declared: Holiday.Keys.all, tables: [Holiday.Keys.name.name: TableSchema(declared: LocalizedName.Keys.all)])
    static let overrideSchema = TableSchema(declared: HolidayCatalogue.Override.Keys.all)

    static func read(_ document: TOMLDocument, log: Diagnostics) -> HolidayCatalogue {
        let root = TableReader(document: document, log: log)
        for (key, value) in root.table where !arrays.contains(key) {
            let kind =
                value.type == .array || value.type == .table
                ? "table [[\(Suggestions.keyName(key))]]" : "key '\(Suggestions.keyName(key))'"
            let singular = key.hasSuffix("s") ? String(key.dropLast()) : key
            root.fail(
                key,
                "unknown \(kind)"
                    + (Suggestions.closest(to: singular, among: arrays).map { " — did you mean [[\($0)]]?" } ?? "")
                    + " (this file holds [[occasion]] and [[override]] tables)")
        }
        var custom: [Holiday] = []
        for table in root.tables("occasion") ?? [] {
            guard let holiday = readOccasion(table, taken: Set(HolidayCatalogue.builtIn.ids + custom.map(\.id))) else {
                continue
            }
            custom.append(holiday)
        }
        let known = HolidayCatalogue(custom: custom)
        var overrides: [HolidayCatalogue.Override] = []
        for table in root.tables("override") ?? [] {
            guard let override = readOverride(table, catalogue: known) else { continue }
            if overrides.contains(where: { $0.id == override.id && $0.year == override.year }) {
                table.fail(
                    HolidayCatalogue.Override.Keys.year,
                    "'\(override.id)' already has an override for \(override.year) — keep one of them")
                continue
            }
            overrides.append(override)
        }
        return HolidayCatalogue(custom: custom, overrides: overrides)
    }

    private static func readOccasion(_ table: TableReader, taken: Set<String>) -> Holiday? {
        typealias Keys = Holiday.Keys
        let before = table.log.count
        table.rejectUnknownKeys(occasionSchema, root: occasionSchema)
        let id = table.string(Keys.id)
        if id == nil && !table.has(Keys.id) { table.fail(nil, "[[occasion]] needs an id, e.g. id = \"anniversary\"") }
        if let id {
            if !FieldChecks.isMailboxName(id) {
                table.fail(Keys.id, "occasion id '\(id)' must be lowercase letters, digits, '-' and '_'")
            } else if id == "birthday" || taken.contains(id) {
                table.fail(
                    Keys.id,
                    "occasion id '\(id)' is already "
                        + (id == "birthday"
                            ? "the customers' birthdays"
                            : HolidayCatalogue.builtIn.named(id) != nil
                                ? "a built-in holiday (to move it in one year, write an [[override]])"
                                : "used by another [[occasion]]"))
            }
        }
        let name = readName(table, id: id ?? "")
        let rules = Keys.rules.map(\.name).filter(table.has)
        var rule: Holiday.Rule?
        if rules.count != 1 {
            table.fail(
                rules.dropFirst().first,
                rules.isEmpty
                    ? "[[occasion]] needs its day: date = \"MM-DD\" (Gregorian), lunar = \"MM-DD\" (Chinese lunar) or weekday = \"sunday\" with nth and month"
                    : "write one of date, lunar and weekday, not \(rules.joined(separator: " and "))")
        } else if let text = table.string(Keys.date) {
            if let (month, day) = monthDay(text), CivilDate(year: 2024, month: month, day: day) != nil {
                rule = .fixed(month: month, day: day)
            } else {
                table.fail(
                    Keys.date,
                    "'date' must be a month and day MM-DD, e.g. date = \"06-18\" (for one year only, use a campaign's date)"
                )
            }
        } else if let text = table.string(Keys.lunar) {
            if let (month, day) = monthDay(text), (1...12).contains(month), (1...30).contains(day) {
                rule = .lunar(month: month, day: day)
            } else {
                table.fail(
                    Keys.lunar,
                    "'lunar' must be a lunar month and day MM-DD (month 01-12, day 01-30; 30 is the month's last day), e.g. lunar = \"08-15\""
                )
            }
        } else if let word = table.string(Keys.weekday) {
            let nth = table.integer(Keys.nth)
            let month = table.integer(Keys.month)
            if !table.has(Keys.nth) {
                table.fail(Keys.weekday, "a weekday occasion needs nth (1 to 4), e.g. nth = 2 for the second")
            }
            if !table.has(Keys.month) {
                table.fail(Keys.weekday, "a weekday occasion needs its month (1 to 12), e.g. month = 5")
            }
            let lower = word.lowercased()
            if lower.count >= 3, let index = ServiceLevelsReader.fullDayNames.firstIndex(where: { $0.hasPrefix(lower) })
            {
                if let nth, let month { rule = .nthWeekday(nth: nth, weekday: index + 1, month: month) }
            } else {
                table.fail(Keys.weekday, "unknown day '\(word)' — write monday, tuesday, ... or sunday")
            }
        }
        if !table.has(Keys.weekday), table.has(Keys.nth) || table.has(Keys.month) {
            table.fail(table.has(Keys.nth) ? Keys.nth : Keys.month, "nth and month go with weekday only")
        }
        guard table.log.count == before, let id, let name, let rule else { return nil }
        return Holiday(id: id, name: name, rule: rule)
    }

    /// `name = "…"` (every locale) or `name = { en = …, zh = …, zh-Hant = … }` (en required, the others default
    /// to zh or en); the id when absent.
    private static func readName(_ table: TableReader, id: String) -> LocalizedName? {
        let key = Holiday.Keys.name
        guard table.has(key) else { return LocalizedName(en: id, zh: id, zhHant: id) }
        if let text = table.table[key.name]?.string { return LocalizedName(en: text, zh: text, zhHant: text) }
        guard table.table[key.name]?.table != nil, let names = table.table(key.name) else {
            table.fail(
                key, "'name' must be a string or a table, e.g. name = { en = \"Our anniversary\", zh = \"周年庆\" }")
            return nil
        }
        names.rejectUnknownKeys(occasionSchema.tables[key.name]!, root: occasionSchema)
        typealias Keys = LocalizedName.Keys
        guard let en = names.string(Keys.en) else {
            if !names.has(Keys.en) {
                table.fail(key, "the name table needs en, e.g. name = { en = \"Our anniversary\", zh = \"周年庆\" }")
            }
            return nil
        }
        let zh = names.string(Keys.zh) ?? en
        return LocalizedName(en: en, zh: zh, zhHant: names.string(Keys.zhHant) ?? zh)
    }

    private static func readOverride(_ table: TableReader, catalogue: HolidayCatalogue) -> HolidayCatalogue.Override? {
        typealias Keys = HolidayCatalogue.Override.Keys
        let before = table.log.count
        table.rejectUnknownKeys(overrideSchema, root: overrideSchema)
        let id = table.string(Keys.occasion)
        if id == nil && !table.has(Keys.occasion) {
            table.fail(nil, "[[override]] needs the occasion it changes, e.g. occasion = \"mothers_day\"")
        }
        if let id, catalogue.named(id) == nil {
            table.fail(
                Keys.occasion,
                "unknown occasion '\(id)'"
                    + (Suggestions.closest(to: id, among: catalogue.ids).map { " — did you mean '\($0)'?" } ?? "")
                    + " (a holiday id from `maildesk holidays --year Y`, or an [[occasion]] of this file)")
        }
        let year = table.integer(Keys.year)
        if year == nil && !table.has(Keys.year) {
            table.fail(nil, "[[override]] needs the year it applies to, e.g. year = 2027")
        }
        let skip = table.bool(Keys.skip) ?? false
        let day = table.calendarDate(Keys.date)
        var date: CivilDate?
        if table.has(Keys.date) && table.has(Keys.skip) {
            table.fail(
                Keys.skip, "write either date (the day it moves to) or skip = true (not kept that year), not both")
        } else if !table.has(Keys.date) && !skip {
            table.fail(nil, "[[override]] needs date = YYYY-MM-DD (the day it falls on that year) or skip = true")
        } else if let day {
            date = CivilDate(year: day.year, month: day.month, day: day.day)
            if date == nil { table.fail(Keys.date, "'date' \(day) does not exist") }
            if let year, day.year != year {
                table.fail(Keys.date, "'date' \(day) is not in the override's year \(year)")
            }
        }
        guard table.log.count == before, let id, let year else { return nil }
        return HolidayCatalogue.Override(id: id, year: year, date: skip ? nil : date)
    }

    /// `MM-DD` as numbers; nil for anything else.
    private static func monthDay(_ text: String) -> (Int, Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let month = Int(parts[0]), let day = Int(parts[1]),
            (1...12).contains(month)
        else { return nil }
        return (month, day)
    }
}
