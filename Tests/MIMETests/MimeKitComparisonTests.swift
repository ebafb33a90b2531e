import Foundation
import Testing
@testable import MIME

/// MimeKit's mbox summaries: the content-type tree and subject of each message of two mbox files
/// (Netscape-era MIME torture), split at the byte offsets MimeKit recorded.
@Suite("MimeKit corpus")
struct MimeKitComparisonTests {
    static let testData = TestPaths.corpus.appendingPathComponent("mimekit-testdata/UnitTests/TestData")

    /// A message summary as MimeKit prints it: subject line and `Content-Type:` lines indented 3 per depth.
    static func summary(_ message: Message) -> [String] {
        var lines = ["Subject: \(message.subject ?? "")"]
        func tree(_ part: Part, depth: Int) {
            lines.append(String(repeating: " ", count: depth * 3) + "Content-Type: \(part.contentType.mimeType)")
            switch part.content {
            case .multipart(_, let parts, _): parts.forEach { tree($0, depth: depth + 1) }
            case .message(let inner): tree(inner, depth: depth + 1)
            default: break
            }
        }
        tree(message.root, depth: 0)
        return lines
    }

    static func expectedSummaries(_ file: String) throws -> [[String]] {
        let text = try String(contentsOf: testData.appendingPathComponent("mbox/\(file)-summary.txt"), encoding: .utf8)
        return text.components(separatedBy: "\n\n").map { block in
            block.split(separator: "\n").map(String.init)
                .filter {
                    $0.hasPrefix("Subject: ") || $0.trimmingCharacters(in: .whitespaces).hasPrefix("Content-Type: ")
                }
        }.filter { !$0.isEmpty }
    }

    @Test(arguments: ["content-length", "issue1189"])
    func mboxSummariesMatch(_ file: String) throws {
        let mbox = TestPaths.bytes(Self.testData.appendingPathComponent("mbox/\(file).mbox.txt"))
        let offsets = try #require(
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: Self.testData.appendingPathComponent("mbox/\(file).unix-offsets.json")))
                as? [[String: Any]])
        let expected = try Self.expectedSummaries(file)
        #expect(offsets.count == expected.count)
        var agreeing = 0
        for (entry, want) in zip(offsets, expected) {
            let begin = entry["beginOffset"] as? Int ?? 0
            let end = entry["endOffset"] as? Int ?? 0
            let message = try MessageParser.parse(Array(mbox[begin..<end]))
            let got = Self.summary(message)
            // MimeKit keeps the case of types as written ("Application/x-pkcs7-mime"); maildesk lowercases.
            if got.map({ $0.lowercased() }) == want.map({ $0.lowercased() }) {
                agreeing += 1
            } else {
                print("mimekit \(file) differs at offset \(begin):\n  got  \(got)\n  want \(want)")
            }
        }
        print("mimekit \(file): \(agreeing)/\(expected.count) summaries agree")
        #expect(agreeing == expected.count)
    }

    @Test func quotedPrintableDecodesLikeMimeKit() throws {
        let qp = TestPaths.bytes(Self.testData.appendingPathComponent("encoders/wikipedia.qp"))
        let want = TestPaths.bytes(Self.testData.appendingPathComponent("encoders/wikipedia.txt"))
        let got = qp.withUnsafeBufferPointer { QuotedPrintable.decode($0).bytes }
        #expect(got.filter { $0 != 0x0D } == want.filter { $0 != 0x0D })
    }

    @Test func base64AndUuencodeDecodeThePhoto() throws {
        let photo = TestPaths.bytes(Self.testData.appendingPathComponent("encoders/photo.jpg"))
        let b64 = TestPaths.bytes(Self.testData.appendingPathComponent("encoders/photo.b64"))
        #expect(Base64.decode(b64) == photo)
        let uu = String(
            decoding: TestPaths.bytes(Self.testData.appendingPathComponent("encoders/photo.uu")), as: UTF8.self)
        let blocks = UUEncode.extract(from: uu).blocks
        #expect(blocks.first?.bytes == photo)
    }
}

/// Every message of every shared corpus folder parses without a crash and within limits.
@Suite("all corpora")
struct AllCorporaTests {
    /// Files that are mail (or meant to be parsed as mail) in the corpora.
    static var mailFiles: [URL] {
        TestPaths.files(under: TestPaths.corpus) { url in
            let path = url.path
            if path.contains("/inscriptis-html2text/") || path.contains("/encoders/") || path.contains("/mbox/") {
                return false
            }
            if ["json", "md", "html", "py"].contains(url.pathExtension) { return false }
            let name = url.lastPathComponent
            return !name.hasPrefix(".")
                && !["SHA256SUMS", "LICENSE", "MIT-LICENSE", "COPYING", "README", "MANIFEST"].contains {
                    name.hasPrefix($0)
                }
                && !path.contains("/LICENSES/")
        }
    }

    @Test func everyCorpusMessageParses() throws {
        let files = Self.mailFiles
        #expect(files.count > 250, "corpus at \(TestPaths.corpus.path)")
        var parsed = 0
        var notMail: [String] = []
        var problems = 0
        for file in files {
            let raw = TestPaths.bytes(file)
            do {
                let message = try MessageParser.parse(raw)
                parsed += 1
                problems += message.problems.count
                #expect(message.problems.count < 5_000)
                for a in message.attachments { #expect(!a.filename.isEmpty && !a.filename.contains("/")) }
            } catch {
                // The reply-parser corpus holds bare bodies without a header; enmime's erroneous.raw says
                // "Not an RFC-822 Document"; mikel's sample_output_multipart is empty. Everything else is mail.
                if !file.path.contains("/github-email_reply_parser/")
                    && !["erroneous.raw", "sample_output_multipart"].contains(file.lastPathComponent)
                {
                    notMail.append("\(file.lastPathComponent): \(error.reason)")
                }
            }
        }
        print(
            "corpora: \(parsed)/\(files.count) parsed, \(problems) problems reported; unexpectedly not mail: \(notMail)"
        )
        #expect(notMail.isEmpty)
    }
}
