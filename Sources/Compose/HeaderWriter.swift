/// Header lines, each folded at 78 characters where it has blanks.
struct HeaderWriter {
    var lines: [String] = []

    /// CR, LF, the other C0 controls, DEL, C1 controls and Unicode line and paragraph separators become
    /// spaces: a value can never end its header line or start another.
    static func clean(_ value: String) -> String {
        // Nearly every value has none of them: no control byte, DEL, or the lead byte of a C1 control (C2) or of
        // U+2028/U+2029 (E2). Such a value is returned as it is.
        if !value.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }) { return value }
        return cleanScalars(value)
    }

    /// `clean` scalar by scalar, whatever the value holds.
    static func cleanScalars(_ value: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            switch scalar.value {
            case 0x00...0x1F, 0x7F, 0x80...0x9F, 0x2028, 0x2029: out.append(" ")
            default: out.append(scalar)
            }
        }
        return String(out)
    }

    /// A structured field (addresses, ids, dates: ASCII by construction), folded at its blanks.
    mutating func add(_ name: String, structured value: String) {
        lines.append(Self.fold(name + ": " + Self.clean(value)))
    }

    /// An unstructured field (Subject, …): ASCII text folded at blanks, anything else as encoded words.
    mutating func add(_ name: String, text value: String) {
        let cleaned = Self.clean(value)
        let words = cleaned.split(separator: " ", omittingEmptySubsequences: false)
        let plain =
            cleaned.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
            && !cleaned.contains("=?") && words.allSatisfy { $0.utf8.count <= 76 - name.utf8.count }
        if plain {
            lines.append(Self.fold(name + ": " + cleaned))
        } else {
            lines.append(Self.fold(name + ": " + EncodedWords.encode(cleaned, firstLineUsed: name.utf8.count + 2)))
        }
    }

    /// Folds at blanks so that each line has at most 78 characters when the words allow it.
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 78 else { return line }
        // Folded lines are ASCII (structured fields, plain text or encoded words): a line may break before a
        // word once it holds more than blanks.
        var out = "", current = ""
        var currentHasText = false
        for (i, word) in line.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            let wordHasText = word.utf8.contains { $0 != 0x20 && $0 != 0x09 }
            if i == 0 {
                current = String(word)
                currentHasText = wordHasText
                continue
            }
            if current.utf8.count + 1 + word.utf8.count > 78 && currentHasText {
                out += current + "\r\n"
                current = " " + word
                currentHasText = wordHasText
            } else {
                current += " " + word
                currentHasText = currentHasText || wordHasText
            }
        }
        return out + current
    }

    var bytes: [UInt8] { Array((lines.joined(separator: "\r\n") + "\r\n").utf8) }
}

/// RFC 2047 encoded words (`=?UTF-8?B?…?=`), each at most 75 characters, never splitting a character.
enum EncodedWords {
    /// The text as encoded words separated by blanks (which decoders drop between encoded words).
    static func encode(_ text: String, firstLineUsed: Int = 0) -> String {
        var words: [String] = []
        var chunk: [UInt8] = []
        // 75 - len("=?UTF-8?B?") - len("?=") = 63 base64 characters = 45 bytes (rounded down to 3s); the first
        // word shares its line with the field name, so it is shorter.
        let firstMax = max(6, (78 - firstLineUsed - 12) / 4 * 3)
        for character in text {
            let bytes = Array(String(character).utf8)
            let maxBytes = words.isEmpty ? min(45, firstMax) : 45
            if chunk.count + bytes.count > maxBytes && !chunk.isEmpty {
                words.append(word(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(word(chunk)) }
        return words.joined(separator: " ")
    }

    static func word(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + Base64Text.encode(bytes) + "?="
    }

    /// A display name: as is when it is atoms, quoted when it needs quotes only, encoded when not ASCII.
    static func phrase(_ name: String) -> String {
        // A name too long for one line is encoded: encoded words fold, a quoted string does not.
        if name.utf8.count > 60 { return encode(name) }
        let atext = Set(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~ ".unicodeScalars)
        if name.unicodeScalars.allSatisfy({ atext.contains($0) }) && !name.contains("=?") { return name }
        if name.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) && !name.contains("=?") {
            return "\"" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                + "\""
        }
        return encode(name)
    }
}

enum Base64Text {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = bytes[i], b1 = i + 1 < bytes.count ? bytes[i + 1] : 0, b2 = i + 2 < bytes.count ? bytes[i + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            out.append(i + 1 < bytes.count ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
