import ArgumentParser
import Config
import Foundation
import Pipeline

struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every configured mailbox: connect, TLS, login, the mailbox, its message count.",
        discussion: "Prints one line per mailbox with what is wrong and how to fix it; exits 1 if any mailbox fails.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let cwd = FileManager.default.currentDirectoryPath
        let configuration = try loadConfiguration(global)
        let checks = MailboxDoctor(configuration: configuration, workingDirectory: cwd).run()
        if json { try JSONOutput.print(checks) } else { checks.forEach { print($0.line) } }
        if checks.contains(where: { !$0.ok }) { throw ExitCode(1) }
    }
}
