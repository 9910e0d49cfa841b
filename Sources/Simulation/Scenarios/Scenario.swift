import Foundation
import SimKernel

/// A scenario file (`Simulator/scenarios/<name>.yaml`): the seed set, the containers, the fault plans, the
/// workload, the limits, and the seed's checks as data.
public struct Scenario: Sendable {
    /// The file name without `.yaml`; what `wsim run` takes.
    public var name: String
    public var file: String
    /// What names it to `wsim run` in a replay line: `name` for a scenario of `Simulator/scenarios/`, the
    /// file's path (project-relative when inside the project) for one given as a file.
    public var reference: String
    /// The folder the file is in: fault plans the scenario names are also looked up there.
    public var folder: URL?
    /// The seed's own heading, e.g. `Task 05 · Scenario 1: Basic Session Flow`.
    public var title: String
    public var description: String
    public var seedSet: String
    /// Client sites the world is built with (`clientId` or `clientId/projectId`); empty: the sites the
    /// workload's messages name.
    public var sites: [String]
    /// Edit tasks the edit service runs from the start (at most 3); 0 with `autoscale`.
    public var containers: Int
    /// `containers: auto`: both services start at 0 tasks; Hermes wakes on its first request and the
    /// autoscaler runs the edit service.
    public var autoscale: Bool
    /// Fault plan names (files under `Simulator/faults/`).
    public var faultPlans: [String]
    /// The main phase must go quiet within this much simulated time.
    public var limit: Duration
    /// The quiet phase, with faults off, after the main phase went quiet.
    public var quietPeriod: Duration
    public var workload: [WorkloadStep]
    public var checks: [ScenarioCheck]
}
