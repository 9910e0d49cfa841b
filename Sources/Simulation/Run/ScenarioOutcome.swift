import SimKernel

/// What one scenario run produced.
public struct ScenarioOutcome: Sendable {
    public var scenario: Scenario
    public var seed: UInt64
    /// The command that replays this scenario's run exactly.
    public var replay: ReplayCommand
    public var status: RunStatus
    public var digest: String
    public var events: UInt64
    /// Simulated time of the whole run (main and quiet phases).
    public var simulated: Duration
    /// The seed's checks, in the scenario's order.
    public var checks: [CheckResult]
    /// SPEC section 7's invariants.
    public var invariants: [CheckResult]
    /// Why the run is a liveness failure or a crash.
    public var problems: [String]
    /// Per operation, the simulated durations of every command that went through it.
    public var operations: [LogTimeline.Operation: [Duration]]
    public var faultsInjected: Int
    public var outputDirectory: String
    /// Each fault rule of the run's plans and how often it fired.
    public var faultRules: [FiredRule] = []
    /// Wall-clock time of the run, when the caller measured it (`wsim run` does; it is never part of the run).
    public var wall: Duration? = nil

    /// The first thing that went wrong, in words.
    public var firstFailure: String? {
        if let problem = problems.first { return problem }
        if let check = (checks + invariants).first(where: { !$0.passed }) { return "\(check.name): \(check.detail)" }
        return nil
    }
}
