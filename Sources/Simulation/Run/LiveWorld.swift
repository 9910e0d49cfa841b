import AWSPorts
import AWSSim
import Foundation
import SimKernel

/// The whole pipeline running live for `wsim serve --live`: a seed set's world with its edit service scaled by
/// the autoscaler, Hermes and the load balancer's rules, on the server's scheduler. Work messages arrive from
/// outside (any SQS client), so a watcher does what Hermes does after it enqueues one: a site with work
/// waiting and no live owner gets a claim request.
public final class LiveWorld {
    public let run: SimulationRun
    public let platform: Platform
    public static let watchInterval: Duration = .seconds(5)
    private var watchTimer: Scheduler.TimerID?
    public private(set) var injector: FaultInjector?

    /// Builds the world in `folder` (its database `wsim.sqlite`, remotes under `github/`) starting at `start`.
    public init(seedSet: SeedSet, seed: UInt64, folder: URL, start: Instant, trace: TraceRecorder) throws {
        run = try SimulationRun(
            seedSet: seedSet, seed: seed, runDirectory: folder, databasePath: folder.appendingPathComponent("wsim.sqlite").path,
            trace: trace, start: start)
        platform = try run.installPlatform(autoscale: true)
        watchTimer = run.scheduler.schedule(after: Self.watchInterval, "live.watch") { [weak self] in self?.watch() }
    }

    private func watch() {
        for site in run.world.sites where (try? run.aws.sqs.availability(queueUrl: site.endpoints.inputQueueURL)) == .visibleNow {
            run.wakeSite(site, sessionId: nil)
        }
        watchTimer = run.scheduler.schedule(after: Self.watchInterval, "live.watch") { [weak self] in self?.watch() }
    }

    /// Applies fault plans to the whole pipeline (AWS calls, git, the tools, Hermes, the worker's steps),
    /// replacing any loaded before; an empty list clears them.
    public func loadFaults(_ plans: [FaultPlan]) throws {
        let injector = try FaultInjector(plans: plans, world: run.world, seed: run.seed, scheduler: run.scheduler, trace: run.trace)
        self.injector = injector
        run.install(injector)
    }

    public var faultsInjected: Int { injector?.firings.values.reduce(0, +) ?? 0 }

    /// Each site and the bare repository standing in for its GitHub remote.
    public var remotes: [(site: String, path: String)] {
        run.world.sites.map { ("\($0.seedSite.clientId)/\($0.seedSite.projectId)", $0.remotePath) }
    }

    /// A request from a client on the internet, through the load balancer.
    public func request(_ request: HTTPRequest) -> HTTPResponse {
        run.request(request)
    }

    /// Stops the edit service as ECS does on a shutdown: no more scaling, every container gets SIGTERM, saves
    /// its work and hands its messages back. Runs simulated time until they have stopped, at most `limit`;
    /// returns whether they all did.
    @discardableResult
    public func stop(within limit: Duration = .seconds(300)) -> Bool {
        if let watchTimer { run.scheduler.cancel(watchTimer) }
        watchTimer = nil
        platform.autoscaler.stop()
        try? run.scaleEditService(to: 0)
        for worker in run.workers where !worker.isStopped { worker.requestStop() }
        return run.advance(atMost: limit) { run.workers.allSatisfy(\.isStopped) }
    }
}
