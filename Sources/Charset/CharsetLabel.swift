/// A charset label as mail declares it (`charset="GB2312"`), normalised to the decoder that should read it.
///
/// Follows the WHATWG Encoding Standard where browsers and mail clients agree on supersets:
/// `us-ascii` and `iso-8859-1` read as windows-1252, GB2312 and GBK as GB18030, Big5 as Big5-HKSCS,
/// Shift_JIS as windows-31j, EUC-KR as windows-949, ISO-2022-JP as Microsoft's CP50221.
public enum CharsetLabel {
    /// The decoder for a label, or nil when the label names nothing iconv or maildesk can decode.
    public static func decoder(for label: String) -> Decoder? {
        let key = normalise(label)
        if key.isEmpty { return nil }
        if let known = aliases[key] { return known }
        if let iso = isoDecoder(key) { return iso }
        if let windows = windowsDecoder(key) { return windows }
        // Anything else glibc knows by that name (e.g. "IBM437", "ARMSCII-8").
        let upper = key.uppercased()
        return IconvPool.shared.canOpen(upper) ? .iconv([upper]) : nil
    }

    /// Lowercased, unquoted, trimmed; RFC 2231 language suffixes (`utf-8*en`) removed.
    static func normalise(_ label: String) -> String {
        var s = Substring(label)
        while let f = s.first, f == " " || f == "\t" || f == "\"" || f == "'" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\"" || l == "'" || l == ";" { s = s.dropLast() }
        if let star = s.firstIndex(of: "*") { s = s[..<star] }
        return s.lowercased()
    }

    /// How a charset is decoded.
    public enum Decoder: Equatable, Sendable {
        case utf8
        case windows1252
        /// ISO-2022-JP, rewritten to EUC-JP and decoded as Microsoft's superset (NEC and IBM extensions).
        case iso2022jp
        /// glibc iconv names, tried in order; the first that decodes without error wins.
        case iconv([String])

        /// Single-byte charsets decode any byte sequence, so mislabelled UTF-8 must be detected before them.
        var isSingleByte: Bool {
            switch self {
            case .windows1252: return true
            case .iconv(let names):
                let n = names[0]
                return n.hasPrefix("ISO-8859") || n.hasPrefix("WINDOWS-125") || n.hasPrefix("KOI8")
                    || n == "MACINTOSH" || n == "CP874" || n == "IBM866"
            default: return false
            }
        }

        /// Charsets whose text is 7-bit by definition: any byte of 0x80 or above means the label lies.
        var isSevenBit: Bool {
            switch self {
            case .iso2022jp: return true
            case .iconv(let names):
                let n = names[0]
                return n.hasPrefix("ISO-2022") || n == "UTF-7" || n == "HZ"
            default: return false
            }
        }

        /// Charsets in which a byte below 0x80 always means its ASCII character.
        var isASCIICompatible: Bool {
            switch self {
            case .iso2022jp: return false
            case .iconv(let names):
                let n = names[0]
                return
                    !(n.hasPrefix("UTF-7") || n.hasPrefix("UTF-16") || n.hasPrefix("UTF-32")
                    || n.hasPrefix("ISO-2022") || n == "HZ")
            default: return true
            }
        }

        /// The name recorded in problems and summaries.
        public var name: String {
            switch self {
            case .utf8: return "UTF-8"
            case .windows1252: return "windows-1252"
            case .iso2022jp: return "ISO-2022-JP"
            case .iconv(let names): return names[0]
            }
        }
    }

    private static let gb18030: Decoder = .iconv(["GB18030"])
    private static let big5: Decoder = .iconv(["BIG5-HKSCS", "CP950"])
    private static let shiftJIS: Decoder = .iconv(["CP932", "SHIFT_JISX0213"])
    private static let eucJP: Decoder = .iconv(["EUC-JP-MS", "EUC-JISX0213"])
    private static let eucKR: Decoder = .iconv(["CP949"])

