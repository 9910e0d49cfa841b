import AWSPorts
import AWSSim
import SimKernel
import Worker

/// The edit service's tasks as processes: when ECS reports a task RUNNING, a session worker starts in it;
/// when ECS asks it to stop (SIGTERM), the worker saves its work and exits, and the fleet reports the exit.
/// A crash kills the worker where it stands and reports exit 137, and ECS replaces the task.
public final class ContainerFleet: ECSTaskObserver {
    unowned let run: SimulationRun
    /// Running containers by task ARN, in start order.
    public private(set) var hosts: [(taskArn: String, host: WorkerHost)] = []

    init(run: SimulationRun) {
        self.run = run
    }

    public func taskDidStartRunning(_ task: ECSTask) {
        guard task.group == "service:\(WorldNames.editService)" else { return }
        let host = run.startWorker(taskArn: task.taskArn)
        host.onStop = { [weak self] in self?.exited(task.taskArn, exitCode: 0, reason: "Essential container in task exited") }
        hosts.append((task.taskArn, host))
    }

    public func taskWasAskedToStop(_ task: ECSTask) {
        host(for: task.taskArn)?.requestStop()
    }

    public func taskDidStop(_ task: ECSTask) {
        if let host = host(for: task.taskArn), !host.isStopped { host.kill() }
        hosts.removeAll { $0.taskArn == task.taskArn }
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

    /// Kills the container serving `siteKey` (or the first running one) with `exitCode`. Returns its task ARN.
    @discardableResult
    public func crash(serving siteKey: String?, exitCode: Int) -> String? {
        let target = siteKey.flatMap { key in hosts.first { entry in host(serving: key) === entry.host } }
            ?? hosts.first { !$0.host.isStopped }
        guard let target else { return nil }
        target.host.onStop = nil
        target.host.kill()
        exited(target.taskArn, exitCode: exitCode, reason: "Essential container in task exited")
        return target.taskArn
    }

    private func exited(_ taskArn: String, exitCode: Int, reason: String) {
        run.aws.latency.withCaller("ecs-agent") {
            try? run.aws.ecs.containerExited(taskArn: taskArn, exitCode: exitCode, reason: reason)
        }
        _ = run.aws.latency.take(for: "ecs-agent")
    }
}
