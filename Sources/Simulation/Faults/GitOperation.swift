import AWSPorts
import AWSSim
import SimKernel
import Worker

/// The git operations a fault can fail.
public enum GitOperation: String, CaseIterable, Sendable {
    case clone, fetch, checkout, commit, push
}
