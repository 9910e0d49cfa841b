import Foundation
import GitWorkspace
import Simulation
import Testing

/// Every scenario of `Simulator/scenarios` passes, and runs the same twice: digests, trace bytes, commit ids.
@Suite("Scenario runs")
struct ScenarioRunTests {
    @Test(arguments: ScenarioHarness.scenarioNames)
    func passesAndRepeatsByteForByte(_ name: String) throws {
        let first = ScenarioHarness.temporaryDirectory("first")
        let second = ScenarioHarness.temporaryDirectory("second")
        defer {
            try? FileManager.default.removeItem(at: first)
            try? FileManager.default.removeItem(at: second)
        }
        let a = try ScenarioHarness.run(name, in: first)
        let b = try ScenarioHarness.run(name, in: second)
        #expect(a.status == .passed, "\(ScenarioHarness.describe(a))")
        #expect(a.digest == b.digest)
        #expect(a.events == b.events && a.events > 20)
        let traceA = try Data(contentsOf: first.appendingPathComponent("trace.jsonl"))
        #expect(traceA == (try Data(contentsOf: second.appendingPathComponent("trace.jsonl"))), "identical trace.jsonl bytes")
        #expect(!String(decoding: traceA, as: UTF8.self).contains(FileManager.default.temporaryDirectory.path), "no temp path in the trace")
        #expect(try remoteHeads(first) == (try remoteHeads(second)), "identical commit ids on the remotes")
        #expect(a.checks.count == a.scenario.checks.count && a.invariants.count == 6)
    }

    @Test func anotherSeedGivesAnotherDigestAndStillPasses() throws {
        let first = ScenarioHarness.temporaryDirectory("seed-a")
        let second = ScenarioHarness.temporaryDirectory("seed-b")
        defer {
            try? FileManager.default.removeItem(at: first)
            try? FileManager.default.removeItem(at: second)
        }
        let a = try ScenarioHarness.run("task05-session-switching", in: first)
        let b = try ScenarioHarness.run("task05-session-switching", seed: 7, in: second)
        #expect(b.status == .passed, "\(ScenarioHarness.describe(b))")
        #expect(a.digest != b.digest)
        #expect(try remoteHeads(first) != (try remoteHeads(second)), "timings are seeded, so commit times and ids differ")
    }

    @Test func aRunThatCannotFinishIsALivenessFailure() throws {
        let directory = ScenarioHarness.temporaryDirectory("liveness")
        defer { try? FileManager.default.removeItem(at: directory) }
        var (prepared, settings) = try ScenarioHarness.prepare("task05-basic-session-flow")
        prepared.scenario.limit = .seconds(20)  // shorter than a cold start
        let outcome = ScenarioRunner.run(prepared, settings: settings, outputDirectory: directory)
        #expect(outcome.status == .liveness)
        #expect(outcome.problems.first == "the run did not go quiet within 20 s of simulated time")
        #expect(outcome.problems.contains("cmd-001 was neither answered nor dead-lettered"))
        #expect(outcome.status.exitCode == 3)
    }

    @Test func anUnwritableOutputFolderIsACrash() throws {
        let (prepared, settings) = try ScenarioHarness.prepare("task05-basic-session-flow")
        let outcome = ScenarioRunner.run(prepared, settings: settings, outputDirectory: URL(fileURLWithPath: "/proc/wsim-cannot-write-here"))
        #expect(outcome.status == .crashed)
        #expect(outcome.status.exitCode == 4)
        #expect(outcome.problems.first?.hasPrefix("the run failed: ") == true)
    }

    /// Branch name to commit id, for every remote of the run.
    func remoteHeads(_ directory: URL) throws -> [String: String] {
        let github = directory.appendingPathComponent("github/webordinary")
        var heads: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: github.path).sorted() {
            for (branch, commit) in try BareRemote.open(at: github.appendingPathComponent(name).path).branches() {
                heads["\(name) \(branch)"] = commit
            }
        }
        return heads
    }
}
