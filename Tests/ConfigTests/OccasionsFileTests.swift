import Config
import Occasions
import Testing

/// `[care] occasions` (config/occasions.toml): custom occasions beside the built-in holidays and per-year
/// overrides, which campaigns and business hours can name.
@Suite("occasions file")
struct OccasionsFileTests {
    @Test func customOccasionsAndOverridesDateTheYear() throws {
        let sandbox = Sandbox.make()
        sandbox.write(
            "config/occasions.toml",
            """
            [[occasion]]
            id = "anniversary"
            name = { en = "Our anniversary", zh = "周年庆", zh-Hant = "週年慶" }
            date = "06-18"

            [[occasion]]
            id = "moon_party"
            name = "Moon party"
            lunar = "08-15"

            [[occasion]]
            id = "uk_mothers_day_like"
            weekday = "sun"
            nth = 1
            month = 3

            [[override]]
            occasion = "mothers_day"
            year = 2027
            date = 2027-05-02

            [[override]]
            occasion = "anniversary"
            year = 2028
            skip = true
            """)
        sandbox.write("config/campaigns/anniversary.toml", "occasion = \"anniversary\"\n")
        let configuration = try sandbox.load()
        let holidays = configuration.holidays
        let y2027 = holidays.holidays(year: 2027)
        let dates = Dictionary(y2027.map { ($0.id, $0.date.iso) }, uniquingKeysWith: { a, _ in a })
        #expect(dates["anniversary"] == "2027-06-18")
        #expect(dates["moon_party"] == HolidayCatalogue.builtIn.occasion(id: "mid_autumn", year: 2027)?.date.iso)
        #expect(dates["uk_mothers_day_like"] == "2027-03-07")
        #expect(dates["mothers_day"] == "2027-05-02")  // the override, not the rule's 2027-05-09
        // Other years keep the rule.
        #expect(holidays.occasion(id: "mothers_day", year: 2028)?.date.iso == "2028-05-14")
        #expect(holidays.occasion(id: "anniversary", year: 2028) == nil)
        #expect(y2027.first { $0.id == "anniversary" }?.name.name(locale: "zh-TW") == "週年慶")
        #expect(y2027.first { $0.id == "moon_party" }?.kind == .lunar)
        #expect(y2027.map(\.date) == y2027.map(\.date).sorted())
        #expect(configuration.campaign(named: "anniversary")?.occasion == .holiday("anniversary"))
        // The built-in lists stay as they were.
        #expect(HolidayCatalogue.builtIn.occasion(id: "mothers_day", year: 2027)?.date.iso == "2027-05-09")
        #expect(HolidayCatalogue.builtIn.named("anniversary") == nil)
    }

    @Test func businessHoursNameCustomOccasions() throws {
        let sandbox = Sandbox.make(config: Sandbox.minimalConfig + "\n[followup]\nsla = \"config/sla.toml\"\n")
        sandbox.write("config/occasions.toml", "[[occasion]]\nid = \"company_day\"\ndate = \"09-01\"\n")
        sandbox.write(
            "config/sla.toml",
            """
            [[business_hours]]
            name = "office"
            timezone = "Europe/Berlin"
            holidays = ["company_day", "christmas+1"]
            """)
        let levels = try #require(try sandbox.load().serviceLevels)
        #expect(levels.holidays.named("company_day") != nil)
        #expect(levels.calendars.first?.holidays.count == 2)
    }

    @Test func noFileMeansTheBuiltInHolidaysAndAnEmptyPathTurnsItOff() throws {
        #expect(try Sandbox.make().load().holidays == .builtIn)
        let off = Sandbox.make(config: Sandbox.minimalConfig + "\n[care]\noccasions = \"\"\n")
        off.write("config/occasions.toml", "this is not read")
        #expect(try off.load().holidays == .builtIn)
        let missing = Sandbox.make(config: Sandbox.minimalConfig + "\n[care]\noccasions = \"config/dates.toml\"\n")
        #expect(missing.errorLines().contains { $0.contains("config/dates.toml: not found") })
    }

    @Test func mistakesAreReportedWithFileLineAndFix() {
        let sandbox = Sandbox.make()
        sandbox.write(
            "config/occasions.toml",
            """
            [[occasion]]
            id = "christmas"
            date = "12-24"

            [[occasion]]
            id = "sale"
            date = "11-11"
            lunar = "10-10"

            [[occasion]]
            id = "bad_lunar"
            lunar = "13-01"

            [[occasion]]
            id = "Shout"
            date = "02-30"
            colour = "red"

            [[override]]
            occasion = "mothers_dya"
            year = 2027
            date = 2027-05-02

            [[override]]
            occasion = "christmas"
            year = 2027
            date = 2028-01-06

            [[overrides]]
            occasion = "easter"
            """)
        let lines = sandbox.errorLines()
        let expected = [
            "config/occasions.toml:2: occasion id 'christmas' is already a built-in holiday (to move it in one year, write an [[override]])",
            "config/occasions.toml:8: write one of date, lunar and weekday, not date and lunar",
            "config/occasions.toml:12: 'lunar' must be a lunar month and day MM-DD (month 01-12, day 01-30; 30 is the month's last day), e.g. lunar = \"08-15\"",
            "config/occasions.toml:15: occasion id 'Shout' must be lowercase letters, digits, '-' and '_'",
            "config/occasions.toml:16: 'date' must be a month and day MM-DD, e.g. date = \"06-18\" (for one year only, use a campaign's date)",
            "config/occasions.toml:17: unknown key 'colour' in [[occasion]] #4 (valid keys here: id, name, date, lunar, weekday, nth, month)",
            "config/occasions.toml:20: unknown occasion 'mothers_dya' — did you mean 'mothers_day'? (a holiday id from `maildesk holidays --year Y`, or an [[occasion]] of this file)",
            "config/occasions.toml:27: 'date' 2028-01-06 is not in the override's year 2027",
            "config/occasions.toml:29: unknown table [[overrides]] — did you mean [[override]]? (this file holds [[occasion]] and [[override]] tables)"
        ]
        for line in expected { #expect(lines.contains(line), "\(line)\n--- got:\n\(lines.joined(separator: "\n"))") }
        #expect(lines.count == expected.count, "\(lines.joined(separator: "\n"))")
    }
}
