import Foundation
import Simulation
import Testing

/// The Task 07 scenarios under the project's fault plans: they survive a crash and throttling with nothing
/// lost, and fail with a clear message when ECS cannot start a task within 60 s.
@Suite("Task 07 under faults")
struct Task07FaultTests {
    func run(_ scenario: String, plan: String) throws -> ScenarioOutcome {
        let directory = ScenarioHarness.temporaryDirectory(plan)
        defer { try? FileManager.default.removeItem(at: directory) }
        let faults = [ScenarioHarness.projectRoot.appendingPathComponent("Simulator/faults/\(plan).yaml")]
        let (prepared, settings) = try ScenarioHarness.prepare(scenario, faults: faults)
        return ScenarioRunner.run(prepared, settings: settings, outputDirectory: directory)
    }

    @Test func aCrashMidCommandIsSurvivedTheCommandRedeliveredAndCompleted() throws {
        let outcome = try run("task07-cold-start", plan: "edit-task-crash")
        #expect(outcome.status == .passed, "\(ScenarioHarness.describe(outcome))")
        #expect(outcome.faultsInjected == 1)
        #expect((outcome.operations[.scaleUp] ?? []).count == 2, "ECS replaced the crashed task")
        #expect(outcome.invariants.first?.detail.hasPrefix("2 completed") == true, "\(outcome.invariants.first?.detail ?? "")")
    }

    @Test func throttlingIsRetriedAndNothingIsCreatedTwice() throws {
        let outcome = try run("task07-concurrent-sessions", plan: "hermes-throttled")
        #expect(outcome.status == .passed, "\(ScenarioHarness.describe(outcome))")
        #expect(outcome.faultsInjected >= 1)
        #expect(outcome.invariants.first?.detail.hasPrefix("4 completed") == true, "one command per session, however many attempts")
    }

    @Test func aTaskStartBeyond60SecondsFailsTheColdStartCheckByName() throws {
        let outcome = try run("task07-cold-start", plan: "slow-task-start")
        #expect(outcome.status == .checkFailed)
        let failed = (outcome.checks + outcome.invariants).filter { !$0.passed }
        #expect(failed.map(\.name) == ["Edit service scaled 0 → 1 and the container ready within 60 s"])
        #expect(failed.first?.detail.contains("after the session was created; the limit is 60.0 s") == true, "\(failed.first?.detail ?? "")")
    }
}
