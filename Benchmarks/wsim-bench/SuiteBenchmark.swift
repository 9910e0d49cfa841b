import Foundation
import SimKernel
import Simulation

/// Wall time of every scenario (`wsim run --all`), run in process, and how much faster than real time
/// simulated time goes.
enum SuiteBenchmark {
    struct Result {
        var wallSeconds: Double
        var simulatedSeconds: Double
        var failed: [String]
    }

    static func run(projectRoot: URL, under parent: String?) throws -> Result {
        let directory = try TemporaryDirectory("suite", under: parent)
        let catalog = ScenarioCatalog(projectRoot: projectRoot)
        let settings = RunSettings(seed: 20_250_815, projectRoot: projectRoot)
        let prepared = try catalog.all().map { try ScenarioRunner.prepare($0, settings: settings) }
        var simulated = 0.0
        var failed: [String] = []
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for scenario in prepared {
                let outcome = ScenarioRunner.run(
                    scenario, settings: settings, outputDirectory: URL(fileURLWithPath: directory.path + "/" + scenario.scenario.name))
                simulated += outcome.simulated.secondsValue
                if outcome.status != .passed { failed.append(scenario.scenario.name) }
            }
        }
        return Result(
            wallSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
            simulatedSeconds: simulated, failed: failed)
    }
}
