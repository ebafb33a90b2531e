/// A holiday that care mail can be scheduled for, and the rule that dates it.
public struct Holiday: Sendable, Hashable {
    /// How the date is found in a year.
    public enum Rule: Sendable, Hashable {
        /// Gregorian month and day.
        case fixed(month: Int, day: Int)
        /// Lunar month and day in the regular (never the leap) month; day 30 means the month's last day (除夕).
        case lunar(month: Int, day: Int)
        case solarTerm(SolarTerm)
        /// The `nth` (1...4) ISO `weekday` (1 = Monday ... 7 = Sunday) of a Gregorian month.
        case nthWeekday(nth: Int, weekday: Int, month: Int)
        /// Western Easter Sunday (Gregorian computus).
        case easter
    }

    /// The stable slug (`mid_autumn`).
    public let id: String
    public let name: LocalizedName
    public let rule: Rule

    public init(id: String, name: LocalizedName, rule: Rule) {
        self.id = id
        self.name = name
        self.rule = rule
    }

    public var kind: OccasionKind {
        switch rule {
        case .fixed: .fixed
        case .lunar: .lunar
        case .solarTerm: .solarTerm
        case .nthWeekday, .easter: .rule
        }
    }

    /// The days of this holiday that fall in Gregorian `year`: one, except for lunar 12th-month festivals, which
    /// can fall twice (腊八 on 2022-01-10 and 2022-12-30) or not at all (no 腊八 in 2023).
    public func dates(in year: Int) -> [CivilDate] {
        switch rule {
        case let .fixed(month, day):
            return CivilDate(year: year, month: month, day: day).map { [$0] } ?? []
        case let .lunar(month, day):
            // The lunar year that began in `year - 1` ends in `year`, so both may contribute.
            return [year - 1, year].compactMap { LunarCalendar.regularDate(year: $0, month: month, day: day) }
                .filter { $0.year == year }
        case let .solarTerm(term):
            return [term.date(in: year)]
        case let .nthWeekday(nth, weekday, month):
            return [CivilDate.nthWeekday(nth, weekday, month: month, year: year)]
        case .easter:
            return [Holiday.easter(year: year)]
        }
    }

    /// This holiday's occasions in Gregorian `year`.
    public func occasions(in year: Int) -> [Occasion] {
        dates(in: year).map { Occasion(id: id, name: name, date: $0, kind: kind) }
    }

    /// Western Easter Sunday by the Anonymous Gregorian algorithm (Meeus/Jones/Butcher).
    public static func easter(year: Int) -> CivilDate {
        let a = year % 19
        let b = year / 100, c = year % 100
        let d = b / 4, e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return CivilDate(validYear: year, month: month, day: day)
    }
}
