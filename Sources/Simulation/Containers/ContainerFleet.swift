import AWSPorts
import AWSSim
import SimKernel
import Worker

/// The cluster's tasks as processes. When ECS reports an edit task RUNNING, a session worker starts in it
/// (with its preview server); when ECS asks it to stop (SIGTERM), the worker saves its work and exits, and
/// the fleet reports the exit. A crash kills the worker where it stands and reports exit 137, and ECS
/// replaces the task. A worker that owns a site protects its task from scale-in; once idle it drops the
/// protection. When a task stops, its container row says `stopped` (what the task state-change handler of a
/// real deployment writes). Hermes tasks are handed to `hermes`.
public final class ContainerFleet: ECSTaskObserver {
    unowned let run: SimulationRun
    /// Running containers by task ARN, in start order.
    public private(set) var hosts: [(taskArn: String, host: WorkerHost)] = []
    /// Hosts Hermes tasks, once the platform is installed.
    var hermes: HermesTasks?

    init(run: SimulationRun) {
        self.run = run
    }

    public func taskDidStartRunning(_ task: ECSTask) {
        if task.group == "service:\(WorldNames.hermesService)" { return hermes?.started(task) ?? () }
        guard task.group == "service:\(WorldNames.editService)" else { return }
        let host = run.startWorker(taskArn: task.taskArn, previews: true)
        host.onStop = { [weak self] in self?.exited(task.taskArn, exitCode: 0, reason: "Essential container in task exited") }
        host.onStatusChange = { [weak self] status in self?.statusChanged(task.taskArn, to: status) }
        hosts.append((task.taskArn, host))
    }

    public func taskWasAskedToStop(_ task: ECSTask) {
        if task.group == "service:\(WorldNames.hermesService)" { return hermes?.askedToStop(task) ?? () }
        host(for: task.taskArn)?.requestStop()
    }

    public func taskDidStop(_ task: ECSTask) {
        if task.group == "service:\(WorldNames.hermesService)" { return hermes?.stopped(task) ?? () }
        guard let host = host(for: task.taskArn) else { return }
        if !host.isStopped { host.kill() }
        hosts.removeAll { $0.taskArn == task.taskArn }
        recordStopped(host.containerId, reason: task.stoppedReason ?? "stopped")
    }

    func host(for taskArn: String) -> WorkerHost? {
        hosts.first { $0.taskArn == taskArn }?.host
    }

    /// The running container that owns `siteKey`, if any.
    public func host(serving siteKey: String) -> WorkerHost? {
        hosts.lazy.map(\.host).first { host in
            switch host.worker.state {
            case .ready(let key), .busy(let key, _): key == siteKey
            default: false
            }
        }
    }

    /// Whether the container serving `siteKey` (any container when nil) is running a command.
    func isBusy(serving siteKey: String?) -> Bool {
        hosts.contains { entry in
            guard !entry.host.isStopped, case .busy(let key, _) = entry.host.worker.state else { return false }
            return siteKey == nil || key == siteKey
        }
    }

    /// Containers by status, for the autoscaler.
    func count(_ status: ContainerStatus) -> Int {
        hosts.filter { !$0.host.isStopped && $0.host.worker.containerStatus == status }.count
    }

    /// Kills the container serving `siteKey` (or the first running one) with `exitCode`. Returns its task ARN.
    @discardableResult
    public func crash(serving siteKey: String?, exitCode: Int) -> String? {
        let target = siteKey.flatMap { key in hosts.first { entry in host(serving: key) === entry.host } }
            ?? hosts.first { !$0.host.isStopped }
        guard let target else { return nil }
        return crash(target.host, exitCode: exitCode)
    }

    /// Kills this container with `exitCode` (its process dies where it stands). Returns its task ARN, nil for
    /// a container no ECS task runs (tests start workers directly).
    @discardableResult
    public func crash(_ host: WorkerHost, exitCode: Int) -> String? {
        host.onStop = nil
        host.kill()
        guard let taskArn = hosts.first(where: { $0.host === host })?.taskArn else { return nil }
        exited(taskArn, exitCode: exitCode, reason: "Essential container in task exited")
        return taskArn
    }

    /// Scale-in protection while the container owns a site (ECS then stops only idle or starting tasks).
    private func statusChanged(_ taskArn: String, to status: ContainerStatus) {
        let protect: Bool
        switch status {
        case .running: protect = true
        case .idle: protect = false
        default: return
        }
        run.aws.latency.withCaller(Caller.ecsAgent.name) {
            _ = try? run.aws.ecs.updateTaskProtection(
                cluster: WorldNames.cluster, tasks: [taskArn], protectionEnabled: protect, expiresInMinutes: 120)
        }
        _ = run.aws.latency.take(for: Caller.ecsAgent.name)
    }

    private func recordStopped(_ containerId: String, reason: String) {
        let now = run.scheduler.now
        run.aws.latency.withCaller(Caller.ecsEvents.name) {
            _ = try? run.aws.dynamodb.updateItem(UpdateItemRequest(
                tableName: WorldNames.containersTable, key: ["containerId": .s(containerId)],
                updateExpression: "SET #status = :stopped, stoppedAt = :now, stopReason = :reason REMOVE siteKey",
                conditionExpression: "attribute_exists(containerId)",
                expression: ExpressionParameters(names: ["#status": "status"], values: [
                    ":stopped": .s("stopped"), ":now": .number(now.unixMilliseconds), ":reason": .s(reason),
                ])))
        }
        _ = run.aws.latency.take(for: Caller.ecsEvents.name)
    }

    private func exited(_ taskArn: String, exitCode: Int, reason: String) {
        run.aws.latency.withCaller(Caller.ecsAgent.name) {
            try? run.aws.ecs.containerExited(taskArn: taskArn, exitCode: exitCode, reason: reason)
        }
        _ = run.aws.latency.take(for: Caller.ecsAgent.name)
    }
}
