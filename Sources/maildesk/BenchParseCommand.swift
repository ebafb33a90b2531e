import ArgumentParser
import Foundation
import Glibc
import MIME

struct BenchParse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse every file under a folder in one process and print one line of figures.",
        discussion: "Prints: messages=N bytes=B seconds=S msg_per_s=X MB_per_s=Y peak_rss_mb=M (MB = 10^6 bytes)."
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var limitOptions: ParserLimitOptions

    @Argument(help: ArgumentHelp("Folder of message files (searched recursively).", valueName: "dir"))
    var directory: String

    func run() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            printError("cannot read folder '\(directory)': no such folder (run Benchmarks/run.sh to generate a corpus)")
            throw ExitStatus.noInput
        }
        let files = Self.files(under: directory)
        let limits = limitOptions.limits
        var messages = 0
        var bytes = 0
        var failures = 0
        var checksum = 0  // consumed below so the optimiser cannot drop the work
        let start = DispatchTime.now().uptimeNanoseconds
        for path in files {
            guard let data = FileManager.default.contents(atPath: path) else { failures += 1; continue }
            let raw = [UInt8](data)
            bytes += raw.count
            do {
                let m = try MessageParser.parse(raw, limits: limits)
                messages += 1
                checksum &+=
                    m.text.utf8.count &+ (m.html?.utf8.count ?? 0) &+ m.attachments.count
                    &+ (m.subject?.utf8.count ?? 0) &+ m.from.count &+ m.to.count &+ (m.date == nil ? 0 : 1)
            } catch {
                failures += 1
            }
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let peakMB = peakRSSMegabytes()
        let f = formatted
        print(
            "messages=\(messages) bytes=\(bytes) seconds=\(f(seconds, 3)) msg_per_s=\(f(Double(messages) / seconds, 0)) MB_per_s=\(f(Double(bytes) / 1e6 / seconds, 1)) peak_rss_mb=\(f(peakMB, 1))"
        )
        if failures > 0 { printError("\(failures) file(s) were not mail or could not be read (checksum \(checksum))") }
    }

    static func files(under directory: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: directory) else { return [] }
        var result: [String] = []
        while let relative = walker.nextObject() as? String {
            let path = directory + "/" + relative
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                result.append(path)
            }
        }
        return result.sorted()
    }
}
