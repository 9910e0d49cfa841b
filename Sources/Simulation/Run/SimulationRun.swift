import Messages
import AWSPorts
import AWSSim
import Fakes
import Foundation
import GitWorkspace
import Hermes
import Logging
import SimKernel
import Worker

/// One run: the simulated account on its SQLite database, the seed set's world, and the containers running
/// the session worker, all on one scheduler. The composition root; everything random comes from `seed`.
public final class SimulationRun {
    public let seed: UInt64
    public let scheduler: Scheduler
    public let database: SimDatabase
    public let aws: SimulatedAWS
    public let world: World
    public let trace: TraceRecorder
    public private(set) var workers: [WorkerHost] = []
    /// The edit service's containers, hosted as ECS reports its tasks running.
    public private(set) lazy var fleet: ContainerFleet = {
        let fleet = ContainerFleet(run: self)
        aws.ecs.observer = fleet
        return fleet
    }()
    /// Faults of the fake tools, consulted on every Claude run and build of every container.
    public var toolFaults: ToolFaultPolicy? {
        get { toolFaultsForwarder.policy }
        set { toolFaultsForwarder.policy = newValue }
    }
    /// Every commit made in the run's workspaces, and every successful build, as the simulation saw them.
    public let commits = CommitLedger()
    public let builds = BuildLedger()
    /// The faults being carried out, once installed.
    public private(set) var faults: (any FaultHooks)?
    public var claudeTiming = ClaudeTiming()
    public var buildTiming = BuildTiming()
    public var operationTimings = SeededOperationTiming.defaultRanges
    /// A bug planted in every worker this run starts (tests of the swarm); nil in real runs.
    public var plantedBug: PlantedBug?

    let random: SeededGenerator
    private var taskIds: IDGenerator
    private let toolFaultsForwarder = ForwardingToolFaultPolicy()
    let scrubber: PathScrubber

    /// Builds the world of `seedSet` in `runDirectory` (created if missing). The database is in memory
    /// unless `databasePath` is given.
    public init(
        seedSet: SeedSet, seed: UInt64, runDirectory: URL, databasePath: String? = nil,
        options: SimulatedAWSOptions = SimulatedAWSOptions(), trace: TraceRecorder = TraceRecorder(), siteKeys: Set<String>? = nil,
        start: Instant = .defaultSimulationStart
    ) throws {
        self.seed = seed
        self.trace = trace
        random = SeededGenerator(seed: seed)
        taskIds = IDGenerator(random.derive("ecs.task-ids"))
        scheduler = Scheduler(start: start)
        database = try databasePath.map { try SimDatabase.file(at: $0) } ?? SimDatabase.inMemory()
        aws = SimulatedAWS(database: database, scheduler: scheduler, seed: seed, options: options, trace: trace)
        try FileManager.default.createDirectory(at: runDirectory, withIntermediateDirectories: true)
        world = try WorldBuilder.build(seedSet: seedSet, aws: aws, runDirectory: runDirectory, at: scheduler.now, siteKeys: siteKeys)
        let run = runDirectory.standardizedFileURL.path
        scrubber = PathScrubber([
            (run + "/efs/", "/workspace/"), (run + "/github/webordinary/", WorldNames.gitHubOrganisation), (run, "/run"),
        ])
    }

