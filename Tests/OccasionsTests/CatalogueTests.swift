import Foundation
import Occasions
import Testing

/// The holiday catalogue: ids, a year's list, the range helper, JSON, and independence from the machine's zone.
@Suite struct CatalogueTests {
    static let ids = [
        "new_year", "valentines_day", "easter", "mothers_day", "fathers_day", "thanksgiving", "christmas",
        "spring_festival", "lantern", "qingming", "dragon_boat", "qixi", "mid_autumn", "double_ninth", "dongzhi",
        "laba", "little_new_year", "new_years_eve_lunar"
    ]

    @Test func catalogueHasTheStableIDs() {
        #expect(Holiday.catalogue.map(\.id) == Self.ids)
        #expect(Holiday.catalogue.allSatisfy { !$0.name.en.isEmpty && !$0.name.zh.isEmpty && !$0.name.zhHant.isEmpty })
        #expect(HolidayCatalogue.builtIn.named("qingming")?.kind == .solarTerm)
        #expect(HolidayCatalogue.builtIn.named("easter")?.kind == .rule)
        #expect(HolidayCatalogue.builtIn.named("nope") == nil)
    }

    @Test(arguments: [1901, 2022, 2023, 2025, 2100])
    func yearListIsSortedAndInTheYear(year: Int) {
        let list = HolidayCatalogue.builtIn.holidays(year: year)
        #expect(list.allSatisfy { $0.date.year == year })
        #expect(list.map(\.date) == list.map(\.date).sorted())
    }

    @Test func year2025() {
        let list = HolidayCatalogue.builtIn.holidays(year: 2025).map { "\($0.id) \($0.date)" }
        #expect(
            list == [
                "new_year 2025-01-01", "laba 2025-01-07", "little_new_year 2025-01-22",
                "new_years_eve_lunar 2025-01-28",
                "spring_festival 2025-01-29", "lantern 2025-02-12", "valentines_day 2025-02-14", "qingming 2025-04-04",
                "easter 2025-04-20", "mothers_day 2025-05-11", "dragon_boat 2025-05-31", "fathers_day 2025-06-15",
                "qixi 2025-08-29", "mid_autumn 2025-10-06", "double_ninth 2025-10-29", "thanksgiving 2025-11-27",
                "dongzhi 2025-12-21", "christmas 2025-12-25"
            ])
    }

    @Test func twelfthMonthFestivalsCanRepeatOrSkipAYear() {
        // 腊八 of lunar 2021 and of lunar 2022 both fall in 2022; none falls in 2023.
        let laba2022 = HolidayCatalogue.builtIn.holidays(year: 2022).filter { $0.id == "laba" }.map(\.date.iso)
        #expect(laba2022 == ["2022-01-10", "2022-12-30"])
        #expect(HolidayCatalogue.builtIn.occasion(id: "laba", year: 2023) == nil)
        #expect(HolidayCatalogue.builtIn.occasion(id: "no_such_holiday", year: 2025) == nil)
    }

    @Test func rangeHelperSpansYears() throws {
        let range = try CivilDate(iso: "2025-12-20")...CivilDate(iso: "2026-02-17")
        let got = HolidayCatalogue.builtIn.occasions(in: range).map { "\($0.id) \($0.date)" }
        #expect(
            got == [
                "dongzhi 2025-12-21", "christmas 2025-12-25", "new_year 2026-01-01", "laba 2026-01-26",
                "little_new_year 2026-02-10", "valentines_day 2026-02-14", "new_years_eve_lunar 2026-02-16",
                "spring_festival 2026-02-17"
            ])
    }

    @Test func occasionJSONShape() throws {
        let json = HolidayCatalogue.builtIn.json(year: 2025)
        let decoded = try JSONDecoder().decode([Occasion].self, from: Data(json.utf8))
        #expect(decoded == HolidayCatalogue.builtIn.holidays(year: 2025))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        let mid = try #require(object.first { $0["id"] as? String == "mid_autumn" })
        #expect(Set(mid.keys) == ["id", "name", "date", "kind"])
        #expect(mid["date"] as? String == "2025-10-06")
        #expect(mid["kind"] as? String == "lunar")
        #expect(mid["name"] as? [String: String] == ["en": "Mid-Autumn Festival", "zh": "中秋节", "zh-Hant": "中秋節"])
        #expect(object.first { $0["id"] as? String == "qingming" }?["kind"] as? String == "solar_term")
    }

    @Test(arguments: [
        ("en-US", "Dragon Boat Festival"), ("zh-CN", "端午节"), ("zh", "端午节"),
        ("zh-Hant-HK", "端午節"), ("zh_TW", "端午節"), ("fr", "Dragon Boat Festival")
    ])
    func localizedName(locale: String, expected: String) throws {
        #expect(try #require(HolidayCatalogue.builtIn.named("dragon_boat")).name.name(locale: locale) == expected)
    }

    @Test func resultsDoNotDependOnTheMachineZone() {
        // The suite is also run under TZ=America/Los_Angeles and TZ=Asia/Tokyo; the zone must never leak in.
        let zone = TimeZone.current.identifier
        #expect(
            HolidayCatalogue.builtIn.occasion(id: "spring_festival", year: 2027)?.date
                == CivilDate(year: 2027, month: 2, day: 6),
            "machine zone \(zone)")
        #expect(LunarDate(CivilDate(year: 2027, month: 2, day: 6)!) == LunarDate(year: 2027, month: 1, day: 1))
    }
}
