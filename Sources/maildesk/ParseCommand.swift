import ArgumentParser
import Foundation
import MIME

struct Parse: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Parse mail files and print what maildesk reads from them.",
        discussion: """
            Exit status: 0 when every file parsed (even with problems), 65 when a file is not mail at all, \
            66 when a file cannot be read.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var limitOptions: ParserLimitOptions

    @Flag(help: "Print one JSON object per file (an array for several files).")
    var json = false

    @Argument(help: ArgumentHelp("Message files; '-' reads standard input.", valueName: "file"))
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("Give at least one message file, or '-' for standard input.") }
    }

    func run() throws {
        var summaries: [MessageSummary] = []
        var status: Int32 = 0
        for path in files {
            let bytes: [UInt8]
            do {
                bytes = try InputFile.read(path)
            } catch {
                printError(error.description)
                status = 66
                continue
            }
            do {
                let message = try MessageParser.parse(bytes, limits: limitOptions.limits)
                if json {
                    summaries.append(MessageSummary(message))
                } else {
                    if files.count > 1 { print("==> \(path) <==") }
                    print(MessageDescription(message).text)
                }
            } catch {
                printError(
                    "'\(path)' is not a mail message: \(error.reason) (expected an RFC 5322 header such as 'From:' and 'Subject:' lines, a blank line, then the body)"
                )
                if status == 0 { status = 65 }
            }
        }
        if json && !(summaries.isEmpty && status != 0) {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
            let data =
                files.count == 1 && summaries.count == 1
                ? try encoder.encode(summaries[0]) : try encoder.encode(summaries)
            FileHandle.standardOutput.write(data)
            FileHandle.standardOutput.write(Data("\n".utf8))
        }
        if status != 0 { throw ExitCode(status) }
    }
}
