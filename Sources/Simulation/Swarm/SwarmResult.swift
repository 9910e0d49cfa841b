import Foundation
import SimKernel
import Worker

/// What one swarm case gave.
public struct SwarmResult: Sendable, Equatable {
    public var seed: UInt64
    public var `class`: SwarmClass
    /// The invariants that failed, by name, in the report's order.
    public var invariants: [String]
    /// The first failure, in words.
    public var detail: String
    public var moves: Int
    public var rules: Int
    /// The kinds of fault the case's plan drew (`sqs error`, `container crash`, ...), sorted, once each.
    public var faultKinds: [String]
    public var faultsFired: Int
    public var simulated: Duration
    public var digest: String

    /// What a shrunk case must still show: the same class, and the same first invariant.
    public var signature: String { invariants.first.map { "\(`class`.rawValue): \($0)" } ?? `class`.rawValue }
}
