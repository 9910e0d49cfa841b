import AWSPorts
import AWSSim
import Hermes
import Logging
import SimKernel

/// The tasks of `webordinary-hermes-service` as processes: when ECS reports one RUNNING, a `HermesService`
/// starts in it, logs to `/ecs/webordinary/hermes`, and is registered with the Hermes target group; when it
/// stops, it is deregistered. A request that finds no target wakes the service (0 → 1): the load balancer
/// answers 503 meanwhile, and clients retry.
final class HermesTasks {
    unowned let run: SimulationRun
    let targetGroup: String
    private var services: [String: (service: HermesService, shipper: LogShipper)] = [:]
    /// Consulted by every Hermes task before it handles a request (fault plans throttle Hermes this way).
    var faults: ((String) -> HTTPResponse?)?

    init(run: SimulationRun, targetGroup: String) {
        self.run = run
        self.targetGroup = targetGroup
    }

    func started(_ task: ECSTask) {
        let taskId = String(task.taskArn.split(separator: "/").last ?? "")
        let shipper = LogShipper(aws: run.aws, logGroup: WorldNames.hermesLogGroup, logStream: "hermes/hermes-container/\(taskId)")
        let handler = CloudWatchLogHandler(shipper: shipper, scrubs: run.scrubber.replacements)
        let scheduler = run.scheduler
        let service = HermesService(
            configuration: HermesConfiguration(unclaimedQueueURL: run.world.unclaimedQueueURL), sqs: run.aws.sqs,
            dynamodb: run.aws.dynamodb, ecs: run.aws.ecs, directory: WorldDirectory(world: run.world),
            ids: IDGenerator(run.random.derive("hermes/\(taskId)")), clock: { scheduler.now },
            logger: Logger(label: "webordinary.hermes") { _ in handler })
        service.faults = { [weak self] operation in self?.faults?(operation) }
        services[task.taskArn] = (service, shipper)
        let target = LoggedTarget(service: service, shipper: shipper, aws: run.aws)
        try? run.aws.loadBalancer.registerTarget(targetGroup: targetGroup, id: taskId, handler: target)
        service.logger.info("Hermes started on task \(taskId)")
        shipper.flush()
    }

    func askedToStop(_ task: ECSTask) {
        deregister(task)
        try? run.aws.ecs.containerExited(taskArn: task.taskArn, exitCode: 0, reason: "SIGTERM handled")
    }

    func stopped(_ task: ECSTask) {
        deregister(task)
    }

    private func deregister(_ task: ECSTask) {
        guard let entry = services.removeValue(forKey: task.taskArn) else { return }
        let taskId = String(task.taskArn.split(separator: "/").last ?? "")
        try? run.aws.loadBalancer.deregisterTarget(targetGroup: targetGroup, id: taskId)
        entry.service.logger.info("Hermes stopping")
        entry.shipper.flush()
    }

    /// Scales the service from 0 to 1 when a request finds no task.
    func wake() {
        guard let service = try? run.aws.ecs.describeServices(cluster: WorldNames.cluster, services: [WorldNames.hermesService]).services.first,
            service.desiredCount == 0
        else { return }
        _ = try? run.aws.ecs.updateService(cluster: WorldNames.cluster, service: WorldNames.hermesService, desiredCount: 1)
    }
}
