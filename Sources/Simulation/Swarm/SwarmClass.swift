import Foundation
import SimKernel
import Worker

/// How a swarm case ended.
public enum SwarmClass: String, Sendable, CaseIterable, Comparable {
    case passed
    /// Only the scenario's own checks failed: expected under faults, counted.
    case checksFailed = "checks failed"
    /// An invariant of SPEC section 7 failed: a bug.
    case invariantViolated = "invariant violated"
    /// The run did not finish its work within its limit.
    case liveness
    /// The run itself failed.
    case crash

    /// Whether the class is a finding that is shrunk and fails CI.
    public var isFinding: Bool { self == .invariantViolated || self == .liveness || self == .crash }

    var rank: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}
