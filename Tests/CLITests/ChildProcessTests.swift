import Foundation
import TestSupport
import Testing

/// The suite once stalled in CI: a short child's socket pair, opened while another thread spawned a server, was
/// inherited by that server, so Foundation never saw the short child end. A stand-alone program doing what this
/// test does with plain `Process.run()` and `Pipe()` lost 2 to 9 of 400 children each run; in the test process the
/// window opens more rarely, so this test guards the helper's contract rather than reproducing every time.
@Suite("child processes of the tests")
struct ChildProcessTests {
    @Test func shortChildrenAreSeenToEndWhileServersStartBesideThem() throws {
        // No extra descriptors are held open to widen the window: with hundreds open, Foundation's scan of
        // /proc/self/fd can read past glibc's directory buffer and crash the whole test process
        // (swift-corelibs-foundation PR #5472, not in Swift 6.3's Foundation).
        let servers = Locked<[Process]>([]), shorts = Locked<[Process]>([])
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            for _ in 0..<40 {
                let server = Process()
                server.executableURL = URL(fileURLWithPath: "/bin/sleep")
                server.arguments = ["600"]
                if (try? ChildProcess.launch(server)) != nil { servers.append(server) }
            }
        }
        for _ in 0..<4 {
            DispatchQueue.global().async(group: group) {
                for _ in 0..<100 {
                    let child = Process()
                    child.executableURL = URL(fileURLWithPath: "/bin/echo")
                    child.arguments = ["x"]
                    let output = ChildProcess.pipe()
                    child.standardOutput = output
                    guard (try? ChildProcess.launch(child)) != nil else { continue }
                    shorts.append(child)
                    // Read elsewhere: an output pipe inherited by a server would block this loop until the end.
                    DispatchQueue.global().async { _ = output.fileHandleForReading.readDataToEndOfFile() }
                }
            }
        }
        group.wait()
        // Each child ends within milliseconds; the limit only bounds the test when one is never seen to end.
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline && shorts.value.contains(where: \.isRunning) { usleep(10_000) }
        let unseen = shorts.value.filter(\.isRunning).count
        for server in servers.value { server.terminate() }
        for server in servers.value { ChildProcess.wait(for: server) }
        #expect(shorts.value.count == 400)
        #expect(unseen == 0, "\(unseen) of 400 children were never seen to end")
    }

    /// Started from a test's (libdispatch) thread, a child still ends on SIGTERM: no signal is blocked in it.
    /// A child that exits without reading its input (a command refused at once) must not end the test process
    /// with SIGPIPE when the test feeds it: that crashed whole CI runs now and then.
    @Test func feedingAChildThatAlreadyExitedIsNoCrash() throws {
        for _ in 0..<5 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/true")
            let input = ChildProcess.pipe()
            process.standardInput = input
            try ChildProcess.launch(process)
            ChildProcess.wait(for: process)
            // The reading end is gone with the child (Process closed our copy at launch): this write breaks the pipe.
            ChildProcess.feed(Data(repeating: 0x41, count: 1 << 20), to: input.fileHandleForWriting)
            try? input.fileHandleForWriting.close()
            #expect(process.terminationStatus == 0)
        }
    }

    @Test func aChildStartedFromATestEndsOnTerminate() throws {
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/bin/sleep")
        server.arguments = ["600"]
        try ChildProcess.launch(server)
        let status = try String(contentsOfFile: "/proc/\(server.processIdentifier)/status", encoding: .utf8)
        #expect(status.split(separator: "\n").contains("SigBlk:\t0000000000000000"), "\(status)")
        server.terminate()
        let ended = ChildProcess.wait(for: server, limit: 60)
        #expect(ended && server.terminationReason == .uncaughtSignal && server.terminationStatus == SIGTERM)
    }
}

/// A value several threads append to.
private final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func append<Element>(_ element: Element) where Value == [Element] { lock.withLock { stored.append(element) } }
}