    /// Starts a container running the session worker: registers it and has it poll for claims.
    @discardableResult
    public func startWorker(
        taskArn: String? = nil, previews: Bool = false, configure: (inout WorkerConfiguration) -> Void = { _ in }
    ) -> WorkerHost {
        let taskId = taskArn.map { String($0.split(separator: "/").last ?? "") } ?? taskIds.hex(count: 32)
        let arn = taskArn ?? aws.account.ecsARN("task/webordinary-edit-cluster/\(taskId)")
        let containerId = "ecs-\(taskId.prefix(8))"
        var configuration = WorkerConfiguration(containerId: containerId, taskArn: arn, unclaimedQueueURL: world.unclaimedQueueURL)
        configuration.plantedBug = plantedBug
        configure(&configuration)
        let streams = random.derive("container/\(containerId)")
        let previewServer = previews ? PreviewServer(containerId: containerId, clock: { [scheduler] in scheduler.now }) : nil
        let ports = WorkerPorts(
            sqs: aws.sqs, s3: aws.s3, dynamodb: aws.dynamodb,
            repositories: SimulatedRepositories(
                LibGit2Repositories(rewrites: world.rewrites), scrubber: scrubber,
                trace: GitTrace(recorder: trace, clock: { [scheduler] in scheduler.now }, ledger: commits),
                faults: { [weak self] operation, path in self?.faults?.gitFailure(operation, workspace: path) }),
            assistant: FakeClaude(random: streams.derive("claude"), timing: claudeTiming, faults: toolFaultsForwarder),
            builder: RecordingSiteBuilder(
                FakeAstroBuilder(random: streams.derive("build"), timing: buildTiming, faults: toolFaultsForwarder),
                ledger: builds, clock: { [scheduler] in scheduler.now }),
            sites: world, timing: SeededOperationTiming(random: streams.derive("git"), ranges: operationTimings),
            previews: previewServer)
        let shipper = LogShipper(aws: aws, logGroup: WorldNames.editLogGroup, logStream: "edit/edit-container/\(taskId)")
        let handler = CloudWatchLogHandler(shipper: shipper, scrubs: scrubber.replacements)
        let logger = Logger(label: "webordinary.edit.\(containerId)") { _ in handler }
        let host = WorkerHost(
            worker: SessionWorker(configuration: configuration, ports: ports, logger: logger), containerId: containerId,
            aws: aws, shipper: shipper)
        host.previews = previewServer
        host.onStepBegan = { [weak self, weak host] step in
            guard let self, let host, let faults = self.faults else { return }
            faults.stepBegan(step, on: host, run: self)
        }
        workers.append(host)
        host.start()
        return host
    }

    /// Sets the edit service's desired count: ECS starts (cold start) or stops tasks, and each running task
    /// hosts a session worker.
    public func scaleEditService(to count: Int) throws {
        _ = fleet
        _ = try aws.ecs.updateService(cluster: WorldNames.cluster, service: WorldNames.editService, desiredCount: count)
    }

    /// The load balancer's rules, Hermes, the session router and the autoscaler, once installed.
    public private(set) var platform: Platform?

    /// Installs the front of the system; with `autoscale`, the autoscaler runs from now on.
    @discardableResult
    public func installPlatform(autoscale: Bool) throws -> Platform {
        if let platform { return platform }
        _ = fleet
        let platform = try Platform(run: self)
        self.platform = platform
        if autoscale { platform.autoscaler.start() }
        return platform
    }

    /// Sends an HTTP request to the load balancer, as a client on the internet does.
    public func request(_ request: HTTPRequest) -> HTTPResponse {
        aws.loadBalancer.handle(request)
    }

    /// The one place faults enter a run: from now on the hooks decide for every AWS call (ECS task starts
    /// included), git operation, tool run, Hermes request and worker step, and their one-shot effects are
    /// scheduled.
    public func install(_ hooks: any FaultHooks) {
        faults = hooks
        aws.seam.interceptor = HookInterceptor(hooks)
        toolFaults = HookToolPolicy(hooks)
        hooks.begin(self)
    }

    // MARK: Workload

    /// Sites whose ownership row has not expired (the rule Hermes and the workers use), by site key.
    public func liveOwners() -> Set<String> {
        let page = aws.latency.withCaller(Caller.platform.name) { try? aws.dynamodb.scan(ScanRequest(tableName: WorldNames.ownershipTable)) }
        _ = aws.latency.take(for: Caller.platform.name)
        let now = scheduler.now
        var owners: Set<String> = []
        for item in page?.items ?? [] {
            if let row = OwnershipRow(item: item), row.isLive(at: now) { owners.insert(row.siteKey) }
        }
        return owners
    }

    /// When a claim request last went out for a site (from the workload, the router or the autoscaler).
    var claimsSent: [String: Instant] = [:]

