import AWSPorts
import AWSSim
import SimKernel

/// Evaluates the edit service's demand every `interval` of simulated time and sets its desired count by
/// `AutoscalerPolicy`. ECS picks the tasks to stop among those without scale-in protection (the fleet
/// protects a task while its container owns a site).
public final class EditAutoscaler {
    unowned let run: SimulationRun
    public let policy: AutoscalerPolicy
    public let interval: Duration
    private var timer: Scheduler.TimerID?
    /// Each change it made: when, from, to.
    public private(set) var changes: [(at: Instant, from: Int, to: Int)] = []

    init(run: SimulationRun, policy: AutoscalerPolicy = AutoscalerPolicy(), interval: Duration = .seconds(15)) {
        self.run = run
        self.policy = policy
        self.interval = interval
    }

    func start() {
        timer = run.scheduler.schedule(after: interval, "autoscaler") { [weak self] in self?.tick() }
    }

    /// No more evaluations (the live world is shutting down).
    func stop() {
        if let timer { run.scheduler.cancel(timer) }
        timer = nil
    }

    private func tick() {
        evaluate()
        timer = run.scheduler.schedule(after: interval, "autoscaler") { [weak self] in self?.tick() }
    }

    /// One evaluation; returns the new desired count if it changed it.
    @discardableResult
    func evaluate() -> Int? {
        let ecs = run.aws.ecs
        guard let service = try? ecs.describeServices(cluster: WorldNames.cluster, services: [WorldNames.editService]).services.first
        else { return nil }
        let owners = run.liveOwners()
        var waiting = 0
        for site in run.world.sites where !owners.contains(site.seedSite.siteKey) {
            if (try? run.aws.sqs.availability(queueUrl: site.endpoints.inputQueueURL)) == .visibleNow { waiting += 1 }
        }
        let demand = FleetDemand(
            desired: service.desiredCount, ownedSites: owners.count, waitingSites: waiting, idleContainers: run.fleet.count(.idle))
        guard let target = policy.decide(demand) else { return nil }
        _ = try? ecs.updateService(cluster: WorldNames.cluster, service: WorldNames.editService, desiredCount: target)
        changes.append((run.scheduler.now, service.desiredCount, target))
        return target
    }
}
