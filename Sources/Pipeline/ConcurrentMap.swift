import Foundation

extension Pipeline {
    /// `transform` of each of `items`, in order, computed on all cores: for the CPU-bound, independent work of
    /// a batch (deciding threads, parsing messages), while the store's writes stay on the calling thread. Items
    /// are dealt out in turn, so a few heavy ones do not all land on one core.
    static func concurrentMap<T: Sendable, R: Sendable>(_ items: [T], _ transform: @Sendable (T) -> R) -> [R] {
        let workers = min(items.count, ProcessInfo.processInfo.activeProcessorCount)
        if workers <= 1 { return items.map(transform) }
        var results = [R?](repeating: nil, count: items.count)
        results.withUnsafeMutableBufferPointer { buffer in
            // Each index is written by exactly one worker, and read only after all have finished.
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                var i = worker
                while i < items.count {
                    slots[i] = transform(items[i])
                    i += workers
                }
            }
        }
        return results.map { $0! }
    }
}
