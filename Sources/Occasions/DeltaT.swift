/// ΔT = TT − UT in seconds: the Earth's irregular rotation, which turns an astronomical instant into clock time.
///
/// Espenak and Meeus's polynomials (NASA's "Five Millennium Canon of Solar Eclipses", 2006) for 1900-2150;
/// past 2005 they are extrapolations, uncertain by a minute or more near 2100.
enum DeltaT {
    static func seconds(decimalYear y: Double) -> Double {
        switch y {
        case ..<1920:
            let t = y - 1900
            return -2.79 + 1.494_119 * t - 0.059_893_9 * t * t + 0.006_196_6 * pow3(t) - 0.000_197 * pow4(t)
        case ..<1941:
            let t = y - 1920
            return 21.20 + 0.844_93 * t - 0.076_100 * t * t + 0.002_093_6 * pow3(t)
        case ..<1961:
            let t = y - 1950
            return 29.07 + 0.407 * t - t * t / 233 + pow3(t) / 2_547
        case ..<1986:
            let t = y - 1975
            return 45.45 + 1.067 * t - t * t / 260 - pow3(t) / 718
        case ..<2005:
            let t = y - 2000
            return 63.86 + 0.3345 * t - 0.060_374 * t * t + 0.001_727_5 * pow3(t) + 0.000_651_814 * pow4(t)
                + 0.000_023_735_99 * pow4(t) * t
        case ..<2050:
            let t = y - 2000
            return 62.92 + 0.322_17 * t + 0.005_589 * t * t
        default:
            let u = (y - 1820) / 100
            return -20 + 32 * u * u - 0.5628 * (2150 - y)
        }
    }

    private static func pow3(_ x: Double) -> Double { x * x * x }
    private static func pow4(_ x: Double) -> Double { x * x * x * x }
}
