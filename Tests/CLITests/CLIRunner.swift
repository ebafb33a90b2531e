import Foundation
import TestSupport

/// Runs the `maildesk` binary that `swift build` put beside the test bundle.
enum CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let repository = Repository.root

    static var binary: URL {
        // The test bundle sits in the products folder, next to the executable.
        var candidates: [URL] = []
        if let bundle = Bundle.allBundles.first(where: { $0.bundlePath.hasSuffix(".xctest") }) {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("maildesk"))
        }
        candidates.append(
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(
                "maildesk"))
        candidates.append(repository.appendingPathComponent(".build/debug/maildesk"))
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }

    static func run(
        _ arguments: [String], stdin: Data? = nil, in directory: URL = repository,
        environment: [String: String] = [:]
    ) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        let out = ChildProcess.pipe(), err = ChildProcess.pipe(), input = ChildProcess.pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try ChildProcess.launch(process)
        // Standard input is written and standard error read on threads of their own, standard output here: a
        // child that fills one pipe, or does not read its input, never waits on a test blocked on another pipe.
        let writer = DispatchGroup()
        DispatchQueue.global().async(group: writer) {
            if let stdin { ChildProcess.feed(stdin, to: input.fileHandleForWriting) }
            try? input.fileHandleForWriting.close()
        }
        let errors = Collected()
        DispatchQueue.global().async(group: writer) { errors.data = err.fileHandleForReading.readDataToEndOfFile() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        writer.wait()
        let errData = errors.data
        ChildProcess.wait(for: process)
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// What a reader thread collected; read only after the group it ran in was waited for.
    private final class Collected: @unchecked Sendable { var data = Data() }

    static func temporaryFile(_ contents: [UInt8], name: String = "input.eml") throws -> URL {
        let dir = try TemporaryFolder.make("maildesk-cli")
        let url = dir.appendingPathComponent(name)
        try Data(contents).write(to: url)
        return url
    }

    /// The shipped demo (config/, mailboxes/ with the demo Maildir, templates/) copied into a scratch folder.
    static func demoFolder() throws -> URL {
        let root = try TemporaryFolder.make("maildesk-demo")
        for item in ["config", "mailboxes", "templates"] {
            try FileManager.default.copyItem(
                at: repository.appendingPathComponent(item), to: root.appendingPathComponent(item))
        }
        // The demo as cloned: the replies `demo agent-reply` wrote while someone followed the README stay behind.
        let new = root.appendingPathComponent("mailboxes/demo/new")
        for name in try FileManager.default.contentsOfDirectory(atPath: new.path)
        where name.hasPrefix("demo-agent-reply-") {
            try FileManager.default.removeItem(at: new.appendingPathComponent(name))
        }
        return root
    }
}
