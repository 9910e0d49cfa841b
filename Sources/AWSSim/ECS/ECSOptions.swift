import SimKernel

/// How long the simulated ECS takes, drawn from the seed for each task.
public struct ECSOptions: Sendable {
    /// PROVISIONING → PENDING (capacity found, ENI attached).
    public var provisioning: ClosedRange<Duration>
    /// PENDING → ACTIVATING (image pulled, container created): the bulk of a cold start.
    public var pending: ClosedRange<Duration>
    /// ACTIVATING → RUNNING.
    public var activating: ClosedRange<Duration>
    /// DEACTIVATING → STOPPING once a stop is requested.
    public var deactivating: ClosedRange<Duration>
    /// STOPPING → DEPROVISIONING when nobody reports the container's exit: its graceful shutdown time.
    public var containerExit: ClosedRange<Duration>
    /// After SIGTERM, ECS sends SIGKILL after this long (the task's stopTimeout, 30 s by default).
    public var stopTimeout: Duration
    /// DEPROVISIONING → STOPPED.
    public var deprovisioning: ClosedRange<Duration>

    /// Defaults give a cold start (RunTask to RUNNING) of 15 to 45 seconds.
    public init(
        provisioning: ClosedRange<Duration> = .seconds(2) ... .seconds(5),
        pending: ClosedRange<Duration> = .seconds(11) ... .seconds(35),
        activating: ClosedRange<Duration> = .seconds(2) ... .seconds(5),
        deactivating: ClosedRange<Duration> = .milliseconds(500) ... .seconds(2),
        containerExit: ClosedRange<Duration> = .seconds(1) ... .seconds(5),
        stopTimeout: Duration = .seconds(30),
        deprovisioning: ClosedRange<Duration> = .seconds(1) ... .seconds(3)
    ) {
        self.provisioning = provisioning
        self.pending = pending
        self.activating = activating
        self.deactivating = deactivating
        self.containerExit = containerExit
        self.stopTimeout = stopTimeout
        self.deprovisioning = deprovisioning
    }
}
