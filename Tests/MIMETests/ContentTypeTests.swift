import Foundation
import Testing
@testable import MIME

/// Content-Type values from stalwart's vectors (RFC 2045/2231 parameters, continuations, charsets, junk).
@Suite("Content-Type")
struct ContentTypeTests {
    @Test func stalwartVectors() throws {
        let url = TestPaths.stalwartVectors("content_type")
        let vectors = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [[String: Any]])
        var agree = 0
        var differences: [String] = []
        for vector in vectors {
            let header = TestPaths.headerValue(vector["header"] as? String ?? "")
            var problems: [String] = []
            let got = ContentType.parse(Array(header.utf8), problems: &problems)
            let expected = vector["expected"] as? [String: Any]
            guard let expected else {
                if got == nil {
                    agree += 1
                } else {
                    differences.append("\(header) → \(got!.mimeType), stalwart: invalid")
                }
                continue
            }
            let wantType = "\(expected["c_type"] as? String ?? "")/\(expected["c_subtype"] as? String ?? "")"
                .lowercased()
            var wantParameters: [String: String] = [:]
            for pair in expected["attributes"] as? [[String]] ?? [] where pair.count == 2 {
                let name = pair[0].lowercased()
                if wantParameters[name] == nil { wantParameters[name] = pair[1] }
            }
            let gotParameters = got?.parameters.values ?? [:]
            if got?.mimeType == wantType && gotParameters == wantParameters {
                agree += 1
            } else {
                differences.append(
                    "\(header.prefix(90)) → \(got?.mimeType ?? "nil") \(gotParameters), stalwart: \(wantType) \(wantParameters)"
                )
            }
        }
        print("stalwart content-type vectors: \(agree)/\(vectors.count) agree")
        for d in differences { print("  differs: \(d)") }
        #expect(agree >= Self.minimumAgreement)
    }

    // Reviewed differences: VIOLATIONS.md, "Differences from stalwart".
    static let minimumAgreement = 78

    @Test func rfc2231ContinuationsAndCharsetsJoinBeforeDecoding() {
        var problems: [String] = []
        let raw = "application/pdf; name*0*=utf-8''%E4%B8; name*1*=%AD%E6%96%87; name*2=.pdf"
        let type = ContentType.parse(Array(raw.utf8), problems: &problems)
        #expect(type?.parameters["name"] == "中文.pdf")
        #expect(problems.isEmpty)
    }

    @Test func encodedWordsInQuotedParametersAreDecoded() {
        var problems: [String] = []
        let raw = "application/octet-stream; name=\"=?gb2312?B?1tDOxC5kb2N4?=\""
        #expect(ContentType.parse(Array(raw.utf8), problems: &problems)?.parameters["name"] == "中文.docx")
    }
}
