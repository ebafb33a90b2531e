import Dispatch
import Synchronization

/// What the fetch thread tells the stages that run beside it during one pass: each committed batch, and at
/// the end its summary and wall time.
///
/// A heap object shared by reference, so the fetch thread never captures locals of the pass (a `Mutex` on
/// the caller's stack, or an `inout` summary); every field is behind the lock.
final class FetchProgress: Sendable {
    private struct State {
        var commits = 0
        var result: (summary: RunSummary, seconds: Double)?
    }

    private let state = Mutex(State())
    /// Signalled on every commit and at the end; waits may wake for an older signal, which only costs a look.
    private let wakeup = DispatchSemaphore(value: 0)
    /// Signalled once, when the fetch thread has returned from the pipeline for good.
    private let exited = DispatchSemaphore(value: 0)

    /// Batches committed so far in this pass.
    var commits: Int { state.withLock { $0.commits } }

    /// Whether fetching is over (every batch it stored is committed).
    var isFinished: Bool { state.withLock { $0.result != nil } }

    /// The fetch thread committed a batch of messages.
    func committed() {
        state.withLock { $0.commits += 1 }
        wakeup.signal()
    }

    /// The fetch thread is done with every mailbox.
    func finish(_ summary: RunSummary, seconds: Double) {
        state.withLock { $0.result = (summary, seconds) }
        wakeup.signal()
        exited.signal()
    }

    /// Waits for the next commit or the end, at most `milliseconds`.
    func waitForWork(milliseconds: Int) {
        _ = wakeup.wait(timeout: .now() + .milliseconds(milliseconds))
    }

    /// Waits until the fetch thread has finished, and returns what it did.
    func waitUntilFinished() -> (summary: RunSummary, seconds: Double) {
        exited.wait()
        exited.signal()  // a second waiter returns too
        return state.withLock { $0.result! }
    }
}
