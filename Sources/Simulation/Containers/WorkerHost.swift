import AWSPorts
import AWSSim
import SimKernel
import Worker

/// Runs one session worker on the simulation's scheduler, the way a container's event loop would: each step
/// runs under the worker's name so the latency of its calls is charged to it, the next step waits for that
/// latency, and a wait on a queue becomes a long-poll waiter instead of a busy loop.
public final class WorkerHost {
    public let worker: SessionWorker
    public let containerId: String
    let aws: SimulatedAWS
    let shipper: LogShipper
    let caller: String
    private var timer: Scheduler.TimerID?
    private var waitToken: ArrivalWaitToken?
    /// The instant of the last step that found a message visible without taking it: waking again at once
    /// would loop, so the host waits for the next arrival instead.
    private var lastImmediateWake: Instant?
    public private(set) var isStopped = false
    public private(set) var stepsRun = 0
    /// Called once, when the worker has stopped.
    public var onStop: (() -> Void)?
    /// Called after a step that changed the container's status (claimed, released, stopping).
    public var onStatusChange: ((ContainerStatus) -> Void)?
    /// Called when a command's step has begun (see `SessionWorker.stepInProgress`), once per step.
    public var onStepBegan: ((CommandPipeline.Step) -> Void)?
    private var lastStep: (commandId: String, step: CommandPipeline.Step)?
    /// The container's preview server, when it runs one.
    public var previews: PreviewServer?

    public init(worker: SessionWorker, containerId: String, aws: SimulatedAWS, shipper: LogShipper) {
        self.worker = worker
        self.containerId = containerId
        self.aws = aws
        self.shipper = shipper
        self.caller = Caller.container(containerId).name
    }

    var scheduler: Scheduler { aws.scheduler }

    /// Schedules the first step now.
    public func start() {
        schedule(at: scheduler.now)
    }


    /// SIGTERM: the worker saves its work and stops at its next step, which runs now.
    public func requestStop() {
        guard !isStopped else { return }
        worker.requestStop()
        cancelPending()
        schedule(at: scheduler.now)
    }

    /// The container died (crash, SIGKILL): no more steps, nothing saved.
    public func kill() {
        cancelPending()
        shipper.flush()
        finish()
    }

    private func schedule(at instant: Instant, reason: WakeReason = .scheduled) {
        timer = scheduler.schedule(at: instant, "worker.step \(containerId)") { [weak self] in self?.runStep(reason: reason) }
    }

    private func cancelPending() {
        if let timer { scheduler.cancel(timer) }
        if let waitToken { aws.sqs.cancelWait(waitToken) }
        timer = nil
        waitToken = nil
    }

    private func runStep(reason: WakeReason) {
        timer = nil
        waitToken = nil
        guard !isStopped else { return }
        stepsRun += 1
        let now = scheduler.now
        let statusBefore = worker.containerStatus
        // What the step records belongs to the command in progress (one that ends in this step included).
        aws.trace.command = worker.currentCommand.map { JSONValue.canonicalObject(["sessionId": $0.sessionId, "commandId": $0.commandId]) }
        let wake = aws.latency.withCaller(caller) { worker.step(now: now, reason: reason) }
        aws.trace.command = nil
        let readyAt = now + aws.latency.take(for: caller)
        shipper.flush()
        if worker.containerStatus != statusBefore { onStatusChange?(worker.containerStatus) }
        if let progress = worker.stepInProgress, progress.commandId != lastStep?.commandId || progress.step != lastStep?.step {
            lastStep = progress
            onStepBegan?(progress.step)
            if isStopped { return }
        }
        switch wake {
        case .stopped:
            finish()
        case .at(let instant):
            schedule(at: max(instant, readyAt))
        case .messageOrAt(let queueURL, let deadline):
            if readyAt > now {
                // The calls of this step are still in flight; start waiting when they return.
                timer = scheduler.schedule(at: readyAt, "worker.resume-wait \(containerId)") { [weak self] in
                    self?.timer = nil
                    self?.wait(on: queueURL, until: deadline)
                }
            } else {
                wait(on: queueURL, until: deadline)
            }
        }
    }

    private func wait(on queueURL: String, until deadline: Instant) {
        let now = scheduler.now
        let availability = try? aws.sqs.availability(queueUrl: queueURL)
        if availability == .visibleNow && lastImmediateWake != now {
            lastImmediateWake = now
            return schedule(at: now, reason: .messageVisible)
        }
        guard deadline > now else { return schedule(at: now) }
        var wakeAt = deadline
        if case .visibleAt(let instant)? = availability { wakeAt = min(deadline, instant) }
        do {
            waitToken = try aws.sqs.waitForMessages(queueUrl: queueURL, until: wakeAt) { [weak self] in
                self?.wokeFromWait(on: queueURL)
            }
        } catch {
            schedule(at: deadline)
        }
    }

    /// A long-poll waiter fired: a message arrived, or the wait ended.
    private func wokeFromWait(on queueURL: String) {
        let visible = (try? aws.sqs.availability(queueUrl: queueURL)) == .visibleNow
        runStep(reason: visible ? .messageVisible : .scheduled)
    }

    private func finish() {
        guard !isStopped else { return }
        isStopped = true
        previews?.close()
        onStop?()
    }
}
