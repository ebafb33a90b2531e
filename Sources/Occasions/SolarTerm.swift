import Foundation

/// A solar term (节气): the day the Sun's apparent ecliptic longitude reaches a multiple of 15°, dated in UTC+8.
public enum SolarTerm: Int, Sendable, CaseIterable, Codable {
    /// 清明, 15°: early April.
    case qingming = 15
    /// 冬至, 270°: the winter solstice, around December 22.
    case dongzhi = 270

    /// The Sun's apparent longitude at the term, in degrees.
    public var longitude: Double { Double(rawValue) }

    /// The day of this term in Gregorian `year`, in UTC+8.
    public func date(in year: Int) -> CivilDate {
        SolarPosition.civilDateUTC8(julianDayUT: moment(in: year))
    }

    /// The instant of the term in `year` as a Julian day (UT).
    public func moment(in year: Int) -> Double {
        // Start from the mean date (the Sun gains about 360° in 365.2422 days from the March equinox, ~March 20.5).
        let daysAfterEquinox = longitude / 360 * SolarPosition.tropicalYear
        var jde = CivilDate(validYear: year, month: 3, day: 20).julianDay + 0.5 + daysAfterEquinox
        // Newton steps on the apparent longitude; three reach a millisecond, six leave a margin.
        for _ in 0..<6 {
            var gap = longitude - SolarPosition.apparentLongitude(julianEphemerisDay: jde)
            gap -= 360 * (gap / 360).rounded()
            jde += gap / 360 * SolarPosition.tropicalYear
        }
        return jde - DeltaT.seconds(decimalYear: Double(year) + longitude / 360) / 86_400
    }
}

extension CivilDate {
    /// The Julian day number at 00:00 UT of this date (JD 2440587.5 is 1970-01-01 00:00 UT).
    var julianDay: Double { Double(dayNumber) + 2_440_587.5 }
}
