import Foundation
import Glibc

/// How much longer `work` takes on a larger input than on a smaller one, each the best of five runs in this
/// process, in the thread's CPU time: time the thread spends preempted by other processes does not count, so the
/// ratio holds on a slow or busy machine (wall-clock ratios reached 6× the size ratio with both cores loaded).
public enum GrowthRatio {
    public static func of<Input>(small: Input, large: Input, _ work: (Input) -> Void) -> Double {
        func best(_ input: Input) -> Double {
            var best = Double.infinity
            for _ in 0..<5 {
                let start = cpuNanoseconds()
                work(input)
                best = min(best, cpuNanoseconds() - start)
            }
            return best
        }
        return best(large) / max(best(small), 1)
    }
}

/// This thread's CPU time in nanoseconds.
private func cpuNanoseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1e9 + Double(time.tv_nsec)
}
