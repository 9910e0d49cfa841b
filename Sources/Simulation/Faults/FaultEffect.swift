import AWSPorts
import AWSSim
import SimKernel
import Worker

/// What a fault does.
public enum FaultEffect: Equatable, Sendable {
    /// The call fails with this AWS error.
    case error(AWSError)
    /// The call takes this much longer.
    case latency(Duration)
    /// Each entry of a batch call fails with this probability (drawn from the seed).
    case failEntries(fraction: Double, error: AWSError)
    /// The caller has no credentials: every call fails before it is sent.
    case removeCredentials
    /// The git operation fails with this message.
    case gitError(String)
    /// At `startAfter` (or when a command of the site reaches `duringStep`), the site's workspace is left in
    /// this state (once).
    case corrupt(GitCorruption, duringStep: FaultStep? = nil)
    /// At `startAfter`, the site's workspace `origin` is set to this URL (once).
    case remoteURL(String)
    case toolFail(String)
    case toolSlow(Double)
    case toolStopHalfway
    /// At `startAfter`, the container serving the site (or the first running one) dies with this exit code
    /// (once); with `duringCommand`, at the first second from then on that it is running a command; with
    /// `duringStep`, when a command of the site (the `nth` one to, default the first) reaches that step.
    case crash(exitCode: Int, duringCommand: Bool = false, duringStep: FaultStep? = nil)
    /// ECS tasks created in the window spend this much longer starting (image pull, capacity).
    case startDelay(Duration)

    /// Effects that happen once, at `startAfter`, instead of on matching calls.
    var isOneShot: Bool {
        switch self {
        case .corrupt, .remoteURL, .crash: true
        default: false
        }
    }

    /// The step a one-shot effect waits for, if it names one.
    var duringStep: FaultStep? {
        switch self {
        case .corrupt(_, let step), .crash(_, _, let step): step
        default: nil
        }
    }
}
