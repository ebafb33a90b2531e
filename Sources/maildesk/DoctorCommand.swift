import ArgumentParser
import Config
import Foundation
import Pipeline
import Store

struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every configured mailbox: connect, TLS, login, the mailbox, its message count.",
        discussion: "Prints one line per mailbox with what is wrong and how to fix it; exits 1 if any mailbox fails.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let cwd = FileManager.default.currentDirectoryPath
        let configuration = try loadConfiguration(global)
        var checks = MailboxDoctor(configuration: configuration, workingDirectory: cwd).run()
        // Messages a server would not hand over are the store's news, not the server's: add them when there is a store.
        let storePath = ConfigPaths.absolute(configuration.gateway.store.path, workingDirectory: cwd)
        if FileManager.default.fileExists(atPath: storePath) {
            let store = try Store(path: storePath)
            let failures = try store.fetchFailures()
            for index in checks.indices {
                let mine = failures.filter { $0.mailbox == checks[index].mailbox }
                guard !mine.isEmpty else { continue }
                let skipped = mine.filter { $0.givenUpAt != nil }.count
                checks[index].line +=
                    "; \(mine.count) message(s) the server would not hand over (\(skipped) skipped, "
                    + "UID \(mine.prefix(5).map { String($0.uid) }.joined(separator: ", "))\(mine.count > 5 ? ", …" : "")): "
                    + "`maildesk quarantine list` says why"
            }
        }
        if json { try JSONOutput.print(checks) } else { checks.forEach { print($0.line) } }
        if checks.contains(where: { !$0.ok }) { throw ExitCode(1) }
    }
}
