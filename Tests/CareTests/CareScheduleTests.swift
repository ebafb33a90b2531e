import Care
import Config
import Foundation
import Occasions
import Testing

@Suite("care schedule")
struct CareScheduleTests {
    static func utc(_ text: String) -> Date {
        let f = ISO8601DateFormatter()
        return f.date(from: text)!
    }

    /// send_at 09:00 on a local day, as a UTC instant, across zones and daylight-saving changes.
    @Test(arguments: [
        ("Asia/Shanghai", "2027-02-06", 540, "2027-02-06T01:00:00Z"),
        ("Asia/Kolkata", "2027-02-06", 540, "2027-02-06T03:30:00Z"),
        ("Australia/Sydney", "2027-02-06", 540, "2027-02-05T22:00:00Z"),  // AEDT, +11
        ("Australia/Sydney", "2027-04-04", 540, "2027-04-03T23:00:00Z"),  // the day DST ends: AEST, +10
        ("Europe/Berlin", "2027-03-27", 540, "2027-03-27T08:00:00Z"),  // CET
        ("Europe/Berlin", "2027-03-28", 540, "2027-03-28T07:00:00Z"),  // the day DST starts: CEST
        ("America/New_York", "2027-03-13", 540, "2027-03-13T14:00:00Z"),  // EST
        ("America/New_York", "2027-03-14", 540, "2027-03-14T13:00:00Z"),  // the day DST starts: EDT
        ("America/New_York", "2027-11-07", 540, "2027-11-07T14:00:00Z"),  // the day DST ends: EST again
        ("America/New_York", "2027-03-14", 150, "2027-03-14T07:30:00Z")  // 02:30 does not exist: 03:30 EDT
    ])
    func sendAtIsLocalWallTime(zone: String, day: String, minutes: Int, expected: String) throws {
        let date = try CivilDate(iso: day)
        let instant = CareSchedule.instant(date, minutes: minutes, in: TimeZone(identifier: zone)!)
        #expect(instant == Self.utc(expected), "\(zone) \(day): \(instant)")
        #expect(CareSchedule.localDate(instant, in: TimeZone(identifier: zone)!) == date)
    }

    @Test func localTimeShowsTheCustomersClockAndOffset() {
        let zone = TimeZone(identifier: "Asia/Kolkata")!
        #expect(CareSchedule.localTime(Self.utc("2027-02-06T03:30:00Z"), in: zone) == "2027-02-06 09:00 +05:30")
        #expect(
            CareSchedule.localTime(Self.utc("2027-03-14T13:00:00Z"), in: TimeZone(identifier: "America/New_York")!)
                == "2027-03-14 09:00 -04:00")
    }

    @Test func aFebruary29BirthdayFollowsTheCampaignsPolicy() throws {
        let customer = CareCustomer(
            id: 1, address: "leap@example.com", birthday: try BirthdayRule(parsing: "2000-02-29"))
        let days = try CivilDate(iso: "2027-02-20")...CivilDate(iso: "2027-03-10")
        let feb28 = CampaignDefinition(name: "birthday", occasion: .birthday, feb29: .feb28)
        let mar1 = CampaignDefinition(name: "birthday", occasion: .birthday, feb29: .mar1)
        #expect(
            CareSchedule.occasions(feb28, for: customer, in: days, holidays: .builtIn).map(\.date.iso) == ["2027-02-28"]
        )
        #expect(
            CareSchedule.occasions(mar1, for: customer, in: days, holidays: .builtIn).map(\.date.iso) == ["2027-03-01"])
        let leapYear = try CivilDate(iso: "2028-02-20")...CivilDate(iso: "2028-03-10")
        #expect(
            CareSchedule.occasions(mar1, for: customer, in: leapYear, holidays: .builtIn).map(\.date.iso) == [
                "2028-02-29"
            ])
    }

    @Test func aLunarBirthdayMovesWithTheLunarCalendar() throws {
        let customer = CareCustomer(id: 1, address: "li@example.cn", birthday: try BirthdayRule(parsing: "lunar:08-15"))
        let campaign = CampaignDefinition(name: "birthday", occasion: .birthday)
        let dates = CareSchedule.occasions(
            campaign, for: customer, in: try CivilDate(iso: "2026-01-01")...CivilDate(iso: "2027-12-31"),
            holidays: .builtIn)
        // Mid-Autumn: 2026-09-25 and 2027-09-15.
        #expect(dates.map(\.date.iso) == ["2026-09-25", "2027-09-15"])
        #expect(dates.allSatisfy { $0.kind == .lunar })
    }

    @Test func theWindowIsHalfOpenAndTheSegmentFilters() throws {
        let campaign = CampaignDefinition(
            name: "spring", occasion: .holiday("spring_festival"), tags: ["vip"], languages: ["zh"])
        let zone = TimeZone(identifier: "Asia/Shanghai")!
        let due = Self.utc("2027-02-06T01:00:00Z")
        let vip = CareCustomer(id: 1, address: "a@example.cn", language: "zh-Hant", tags: ["vip"])
        #expect(
            CareSchedule.due(
                campaign, for: vip, zone: zone, after: due.addingTimeInterval(-1), upTo: due, holidays: .builtIn
            ).count == 1)
        #expect(
            CareSchedule.due(
                campaign, for: vip, zone: zone, after: due, upTo: due.addingTimeInterval(3600), holidays: .builtIn
            ).isEmpty)
        #expect(
            CareSchedule.due(
                campaign, for: vip, zone: zone, after: due.addingTimeInterval(-3600), upTo: due.addingTimeInterval(-1),
                holidays: .builtIn
            ).isEmpty)
        var english = vip
        english.language = "en"
        #expect(
            CareSchedule.due(
                campaign, for: english, zone: zone, after: due.addingTimeInterval(-1), upTo: due, holidays: .builtIn
            ).isEmpty)
        var plain = vip
        plain.tags = []
        #expect(
            CareSchedule.due(
                campaign, for: plain, zone: zone, after: due.addingTimeInterval(-1), upTo: due, holidays: .builtIn
            ).isEmpty)
    }

    @Test func startAndEndBoundTheCampaign() throws {
        var campaign = CampaignDefinition(name: "xmas", occasion: .holiday("christmas"))
        campaign.end = CalendarDay(year: 2026, month: 12, day: 31)
        let customer = CareCustomer(id: 1, address: "a@example.com")
        let days = try CivilDate(iso: "2026-01-01")...CivilDate(iso: "2027-12-31")
        #expect(
            CareSchedule.occasions(campaign, for: customer, in: days, holidays: .builtIn).map(\.date.iso) == [
                "2026-12-25"
            ])
    }
}
