import Config
import Foundation
import Occasions
import Synchronization

/// Checks of the single fields of a customer record, shared by the CSV import and `customers set`.
public enum CustomerFields {
    /// The columns an import understands; any other column is kept as an attribute.
    public static let known = ["email", "name", "birthday", "timezone", "language", "tags", "opt_out"]

    /// A lowercased address, or why `text` is not one.
    public static func address(_ text: String) -> Result<String, FieldError> {
        let value = text.trimmingCharacters(in: .whitespaces)
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
            !parts[1].hasSuffix("."),
            !value.unicodeScalars.contains(where: {
                $0.value < 0x21 || $0.value == 0x7F || "<>(),;:\"[]\\".unicodeScalars.contains($0)
            })
        else { return .failure(FieldError("'\(value)' is not an email address (write it as name@example.com)")) }
        return .success(value.lowercased())
    }

    /// An IANA zone identifier the time zone database knows (`Asia/Kolkata`, `UTC`); abbreviations such as `EST`
    /// or offsets such as `GMT+8` are refused, because they do not follow daylight saving time.
    public static func timezone(_ text: String) -> Result<String, FieldError> {
        let value = text.trimmingCharacters(in: .whitespaces)
        if let known = zoneCache.withLock({ $0[value] }) { return known }
        let result = checkZone(value)
        zoneCache.withLock { $0[value] = result }
        return result
    }

    private static func checkZone(_ value: String) -> Result<String, FieldError> {
        if value == "UTC" || (value.contains("/") && !value.hasPrefix("Etc/") && TimeZone(identifier: value) != nil) {
            return .success(value)
        }
        let lower = value.lowercased()
        if let exact = knownZones.first(where: { $0.lowercased() == lower }) {
            return .failure(
                FieldError("unknown time zone '\(value)' — did you mean '\(exact)'? (zone names are case-sensitive)"))
        }
        let city = lower.split(separator: "/").last.map(String.init)?.replacingOccurrences(of: " ", with: "_") ?? lower
        if let guess = knownZones.first(where: { $0.lowercased().hasSuffix("/" + city) })
            ?? Suggestions.closest(to: value, among: knownZones.sorted())
        {
            return .failure(FieldError("unknown time zone '\(value)' — did you mean '\(guess)'?"))
        }
        return .failure(
            FieldError(
                "unknown time zone '\(value)': write an IANA zone such as Asia/Shanghai, Europe/Berlin or America/New_York"
            ))
    }

    private static let zoneCache = Mutex<[String: Result<String, FieldError>]>([:])

    /// A BCP 47-like locale tag: `en`, `zh`, `zh-Hant`, `pt-BR`.
    public static func language(_ text: String) -> Result<String, FieldError> {
        let value = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "-")
        let parts = value.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count), first.allSatisfy({ $0.isASCII && $0.isLetter }),
            parts.dropFirst().allSatisfy({
                (2...8).contains($0.count) && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
            })
        else { return .failure(FieldError("'\(value)' is not a language tag (write e.g. en, zh, zh-Hant)")) }
        return .success(([first.lowercased()] + parts.dropFirst().map(String.init)).joined(separator: "-"))
    }

    /// A birthday in one of BirthdayRule's forms.
    public static func birthday(_ text: String) -> Result<BirthdayRule, FieldError> {
        do { return .success(try BirthdayRule(parsing: text)) } catch { return .failure(FieldError(error.description)) }
    }

    /// Tags separated by commas, semicolons, bars or blanks; lowercased, without repeats.
    public static func tags(_ text: String) -> [String] {
        var seen = Set<String>()
        return text.split(whereSeparator: { ",;| \t".contains($0) }).map { $0.lowercased() }.filter {
            seen.insert($0).inserted
        }
    }

    /// yes/no in the forms spreadsheets write.
    public static func flag(_ text: String, name: String) -> Result<Bool, FieldError> {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "1", "true", "yes", "y", "x": return .success(true)
        case "0", "false", "no", "n": return .success(false)
        default: return .failure(FieldError("\(name) '\(text)' must be true or false (also yes/no, 1/0)"))
        }
    }

    static let knownZones = Set(TimeZone.knownTimeZoneIdentifiers)
}

public struct FieldError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
