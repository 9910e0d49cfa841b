import AWSPorts
import AWSSim
import Fakes
import SimKernel
import Worker

/// Where faults enter a run, in one place: `SimulationRun.install(_:)` wires each of these into what it
/// affects (the AWS seam, ECS task starts through the seam, git, the fake tools, Hermes, the workers' steps,
/// and the one-shot effects that strike at an instant). A new effect is added here and in the one
/// implementation (`FaultInjector`); nothing else installs faults.
public protocol FaultHooks: AnyObject {
    /// Every simulated AWS call (and an ECS task's start, `SimulatedECS.taskStartOperation`): fail, delay,
    /// or fail part of a batch.
    func decide(_ call: ServiceCall) -> FaultDecision
    /// A git operation on a workspace: the error message it fails with, if any.
    func gitFailure(_ operation: GitOperation, workspace: String) -> String?
    /// A fake tool run: its fault, if any.
    func toolFault(_ tool: ToolKind, workspace: String, at instant: Instant) -> ToolFault?
    /// A Hermes request: the response given instead of handling it, if any.
    func hermesFault(_ operation: String) -> HTTPResponse?
    /// A container's command reached a step (one-shot effects may wait for one).
    func stepBegan(_ step: CommandPipeline.Step, on host: WorkerHost, run: SimulationRun)
    /// The run starts: effects that strike at an instant are scheduled.
    func begin(_ run: SimulationRun)
    /// The quiet phase: no more faults.
    func disable()
}