    /// The other encodings of a charset's language, tried when its label lies (Outlook's ISO-2022-JP label on
    /// Shift_JIS bytes, a Shift_JIS label on EUC-JP bytes). Chinese has none: GB18030 reads almost any byte pair
    /// cleanly, so "decodes without error" proves nothing there (a GB label already reads as GB18030, Big5 as
    /// Big5-HKSCS, and `plausibleChinese` catches GB text under another label).
    static func relatives(of decoder: Decoder) -> [Decoder] {
        let japanese: [Decoder] = [shiftJIS, eucJP, .iso2022jp]
        let korean: [Decoder] = [eucKR, .iconv(["ISO-2022-KR"])]
        let family: [Decoder]
        switch decoder {
        case .iso2022jp, shiftJIS, eucJP, .iconv(["ISO-2022-JP-2"]), .iconv(["ISO-2022-JP-3"]): family = japanese
        case eucKR, .iconv(["ISO-2022-KR"]): family = korean
        default: family = []
        }
        return family.filter { $0 != decoder }
    }

    private static let aliases: [String: Decoder] = {
        var table: [String: Decoder] = [:]
        func add(_ names: [String], _ decoder: Decoder) { for n in names { table[n] = decoder } }
        add(["utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8", "unicode-2-0-utf-8"], .utf8)
        add(
            [
                "us-ascii", "ascii", "ansi_x3.4-1968", "ansi_x3.4-1986", "iso646-us", "us", "cp367", "ibm367",
                "iso-8859-1", "iso8859-1", "iso_8859-1", "iso_8859-1:1987", "iso88591", "latin1", "latin-1", "l1",
                "cp819", "ibm819", "iso-ir-100", "csisolatin1", "windows-1252", "cp1252", "x-cp1252", "cp-1252",
                "win-1252", "ms-ansi", "x-user-defined", "unknown-8bit", "8bit", "default", "ansi"
            ], .windows1252)
        add(
            [
                "gb2312", "gb_2312-80", "gb_2312", "gb-2312", "csgb2312", "x-gbk", "gbk", "cp936", "ms936",
                "windows-936", "euc-cn", "x-euc-cn", "euccn", "chinese", "iso-ir-58", "csiso58gb231280",
                "gb18030", "gb-18030", "x-gb18030", "gb_18030", "gb18030-2000", "gb18030-2005", "gb18030-2022",
                "x-mac-chinesesimp", "gb", "936"
            ], gb18030)
        add(
            [
                "big5", "big-5", "big5-hkscs", "big5hkscs", "cn-big5", "csbig5", "x-x-big5", "x-big5", "cp950",
                "ms950", "windows-950", "big5_hkscs", "x-mac-chinesetrad"
            ], big5)
        add(
            [
                "iso-2022-jp", "csiso2022jp", "iso2022jp", "iso-2022-jp-1", "iso-2022-jp-ms", "cp50220", "cp50221",
                "cp50222", "x-cp50220", "x-cp50221", "x-cp50222"
            ], .iso2022jp)
        add(["iso-2022-jp-2"], .iconv(["ISO-2022-JP-2"]))
        add(["iso-2022-jp-3"], .iconv(["ISO-2022-JP-3"]))
        add(
            [
                "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "windows-31j", "cp932",
                "ms932", "x-ms-cp932", "shift_jisx0213", "x-mac-japanese"
            ], shiftJIS)
        add(["euc-jp", "x-euc-jp", "eucjp", "cseucpkdfmtjapanese", "euc-jp-ms", "eucjp-ms", "euc-jisx0213"], eucJP)
        add(
            [
                "euc-kr", "x-euc-kr", "euckr", "cseuckr", "ks_c_5601-1987", "ks_c_5601-1989", "ks_c_5601",
                "ksc5601", "ksc_5601", "korean", "csksc56011987", "iso-ir-149", "windows-949", "cp949", "uhc",
                "ms949", "x-windows-949"
            ], eucKR)
        add(["iso-2022-kr", "csiso2022kr"], .iconv(["ISO-2022-KR"]))
        add(["iso-2022-cn", "iso-2022-cn-ext"], .iconv(["ISO-2022-CN-EXT"]))
        add(["hz-gb-2312", "hz"], .iconv(["HZ"]))
        add(["euc-tw", "x-euc-tw"], .iconv(["EUC-TW"]))
        add(["utf-7", "utf7", "unicode-1-1-utf-7", "csunicode11utf7", "x-unicode20utf7"], .iconv(["UTF-7"]))
        add(["utf-16", "utf16", "ucs-2", "unicode", "csunicode", "iso-10646-ucs-2"], .iconv(["UTF-16"]))
        add(["utf-16le", "utf16le", "unicodefffe"], .iconv(["UTF-16LE"]))
        add(["utf-16be", "utf16be", "unicodefeff"], .iconv(["UTF-16BE"]))
        add(["utf-32", "utf32", "ucs-4"], .iconv(["UTF-32"]))
        add(["utf-32le"], .iconv(["UTF-32LE"]))
        add(["utf-32be"], .iconv(["UTF-32BE"]))
        add(["koi8-r", "koi8r", "koi8", "cskoi8r", "koi"], .iconv(["KOI8-R"]))
        add(["koi8-u", "koi8u", "koi8-ru"], .iconv(["KOI8-U"]))
        add(
            ["tis-620", "tis620", "windows-874", "cp874", "iso-8859-11", "iso8859-11", "dos-874"],
            .iconv(["CP874"]))
        add(["macintosh", "mac", "x-mac-roman", "csmacintosh"], .iconv(["MACINTOSH"]))
        add(["ibm866", "cp866", "866", "csibm866"], .iconv(["IBM866"]))
        add(
            ["iso-8859-9", "iso8859-9", "iso_8859-9", "latin5", "l5", "windows-1254", "cp1254", "x-cp1254"],
            .iconv(["WINDOWS-1254"]))
        return table
    }()

