import ArgumentParser
import Config
import Foundation

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Manage the embedded demo.", subcommands: [Reset.self])

    struct Reset: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete the store so the demo can run again from scratch.",
            discussion: "Removes the SQLite database named by [store] path (and its -wal, -shm and .lock files). The demo Maildir is left as it is (its mailbox keeps its mail: after_import = \"keep\").")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let cwd = FileManager.default.currentDirectoryPath
            let configuration = try loadConfiguration(global)
            let path = ConfigPaths.absolute(configuration.gateway.store.path, workingDirectory: cwd)
            var removed = 0
            for suffix in ["", "-wal", "-shm", ".lock"] where FileManager.default.fileExists(atPath: path + suffix) {
                try FileManager.default.removeItem(atPath: path + suffix)
                removed += 1
            }
            let kept = configuration.mailboxes.filter { $0.afterImport != .keep }.map(\.name)
            print(removed > 0 ? "removed \(configuration.gateway.store.path)" : "nothing to remove: \(configuration.gateway.store.path) does not exist")
            if !kept.isEmpty {
                print("note: mailboxes \(kept.joined(separator: ", ")) mark imported mail as seen; their messages will not be fetched again")
            }
        }
    }
}
