/// Why a host runs the worker's step.
public enum WakeReason: Hashable, Sendable {
    /// The instant the worker asked for, or the end of its wait.
    case scheduled
    /// A message is visible on the queue the worker was waiting on.
    case messageVisible
}
