/// Month starts where ICU's Chinese calendar disagrees with the observatories' published tables.
///
/// Each entry moves one month boundary by a day; the month before it gets the day (or loses it) in turn.
/// Found by comparing every month of 1901-2100 with lunar_python 1.4.8, lunardate, LunarCalendar and the new-moon
/// instants from ephem (Tests/OccasionsTests/Fixtures/README.md has the evidence):
/// - Before 1929 China kept Beijing mean time (UTC+7:45:40), as the Purple Mountain and Hong Kong tables do;
///   ICU uses UTC+8 throughout, so three new moons just after midnight UTC+8 land a day late.
/// - 2057 and 2097: new moons within a minute before midnight UTC+8, where ICU's lunar theory rounds the
///   other way. The Hong Kong Observatory's table, the authority here, starts those months on the earlier day.
enum LunarCorrections {
    /// (ICU's first day, the observatories' first day, which month).
    static let entries: [(icu: CivilDate, observatory: CivilDate, month: String)] = [
        (CivilDate(validYear: 1914, month: 11, day: 18), CivilDate(validYear: 1914, month: 11, day: 17), "1914/10"),
        (CivilDate(validYear: 1916, month: 2, day: 4), CivilDate(validYear: 1916, month: 2, day: 3), "1916/1"),
        (CivilDate(validYear: 1920, month: 11, day: 11), CivilDate(validYear: 1920, month: 11, day: 10), "1920/10"),
        (CivilDate(validYear: 2057, month: 9, day: 29), CivilDate(validYear: 2057, month: 9, day: 28), "2057/9"),
        (CivilDate(validYear: 2097, month: 8, day: 8), CivilDate(validYear: 2097, month: 8, day: 7), "2097/7")
    ]

    private static let byICUStart: [Int: Int] = Dictionary(
        uniqueKeysWithValues: entries.map { ($0.icu.dayNumber, $0.observatory.dayNumber) })

    /// The observatories' first day of the month that ICU starts on day number `icuStart`.
    static func observatoryStart(icuStart: Int) -> Int { byICUStart[icuStart] ?? icuStart }
}
