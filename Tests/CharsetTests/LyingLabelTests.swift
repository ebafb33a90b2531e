import Testing
@testable import Charset

/// A label that lies, the bytes real encoders wrote (Python's codecs), and what must come out.
struct LyingLabel: CustomTestStringConvertible, Sendable {
    let name: String
    let label: String
    let bytes: [UInt8]
    let text: String
    /// The decoder that must win, nil when only the text matters.
    let charset: String?
    var testDescription: String { name }
}

// お問い合わせ番号 (Shift_JIS / CP932)
private let sjis: [UInt8] = [
    0x82, 0xA8, 0x96, 0xE2, 0x82, 0xA2, 0x8D, 0x87, 0x82, 0xED, 0x82, 0xB9, 0x94, 0xD4, 0x8D, 0x86
]
// ご注文の住所です (EUC-JP): every byte also decodes in CP932, as half-width katakana and kanji nonsense.
private let eucJP: [UInt8] = [
    0xA4, 0xB4, 0xC3, 0xED, 0xCA, 0xB8, 0xA4, 0xCE, 0xBD, 0xBB, 0xBD, 0xEA, 0xA4, 0xC7,
    0xA4, 0xB9
]
// 한국어 문의 (EUC-KR / CP949)
private let korean: [UInt8] = [0xC7, 0xD1, 0xB1, 0xB9, 0xBE, 0xEE, 0x20, 0xB9, 0xAE, 0xC0, 0xC7]

let lyingLabels: [LyingLabel] = [
    LyingLabel(
        name: "ISO-2022-JP label on Shift_JIS bytes", label: "iso-2022-jp", bytes: sjis,
        text: "お問い合わせ番号", charset: "CP932"),
    LyingLabel(
        name: "ISO-2022-JP label on EUC-JP bytes", label: "ISO-2022-JP", bytes: eucJP,
        text: "ご注文の住所です", charset: "EUC-JP-MS"),
    LyingLabel(
        name: "Shift_JIS label on EUC-JP bytes (clean but implausible)", label: "shift_jis", bytes: eucJP,
        text: "ご注文の住所です", charset: "EUC-JP-MS"),
    LyingLabel(
        name: "EUC-JP label on Shift_JIS bytes", label: "euc-jp", bytes: sjis,
        text: "お問い合わせ番号", charset: "CP932"),
    LyingLabel(
        name: "ISO-2022-KR label on EUC-KR bytes", label: "iso-2022-kr", bytes: korean,
        text: "한국어 문의", charset: "CP949"),
    LyingLabel(
        name: "ISO-2022-JP label on UTF-8 bytes", label: "iso-2022-jp", bytes: Array("お問い合わせ".utf8),
        text: "お問い合わせ", charset: "UTF-8"),
    LyingLabel(
        name: "windows-1252 label on UTF-8 bytes", label: "windows-1252", bytes: Array("Grüße – München".utf8),
        text: "Grüße – München", charset: "UTF-8"),
    LyingLabel(
        name: "ISO-8859-1 label on UTF-8 bytes", label: "ISO-8859-1", bytes: Array("naïve café".utf8),
        text: "naïve café", charset: "UTF-8"),
    // 𠮷 (four bytes in GB18030) and 镕 (GBK only) under a GB2312 label: the superset reads both.
    LyingLabel(
        name: "GB2312 label on GB18030 bytes", label: "gb2312",
        bytes: [0x95, 0x34, 0xB2, 0x35, 0xE9, 0x46], text: "𠮷镕", charset: "GB18030"),
    // 哋 is in Big5-HKSCS only.
    LyingLabel(
        name: "Big5 label on Big5-HKSCS bytes", label: "big5", bytes: [0x92, 0x5D], text: "哋",
        charset: "BIG5-HKSCS")
]

@Test(arguments: lyingLabels)
func lyingLabelReadsAsTheRealCharset(_ sample: LyingLabel) {
    let decoded = Charset.decode(sample.bytes, label: sample.label)
    #expect(decoded.text == sample.text)
    if let charset = sample.charset { #expect(decoded.charset == charset) }
    #expect(!decoded.text.contains("\u{FFFD}"))
}

@Test func aLyingLabelIsReported() {
    let decoded = Charset.decode(sjis, label: "iso-2022-jp")
    #expect(decoded.problem == "declared charset 'iso-2022-jp' but the text is CP932")
}

/// Guards: where the label is right, or the evidence is one byte, the declared charset stays.
@Test func theDeclaredCharsetStaysWithoutEvidence() {
    // One damaged byte in Shift_JIS text: Shift_JIS with one U+FFFD, not another Japanese encoding.
    var damaged = sjis
    damaged.insert(0xFF, at: 6)
    let one = Charset.decode(damaged, label: "shift_jis")
    #expect(one.charset == "CP932")
    #expect(one.text == "お問い\u{FFFD}合わせ番号")
    // A single stray 8-bit byte under ISO-2022-JP (a Latin letter in a file name) is no Japanese text.
    let stray = Charset.decode(Array("Dij".utf8) + [0x8A] + Array("at.mp3".utf8), label: "iso-2022-jp")
    #expect(stray.charset == "ISO-2022-JP")
    #expect(stray.problem != nil)
    // Real ISO-2022-JP stays ISO-2022-JP, real Shift_JIS stays Shift_JIS, with no problem.
    let jis: [UInt8] = [0x1B, 0x24, 0x42, 0x46, 0x7C, 0x4B, 0x5C, 0x1B, 0x28, 0x42]
    #expect(Charset.decode(jis, label: "iso-2022-jp") == DecodedText(text: "日本", charset: "ISO-2022-JP"))
    #expect(Charset.decode(sjis, label: "shift_jis") == DecodedText(text: "お問い合わせ番号", charset: "CP932"))
    // Shift_JIS text with genuine half-width katakana (ｶﾀｶﾅ) is not taken for EUC-JP.
    let halfWidth: [UInt8] = [0xB6, 0xC0, 0xB6, 0xC5, 0x82, 0xC5, 0x82, 0xB7]
    #expect(Charset.decode(halfWidth, label: "shift_jis").text == "ｶﾀｶﾅです")
}
