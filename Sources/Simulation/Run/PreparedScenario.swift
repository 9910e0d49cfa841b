import AWSPorts
import AWSSim
import Foundation
import GitWorkspace
import Messages
import SimKernel
import Worker

/// A scenario with everything it names loaded and checked, ready to run.
public struct PreparedScenario {
    public var scenario: Scenario
    public var seedSet: SeedSet
    public var faultPlans: [FaultPlan]
    public var siteKeys: Set<String>
}
