import Config
import FlyingFox
import Foundation
import Store
import Synchronization
import Threading

/// The `[http]` listener a daemon owns: `GET /healthz` (`ok`, `warning` or `critical` and the reasons, as `maildesk
/// status` judges them: 200, or 503 when critical) and `GET /metrics` (Prometheus text), computed from the store on each request.
///
/// `start()` returns once the address is bound (or throws why it cannot be); `stop()` closes it. A daemon adds
/// each pass's stage durations with `recordPass`, published as histograms.
public final class HealthServer: Sendable {
    private let settings: HTTPSettings
    private let configuration: Configuration
    private let store: Store
    private let workingDirectory: String
    private let clock: @Sendable () -> Date
    private let passes = Mutex(PassDurations())
    private let running = Mutex<(server: HTTPServer, task: Task<Void, any Error>)?>(nil)
    /// Care mail's one-click unsubscribe (`/unsubscribe/<token>`), when the service gives its token secret.
    private let unsubscribe: OneClickUnsubscribe?

    public init(
        settings: HTTPSettings, configuration: Configuration, store: Store, workingDirectory: String,
        clock: @escaping @Sendable () -> Date = { Date() }, unsubscribeSecret: ReplySecret? = nil
    ) {
        unsubscribe = unsubscribeSecret.map { OneClickUnsubscribe(secret: $0, store: store, clock: clock) }
        self.settings = settings
        self.configuration = configuration
        self.store = store
        self.workingDirectory = workingDirectory
        self.clock = clock
    }

    /// Adds one pass's time per stage to the histograms `/metrics` shows.
    public func recordPass(_ stageSeconds: [String: Double]) {
        passes.withLock { $0.add(stageSeconds) }
    }

    /// Counts a pass's errors by kind for `/metrics` (`maildesk_errors_total`).
    public func recordErrors(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        passes.withLock { $0.add(errors: lines) }
    }

    /// Binds `[http] listen` and serves until `stop()`. Waits for the server's own tasks: call it from a thread
    /// that is not one of Swift concurrency's (the main thread of a command).
    public func start() throws {
        let outcome = Mutex<Result<Void, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            do { try await self.startListening() } catch { outcome.withLock { $0 = .failure(error) } }
            outcome.withLock { if $0 == nil { $0 = .success(()) } }
            done.signal()
        }
        done.wait()
        try outcome.withLock { $0 }?.get()
    }

    /// Closes the listener (requests in hand are answered first, for up to a second).
    public func stop() {
        guard
            let (server, task) = running.withLock({ current in
                defer { current = nil }; return current
            })
        else { return }
        let done = DispatchSemaphore(value: 0)
        Task {
            await server.stop(timeout: 1)
            task.cancel()
            done.signal()
        }
        done.wait()
    }

    private func startListening() async throws {
        let server: HTTPServer
        do {
            server =
                settings.isIPv6
                ? HTTPServer(address: try .inet6(ip6: settings.host, port: UInt16(settings.port)), logger: .disabled)
                : HTTPServer(address: try .inet(ip4: settings.host, port: UInt16(settings.port)), logger: .disabled)
        } catch {
            throw HealthServerError(listen: settings.listen, reason: "\(error)")
        }
        await server.appendRoute("GET /healthz") { [self] _ in try self.health() }
        await server.appendRoute("GET /metrics") { [self] _ in try self.metrics() }
        if let unsubscribe {
            await server.appendRoute("GET /unsubscribe/*") { unsubscribe.page($0) }
            await server.appendRoute("POST /unsubscribe/*") { try unsubscribe.unsubscribe($0) }
        }
        let failure = Mutex<(any Error)?>(nil)
        let task = Task {
            do { try await server.run() } catch { failure.withLock { $0 = error }; throw error }
        }
        // The server binds in its own task: wait until it listens, or says why it cannot.
        while await !server.isListening {
            if let error = failure.withLock({ $0 }) {
                throw HealthServerError(listen: settings.listen, reason: "\(error)")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        running.withLock { $0 = (server, task) }
    }

    private func evaluate() throws -> GatewayStatus {
        try GatewayStatus.evaluate(
            configuration: configuration, store: store, workingDirectory: workingDirectory, now: clock())
    }

    private func health() throws -> HTTPResponse {
        let status = try evaluate()
        // A warning (quarantined mail, a breached SLA) is news for a person, not a reason to call the service down.
        let body = ([status.status.rawValue] + status.reasons.map(\.line)).joined(separator: "\n")
        return HTTPResponse(
            statusCode: status.status == .critical ? .serviceUnavailable : .ok,
            headers: [.contentType: "text/plain; charset=utf-8"], body: Data((body + "\n").utf8))
    }

    private func metrics() throws -> HTTPResponse {
        let text = MetricsText.render(try evaluate(), passes: passes.withLock { $0 })
        return HTTPResponse(
            statusCode: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: Data(text.utf8))
    }
}

/// `[http] listen` cannot be served (the port is taken, the address is not this machine's).
public struct HealthServerError: Error, CustomStringConvertible {
    public var listen: String
    public var reason: String

    public var description: String {
        "cannot listen on \(listen) ([http] listen): \(reason); choose a free port, or remove [http] to serve no health endpoint"
    }
}
