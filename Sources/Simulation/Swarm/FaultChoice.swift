import Foundation
import SimKernel

/// One weighted choice of the space.
public struct FaultChoice: Sendable {
    public var line: Int?
    public var weight: Int
    public var service: FaultTarget
    /// One is drawn per rule; empty: every operation.
    public var operations: [String]
    public var effects: [FaultEffectTemplate]
    public var probability: ClosedRange<Double>?
    public var nth: ClosedRange<Int>?
    public var startAfter: ClosedRange<Duration>?
    public var duration: ClosedRange<Duration>?
    /// Scope the rule to one of the case's sites (drawn).
    public var perSite: Bool
    /// DynamoDB: one is drawn per rule; empty: every table.
    public var tables: [String]
    /// AWS: whose calls (`containers`, `logDriver`, `any`).
    public var callers: String?
}
