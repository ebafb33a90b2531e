import Foundation

/// The holidays a gateway knows: the built-in ones, the custom occasions of its configuration (a company
/// anniversary, 双十一), and per-year overrides (a holiday moved, or not kept, in one year). Campaigns, business
/// calendars and `maildesk holidays` all date holidays through one catalogue, so they never disagree.
public struct HolidayCatalogue: Sendable, Equatable, CustomStringConvertible {
    /// One year's exception for one holiday.
    public struct Override: Sendable, Hashable {
        public let id: String
        public let year: Int
        /// The day the holiday falls on in `year` instead of its rule's; nil: it is not kept that year.
        public let date: CivilDate?

        public init(id: String, year: Int, date: CivilDate?) {
            self.id = id
            self.year = year
            self.date = date
        }
    }

    /// Built-in holidays, then custom ones, in the order a year's list breaks ties in.
    public let holidays: [Holiday]
    public let overrides: [Override]
    private let byID: [String: Holiday]
    private let overridden: [String: [Int: CivilDate?]]
    private let cache = YearCache<[Occasion]>()

    public static func == (lhs: HolidayCatalogue, rhs: HolidayCatalogue) -> Bool {
        lhs.holidays == rhs.holidays && lhs.overrides == rhs.overrides
    }

    /// The custom occasions and overrides (what a configuration adds), e.g. for a fingerprint of it.
    public var description: String {
        "holidays(custom: \(holidays.dropFirst(Holiday.catalogue.count).map { "\($0.id)=\($0.rule)" }), "
            + "overrides: \(overrides.map { "\($0.id)@\($0.year)=\($0.date?.iso ?? "none")" }))"
    }

    /// The built-in holidays, without custom occasions or overrides.
    public static let builtIn = HolidayCatalogue()

    /// The built-in holidays plus `custom` (ids must differ from the built-in ones: the reader checks) with
    /// `overrides` applied.
    public init(custom: [Holiday] = [], overrides: [Override] = []) {
        holidays = Holiday.catalogue + custom
        self.overrides = overrides
        byID = Dictionary(holidays.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var table: [String: [Int: CivilDate?]] = [:]
        for override in overrides { table[override.id, default: [:]][override.year] = .some(override.date) }
        overridden = table
    }

    /// The holiday with slug `id`.
    public func named(_ id: String) -> Holiday? { byID[id] }

    /// The ids campaigns and business hours may name, built-in first.
    public var ids: [String] { holidays.map(\.id) }

    /// The days `holiday` falls on in Gregorian `year`: its rule's, unless an override moves or drops it.
    public func dates(of holiday: Holiday, in year: Int) -> [CivilDate] {
        if let exception = overridden[holiday.id]?[year] { return exception.map { [$0] } ?? [] }
        return holiday.dates(in: year)
    }

    /// Every holiday occasion in Gregorian `year`, by date (catalogue order on the same day). Cached per year.
    public func holidays(year: Int) -> [Occasion] {
        cache.value(for: year) { year in
            let dated = holidays.enumerated().flatMap { index, holiday in
                dates(of: holiday, in: year).map {
                    (index, Occasion(id: holiday.id, name: holiday.name, date: $0, kind: holiday.kind))
                }
            }
            return dated.sorted { ($0.1.date, $0.0) < ($1.1.date, $1.0) }.map(\.1)
        }
    }

    /// The first occasion of holiday `id` in Gregorian `year`; nil for an unknown id or a year without one.
    public func occasion(id: String, year: Int) -> Occasion? {
        holidays(year: year).first { $0.id == id }
    }

    /// The holiday occasions dated within `range` (inclusive), by date.
    public func occasions(in range: ClosedRange<CivilDate>) -> [Occasion] {
        (range.lowerBound.year...range.upperBound.year).flatMap { year in
            holidays(year: year).filter { range.contains($0.date) }
        }
    }

    /// `holidays(year:)` as pretty-printed JSON (sorted keys), for `maildesk holidays --year Y --json`.
    public func json(year: Int) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Encoding plain strings and arrays of them cannot fail.
        let data = try! encoder.encode(holidays(year: year))
        return String(decoding: data, as: UTF8.self)
    }
}
