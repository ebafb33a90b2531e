import Foundation

/// How much longer `work` takes on a larger input than on a smaller one, each the best of three runs in this
/// process. Linear-time checks compare this ratio with the size ratio: it does not depend on how fast (or how
/// busy) the machine is, where a wall-clock limit does.
enum GrowthRatio {
    static func of<Input>(small: Input, large: Input, _ work: (Input) -> Void) -> Double {
        func best(_ input: Input) -> Double {
            var best = Double.infinity
            for _ in 0..<3 {
                let start = DispatchTime.now().uptimeNanoseconds
                work(input)
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start))
            }
            return best
        }
        return best(large) / max(best(small), 1)
    }
}
