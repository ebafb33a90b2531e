import Foundation
import TestSupport

/// Where test data lives: fixtures beside the tests, the shared corpora beside the repository (as in CI).
enum TestPaths {
    static let testsDirectory = Repository.url("Tests/MIMETests")
    static let repository = Repository.root
    static let fixtures = testsDirectory.appendingPathComponent("Fixtures")
    static let corpus = repository.deletingLastPathComponent().appendingPathComponent("shared/corpus")

    /// Regular files under `directory`, sorted, recursively.
    static func files(under directory: URL, where include: (URL) -> Bool = { _ in true }) -> [URL] {
        guard
            let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [] }
        var result: [URL] = []
        for case let url as URL in walker {
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true, include(url) {
                result.append(url)
            }
        }
        return result.sorted { $0.path < $1.path }
    }

    static func bytes(_ url: URL) -> [UInt8] {
        (try? Data(contentsOf: url)).map { [UInt8]($0) } ?? []
    }

    /// stalwart's header vectors (`address`, `date`, `id`, `content_type`).
    static func stalwartVectors(_ name: String) -> URL {
        corpus.appendingPathComponent("stalwart-mail-parser/resources/\(name).json")
    }

    /// A stalwart header vector is the rest of a message after "Name:": the value ends at the first line break
    /// not followed by a blank, as a real header field would.
    static func headerValue(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0A, i + 1 == bytes.count || (bytes[i + 1] != 0x20 && bytes[i + 1] != 0x09) {
                return String(decoding: bytes[..<i], as: UTF8.self)
            }
            i += 1
        }
        return text
    }

    /// LF line ends turned into CRLF (existing CRLF left alone).
    static func crlf(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 20)
        var previous: UInt8 = 0
        for b in bytes {
            if b == 0x0A && previous != 0x0D { out.append(0x0D) }
            out.append(b)
            previous = b
        }
        return out
    }
}
