import Foundation
import Testing

/// `wsim list` and `wsim run`, through the built binary: output lines, files written, exit codes.
@Suite("wsim list and wsim run")
struct RunCommandTests {
    func temporaryDirectory(_ label: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("wsim-cli-\(label)-\(UUID().uuidString)")
    }

    @Test func listShowsEveryScenarioWithItsDescription() throws {
        let result = try WSimProcess.run(["list"])
        #expect(result.status == 0)
        let lines = result.output.split(separator: "\n")
        let files = try FileManager.default.contentsOfDirectory(atPath: WSimProcess.projectRoot.appendingPathComponent("Simulator/scenarios").path)
        #expect(lines.count == files.filter { $0.hasSuffix(".yaml") }.count, "one line per scenario file")
        #expect(lines.contains { $0.hasPrefix("task07-cold-start ") })
        #expect(lines.contains { $0.hasPrefix("task05-basic-session-flow ") && $0.hasSuffix("the follow-up stays on its branch with cumulative changes.") })
    }

    @Test func runPrintsTheSeedFirstThenALinePerScenarioAndWritesTheReports() throws {
        let out = temporaryDirectory("run")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try WSimProcess.run(["run", "task05-basic-session-flow", "--seed", "42", "--out", out.path])
        #expect(result.status == 0, "\(result.output)\(result.error)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "seed 42")
        let line = try #require(lines.dropFirst().first)
        #expect(line.range(of: #"^PASS task05-basic-session-flow seed=42 digest=[0-9a-f]{16} simulated=[0-9.]+s wall=[0-9]+ms$"#, options: .regularExpression) != nil, "\(line)")
        for file in ["report.md", "junit.xml", "trace.jsonl", "wsim.sqlite"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path), "\(file) written")
        }
        let report = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.contains("- [x] Task 05 · Scenario 1: Basic Session Flow: PASS"))
        #expect(report.contains("| Astro build | < 60s |"))
        let junit = try String(contentsOf: out.appendingPathComponent("junit.xml"), encoding: .utf8)
        #expect(junit.contains("<testcase classname=\"task05\" name=\"task05-basic-session-flow\" time=\""))
        #expect(junit.contains("<property name=\"seed\" value=\"42\"/>"))
        // The same seed again: the same digest.
        let again = try WSimProcess.run(["run", "task05-basic-session-flow", "--seed", "42", "--out", out.path])
        let digest = { (text: String) in text.range(of: #"digest=[0-9a-f]{16}"#, options: .regularExpression).map { String(text[$0]) } }
        #expect(digest(again.output) == digest(result.output))
    }

    @Test func aFailedCheckExitsOneAndPrintsTheReplayCommand() throws {
        let out = temporaryDirectory("fail")
        let plan = temporaryDirectory("plan").appendingPathExtension("yaml")
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: plan)
        }
        try Data("description: every build fails\nfaults:\n  - service: build\n    fail: \"out of memory\"\n".utf8).write(to: plan)
        let result = try WSimProcess.run(["run", "task05-basic-session-flow", "--faults", plan.path, "--out", out.path])
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("FAIL task05-basic-session-flow seed=20250815"))
        #expect(result.output.contains("check failed: Astro builds successfully"))
        #expect(result.output.contains("replay: wsim run task05-basic-session-flow --seed 20250815 --faults \(plan.path)"))
        let report = try String(contentsOf: out.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(report.contains("### Issues Found\n1. Task 05 · Scenario 1: Basic Session Flow: Astro builds successfully"))
        #expect(report.contains("   - Severity: high\n"), "a functional check is graded high")
        #expect(report.range(of: #"  - fault rule `[^`]+\[0\]` fired [0-9]+ times: `#0 build "#, options: .regularExpression) != nil, "\(report)")
        #expect(try String(contentsOf: out.appendingPathComponent("junit.xml"), encoding: .utf8).contains("<failure type=\"check failed\""))
    }

    @Test(arguments: [
        ("description: x\nfaults:\n  - service: s3\n    latency: 1s\n    probabilty: 0.5\n", ":5: faults[0].probabilty: unknown key (did you mean probability?)"),
        ("description: x\nfaults:\n  - service: s3\n    latency: often\n", ":4: faults[0].latency: expected a duration"),
        ("description: x\nfaults:\n  - service: sqs3\n    latency: 1s\n", ":3: faults[0].service: unknown service \"sqs3\""),
        ("description: x\nfaults:\n  - service: s3\n    probability: 1.5\n    latency: 1s\n", ":4: faults[0].probability: probability must be between 0 and 1, found 1.5"),
    ])
    func aBadFaultPlanExitsTwoNamingFileLineAndKey(_ text: String, _ message: String) throws {
        let plan = temporaryDirectory("bad").appendingPathExtension("yaml")
        defer { try? FileManager.default.removeItem(at: plan) }
        try Data(text.utf8).write(to: plan)
        let result = try WSimProcess.run(["run", "task05-basic-session-flow", "--faults", plan.path, "--out", temporaryDirectory("unused").path])
        #expect(result.status == 2)
        #expect(result.error.hasPrefix("wsim: \(plan.path)\(message)"), "\(result.error)")
    }

    @Test func jsonFormatPrintsAnObjectPerScenarioThenTheSummaryAlsoWritten() throws {
        let out = temporaryDirectory("json")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try WSimProcess.run([
            "run", "task05-basic-session-flow", "task04-s3-sync-failure", "--seed", "7", "--format", "json", "--faults", "every-build-fails", "--out", out.path,
        ])
        #expect(result.status == 1, "\(result.output)\(result.error)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 3, "\(result.output)")
        let objects = try lines.map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(objects[0]["scenario"] as? String == "task05-basic-session-flow")
        #expect(objects[0]["status"] as? String == "check failed")
        #expect(objects[0]["seed"] as? Int == 7)
        #expect((objects[0]["invariants"] as? [[String: Any]])?.count == 10)
        #expect(objects[1]["scenario"] as? String == "task04-s3-sync-failure")
        #expect(objects[2]["summary"] as? Bool == true)
        #expect(objects[2]["exitCode"] as? Int == 1)
        #expect((objects[2]["replay"] as? String)?.hasPrefix("wsim run task05-basic-session-flow task04-s3-sync-failure --seed 7") == true)
        let written = try String(contentsOf: out.appendingPathComponent("summary.json"), encoding: .utf8)
        #expect(written == lines[2] + "\n")
    }

    /// In a copy of the project (the last run is the project's own record): patterns, plans by name, and
    /// `--rerun-failed` running the last run's failures again with its seed and plans.
    @Test func patternsAndRerunningTheLastFailures() throws {
        let project = temporaryDirectory("project")
        defer { try? FileManager.default.removeItem(at: project) }
        try FileManager.default.createDirectory(at: project, withIntermediateDirectories: true)
        for folder in ["Simulator", "Seeds"] {
            try FileManager.default.copyItem(at: WSimProcess.projectRoot.appendingPathComponent(folder), to: project.appendingPathComponent(folder))
        }
        let nothing = try WSimProcess.run(["run", "--rerun-failed"], in: project)
        #expect(nothing.status == 2)
        #expect(nothing.error.contains("no last run is recorded"))
        let failing = try WSimProcess.run(["run", "task05-basic-s*", "--seed", "9", "--faults", "every-build-fails"], in: project)
        #expect(failing.status == 1, "\(failing.output)\(failing.error)")
        #expect(failing.output.contains("FAIL task05-basic-session-flow seed=9"))
        let again = try WSimProcess.run(["run", "--rerun-failed"], in: project)
        #expect(again.status == 1, "\(again.output)\(again.error)")
        let lines = again.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "seed 9")
        #expect(lines.contains { $0.hasPrefix("FAIL task05-basic-session-flow seed=9") })
        #expect(again.output.contains("replay: wsim run task05-basic-session-flow --seed 9 --faults Simulator/faults/every-build-fails.yaml"))
        let passing = try WSimProcess.run(["run", "task07-rout*"], in: project)
        #expect(passing.status == 0, "\(passing.output)")
        let none = try WSimProcess.run(["run", "--rerun-failed"], in: project)
        #expect(none.status == 0)
        #expect(none.output.contains("had no failures"))
        let unmatched = try WSimProcess.run(["run", "task99-*"], in: project)
        #expect(unmatched.status == 2)
        #expect(unmatched.error.contains("no scenario matches task99-*"))
        let plans = try WSimProcess.run(["list", "--faults"], in: project)
        #expect(plans.status == 0)
        #expect(plans.output.split(separator: "\n").contains { $0.hasPrefix("every-build-fails ") })
    }

    @Test func usageMistakesExitTwo() throws {
        let none = try WSimProcess.run(["run"])
        #expect(none.status == 2)
        #expect(none.error.contains("name at least one scenario, or give --all"))
        let seed = try WSimProcess.run(["run", "--all", "--seed", "soon"])
        #expect(seed.status == 2)
        let unknown = try WSimProcess.run(["run", "task05-basic-session-flw"])
        #expect(unknown.status == 2)
        #expect(unknown.error.contains("no scenario named task05-basic-session-flw (did you mean task05-basic-session-flow?)"))
        // Elsewhere, wsim finds the project it lies in; a copy outside any project names what it looked for.
        let elsewhere = try WSimProcess.run(["list"], in: FileManager.default.temporaryDirectory)
        #expect(elsewhere.status == 0)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wsim-copy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: WSimProcess.binary, to: folder.appendingPathComponent("wsim"))
        let lost = try WSimProcess.run(folder.appendingPathComponent("wsim"), ["list"], in: folder)
        #expect(lost.status == 2)
        #expect(lost.error.contains("no Simulator/scenarios and Seeds folders here or above"), "\(lost.error)")
    }

    @Test func aRunThatCannotWriteItsOutputIsACrashInOneClearLine() throws {
        let result = try WSimProcess.run(["run", "task05-basic-session-flow", "--out", "/proc/wsim-cannot-write"])
        #expect(result.status == 4, "\(result.output)\(result.error)")
        #expect(result.output.contains("crash: the run failed: /proc/wsim-cannot-write: "), "\(result.output)")
        #expect(!(result.output + result.error).contains("NSCocoaErrorDomain"), "no raw error dump")
        #expect(!(result.output + result.error).contains("UserInfo="), "no raw error dump")
    }

    /// Into a pipe, each result line is written when its scenario ends: a run killed part way still shows
    /// every scenario that finished.
    @Test func resultLinesReachAPipeWhileTheRunGoesOn() throws {
        let out = temporaryDirectory("pipe")
        defer { try? FileManager.default.removeItem(at: out) }
        let (process, output) = try WSimProcess.start(["run", "--all", "--out", out.path])
        var sawResultWhileRunning = false
        let received = WSimProcess.read(output) { text in
            if text.contains("\nPASS ") || text.contains("\nFAIL ") { sawResultWhileRunning = process.isRunning }
            return sawResultWhileRunning
        }
        process.terminate()
        process.waitUntilExit()
        #expect(sawResultWhileRunning, "the first result line arrived before the run ended: \(received)")
    }

    @Test func randomSeedsArePrintedFirst() throws {
        let out = temporaryDirectory("random")
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try WSimProcess.run(["run", "task04-s3-sync-failure", "--seed", "random", "--out", out.path])
        let first = result.output.split(separator: "\n").first.map(String.init) ?? ""
        let seed = try #require(UInt64(first.dropFirst("seed ".count)))
        #expect(result.output.contains("seed=\(seed) "))
    }
}