    /// iso-8859-N in its spellings (iso8859-2, iso_8859-2:1987, latin2).
    private static func isoDecoder(_ key: String) -> Decoder? {
        let latin = [
            "latin2": 2, "l2": 2, "latin3": 3, "l3": 3, "latin4": 4, "l4": 4, "cyrillic": 5,
            "arabic": 6, "greek": 7, "hebrew": 8, "latin6": 10, "l6": 10, "latin7": 13,
            "latin8": 14, "latin9": 15, "l9": 15, "latin10": 16, "l10": 16
        ]
        if let n = latin[key] { return .iconv(["ISO-8859-\(n)"]) }
        var digits = Substring(key)
        for prefix in ["iso-8859-", "iso8859-", "iso_8859-", "iso8859_", "iso-8859_", "iso 8859-", "iso88590"] {
            if digits.hasPrefix(prefix) { digits = digits.dropFirst(prefix.count); break }
        }
        if digits.count == key.count {
            guard key.hasPrefix("iso8859") else { return nil }
            digits = digits.dropFirst("iso8859".count)
        }
        if let colon = digits.firstIndex(of: ":") { digits = digits[..<colon] }
        if let dash = digits.firstIndex(of: "-") { digits = digits[..<dash] }  // iso-8859-8-i
        guard let n = Int(digits), (2...16).contains(n), n != 12 else { return nil }
        if n == 9 { return .iconv(["WINDOWS-1254"]) }
        if n == 11 { return .iconv(["CP874"]) }
        return .iconv(["ISO-8859-\(n)"])
    }

    /// windows-125N, cp125N, x-cp125N, win-125N.
    private static func windowsDecoder(_ key: String) -> Decoder? {
        for prefix in ["windows-", "x-cp", "cp-", "cp", "win-", "win", "ms-"] where key.hasPrefix(prefix) {
            let rest = key.dropFirst(prefix.count)
            if let n = Int(rest), (1250...1258).contains(n) {
                return n == 1252 ? .windows1252 : .iconv(["WINDOWS-\(n)"])
            }
        }
        return nil
    }
}
