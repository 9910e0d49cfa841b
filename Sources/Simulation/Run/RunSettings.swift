import AWSPorts
import AWSSim
import Foundation
import GitWorkspace
import Messages
import SimKernel
import Worker

/// Where a run finds its inputs and puts its outputs.
public struct RunSettings: Sendable {
    public var seed: UInt64
    /// The folder holding `Seeds/` and `Simulator/`.
    public var projectRoot: URL
    /// Fault plans added to every scenario (`wsim run --faults FILE`).
    public var extraFaultPlans: [URL]
    /// Where a run keeps its account and trace.
    public var storage: RunStorage
    /// A bug planted in the worker on purpose (a test of the swarm finds it); nil in every real run.
    public var plantedBug: PlantedBug?

    public init(seed: UInt64, projectRoot: URL, extraFaultPlans: [URL] = [], storage: RunStorage = .files, plantedBug: PlantedBug? = nil) {
        self.seed = seed
        self.projectRoot = projectRoot
        self.extraFaultPlans = extraFaultPlans
        self.storage = storage
        self.plantedBug = plantedBug
    }

    /// The command that replays `scenario` with these settings.
    public func replay(_ scenario: Scenario) -> ReplayCommand {
        ReplayCommand(scenarios: [scenario.reference], seed: seed, faultPlans: faultPlanArguments, plantedBug: plantedBug)
    }

    /// The added fault plans as a replay line names them.
    public var faultPlanArguments: [String] { extraFaultPlans.map { ProjectPath.display($0, projectRoot: projectRoot) } }
}
