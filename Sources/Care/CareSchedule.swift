import Config
import Foundation
import Occasions

/// One greeting a campaign owes a customer: for which occasion, and the instant it is due.
public struct DueGreeting: Sendable, Equatable {
    public var campaign: String
    public var customerID: Int64
    public var occasion: Occasion
    /// The instant `send_at` on the occasion's day in `timezone`.
    public var dueAt: Date
    public var timezone: String
    /// `2027-02-06 09:00 +08:00`: the customer's wall clock at `dueAt`.
    public var localTime: String
}

/// When care mail is due. Occasions fall on the customer's local days; the mail is due at the campaign's
/// `send_at` on that day in the customer's zone, so the same holiday is due at 24 different UTC instants.
/// Pure: the caller supplies the clock, the zone and the window.
public enum CareSchedule {
    /// The instant of `minutes` after local midnight on `date` in `zone`. A wall time skipped by a daylight-saving
    /// jump is taken as the same time after the jump; a repeated one as its first occurrence.
    public static func instant(_ date: CivilDate, minutes: Int, in zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let midnight = calendar.date(from: DateComponents(year: date.year, month: date.month, day: date.day))!
        let naive = midnight.addingTimeInterval(TimeInterval(minutes * 60))
        // Offsets at midnight and at the target may differ (a DST change in between): correct by the difference.
        let shift = zone.secondsFromGMT(for: midnight) - zone.secondsFromGMT(for: naive)
        let corrected = naive.addingTimeInterval(TimeInterval(shift))
        // In a skipped hour the corrected instant falls back before the jump; keep the later reading.
        return zone.secondsFromGMT(for: corrected) == zone.secondsFromGMT(for: naive) ? corrected : naive
    }

    /// The local day of `instant` in `zone`.
    public static func localDate(_ instant: Date, in zone: TimeZone) -> CivilDate {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: instant)
        return CivilDate(dayNumber: Int((Double(seconds) / 86_400).rounded(.down)))
    }

    /// `2027-02-06 09:00 +08:00`.
    public static func localTime(_ instant: Date, in zone: TimeZone) -> String {
        let offset = zone.secondsFromGMT(for: instant)
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down)) + offset
        let day = CivilDate(dayNumber: Int((Double(seconds) / 86_400).rounded(.down)))
        let inDay = seconds - day.dayNumber * 86_400
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let sign = offset < 0 ? "-" : "+"
        return
            "\(day) \(two(inDay / 3600)):\(two(inDay / 60 % 60)) \(sign)\(two(abs(offset) / 3600)):\(two(abs(offset) / 60 % 60))"
    }

    /// Whether `customer` is in the campaign's segment: one of its tags (if any), one of its languages (if any;
    /// `zh` takes `zh-Hant` too).
    public static func inSegment(_ customer: CareCustomer, _ campaign: CampaignDefinition) -> Bool {
        if !campaign.tags.isEmpty, !customer.tags.contains(where: campaign.tags.contains) { return false }
        if !campaign.languages.isEmpty {
            guard let language = customer.language?.lowercased() else { return false }
            return campaign.languages.contains { wanted in
                let w = wanted.lowercased()
                return language == w || language.hasPrefix(w + "-")
            }
        }
        return true
    }

    /// The campaign's occasions for `customer` on local days within `days`, inside the campaign's start and end;
    /// `holidays` dates a holiday occasion (the configuration's catalogue: custom occasions, overrides).
    public static func occasions(
        _ campaign: CampaignDefinition, for customer: CareCustomer,
        in days: ClosedRange<CivilDate>, holidays: HolidayCatalogue
    ) -> [Occasion] {
        let all: [Occasion]
        switch campaign.occasion {
        case .birthday:
            let policy: Feb29Policy = campaign.feb29 == .mar1 ? .mar1 : .feb28
            all = customer.birthday?.occasions(in: days, feb29: policy) ?? []
        case .holiday(let id):
            all = holidays.occasions(in: days).filter { $0.id == id }
        case .date(let day):
            guard let date = CivilDate(year: day.year, month: day.month, day: day.day), days.contains(date) else {
                return []
            }
            all = [
                Occasion(
                    id: day.description,
                    name: LocalizedName(en: day.description, zh: day.description, zhHant: day.description),
                    date: date, kind: .fixed)
            ]
        }
        return all.filter { occasion in
            if let start = campaign.start, let s = CivilDate(year: start.year, month: start.month, day: start.day),
                occasion.date < s
            {
                return false
            }
            if let end = campaign.end, let e = CivilDate(year: end.year, month: end.month, day: end.day),
                occasion.date > e
            {
                return false
            }
            return true
        }
    }

    /// The greetings of `campaign` for `customer` due in the window `(after, upTo]`, oldest first.
    public static func due(
        _ campaign: CampaignDefinition, for customer: CareCustomer, zone: TimeZone,
        after: Date, upTo: Date, holidays: HolidayCatalogue
    ) -> [DueGreeting] {
        guard inSegment(customer, campaign) else { return [] }
        // Local days whose send_at can fall in the window: a day either side covers every offset.
        let days = localDate(after, in: zone).adding(days: -1)...localDate(upTo, in: zone).adding(days: 1)
        return occasions(campaign, for: customer, in: days, holidays: holidays).compactMap { occasion in
            let due = instant(occasion.date, minutes: campaign.sendAt, in: zone)
            guard due > after, due <= upTo else { return nil }
            return DueGreeting(
                campaign: campaign.name, customerID: customer.id, occasion: occasion, dueAt: due,
                timezone: zone.identifier, localTime: localTime(due, in: zone))
        }
    }
}
