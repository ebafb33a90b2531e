import Foundation

/// The Sun's apparent geocentric longitude, after Meeus, "Astronomical Algorithms" (2nd ed.), chapters 22 and 25.
///
/// VSOP87D (truncated, `VSOP87Earth`) gives the Earth's heliocentric longitude; turned around it is the Sun's
/// geometric longitude, then corrected to the FK5 frame, for nutation and for aberration. Accuracy is about one
/// arcsecond, half a minute of time: solar terms closer than that to midnight UTC+8 can fall on either day.
enum SolarPosition {
    /// Mean tropical year in days.
    static let tropicalYear = 365.242_189

    /// Apparent longitude in degrees (0..<360) at Julian Ephemeris Day `jde` (TT).
    static func apparentLongitude(julianEphemerisDay jde: Double) -> Double {
        let tau = (jde - 2_451_545.0) / 365_250  // Julian millennia from J2000.0
        let t = tau * 10  // Julian centuries
        var heliocentric = 0.0
        var power = 1.0
        for series in VSOP87Earth.longitude {
            var sum = 0.0
            for (a, b, c) in series { sum += a * cos(b + c * tau) }
            heliocentric += sum * power
            power *= tau
        }
        let geometric = degrees(heliocentric / 1e8) + 180
        let fk5 = -0.090_33 / 3_600
        let aberration = -20.4898 / 3_600 / earthSunDistance(t: t)
        return normalized(geometric + fk5 + nutationInLongitude(t: t) + aberration)
    }

    /// Nutation in longitude (degrees), Meeus 22's short series: good to 0.5", a dozen seconds of the Sun's motion.
    static func nutationInLongitude(t: Double) -> Double {
        let node = radians(125.044_52 - 1_934.136_261 * t)
        let sunMean = radians(280.4665 + 36_000.7698 * t)
        let moonMean = radians(218.3165 + 481_267.8813 * t)
        let arcseconds = -17.20 * sin(node) - 1.32 * sin(2 * sunMean) - 0.23 * sin(2 * moonMean) + 0.21 * sin(2 * node)
        return arcseconds / 3_600
    }

    /// Earth-Sun distance in AU from the mean anomaly (Meeus 25); only aberration needs it, to 1e-4.
    static func earthSunDistance(t: Double) -> Double {
        let anomaly = radians(357.529_11 + 35_999.050_29 * t)
        let eccentricity = 0.016_708_634 - 0.000_042_037 * t
        let centre = radians((1.914_602 - 0.004_817 * t) * sin(anomaly) + 0.019_993 * sin(2 * anomaly))
        return 1.000_001_018 * (1 - eccentricity * eccentricity) / (1 + eccentricity * cos(anomaly + centre))
    }

    /// The civil day in UTC+8 of the instant `jd` (UT).
    static func civilDateUTC8(julianDayUT jd: Double) -> CivilDate {
        CivilDate(dayNumber: Int((jd - 2_440_587.5 + 8.0 / 24).rounded(.down)))
    }

    static func radians(_ degrees: Double) -> Double { degrees * .pi / 180 }
    static func degrees(_ radians: Double) -> Double { radians * 180 / .pi }
    static func normalized(_ degrees: Double) -> Double {
        let r = degrees.truncatingRemainder(dividingBy: 360)
        return r < 0 ? r + 360 : r
    }
}
