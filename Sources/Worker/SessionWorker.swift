import AWSPorts
import Foundation
import Logging
import SimKernel

/// The session worker of one edit container (SPEC section 3), as a step machine over ports.
///
/// A host calls `step(now:)`; the worker does one stage of work through its ports and says when it wants
/// to run next. It never sleeps, spawns tasks or reads a clock: on simulated time a simulation host drives
/// it; a live host could drive the same code on the wall clock.
public final class SessionWorker {
    let configuration: WorkerConfiguration
    let ports: WorkerPorts
    let logger: Logger
    var phase: Phase = .starting
    /// The container row's status, moved only through the lifecycle's transitions.
    var lifecycle = ContainerLifecycle()
    var now: Instant = .defaultSimulationStart
    var stopRequested = false
    /// Why the current step runs: a visible message during a run is checked for interrupts.
    var wakeReason: WakeReason = .scheduled

    enum Phase {
        case starting
        case awaitingClaim
        case ready(ClaimedSite)
        case busy(ClaimedSite, CommandRun)
        case stopped
    }

    public init(configuration: WorkerConfiguration, ports: WorkerPorts, logger: Logger) {
        self.configuration = configuration
        self.ports = ports
        var logger = logger
        logger[metadataKey: "containerId"] = "\(configuration.containerId)"
        self.logger = logger
    }

    public var state: WorkerState {
        switch phase {
        case .starting: .starting
        case .awaitingClaim: .awaitingClaim
        case .ready(let site): .ready(siteKey: site.endpoints.siteKey)
        case .busy(let site, let run): .busy(siteKey: site.endpoints.siteKey, commandId: run.work.message.commandId)
        case .stopped: .stopped
        }
    }

    /// Runs the next stage at `now`; returns when the worker wants to run again.
    public func step(now: Instant, reason: WakeReason = .scheduled) -> WorkerWake {
        self.now = now
        self.wakeReason = reason
        if stopRequested, case .stopped = phase {} else if stopRequested { return shutDown() }
        switch phase {
        case .starting: return start()
        case .awaitingClaim: return pollClaims()
        case .ready(let site):
            heartbeat(site)
            return pollWork(site)
        case .busy(let site, let run):
            heartbeat(site)
            return advance(run, on: site)
        case .stopped: return .stopped
        }
    }

    /// The status the container row shows.
    public var containerStatus: ContainerStatus { lifecycle.status }

    /// SIGTERM: the next step commits work in progress, releases the claim and stops.
    public func requestStop() {
        stopRequested = true
    }

    // MARK: Shared helpers

    /// Keeps the claim visibly alive while the container lives, so only a dead owner's claim goes stale.
    func heartbeat(_ site: ClaimedSite) {
        guard now - site.lastHeartbeat >= configuration.heartbeatInterval else { return }
        recordActivity(on: site)
    }

    func tableKey(_ name: String, _ value: String) -> DynamoDBItem { [name: .s(value)] }

    /// Updates this container's row; failures are logged, never fatal.
    func updateContainerRow(_ expression: String, values: DynamoDBItem, names: [String: String] = [:]) {
        do {
            _ = try ports.dynamodb.updateItem(UpdateItemRequest(
                tableName: configuration.containersTable, key: tableKey("containerId", configuration.containerId),
                updateExpression: expression, expression: ExpressionParameters(names: names, values: values)))
        } catch {
            logger.warning("Could not update the container row: \(error)")
        }
    }

    func epochMilliseconds(_ instant: Instant) -> AttributeValue { .number(instant.unixMilliseconds) }

    /// Moves the lifecycle and writes the new status (with any other assignments) to the container row.
    func transition(_ event: ContainerEvent, set assignments: String = "", values: DynamoDBItem = [:], remove: String? = nil) {
        do {
            try lifecycle.apply(event)
        } catch {
            logger.error("Container lifecycle: \(error)")
            return
        }
        var expression = "SET #status = :status, lastActivity = :now" + (assignments.isEmpty ? "" : ", " + assignments)
        if let remove { expression += " REMOVE " + remove }
        var all = values
        all[":status"] = .s(lifecycle.status.rawValue)
        all[":now"] = epochMilliseconds(now)
        updateContainerRow(expression, values: all, names: ["#status": "status"])
    }
}
