import Foundation
import Monitoring
import Pipeline

/// What a long-running `maildesk run` adds to its passes: it records itself for `maildesk status` (start,
/// a heartbeat after every pass, stop) and serves `[http]` /healthz and /metrics when configured.
struct DaemonRecording {
    let pipeline: Pipeline
    let health: HealthServer?

    /// Records the start, arranges for SIGTERM and SIGINT to record the stop, and starts the listener.
    /// A listener that cannot bind ends the command with exit status 78, before the first pass.
    static func start(_ gateway: Gateway, _ pipeline: Pipeline) throws -> DaemonRecording {
        var health: HealthServer?
        if let settings = gateway.configuration.gateway.http {
            let server = HealthServer(settings: settings, configuration: gateway.configuration, store: gateway.store,
                                      workingDirectory: gateway.workingDirectory, clock: pipeline.now)
            do { try server.start() } catch {
                printError("\(error)")
                throw ExitStatus.config
            }
            health = server
        }
        try pipeline.recordDaemonStart()
        pipeline.recordDaemonStopOnTermination()
        return DaemonRecording(pipeline: pipeline, health: health)
    }

    /// After every pass, done or failed: the heartbeat, and the stages' times when it did its work.
    func passed(_ summary: RunSummary?) {
        do { try pipeline.recordDaemonHeartbeat() } catch { printError("cannot record the heartbeat: \(error)") }
        if let summary { health?.recordPass(summary.stageSeconds) }
    }
}
