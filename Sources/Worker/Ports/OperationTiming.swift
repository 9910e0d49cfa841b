import SimKernel

/// Work whose duration the worker cannot measure on simulated time (git on the local disk is instant here;
/// in a container it is not).
public enum TimedOperation: String, Sendable, CaseIterable {
    case recover
    case switchBranch
    case commit
    case push
    /// Stopping a running tool after an interrupt (SIGINT until it exits).
    case stopTool
}

/// How long those operations take.
public protocol OperationTiming: AnyObject {
    func duration(of operation: TimedOperation) -> Duration
}

/// Fixed durations (tests).
public final class FixedOperationTiming: OperationTiming {
    public var durations: [TimedOperation: Duration]

    public init(_ durations: [TimedOperation: Duration] = [:]) {
        self.durations = durations
    }

    public func duration(of operation: TimedOperation) -> Duration { durations[operation] ?? .zero }
}
