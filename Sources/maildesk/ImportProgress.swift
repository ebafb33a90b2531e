import Foundation
import Pipeline
import Synchronization

/// The import's progress on standard error: messages done of the total, the rate and the time left. On a
/// terminal one line rewritten in place (at most 5 times a second); otherwise a plain line every 10 seconds, for logs.
final class ImportProgress: Sendable {
    private struct State {
        var total = 0
        var done = 0
        var found = false
        var lastShown: TimeInterval = 0
    }

    private let terminal: Bool
    private let started = Date()
    private let state = Mutex(State())

    init(terminal: Bool) { self.terminal = terminal }

    func hear(_ event: FetchEvent) {
        let line: String? = state.withLock { s in
            switch event {
            case .found(let waiting):
                // An IMAP mailbox is fetched in passes: each finds what is still waiting.
                s.total = s.found ? max(s.total, s.done + waiting) : waiting
                s.found = true
            case .handled(let count):
                s.done += count
            }
            let elapsed = Date().timeIntervalSince(started)
            guard elapsed - s.lastShown >= (terminal ? 0.2 : 10) else { return nil }
            s.lastShown = elapsed
            return Self.line(done: s.done, total: s.total, elapsed: elapsed)
        }
        if let line { show(line) }
    }

    /// The last line (with the final figures), then the stages' work begins.
    func finish() {
        let line = state.withLock {
            Self.line(done: $0.done, total: $0.total, elapsed: Date().timeIntervalSince(started))
        }
        show(line)
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    private func show(_ line: String) {
        FileHandle.standardError.write(Data((terminal ? "\r\u{1B}[K" + line : line + "\n").utf8))
    }

    static func line(done: Int, total: Int, elapsed: TimeInterval) -> String {
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        var line = "import: \(done)/\(total) messages"
        if total > 0 { line += " (\(done * 100 / total)%)" }
        line += ", \(Int(rate.rounded())) msg/s"
        if rate > 0 && total > done { line += ", ETA \(duration(Double(total - done) / rate))" }
        return line
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded(.up))
        return s >= 3600 ? "\(s / 3600)h\(s % 3600 / 60)m" : s >= 60 ? "\(s / 60)m\(s % 60)s" : "\(s)s"
    }
}
