import AWSPorts
import SimKernel

/// One worker's identity and settings.
public struct WorkerConfiguration: Sendable {
    /// `ecs-{first 8 characters of the task id}`, as the real container names itself.
    public var containerId: String
    public var taskArn: String
    public var unclaimedQueueURL: String
    public var sessionsTable: String
    public var containersTable: String
    public var ownershipTable: String
    /// No work for this long releases the claim (SPEC: 5 minutes).
    public var idleTimeout: Duration
    /// Long-poll wait on the unclaimed and input queues, seconds (0 to 20).
    public var longPollSeconds: Int
    /// Visibility timeout for received work messages, seconds: longer than any command.
    public var workVisibilitySeconds: Int
    /// How long an ownership claim lasts without activity before another container may take it.
    public var claimTTL: Duration
    /// A tool failure is retried this many times (receives) before the message goes to the DLQ.
    public var maxAttempts: Int
    /// A claim whose `lastActivity` is older than this belongs to a container that died: another may take it.
    /// A live owner refreshes it at least every `heartbeatInterval`, busy or not, and releases it when idle.
    public var staleClaimAge: Duration
    public var heartbeatInterval: Duration

    public init(
        containerId: String, taskArn: String, unclaimedQueueURL: String,
        sessionsTable: String = "webordinary-edit-sessions", containersTable: String = "webordinary-containers",
        ownershipTable: String = "webordinary-container-ownership", idleTimeout: Duration = .seconds(300),
        longPollSeconds: Int = 20, workVisibilitySeconds: Int = 900, claimTTL: Duration = .seconds(3600), maxAttempts: Int = 3,
        staleClaimAge: Duration = .seconds(600), heartbeatInterval: Duration = .seconds(60)
    ) {
        self.containerId = containerId
        self.taskArn = taskArn
        self.unclaimedQueueURL = unclaimedQueueURL
        self.sessionsTable = sessionsTable
        self.containersTable = containersTable
        self.ownershipTable = ownershipTable
        self.idleTimeout = idleTimeout
        self.longPollSeconds = longPollSeconds
        self.workVisibilitySeconds = workVisibilitySeconds
        self.claimTTL = claimTTL
        self.maxAttempts = maxAttempts
        self.staleClaimAge = staleClaimAge
        self.heartbeatInterval = heartbeatInterval
    }
}

/// What the worker needs from the world.
public struct WorkerPorts {
    public var sqs: any SQSAPI
    public var s3: any S3API
    public var dynamodb: any DynamoDBAPI
    public var repositories: any WorkspaceRepositories
    public var assistant: any Assistant
    public var builder: any SiteBuilder
    public var sites: any SiteDirectory
    public var timing: any OperationTiming
    /// Where previews are served and live reload announced; nil for a container without a preview server.
    public var previews: (any PreviewPublisher)?

    public init(
        sqs: any SQSAPI, s3: any S3API, dynamodb: any DynamoDBAPI, repositories: any WorkspaceRepositories,
        assistant: any Assistant, builder: any SiteBuilder, sites: any SiteDirectory, timing: any OperationTiming,
        previews: (any PreviewPublisher)? = nil
    ) {
        self.sqs = sqs
        self.s3 = s3
        self.dynamodb = dynamodb
        self.repositories = repositories
        self.assistant = assistant
        self.builder = builder
        self.sites = sites
        self.timing = timing
        self.previews = previews
    }
}

/// When the worker wants its next step.
public enum WorkerWake: Hashable, Sendable {
    /// At this instant.
    case at(Instant)
    /// When a message is visible on the queue, or at the instant, whichever comes first.
    case messageOrAt(queueURL: String, Instant)
    /// The worker has stopped; no more steps.
    case stopped
}

/// Why a host runs the worker's step.
public enum WakeReason: Hashable, Sendable {
    /// The instant the worker asked for, or the end of its wait.
    case scheduled
    /// A message is visible on the queue the worker was waiting on.
    case messageVisible
}

/// What a worker is doing, for hosts and tests.
public enum WorkerState: Hashable, Sendable {
    case starting
    case awaitingClaim
    case ready(siteKey: String)
    case busy(siteKey: String, commandId: String)
    case stopped
}
