import ArgumentParser
import Foundation
import Simulation

/// `wsim list`: every scenario with its one-line description.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the scenarios under Simulator/scenarios.")

    func run() throws {
        let catalog = ScenarioCatalog(projectRoot: try projectRoot())
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
}
