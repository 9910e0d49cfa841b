import AWSPorts
import AWSSim
import SimKernel

/// The front of the system (SPEC sections 4 and 6): the load balancer's rules and target groups, Hermes
/// tasks behind `/api/*` and `/hermes/*`, the session router behind `/session/*`, and the edit service's
/// autoscaler. Installed in every run (and in `wsim serve --live`); the autoscaler runs only where the scenario
/// says `containers: auto`.
public final class Platform {
    public static let hermesTargetGroup = "webordinary-hermes-tg"
    public static let editTargetGroup = "webordinary-edit-tg"

    unowned let run: SimulationRun
    public let router: SessionRouter
    public let autoscaler: EditAutoscaler
    let hermes: HermesTasks

    init(run: SimulationRun) throws {
        self.run = run
        router = SessionRouter(run: run)
        autoscaler = EditAutoscaler(run: run)
        hermes = HermesTasks(run: run, targetGroup: Self.hermesTargetGroup)
        let alb = run.aws.loadBalancer
        try alb.createTargetGroup(Self.hermesTargetGroup)
        try alb.createTargetGroup(Self.editTargetGroup)
        try alb.registerTarget(targetGroup: Self.editTargetGroup, id: "session-router", handler: router)
        try alb.createRule(LoadBalancerRule(priority: 5, pathPatterns: ["/hermes/*"], action: .forward(targetGroup: Self.hermesTargetGroup)))
        try alb.createRule(LoadBalancerRule(priority: 10, pathPatterns: ["/api/*"], action: .forward(targetGroup: Self.hermesTargetGroup)))
        try alb.createRule(LoadBalancerRule(priority: 15, pathPatterns: ["/session/*"], action: .forward(targetGroup: Self.editTargetGroup)))
        alb.setDefaultAction(.fixedResponse(status: 404, contentType: "text/plain", body: "Not Found"))
        alb.onNoTargets[Self.hermesTargetGroup] = { [weak self] in self?.hermes.wake() }
        run.fleet.hermes = hermes
        hermes.faults = { [weak run] operation in run?.faults?.hermesFault(operation) }
        router.wake = { [weak self] siteKey in self?.wake(siteKey) }
    }

    /// A preview asked for while no container serves the site: a claim request (at most one a minute) and
    /// one more edit task if none is free, as Hermes's resume-preview does.
    func wake(_ siteKey: String) {
        guard let site = run.world.sites.first(where: { $0.seedSite.siteKey == siteKey }) else { return }
        run.wakeSite(site, sessionId: nil)
        autoscaler.evaluate()
    }
}
