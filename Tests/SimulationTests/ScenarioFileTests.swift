import Foundation
import Simulation
import Testing

@Suite("Scenarios: reading and validation")
struct ScenarioFileTests {
    func parse(_ text: String) -> Result<Scenario, ConfigError> {
        Result { () throws(ConfigError) in try ScenarioLoader.parse(try ConfigNode.parse(text, file: "Simulator/scenarios/x.yaml"), name: "x") }
    }

    static let header = "title: T\ndescription: D\nseedSet: amelia\n"

    @Test(arguments: [
        (header + "workload:\n  - send: session1_msg1\nchecks: []\n", 6, "checks", "a scenario must state the seed's checks; this one has none"),
        (header + "workload:\n  - send: session1_msg1\n    wait: 1s\nchecks:\n  - {expect: e, log: {pattern: x}}\n", 5, "workload[0]", "gives several actions"),
        (header + "workload:\n  - sned: session1_msg1\nchecks:\n  - {expect: e, log: {pattern: x}}\n", 5, "workload[0].sned", "unknown key (did you mean send?)"),
        (header + "workload:\n  - send: session1_msg1\nchecks:\n  - {expect: e, bucketHas: {site: amelia}}\n", 7, "checks[0].bucketHas", "unknown key"),
        (header + "containers: 4\nworkload:\n  - send: session1_msg1\nchecks:\n  - {expect: e, log: {pattern: x}}\n", 4, "containers", "the edit service runs 1 to 3 tasks (or auto), found 4"),
        (header + "containers: auto\nworkload:\n  - scaleService: {service: web, to: 0}\nchecks:\n  - {expect: e, log: {pattern: x}}\n", 6, "workload[0].scaleService.service", "unknown service \"web\"; known: edit, hermes"),
        (header + "workload:\n  - createSession: {clientId: amelia, userId: u}\n    as: s\nchecks:\n  - {expect: e, log: {pattern: x}}\n", 5, "workload[0].createSession", "createSession needs instruction"),
        (header + "workload:\n  - request: {path: x}\n    as: r\nchecks:\n  - {expect: e, log: {pattern: x}}\n", 5, "workload[0].request.path", "a path starts with /"),
        (header + "workload:\n  - subscribe: s\nchecks:\n  - {expect: e, log: {pattern: x}}\n", 5, "workload[0]", "the key as is required"),
        (header + "workload:\n  - send: session1_msg1\nchecks:\n  - {expect: e, containerRows: {status: gone}}\n", 7, "checks[0].containerRows.status", "unknown container status \"gone\""),
        (header + "workload:\n  - wait: soon\nchecks:\n  - {expect: e, log: {pattern: x}}\n", 5, "workload[0].wait", "expected a duration"),
        (header + "workload:\n  - send: session1_msg1\n    with: {colour: blue}\nchecks:\n  - {expect: e, log: {pattern: x}}\n", 6, "workload[0].with.colour", "unknown key"),
        (header + "workload:\n  - message: {sessionId: s, commandId: c}\nchecks:\n  - {expect: e, log: {pattern: x}}\n", 5, "workload[0].message", "an inline message needs chatThreadId"),
    ] as [(String, Int, String, String)])
    func mistakesNameTheFileLineAndKey(_ text: String, _ line: Int, _ key: String, _ problem: String) {
        guard case .failure(let error) = parse(text) else {
            Issue.record("must be refused: \(text)")
            return
        }
        #expect(error.line == line, "\(error)")
        #expect(error.key == key, "\(error)")
        #expect(error.problem.contains(problem), "\(error)")
    }

    @Test func namesAreCheckedAgainstTheSeedSetBeforeRunning() throws {
        let settings = RunSettings(seed: 1, projectRoot: ScenarioHarness.projectRoot)
        let unknownMessage = try parse(Self.header + "workload:\n  - send: session9_msg9\nchecks:\n  - {expect: e, log: {pattern: x}}\n").get()
        #expect(throws: ConfigError(file: "Simulator/scenarios/x.yaml", line: nil, key: "workload", problem: "the seed set amelia has no message session9_msg9")) {
            try ScenarioRunner.prepare(unknownMessage, settings: settings)
        }
        let unknownPlan = try parse(Self.header + "faults: [no-such-plan]\nworkload:\n  - send: session1_msg1\nchecks:\n  - {expect: e, log: {pattern: x}}\n").get()
        #expect(throws: ConfigError(file: "Simulator/scenarios/x.yaml", line: nil, key: "faults", problem: "no fault plan no-such-plan (looked for Simulator/faults/no-such-plan.yaml)")) {
            try ScenarioRunner.prepare(unknownPlan, settings: settings)
        }
        let unknownSite = try parse(Self.header + "workload:\n  - claim: nobody\nchecks:\n  - {expect: e, log: {pattern: x}}\n").get()
        #expect(throws: ConfigError.self) { try ScenarioRunner.prepare(unknownSite, settings: settings) }
    }

    @Test func everyProjectScenarioReads() throws {
        let scenarios = try ScenarioHarness.catalog.all()
        #expect(scenarios.count == ScenarioHarness.catalog.files().count && !scenarios.isEmpty, "every file reads")
        #expect(scenarios.allSatisfy { !$0.checks.isEmpty && !$0.workload.isEmpty })
        #expect(Set(scenarios.map(\.title)).count == scenarios.count, "titles are unique")
    }
}
