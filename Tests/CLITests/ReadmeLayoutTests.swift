import Foundation
import Testing

/// The README's Layout table names every module folder and every shipped configuration file, so a new module
/// cannot land undocumented.
@Suite("README layout")
struct ReadmeLayoutTests {
    @Test func everySourceFolderAndConfigFileIsInTheLayoutTable() throws {
        let root = CLI.repository
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "\n## Layout\n"))
        let section = readme[start.upperBound...]
        let table = section.components(separatedBy: "\n## ").first ?? ""
        // Paths are written in backticks in the first column: `Sources/IMAP`, `Sources/SMTP`.
        let named = Set(
            table.split(separator: "\n").filter { $0.hasPrefix("| `") }.flatMap { line -> [String] in
                let firstColumn = line.split(separator: "|", omittingEmptySubsequences: true).first ?? ""
                return firstColumn.split(separator: "`").enumerated().filter { $0.offset % 2 == 1 }.map {
                    String($0.element)
                }
            })
        let files = FileManager.default
        let sources = try files.contentsOfDirectory(atPath: root.appendingPathComponent("Sources").path)
            .filter { !$0.hasPrefix(".") }.map { "Sources/\($0)" }
        let configs = try files.contentsOfDirectory(atPath: root.appendingPathComponent("config").path)
            .filter { $0.hasSuffix(".toml") }.map { "config/\($0)" }
        let missing = (sources + configs).filter { !named.contains($0) && !named.contains($0 + "/") }.sorted()
        #expect(missing.isEmpty, "add to README's Layout table: \(missing.joined(separator: ", "))")
        let stale = named.filter {
            $0.hasPrefix("Sources/") && !files.fileExists(atPath: root.appendingPathComponent($0).path)
        }
        #expect(stale.isEmpty, "README's Layout table names folders that do not exist: \(stale.sorted())")
    }
}
