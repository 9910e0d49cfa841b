import AWSPorts
import Messages
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
    /// Each command's progress and answer (`CommandLedger`).
    public var commandsTable: String
    /// Which thread owns each branch of a site (`BranchRegistry`).
    public var branchesTable: String
    /// No work for this long releases the claim (SPEC: 5 minutes).
    public var idleTimeout: Duration
    /// Long-poll wait on the unclaimed and input queues (0 to 20 s, whole seconds).
    public var longPoll: Duration
    /// `longPoll` in whole seconds from 0 to 20, as SQS takes `WaitTimeSeconds` (the wait and the wake-up both use it).
    var longPollWaitSeconds: Int { min(20, max(0, Int(longPoll.components.seconds))) }
    /// How long a received message stays invisible: short, and extended by the heartbeat while the worker
    /// holds it, so the messages of a container that dies come back within this long.
    public var messageVisibility: Duration
    /// How often the worker extends its messages' visibility and its claim, busy or not.
    public var heartbeatInterval: Duration
    /// How far ahead each heartbeat moves the claim's `ttl`; a dead container's claim lapses this long after
    /// its last heartbeat (`OwnershipLiveness`).
    public var claimLifetime: Duration
    /// A command that fails (Claude, the workspace, the commit) is tried this many times in all, the message
    /// held meanwhile, before it is answered with the error and dead-lettered.
    public var maxAttempts: Int
    /// The pause before attempt n + 1 is n times this.
    public var retryBackoff: Duration
    /// A command that has been started this many times (its containers died while running it) is given up.
    public var maxStarts: Int
    /// The input queue's redrive limit: a message received this many times is re-sent as a fresh copy (with
    /// its original sending time) before SQS would dead-letter it without a reason.
    public var redriveLimit: Int
    /// Unpushed commits, a bucket left half-synced and acknowledgements that failed are tried again this often.
    public var repairInterval: Duration
    /// A bug planted on purpose, so a test can show the swarm finds and shrinks it. Nil in every real run.
    public var plantedBug: PlantedBug?

    public init(
        containerId: String, taskArn: String, unclaimedQueueURL: String,
        sessionsTable: String = "webordinary-edit-sessions", containersTable: String = "webordinary-containers",
        ownershipTable: String = "webordinary-container-ownership", commandsTable: String = "webordinary-edit-commands",
        branchesTable: String = "webordinary-thread-branches", idleTimeout: Duration = .seconds(300), longPoll: Duration = .seconds(20),
        messageVisibility: Duration = .seconds(60), heartbeatInterval: Duration = .seconds(20),
        claimLifetime: Duration = OwnershipLiveness.claimLifetime, maxAttempts: Int = 3, retryBackoff: Duration = .seconds(10),
        maxStarts: Int = 3, redriveLimit: Int = 3, repairInterval: Duration = .seconds(15)
    ) {
        self.containerId = containerId
        self.taskArn = taskArn
        self.unclaimedQueueURL = unclaimedQueueURL
        self.sessionsTable = sessionsTable
        self.containersTable = containersTable
        self.ownershipTable = ownershipTable
        self.commandsTable = commandsTable
        self.branchesTable = branchesTable
        self.idleTimeout = idleTimeout
        self.longPoll = longPoll
        self.messageVisibility = messageVisibility
        self.heartbeatInterval = heartbeatInterval
        self.claimLifetime = claimLifetime
        self.maxAttempts = maxAttempts
        self.retryBackoff = retryBackoff
        self.maxStarts = maxStarts
        self.redriveLimit = redriveLimit
        self.repairInterval = repairInterval
    }
}
