import AWSPorts
import AWSSim
import SimKernel
import Worker

/// Which calls an AWS fault applies to. Faults model the edit containers' view of AWS: by default they do
/// not touch the harness's own calls (the workload driver, the checkers) or the log driver's.
public enum FaultCallers: String, CaseIterable, Sendable {
    /// Calls made by edit containers (the session workers).
    case containers
    /// Calls made by the awslogs driver shipping container logs.
    case logDriver
    /// Every call.
    case any
}
