import Glibc
import Synchronization

/// Open iconv descriptors, reused across calls: `iconv_open` costs far more than decoding a short header.
///
/// A descriptor carries shift state, so each is used by one caller at a time: `withConverter` takes one
/// out of the pool (or opens one), resets it, and puts it back.
final class IconvPool: Sendable {
    static let shared = IconvPool()

    private struct Handle: @unchecked Sendable { let cd: iconv_t }
    private let idle = Mutex<[String: [Handle]]>([:])
    private let unknown = Mutex<Set<String>>([])

    /// Whether glibc can convert from `name` to UTF-8.
    func canOpen(_ name: String) -> Bool {
        if unknown.withLock({ $0.contains(name) }) { return false }
        guard let handle = take(name) else { return false }
        give(name, handle)
        return true
    }

    /// Runs `body` with a descriptor converting `name` → UTF-8, or returns nil if glibc lacks `name`.
    func withConverter<R>(_ name: String, _ body: (iconv_t) -> R) -> R? {
        guard let handle = take(name) else { return nil }
        defer { give(name, handle) }
        _ = iconv(handle.cd, nil, nil, nil, nil)  // back to the initial shift state
        return body(handle.cd)
    }

    private func take(_ name: String) -> Handle? {
        if let h = idle.withLock({ $0[name]?.popLast() }) { return h }
        if unknown.withLock({ $0.contains(name) }) { return nil }
        let cd = iconv_open("UTF-8", name)
        guard let cd, Int(bitPattern: cd) != -1 else {
            unknown.withLock { _ = $0.insert(name) }
            return nil
        }
        return Handle(cd: cd)
    }

    private func give(_ name: String, _ handle: Handle) {
        let kept = idle.withLock { pool -> Bool in
            if pool[name, default: []].count >= 8 { return false }
            pool[name, default: []].append(handle)
            return true
        }
        if !kept { iconv_close(handle.cd) }
    }
}
