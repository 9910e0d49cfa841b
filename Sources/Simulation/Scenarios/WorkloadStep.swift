import SimKernel

/// One step of a scenario's workload, run in order on simulated time.
public indirect enum WorkloadStep: Sendable, Equatable {
    /// Sends the messages at the same instant (the seed's `&`).
    case send([MessageTemplate])
    /// Sends a raw body (malformed ones too) to a site's input queue.
    case sendBody(String, site: String)
    /// Sends a claim request for the site, as Hermes does when a session starts (before its first message).
    case claim(site: String)
    /// Waits this long.
    case wait(Duration)
    /// Waits until this long after the run started.
    case at(Duration)
    /// Waits until these commands (all sent ones when empty) are answered or dead-lettered.
    case waitFor([String], timeout: Duration?)
    /// Waits until the edit log group has `count` events matching the filter pattern; an `optional` wait that
    /// runs out lets the workload go on (no liveness failure).
    case waitForLog(String, count: Int, timeout: Duration?, optional: Bool)
    case repeatSteps(times: Int, steps: [WorkloadStep])
    /// `POST /api/sessions` through the load balancer, retried while it answers 429, 502, 503 or 504
    /// (after `Retry-After`, else 5 s) until `timeout`; the session is known by `name` from then on.
    case createSession(fields: [String: String], name: String, timeout: Duration?)
    /// One request through the load balancer, kept as `name`.
    case request(RequestTemplate, name: String)
    /// A WebSocket upgrade on `/session/{chatThreadId}/_hmr` of a created session, kept as `name`.
    case subscribe(session: String, name: String)
    /// Waits until a live container owns the session's site.
    case waitForReady(session: String, timeout: Duration?)
    /// Sets a service's desired count; `force` also stops its running tasks (`aws ecs stop-task`), protected or not.
    case scaleService(service: String, count: Int, force: Bool)
    /// Waits until a service runs this many tasks and has none pending.
    case waitForService(service: String, running: Int, timeout: Duration?)
    /// Records the site's workspace (file hashes, branches, commits) as `name`.
    case snapshotWorkspace(site: String, name: String)
}
