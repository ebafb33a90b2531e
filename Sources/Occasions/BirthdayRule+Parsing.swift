import Foundation

/// Why a birthday string was refused; the text names the input and the accepted forms.
public enum BirthdayRuleError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Not one of the accepted shapes.
    case malformed(String)
    /// Month outside 1...12.
    case monthOutOfRange(String, month: Int)
    /// Day outside the month (Gregorian) or outside 1...30 (lunar).
    case dayOutOfRange(String, day: Int, maximum: Int)
    /// A leap month that the given lunar year does not have.
    case noSuchLeapMonth(String, year: Int, month: Int)

    static let forms = "YYYY-MM-DD, MM-DD, lunar:MM-DD or lunar:YYYY-MM-DD (lunar month may end in L for a leap month)"

    public var description: String {
        switch self {
        case .malformed(let text):
            "'\(text)' is not a birthday: expected \(Self.forms)"
        case let .monthOutOfRange(text, month):
            "'\(text)': month \(month) is not 1-12"
        case let .dayOutOfRange(text, day, maximum):
            "'\(text)': day \(day) is not 1-\(maximum) for that month"
        case let .noSuchLeapMonth(text, year, month):
            "'\(text)': lunar year \(year) has no leap month \(month)"
        }
    }
}

extension BirthdayRule: CustomStringConvertible, Codable {
    /// Parses `YYYY-MM-DD`, `MM-DD`, `lunar:MM-DD`, `lunar:YYYY-MM-DD` (`lunar:` is case-insensitive; surrounding
    /// blanks are ignored).
    public init(parsing input: String) throws(BirthdayRuleError) {
        var text = Substring(input.trimmingCharacters(in: .whitespaces))
        let isLunar = text.lowercased().hasPrefix("lunar:")
        if isLunar { text = text.dropFirst("lunar:".count) }
        let fields = text.split(separator: "-", omittingEmptySubsequences: false)
        guard fields.count == 2 || fields.count == 3, fields.allSatisfy({ !$0.isEmpty }) else {
            throw .malformed(input)
        }
        let year: Int?
        if fields.count == 3 {
            guard fields[0].count == 4, let parsed = Int(digits: fields[0]) else { throw .malformed(input) }
            year = parsed
        } else {
            year = nil
        }
        var monthField = fields[fields.count - 2]
        let leap = isLunar && monthField.uppercased().hasSuffix("L")
        if leap { monthField = monthField.dropLast() }
        guard monthField.count == 2, fields[fields.count - 1].count == 2, let month = Int(digits: monthField),
            let day = Int(digits: fields[fields.count - 1])
        else { throw .malformed(input) }
        guard (1...12).contains(month) else { throw .monthOutOfRange(input, month: month) }
        if isLunar {
            guard (1...30).contains(day) else { throw .dayOutOfRange(input, day: day, maximum: 30) }
            if leap, let year, LunarCalendar.verifiedYears.contains(year), LunarCalendar.leapMonth(in: year) != month {
                throw .noSuchLeapMonth(input, year: year, month: month)
            }
            self.init(unchecked: .lunar, birthYear: year, month: month, day: day, isLeapMonth: leap)
        } else {
            // Without a year, 02-29 is a real birthday (a leap-year one).
            let maximum = CivilDate.daysInMonth(year: year ?? 2000, month: month)
            guard (1...maximum).contains(day) else { throw .dayOutOfRange(input, day: day, maximum: maximum) }
            self.init(unchecked: .gregorian, birthYear: year, month: month, day: day, isLeapMonth: false)
        }
    }

    /// The canonical written form (`lunar:2023-02L-10`, `02-29`).
    public var description: String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let year = birthYear.map { String(repeating: "0", count: max(0, 4 - String($0).count)) + "\($0)-" } ?? ""
        let prefix = calendar == .lunar ? "lunar:" : ""
        return "\(prefix)\(year)\(two(month))\(isLeapMonth ? "L" : "")-\(two(day))"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
