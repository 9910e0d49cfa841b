import Foundation
import SimKernel
import Worker

/// What one swarm process does for one seed: run its case in scratch storage (the search), or investigate a
/// finding (run it again with every output kept, then shrink it and keep the minimal case).
public struct SwarmJobs {
    public let runner: SwarmRunner
    public let seedSet: SeedSet
    public let space: FaultSpace
    /// The swarm's output folder: findings go to `cases/<seed>/`.
    public let output: URL
    /// A folder of this process's own for cases while they run (tmpfs when the machine has one).
    public let scratch: URL
    public let shrinkBudget: Int

    public init(runner: SwarmRunner, seedSet: SeedSet, space: FaultSpace, output: URL, scratch: URL, shrinkBudget: Int = 200) {
        self.runner = runner
        self.seedSet = seedSet
        self.space = space
        self.output = output
        self.scratch = scratch
        self.shrinkBudget = shrinkBudget
    }

    public func swarmCase(_ seed: UInt64) -> SwarmCase {
        SwarmCase.generate(seed: seed, seedSet: seedSet, space: space)
    }

    /// Runs the seed's case in scratch storage; nothing of it is kept.
    public func run(_ seed: UInt64) -> SwarmResult {
        inScratch(swarmCase(seed), label: "\(seed)")
    }

    private func inScratch(_ swarmCase: SwarmCase, label: String) -> SwarmResult {
        let folder = scratch.appendingPathComponent(label)
        defer { try? FileManager.default.removeItem(at: folder) }  // made by this process, just now
        return runner.run(swarmCase, in: folder, storage: .scratch)
    }

    /// Keeps a finding: its case and full outputs in `cases/<seed>/`, and its shrunk case in
    /// `cases/<seed>/minimal/` (also run with full outputs).
    public func investigate(_ seed: UInt64) -> (result: SwarmResult, shrink: SwarmSummary.Shrink) {
        let original = swarmCase(seed)
        let folder = output.appendingPathComponent("cases/\(seed)")
        let result = runner.run(original, in: folder, storage: .files)
        var attempt = 0
        let shrinker = Shrinker(budget: shrinkBudget) { candidate in
            attempt += 1
            return inScratch(candidate, label: "\(seed)-shrink-\(attempt)")
        }
        let outcome = shrinker.shrink(original, result)
        let minimal = runner.run(outcome.minimal, in: folder.appendingPathComponent("minimal"), storage: .files)
        let shrink = SwarmSummary.Shrink(
            seed: seed, rules: outcome.minimal.faults.count, moves: outcome.minimal.scenario.moves.count, runs: outcome.runs,
            replay: "wsim run cases/\(seed)/minimal/scenario.yaml --seed \(seed)" + (runner.plantedBug.map { " --plant-bug \($0.rawValue)" } ?? ""), detail: minimal.detail)
        return (result, shrink)
    }
}
