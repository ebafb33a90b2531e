import Foundation
import TestSupport

/// Another process holding the store's write lock (an open IMMEDIATE transaction, as a long `maildesk run` batch
/// would), until `release()`: what `maildesk deliver` must answer with EX_TEMPFAIL instead of losing the mail.
final class StoreLock {
    struct Failure: Error, CustomStringConvertible { let description: String }

    private let process = Process()
    private let input = ChildProcess.pipe()

    /// Returns once the lock is held.
    init(_ store: URL) throws {
        let output = ChildProcess.pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [
            "-c",
            """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=60)
            db.execute("BEGIN IMMEDIATE")
            print("locked", flush=True)
            sys.stdin.read()
            db.execute("ROLLBACK")
            """, store.path
        ]
        process.standardInput = input
        process.standardOutput = output
        try ChildProcess.launch(process)
        let line = String(decoding: output.fileHandleForReading.availableDataLine(), as: UTF8.self)
        guard line.hasPrefix("locked") else {
            throw Failure(description: "the lock holder did not lock \(store.path): \(line)")
        }
    }

    deinit { release() }

    /// Ends the transaction and waits for the holder to exit.
    func release() {
        guard process.isRunning else { return }
        try? input.fileHandleForWriting.close()
        ChildProcess.wait(for: process)
    }
}

extension FileHandle {
    /// Reads up to the first newline (or the end), one byte at a time: nothing after it is consumed.
    func availableDataLine() -> Data {
        var line = Data()
        while let byte = try? read(upToCount: 1), let first = byte.first, first != 0x0A { line.append(first) }
        return line
    }
}
