import FastJSON
import Foundation
import Testing

/// The thread stage reads back the JSON columns the parse stage wrote (and older rows JSONEncoder wrote).
@Suite struct JSONTextTests {
    static let awkward = [
        "", "plain", "quote \" backslash \\ slash /", "tab\tnewline\nreturn\r", "\u{1}\u{1F}",
        "日本語 ☃ 😀", "<id@example.com>"
    ]

    @Test(arguments: awkward)
    func stringsRoundTrip(_ value: String) throws {
        let written = JSONText.strings([value, value])
        #expect(JSONText.decodeStrings(written) == [value, value])
        #expect(try JSONDecoder().decode([String].self, from: Data(written.utf8)) == [value, value])
    }

    @Test func readsWhatJSONEncoderWrote() throws {
        let encoded = String(decoding: try JSONEncoder().encode(Self.awkward), as: UTF8.self)
        #expect(JSONText.decodeStrings(encoded) == Self.awkward)
        #expect(JSONText.decodeStrings("[\"\\ud83d\\ude00\", \"\\u00e9\"]") == ["😀", "é"])
        #expect(JSONText.decodeStrings("[]") == [])
    }

    @Test func objectsRoundTrip() {
        let written = JSONText.objects([
            ["name": "Zoë \"Z\" O'Neil", "address": "zoe@example.com"],
            ["name": nil, "address": "x@example.com"]
        ])
        #expect(
            written
                == #"[{"name":"Zoë \"Z\" O'Neil","address":"zoe@example.com"},{"name":null,"address":"x@example.com"}]"#
        )
        let objects = JSONText.decodeObjects(written)
        #expect(objects?.count == 2)
        #expect(objects?[0]["name"] == .some("Zoë \"Z\" O'Neil"))
        #expect(objects?[0]["address"] == .some("zoe@example.com"))
        #expect(objects?[1]["name"] == .some(nil))
        #expect(JSONText.decodeObjects("[]")?.isEmpty == true)
    }

    @Test(arguments: ["", "[", "[1]", "[\"a\",]", "[\"a\"] x", "[\"\\x\"]", "[\"\\ud83d\"]", "{\"a\":1}", "[{\"a\":1}]"]
    )
    func refusesWhatItCannotRead(_ json: String) {
        #expect(JSONText.decodeStrings(json) == nil)
        #expect(JSONText.decodeObjects(json) == nil)
    }

    /// One flat object: written with its keys in the order given, read back; what JSONEncoder wrote (sorted keys,
    /// escaped slashes) reads the same; anything else is refused.
    @Test func oneObjectRoundTripsAndReadsJSONEncodersForm() throws {
        let attributes = ["city": "上海/浦东", "plan": "pro \"x\"", "note": "a\nb"]
        let written = JSONText.object(attributes.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) })
        #expect(written.hasPrefix("{\"city\":"))
        #expect(JSONText.decodeObject(written)?.compactMapValues { $0 } == attributes)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let old = String(decoding: try encoder.encode(attributes), as: UTF8.self)
        #expect(JSONText.decodeObject(old)?.compactMapValues { $0 } == attributes)
        #expect(JSONText.decodeObject("{}")?.isEmpty == true)
        for bad in ["", "{", "{\"a\":1}", "[{\"a\":\"b\"}]", "{\"a\":\"b\"} x"] {
            #expect(JSONText.decodeObject(bad) == nil)
        }
    }
}
