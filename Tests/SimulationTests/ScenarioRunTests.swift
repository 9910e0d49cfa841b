import Foundation
import GitWorkspace
import GRDB
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
        ScenarioHarness.expectRecordedDigest(a, file: "Simulator/scenarios/\(name).yaml", seed: ScenarioHarness.defaultSeed)
        #expect(a.events == b.events && a.events > 20)
        let traceA = try Data(contentsOf: first.appendingPathComponent("trace.jsonl"))
        #expect(traceA == (try Data(contentsOf: second.appendingPathComponent("trace.jsonl"))), "identical trace.jsonl bytes")
        #expect(!String(decoding: traceA, as: UTF8.self).contains(FileManager.default.temporaryDirectory.path), "no temp path in the trace")
        #expect(try remoteHeads(first) == (try remoteHeads(second)), "identical commit ids on the remotes")
        #expect(a.checks.count == a.scenario.checks.count && a.invariants.count == ScenarioRunner.invariantCheckers.count)
    }

    /// The worker-correctness cases (one per way the worker was once broken): they pass with every invariant,
    /// and repeat byte for byte.
    @Test(arguments: ScenarioHarness.regressionNames)
    func regressionCasesPassAndRepeat(_ name: String) throws {
        let first = ScenarioHarness.temporaryDirectory("regression-a")
        let second = ScenarioHarness.temporaryDirectory("regression-b")
        defer {
            try? FileManager.default.removeItem(at: first)
            try? FileManager.default.removeItem(at: second)
        }
        let seed = ScenarioHarness.regressionSeed(name)
        let a = try ScenarioHarness.run(ScenarioHarness.regression(name), seed: seed, in: first)
        let b = try ScenarioHarness.run(ScenarioHarness.regression(name), seed: seed, in: second)
        // A case the swarm found may fail its own checks under its faults; its invariants must hold.
        let found = FileManager.default.fileExists(atPath: ScenarioHarness.projectRoot.appendingPathComponent("Simulator/regressions/\(name)/seed").path)
        if found {
            #expect(a.status == .passed || a.status == .checkFailed && a.invariants.allSatisfy(\.passed), "\(ScenarioHarness.describe(a))")
        } else {
            #expect(a.status == .passed, "\(ScenarioHarness.describe(a))")
        }
        #expect(a.faultsInjected > 0 || a.scenario.faultPlans.isEmpty, "its faults struck")
        #expect(a.digest == b.digest)
        ScenarioHarness.expectRecordedDigest(a, file: ScenarioHarness.regression(name), seed: seed)
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
        #expect(outcome.problems.contains {
            $0.hasPrefix("the workload was still in waitFor cmd-001 (timeout 20.0 s, waited ") && $0.hasSuffix("no answer or DLQ entry for cmd-001")
        }, "names the pending wait and its timeout: \(outcome.problems)")
        #expect(outcome.status.exitCode == 3)
    }

    /// The run's database is checkpointed and closed: `wsim.sqlite` copied alone holds the whole account.
    @Test func theDatabaseFileAloneIsTheWholeRun() throws {
        let directory = ScenarioHarness.temporaryDirectory("sqlite")
        let copy = ScenarioHarness.temporaryDirectory("sqlite-copy")
        defer {
            try? FileManager.default.removeItem(at: directory)
            try? FileManager.default.removeItem(at: copy)
        }
        let outcome = try ScenarioHarness.run("task07-cold-start", in: directory)
        #expect(outcome.status == .passed, "\(ScenarioHarness.describe(outcome))")
        for suffix in ["-wal", "-shm"] {
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("wsim.sqlite" + suffix).path))
        }
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: directory.appendingPathComponent("wsim.sqlite"), to: copy.appendingPathComponent("wsim.sqlite"))
        var configuration = Configuration()
        configuration.readonly = true
        let database = try DatabaseQueue(path: copy.appendingPathComponent("wsim.sqlite").path, configuration: configuration)
        let (events, ready, mode) = try database.read { db in
            (try Int.fetchOne(db, sql: "SELECT count(*) FROM event_log") ?? 0,
             try Int.fetchOne(db, sql: "SELECT count(*) FROM logs_event WHERE message LIKE '%Container ready%'") ?? 0,
             try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "")
        }
        #expect(events > 100, "the event log is in the file")
        #expect(ready >= 1, "the log events are in the file")
        #expect(mode == "delete", "the file is out of WAL mode")
    }

    @Test func anUnwritableOutputFolderIsACrash() throws {
        let (prepared, settings) = try ScenarioHarness.prepare("task05-basic-session-flow")
        let outcome = ScenarioRunner.run(prepared, settings: settings, outputDirectory: URL(fileURLWithPath: "/proc/wsim-cannot-write-here"))
        #expect(outcome.status == .crashed)
        #expect(outcome.status.exitCode == 4)
        #expect(outcome.problems.first?.hasPrefix("the run failed: ") == true)
    }

    /// A folder holding a user's file is refused by the runner itself (not only by the CLI's check), and left
    /// unmarked: running again refuses it again, and the file is never removed.
    @Test func aUsersFolderIsNeitherWrittenNorMarked() throws {
        let (prepared, settings) = try ScenarioHarness.prepare("task05-basic-session-flow")
        let folder = ScenarioHarness.temporaryDirectory("users")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("mine\n".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        for _ in 0..<2 {
            let outcome = ScenarioRunner.run(prepared, settings: settings, outputDirectory: folder)
            #expect(outcome.status == .crashed)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["notes.txt"])
        }
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
