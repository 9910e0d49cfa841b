import Foundation
import SimKernel

/// The results as JSON for tools: one object per scenario (`wsim run --format json` prints each as a line when
/// the scenario ends) and a summary (also written as `summary.json` in the output folder). Keys are sorted.
public enum JSONReport {
    public static func scenario(_ outcome: ScenarioOutcome) -> JSONValue {
        func results(_ list: [CheckResult]) -> JSONValue {
            .array(list.map { .object(["name": .string($0.name), "passed": .bool($0.passed), "detail": .string($0.detail)]) })
        }
        var object: [String: JSONValue] = [
            "scenario": .string(outcome.scenario.name), "file": .string(outcome.scenario.file), "seed": .number(String(outcome.seed)),
            "status": .string(outcome.status.rawValue), "exitCode": .number(String(outcome.status.exitCode)),
            "digest": .string(outcome.digest), "simulatedMs": .number(String(outcome.simulated.wholeMilliseconds)),
            "faultsInjected": .number(String(outcome.faultsInjected)), "replay": .string(outcome.replay.description),
            "checks": results(outcome.checks), "invariants": results(outcome.invariants),
            "problems": .array(outcome.problems.map(JSONValue.string)), "output": .string(outcome.outputDirectory),
        ]
        if let failure = outcome.firstFailure { object["firstFailure"] = .string(failure) }
        if let wall = outcome.wall { object["wallMs"] = .number(String(wall.wholeMilliseconds)) }
        return .object(object)
    }

    public static func summary(_ suite: SuiteResult, report: String) -> JSONValue {
        var object: [String: JSONValue] = [
            "summary": .bool(true), "seed": .number(String(suite.seed)), "scenarios": .number(String(suite.outcomes.count)),
            "passed": .number(String(suite.passed)), "worst": .string(suite.worst.rawValue),
            "exitCode": .number(String(suite.worst.exitCode)), "report": .string(report),
            "results": .array(suite.outcomes.map { .object(["scenario": .string($0.scenario.name), "status": .string($0.status.rawValue)]) }),
        ]
        if suite.worst != .passed { object["replay"] = .string(suite.replayCommand.description) }
        return .object(object)
    }
}
