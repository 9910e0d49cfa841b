import SimKernel

/// When the worker wants its next step.
public enum WorkerWake: Hashable, Sendable {
    /// At this instant.
    case at(Instant)
    /// When a message is visible on the queue, or at the instant, whichever comes first.
    case messageOrAt(queueURL: String, Instant)
    /// The worker has stopped; no more steps.
    case stopped
}
