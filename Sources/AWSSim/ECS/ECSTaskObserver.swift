import AWSPorts

/// What hosts a task's containers (the simulation) hears from ECS. Called after the change is committed,
/// on the simulation thread.
public protocol ECSTaskObserver: AnyObject {
    /// The task reached RUNNING: start its containers' processes.
    func taskDidStartRunning(_ task: ECSTask)
    /// ECS sent SIGTERM (StopTask, scale-in, service deletion). Report the exit with `containerExited`;
    /// otherwise ECS kills the container after the stop timeout.
    func taskWasAskedToStop(_ task: ECSTask)
    /// The task reached STOPPED.
    func taskDidStop(_ task: ECSTask)
}
