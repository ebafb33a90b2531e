/// What to do with a 29 February birthday in a common year.
public enum Feb29Policy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Celebrate on 28 February (the last day of the birth month).
    case feb28
    /// Celebrate on 1 March (the day after 28 February, as the law in some countries counts age).
    case mar1
}

/// When a customer's birthday falls: a Gregorian month and day, or a lunar month and day kept every lunar year.
///
/// Written as `YYYY-MM-DD` or `MM-DD` (Gregorian), `lunar:MM-DD` or `lunar:YYYY-MM-DD`; a lunar month may carry an
/// `L` for a leap month (`lunar:2023-02L-10`). Encodes as that string.
public struct BirthdayRule: Sendable, Hashable {
    public enum Calendar: String, Sendable, Hashable, Codable {
        case gregorian, lunar
    }

    public let calendar: Calendar
    /// The birth year, when known; no birthday is dated before it.
    public let birthYear: Int?
    public let month: Int
    public let day: Int
    /// Born in a leap lunar month: the birthday is still kept in the regular month of that number, as families
    /// do, since most years have no such leap month.
    public let isLeapMonth: Bool

    /// A Gregorian birthday; `nil` for a month and day that never exist (04-31; 02-29 is allowed).
    public init?(month: Int, day: Int, birthYear: Int? = nil) {
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysInMonth(year: birthYear ?? 2000, month: month)
        else { return nil }
        self.init(unchecked: .gregorian, birthYear: birthYear, month: month, day: day, isLeapMonth: false)
    }

    /// A lunar birthday; `nil` outside months 1...12 and days 1...30.
    public init?(lunarMonth month: Int, day: Int, isLeapMonth: Bool = false, birthYear: Int? = nil) {
        guard (1...12).contains(month), (1...30).contains(day) else { return nil }
        self.init(unchecked: .lunar, birthYear: birthYear, month: month, day: day, isLeapMonth: isLeapMonth)
    }

    /// The lunar birthday of someone born on Gregorian `date` (leap month and birth lunar year included).
    public static func lunar(bornOn date: CivilDate) -> BirthdayRule {
        let lunar = LunarDate(date)
        return BirthdayRule(
            unchecked: .lunar, birthYear: lunar.year, month: lunar.month, day: lunar.day,
            isLeapMonth: lunar.isLeapMonth)
    }

    init(unchecked calendar: Calendar, birthYear: Int?, month: Int, day: Int, isLeapMonth: Bool) {
        self.calendar = calendar
        self.birthYear = birthYear
        self.month = month
        self.day = day
        self.isLeapMonth = isLeapMonth
    }

    /// The birthday in `year`: the Gregorian year for a Gregorian rule; for a lunar rule the lunar year that begins
    /// in `year`, so a late 12th-month birthday lands in January or February of `year + 1`. The 30th of a 29-day
    /// lunar month is kept on the 29th. Nil before the birth year.
    public func date(in year: Int, feb29: Feb29Policy = .feb28) -> CivilDate? {
        if let birthYear, year < birthYear { return nil }
        switch calendar {
        case .lunar:
            return LunarCalendar.regularDate(year: year, month: month, day: day)
        case .gregorian:
            if let date = CivilDate(year: year, month: month, day: day) { return date }
            // Only 29 February is missing in some years.
            return CivilDate(validYear: year, month: feb29 == .feb28 ? 2 : 3, day: feb29 == .feb28 ? 28 : 1)
        }
    }

    /// The birthdays dated within `range` (inclusive), in order.
    public func dates(in range: ClosedRange<CivilDate>, feb29: Feb29Policy = .feb28) -> [CivilDate] {
        // A lunar birthday of lunar year Y can fall in Gregorian Y + 1.
        let first = range.lowerBound.year - (calendar == .lunar ? 1 : 0)
        return (first...range.upperBound.year).compactMap { date(in: $0, feb29: feb29) }.filter(range.contains)
    }

    /// The birthdays within `range` as occasions (`id` "birthday", kind `fixed` or `lunar`).
    public func occasions(in range: ClosedRange<CivilDate>, feb29: Feb29Policy = .feb28) -> [Occasion] {
        let kind: OccasionKind = calendar == .lunar ? .lunar : .fixed
        return dates(in: range, feb29: feb29).map { Occasion(id: "birthday", name: Self.name, date: $0, kind: kind) }
    }

    static let name = LocalizedName(en: "Birthday", zh: "生日", zhHant: "生日")
}
