import Foundation
import Testing

@testable import Simulation

/// Config files are read in one pass that reports every error, and what could only fail at run time is an
/// error at load time.
@Suite("Config errors, all at once and before the run")
struct ConfigPassTests {
    func prepare(_ text: String) throws(ConfigError) -> PreparedScenario {
        let scenario = try ScenarioLoader.parse(try ConfigNode.parse(text, file: "s.yaml"), name: "s")
        return try ScenarioRunner.prepare(scenario, settings: RunSettings(seed: 1, projectRoot: ScenarioHarness.projectRoot))
    }

    func errors(_ text: String) -> [String] {
        do {
            _ = try prepare(text)
            return []
        } catch {
            return error.all.map(\.oneLine)
        }
    }

    static let head = "title: t\ndescription: d\nseedSet: amelia\nsites: [amelia]\n"

    @Test func everyUnknownKeyOfAMappingIsReported() {
        let found = errors(Self.head + "workload:\n  - wait: 1s\n    tiemout: 2s\n    colour: red\nchecks:\n  - expect: x\n    finishedWithin: 1m\n")
        #expect(found.count == 2, "\(found)")
        #expect(found.first?.hasPrefix("s.yaml:7: workload[0].tiemout: unknown key (did you mean timeout?)") == true, "\(found)")
    }

    @Test func aCheckOfASiteNotInTheWorldIsALoadError() {
        let found = errors(Self.head + "workload:\n  - send: session1_msg1\nchecks:\n  - expect: x\n    branchExists: {site: concurrent-1, branch: main}\n")
        #expect(found == ["s.yaml:8: checks[0]: the check reads concurrent-1, which is not in this run's world; add it to sites:"])
    }

    @Test func aWaitForACommandNeverSentIsALoadError() {
        let found = errors(Self.head + "workload:\n  - send: session1_msg1\n  - waitFor: [cmd-001, cmd-nope]\nchecks:\n  - expect: x\n    finishedWithin: 1m\n")
        #expect(found == ["s.yaml: workload: waitFor names cmd-nope, which no step sends"])
        let repeated = errors(Self.head + """
            workload:
              - repeat: 2
                steps:
                  - send: session1_msg1
                    with: {commandId: "c-{{i}}"}
              - waitFor: [c-1, c-2]
            checks:
              - expect: x
                finishedWithin: 1m

            """)
        #expect(repeated.isEmpty, "ids of repeats count: \(repeated)")
    }

    @Test func logChecksRefuseWhatCouldNeverPass() {
        let unsupported = errors(Self.head + "workload:\n  - wait: 1s\nchecks:\n  - expect: x\n    log: {pattern: \"[ip, user]\"}\n")
        #expect(unsupported.count == 1 && unsupported[0].contains("checks[0].log.pattern: Invalid filter pattern: wsim does not support space-delimited filter patterns"), "\(unsupported)")
        let contradictory = errors(Self.head + "workload:\n  - wait: 1s\nchecks:\n  - expect: x\n    log: {pattern: ERROR, atLeast: 3, atMost: 1}\n")
        #expect(contradictory.count == 1 && contradictory[0].contains("atLeast (3) is greater than atMost (1)"), "\(contradictory)")
        let none = try? prepare(Self.head + "workload:\n  - wait: 1s\nchecks:\n  - expect: x\n    log: {pattern: ERROR, atMost: 0}\n")
        #expect(none?.scenario.checks.first?.kind == .log(pattern: "ERROR", atLeast: 0, atMost: 0), "atMost: 0 means none")
    }

    @Test func oneErrorCarriesTheOthersInFileOrder() {
        let error = ConfigError(file: "f", line: 1, key: "a", problem: "one", others: [
            ConfigError(file: "f", line: 2, key: nil, problem: "two", others: [ConfigError(file: "f", line: 3, key: "c", problem: "three")]),
        ])
        #expect(error.all.map(\.oneLine) == ["f:1: a: one", "f:2: two", "f:3: c: three"])
        #expect(error.description == "f:1: a: one\nf:2: two\nf:3: c: three")
    }
}