    /// Sends a claim request for the site, as Hermes does, unless a claim request went out in the last
    /// minute or the site has a live owner.
    func wakeSite(_ site: WorldSite, sessionId: String?) {
        let key = site.seedSite.siteKey
        if let last = claimsSent[key], scheduler.now - last < ClaimRequest.repeatInterval { return }
        if hasLiveOwner(site) || claimPending(for: site) { return }
        aws.latency.withCaller(Caller.hermes.name) {
            try? requestClaim(clientId: site.seedSite.clientId, projectId: site.seedSite.projectId, sessionId: sessionId)
        }
        _ = aws.latency.take(for: Caller.hermes.name)
        claimsSent[key] = scheduler.now
    }

    /// Whether a claim request for the site still waits in `webordinary-unclaimed` (visible or in flight):
    /// another one would only be taken after the site is owned, and keep an idle container busy later.
    func claimPending(for site: WorldSite) -> Bool {
        let stored = (try? aws.sqs.peekMessages(queueUrl: world.unclaimedQueueURL)) ?? []
        return stored.contains { ClaimRequest.parse($0.body)?.siteKey == site.seedSite.siteKey }
    }

    /// The container id in the site's ownership row, if any.
    func owner(of site: WorldSite) -> String? {
        let row = try? aws.dynamodb.getItem(GetItemRequest(
            tableName: WorldNames.ownershipTable, key: ["siteKey": .s(site.seedSite.siteKey)], consistentRead: true))
        return (row ?? nil).flatMap { OwnershipRow(item: $0) }?.containerId
    }

    /// Hermes's rule for one site: an ownership row that has not expired and whose owner was active recently.
    func hasLiveOwner(_ site: WorldSite) -> Bool {
        let row = aws.latency.withCaller(Caller.hermes.name) {
            try? aws.dynamodb.getItem(GetItemRequest(
                tableName: WorldNames.ownershipTable, key: ["siteKey": .s(site.seedSite.siteKey)], consistentRead: true))
        }
        _ = aws.latency.take(for: Caller.hermes.name)
        guard let item = row ?? nil, let owner = OwnershipRow(item: item) else { return false }
        return owner.isLive(at: scheduler.now)
    }

    /// Puts a claim request for the site on `webordinary-unclaimed`, as Hermes does.
    public func requestClaim(clientId: String, projectId: String, sessionId: String? = nil) throws {
        let claim = ClaimRequest(clientId: clientId, projectId: projectId, sessionId: sessionId)
        _ = try aws.sqs.sendMessage(SendMessageRequest(queueUrl: world.unclaimedQueueURL, messageBody: claim.json))
    }

    /// Sends a work message to its site's input queue.
    public func send(_ message: WorkMessage) throws {
        try send(body: message.json, clientId: message.clientId, projectId: message.projectId)
    }

    /// Sends any body (malformed ones too) to a site's input queue.
    public func send(body: String, clientId: String, projectId: String? = nil) throws {
        guard let site = world.worldSite(clientId: clientId, projectId: projectId) else {
            throw SimulationError.unknownSite(clientId: clientId, projectId: projectId)
        }
        _ = try aws.sqs.sendMessage(SendMessageRequest(queueUrl: site.endpoints.inputQueueURL, messageBody: body))
    }

    /// Ends the run's use of its database (see `SimDatabase.close`): afterwards `wsim.sqlite` alone is the
    /// whole account. Nothing may step the run afterwards.
    public func close() throws {
        try database.close()
    }

    // MARK: Time (`advance`, so that `run` names the run itself)

    /// Runs everything due until `instant`.
    public func advance(until instant: Instant) {
        _ = scheduler.run(until: instant)
    }

    public func advance(by duration: Duration) {
        _ = scheduler.advance(by: duration)
    }

    /// Runs until `condition` holds (checked after every action) or `limit` of simulated time has passed.
    /// Returns whether the condition held.
    @discardableResult
    public func advance(atMost limit: Duration, until condition: () -> Bool) -> Bool {
        let deadline = scheduler.now + limit
        while !condition() {
            guard let next = scheduler.nextDueInstant, next <= deadline else {
                _ = scheduler.run(until: deadline)
                return condition()
            }
            scheduler.step()
        }
        return true
    }
}
