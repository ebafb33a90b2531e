import Testing
@testable import Charset

/// Bytes produced by real encoders (Python's codecs), with the label mail would carry.
struct Sample: CustomTestStringConvertible, Sendable {
    let label: String
    let bytes: [UInt8]
    let text: String
    var testDescription: String { label }
}

let samples: [Sample] = [
    Sample(label: "utf-8", bytes: Array("中文 ok".utf8), text: "中文 ok"),
    // GBK-only 镕 under a GB2312 label: decoded as GB18030, the superset.
    Sample(label: "gb2312", bytes: [0xD6, 0xEC, 0xE9, 0x46], text: "朱镕"),
    Sample(label: "GBK", bytes: [0xC4, 0xE3, 0xBA, 0xC3], text: "你好"),
    Sample(label: "x-gbk", bytes: [0xC4, 0xE3, 0xBA, 0xC3], text: "你好"),
    Sample(label: "gb18030", bytes: [0x81, 0x30, 0x81, 0x30], text: "\u{80}"),
    Sample(label: "big5", bytes: [0xA4, 0xA4, 0xA4, 0xE5], text: "中文"),
    Sample(label: "Big5-HKSCS", bytes: [0x88, 0x62], text: "\u{00CA}\u{0304}"),
    Sample(
        label: "iso-2022-jp", bytes: [0x1B, 0x24, 0x42, 0x46, 0x7C, 0x4B, 0x5C, 0x2D, 0x21, 0x1B, 0x28, 0x42],
        text: "日本①"),
    Sample(label: "shift_jis", bytes: [0x93, 0xFA, 0x96, 0x7B], text: "日本"),
    Sample(label: "euc-jp", bytes: [0xC6, 0xFC, 0xCB, 0xDC], text: "日本"),
    Sample(label: "ks_c_5601-1987", bytes: [0xC7, 0xD1, 0xB1, 0xB9], text: "한국"),
    Sample(label: "euc-kr", bytes: [0xC7, 0xD1, 0xB1, 0xB9], text: "한국"),
    Sample(label: "koi8-r", bytes: [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4], text: "Привет"),
    Sample(label: "windows-1251", bytes: [0xCF, 0xF0, 0xE8], text: "При"),
    Sample(label: "iso-8859-2", bytes: [0xB1, 0xE6], text: "ąć"),
    Sample(label: "iso-8859-15", bytes: [0xA4], text: "€"),
    Sample(label: "ISO_8859-7", bytes: [0xE1], text: "α"),
    Sample(label: "iso-8859-16", bytes: [0xAA], text: "Ș"),
    Sample(label: "iso-8859-1", bytes: [0x80, 0xE9], text: "€é"),
    Sample(label: "us-ascii", bytes: [0x93, 0x68, 0x94], text: "“h”"),
    Sample(label: "utf-7", bytes: Array("Hi Mom -+Jjo--!".utf8), text: "Hi Mom -☺-!"),
    Sample(label: "utf-16", bytes: [0xFF, 0xFE, 0x2D, 0x4E], text: "中"),
    Sample(label: "\"UTF-8\"", bytes: Array("é".utf8), text: "é")
]

@Test(arguments: samples)
func decodesDeclaredCharset(_ sample: Sample) {
    let decoded = Charset.decode(sample.bytes, label: sample.label)
    #expect(decoded.text == sample.text)
    #expect(decoded.problem == nil)
}

@Test func mislabelledUTF8IsRecognised() {
    let decoded = Charset.decode(Array("café 中文".utf8), label: "iso-8859-1")
    #expect(decoded.text == "café 中文")
    #expect(decoded.charset == "UTF-8")
    #expect(decoded.problem != nil)
}

@Test func unknownLabelFallsBackToUTF8ThenGB18030ThenWindows1252() {
    #expect(Charset.decode(Array("中文".utf8), label: "x-unknown-foo").text == "中文")
    let gbk: [UInt8] = [0xC4, 0xE3, 0xBA, 0xC3, 0xA3, 0xAC, 0xCA, 0xC0, 0xBD, 0xE7]  // 你好，世界
    let chinese = Charset.decode(gbk, label: "x-unknown-foo")
    #expect(chinese.text == "你好，世界")
    #expect(chinese.charset == "GB18030")
    #expect(chinese.problem?.contains("unknown charset") == true)
    let latin = Charset.decode([0x63, 0x61, 0x66, 0xE9], label: nil)
    #expect(latin.text == "café")
    #expect(latin.charset == "windows-1252")
}

@Test func undecodableBytesBecomeReplacementCharacters() {
    let decoded = Charset.decode([0x41, 0xFF, 0x42], label: "utf-8")
    #expect(decoded.text == "A\u{FFFD}B")
    #expect(decoded.problem != nil)
    let shiftJIS = Charset.decode([0x93, 0xFA, 0xFF, 0x96, 0x7B], label: "shift_jis")
    #expect(shiftJIS.text.contains("\u{FFFD}"))
    #expect(shiftJIS.text.hasPrefix("日"))
}

@Test func gb2312LabelWithUTF8BodyFallsBackToUTF8() {
    let decoded = Charset.decode(Array("订单号：123，谢谢".utf8), label: "gb2312")
    #expect(decoded.text == "订单号：123，谢谢")
    #expect(decoded.problem != nil)
}

@Test(arguments: [
    "cp936", "gb_2312-80", "windows-936", "x-sjis", "latin1", "cp1250", "x-cp1251", "utf8",
    "iso8859-2", "ks_c_5601-1987", "big5-hkscs"
])
func knownAliasesResolve(_ label: String) {
    #expect(CharsetLabel.decoder(for: label) != nil)
}
