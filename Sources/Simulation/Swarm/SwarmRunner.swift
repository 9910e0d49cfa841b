import Foundation
import SimKernel
import Worker

/// Runs swarm cases: writes the case, loads it as any scenario file, runs it (in scratch storage while
/// searching), and classifies the outcome.
public struct SwarmRunner {
    public let projectRoot: URL
    public let plantedBug: PlantedBug?
    /// The seed set already loaded (its starter files read once), used for every case that names it.
    public let seedSet: SeedSet?

    public init(projectRoot: URL, plantedBug: PlantedBug? = nil, seedSet: SeedSet? = nil) {
        self.projectRoot = projectRoot
        self.plantedBug = plantedBug
        self.seedSet = seedSet
    }

    /// Runs the case with its files in `folder` and the run's outputs in `folder/run`. Scratch storage keeps
    /// the database in memory and writes no trace.
    public func run(_ swarmCase: SwarmCase, in folder: URL, storage: RunStorage) -> SwarmResult {
        var result = SwarmResult(
            seed: swarmCase.seed, class: .crash, invariants: [], detail: "", moves: swarmCase.scenario.moves.count,
            rules: swarmCase.faults.count, faultKinds: Array(Set(swarmCase.faults.map(\.kind))).sorted(), faultsFired: 0,
            simulated: .zero, digest: "")
        var prepared: PreparedScenario
        let settings = RunSettings(seed: swarmCase.seed, projectRoot: projectRoot, storage: storage, plantedBug: plantedBug)
        do {
            let file = try swarmCase.write(to: folder)
            let scenario = try ScenarioLoader.load(file, displayName: ProjectPath.display(file, projectRoot: projectRoot))
            prepared = try ScenarioRunner.prepare(scenario, settings: settings)
            if let seedSet, seedSet.name == prepared.seedSet.name { prepared.seedSet = seedSet }
        } catch {
            result.detail = "the generated case does not load: \(ErrorText.line(error))"
            return result
        }
        let output = folder.appendingPathComponent("run")
        let outcome = ScenarioRunner.run(prepared, settings: settings, outputDirectory: output)
        if storage == .files {
            // A kept case has the reports `wsim run` writes, beside its database, workspaces and trace.
            let replay = ReplayCommand(scenarios: [prepared.scenario.reference], seed: swarmCase.seed, plantedBug: plantedBug)
            let suite = SuiteResult(seed: swarmCase.seed, outcomes: [outcome], replayCommand: replay)
            do {
                try Data(MarkdownReport.render(suite, version: SimulationVersion.wsim).utf8).write(to: output.appendingPathComponent("report.md"))
                try Data(JUnitReport.render(suite).utf8).write(to: output.appendingPathComponent("junit.xml"))
                try OutputFolder.seal(output)
            } catch {
                result.class = .crash
                result.detail = "could not write the reports: \(ErrorText.line(error))"
                return result
            }
        }
        return Self.classify(outcome, base: result)
    }

    static func classify(_ outcome: ScenarioOutcome, base: SwarmResult) -> SwarmResult {
        var result = base
        result.invariants = outcome.invariants.filter { !$0.passed }.map(\.name)
        result.faultsFired = outcome.faultsInjected
        result.simulated = outcome.simulated
        result.digest = outcome.digest
        switch outcome.status {
        case .crashed: result.class = .crash
        case .liveness: result.class = .liveness
        case .checkFailed, .passed:
            result.class = !result.invariants.isEmpty ? .invariantViolated : outcome.status == .passed ? .passed : .checksFailed
        }
        if let failed = outcome.invariants.first(where: { !$0.passed }) {
            result.detail = "\(failed.name): \(failed.detail)"
        } else {
            result.detail = outcome.firstFailure ?? ""
        }
        return result
    }
}
