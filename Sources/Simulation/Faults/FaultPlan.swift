import AWSPorts
import AWSSim
import SimKernel
import Worker

/// A fault plan file: a description and its rules.
public struct FaultPlan: Sendable {
    public var name: String
    public var file: String
    public var description: String
    public var rules: [FaultRule]
}
