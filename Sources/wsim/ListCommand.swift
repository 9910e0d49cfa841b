import ArgumentParser
import Foundation
import Simulation

/// `wsim list`: every scenario with its one-line description.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the scenarios under Simulator/scenarios (with --faults, the fault plans under Simulator/faults).")

    @Flag(help: "List the fault plans instead, with their descriptions.")
    var faults = false

    func run() throws {
        let root = try projectRoot()
        if faults { return try listPlans(root) }
        let catalog = ScenarioCatalog(projectRoot: root)
        let scenarios: [Scenario]
        do {
            scenarios = try catalog.all()
        } catch {
            failWithConfigError(error)
        }
        let width = scenarios.map(\.name.count).max() ?? 0
        for scenario in scenarios {
            emit(scenario.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + scenario.description)
        }
    }

    func listPlans(_ root: URL) throws {
        let folder = root.appendingPathComponent("Simulator/faults")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        var plans: [FaultPlan] = []
        var problems: [ConfigError] = []
        for file in files {
            do {
                plans.append(try FaultPlanLoader.load(folder.appendingPathComponent(file), displayName: "Simulator/faults/\(file)"))
            } catch {
                problems += error.all
            }
        }
        if let first = problems.first {
            var error = first
            error.others = Array(problems.dropFirst())
            failWithConfigError(error)
        }
        let width = plans.map(\.name.count).max() ?? 0
        for plan in plans { emit(plan.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + plan.description) }
    }
}
