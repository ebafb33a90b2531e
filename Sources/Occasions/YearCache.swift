import Foundation

/// A thread-safe memo of one value per year, filled on first use and kept for the life of the process:
/// a year's lunar table or holiday list never changes, and a process touches only a handful of years.
final class YearCache<Value: Sendable>: @unchecked Sendable {
    // NSLock rather than Synchronization.Mutex: the package still targets macOS 14.
    private let lock = NSLock()
    private var values: [Int: Value] = [:]

    /// The cached value for `year`, computed by `make` if absent (outside the lock, so builders may nest).
    func value(for year: Int, make: (Int) -> Value) -> Value {
        if let hit = lock.withLock({ values[year] }) { return hit }
        let made = make(year)
        return lock.withLock {
            if let raced = values[year] { return raced }
            values[year] = made
            return made
        }
    }
}
