import AWSPorts
import AWSSim
import SimKernel
import Worker

/// A broken state a fault leaves in a workspace.
public enum GitCorruption: String, CaseIterable, Sendable {
    case mergeInProgress, rebaseInProgress, cherryPickInProgress, staleIndexLock, detachedHead
}
