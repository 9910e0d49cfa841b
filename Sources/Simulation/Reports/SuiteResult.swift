import SimKernel

/// The outcomes of one `wsim run`, in the order the scenarios ran.
public struct SuiteResult: Sendable {
    public var seed: UInt64
    public var outcomes: [ScenarioOutcome]
    /// `wsim run ... --seed N`, the command that replays this run.
    public var replayCommand: ReplayCommand

    public init(seed: UInt64, outcomes: [ScenarioOutcome], replayCommand: ReplayCommand) {
        self.seed = seed
        self.outcomes = outcomes
        self.replayCommand = replayCommand
    }

    public var worst: RunStatus { outcomes.map(\.status).max() ?? .passed }
    public var passed: Int { outcomes.filter { $0.status == .passed }.count }

    /// Per operation, every command's simulated duration across the suite.
    public var operations: [LogTimeline.Operation: [Duration]] {
        var all: [LogTimeline.Operation: [Duration]] = [:]
        for outcome in outcomes {
            for (operation, values) in outcome.operations { all[operation, default: []] += values }
        }
        return all
    }
}
