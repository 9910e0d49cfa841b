import SimKernel

/// How a scenario run ended, in DESIGN's four outcomes.
public enum RunStatus: String, Sendable, Comparable {
    case passed
    /// A check or an invariant failed.
    case checkFailed = "check failed"
    /// The run did not go quiet within its limit: work was left undone.
    case liveness = "liveness failure"
    /// The run itself failed (an error the simulation did not expect).
    case crashed = "crash"

    var severity: Int {
        switch self {
        case .passed: 0
        case .checkFailed: 1
        case .liveness: 2
        case .crashed: 3
        }
    }

    public static func < (lhs: RunStatus, rhs: RunStatus) -> Bool { lhs.severity < rhs.severity }

    /// The CLI's exit code for a run whose worst outcome is this.
    public var exitCode: Int32 {
        switch self {
        case .passed: 0
        case .checkFailed: 1
        case .liveness: 3
        case .crashed: 4
        }
    }
}
