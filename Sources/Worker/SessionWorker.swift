import AWSPorts
import Foundation
import Logging
import Messages
import SimKernel

/// The session worker of one edit container (SPEC section 3), as a step machine over ports.
///
/// A host calls `step(now:)`; the worker does one stage of work through its ports and says when it wants
/// to run next. It never sleeps, spawns tasks or reads a clock: on simulated time a simulation host drives
/// it; a live host could drive the same code on the wall clock. Each command goes through
/// `CommandPipeline` (SPEC 3 on one page); the I/O of each step is in `Steps/`, in a file named after it.
public final class SessionWorker {
    let configuration: WorkerConfiguration
    /// The only way to AWS: every call retried as the SDKs do.
    let aws: WorkerAWS
    let repositories: any WorkspaceRepositories
    let assistant: any Assistant
    let builder: any SiteBuilder
    let sites: any SiteDirectory
    let timing: any OperationTiming
    let previews: (any PreviewPublisher)?
    let ledger: CommandLedger
    let registry: BranchRegistry
    let logger: Logger
    var phase: Phase = .starting
    /// The container row's status, moved only through the lifecycle's transitions.
    var lifecycle = ContainerLifecycle()
    var now: Instant = .defaultSimulationStart
    var stopRequested = false
    /// Why the current step runs: a visible message during a command is checked for interrupts.
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
        aws = WorkerAWS(sqs: ports.sqs, s3: ports.s3, dynamodb: ports.dynamodb)
        repositories = ports.repositories
        assistant = ports.assistant
        builder = ports.builder
        sites = ports.sites
        timing = ports.timing
        previews = ports.previews
        ledger = CommandLedger(aws: aws, table: configuration.commandsTable)
        registry = BranchRegistry(aws: aws, table: configuration.branchesTable)
        var logger = logger
        logger[metadataKey: "containerId"] = "\(configuration.containerId)"
        self.logger = logger
    }

    public var state: WorkerState {
        switch phase {
        case .starting: .starting
        case .awaitingClaim: .awaitingClaim
        case .ready(let site): .ready(siteKey: site.endpoints.siteKey)
        case .busy(let site, let run): .busy(siteKey: site.endpoints.siteKey, commandId: run.message.commandId)
        case .stopped: .stopped
        }
    }

    /// The command being worked on, if any: its session and command ids (for a host's trace).
    public var currentCommand: (sessionId: String, commandId: String)? {
        guard case .busy(_, let run) = phase else { return nil }
        return (run.message.sessionId, run.message.commandId)
    }

    /// Runs the next stage at `now`; returns when the worker wants to run again.
    public func step(now: Instant, reason: WakeReason = .scheduled) -> WorkerWake {
        self.now = now
        self.wakeReason = reason
        if stopRequested, case .stopped = phase {} else if stopRequested { return shutDown() }
        let wake: WorkerWake
        switch phase {
        case .starting: wake = start()
        case .awaitingClaim: wake = pollClaims()
        case .ready(let site):
            guard heartbeatIfDue(site) else { return .at(now) }
            wake = pollWork(site)
        case .busy(let site, let run):
            guard heartbeatIfDue(site) else { return .at(now) }
            wake = advance(run, on: site)
        case .stopped: return .stopped
        }
        return boundedByHeartbeat(wake)
    }

    /// The status the container row shows.
    public var containerStatus: ContainerStatus { lifecycle.status }

    /// The running command's step, once its work has begun (a tool runs, git works, a sync is under way), or
    /// the step it is about to answer in. Hosts watch it (a fault plan may strike during a step).
    public var stepInProgress: (commandId: String, step: CommandPipeline.Step)? {
        guard case .busy(_, let run) = phase else { return nil }
        let step = run.pipeline.step
        guard run.waitingUntil != nil || run.syncPlan != nil || step == .respond else { return nil }
        return (run.message.commandId, step)
    }

    /// SIGTERM: the next step commits work in progress, hands back its messages, releases the claim and stops.
    public func requestStop() {
        stopRequested = true
    }

    /// The site claimed now, if any.
    var claimedSite: ClaimedSite? {
        switch phase {
        case .ready(let site), .busy(let site, _): site
        default: nil
        }
    }

    /// A wake no later than the next heartbeat while a site is claimed: the messages and the claim must be
    /// extended even while a long tool run waits.
    func boundedByHeartbeat(_ wake: WorkerWake) -> WorkerWake {
        guard let site = claimedSite else { return wake }
        let due = site.lastHeartbeat + configuration.heartbeatInterval
        switch wake {
        case .at(let instant): return .at(min(instant, due))
        case .messageOrAt(let queue, let instant): return .messageOrAt(queueURL: queue, min(instant, due))
        case .stopped: return wake
        }
    }

    // MARK: Shared helpers

    func tableKey(_ name: String, _ value: String) -> DynamoDBItem { [name: .s(value)] }

    func epochMilliseconds(_ instant: Instant) -> AttributeValue { .number(instant.unixMilliseconds) }

    /// Updates this container's row; failures are logged, never fatal.
    func updateContainerRow(_ expression: String, values: DynamoDBItem, names: [String: String] = [:]) {
        do {
            try aws.updateItem(UpdateItemRequest(
                tableName: configuration.containersTable, key: tableKey("containerId", configuration.containerId),
                updateExpression: expression, expression: ExpressionParameters(names: names, values: values)))
        } catch {
            logger.warning("Could not update the container row: \(error)")
        }
    }

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

    /// A logger for a command that is not running (a duplicate, a refusal, an acknowledgement).
    func logger(session sessionId: String?, command commandId: String?) -> Logger {
        var scoped = logger
        if let sessionId { scoped[metadataKey: "sessionId"] = "\(sessionId)" }
        if let commandId { scoped[metadataKey: "commandId"] = "\(commandId)" }
        return scoped
    }
}
