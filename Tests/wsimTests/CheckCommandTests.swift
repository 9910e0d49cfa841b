import Foundation
import Testing

/// `wsim check`: every error of every file at once, with file, line and key; valid files named with their kind.
@Suite("wsim check")
struct CheckCommandTests {
    func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wsim-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func aPlanWithThreeMistakesGetsThreeErrorsWithFileAndLine() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let plan = directory.appendingPathComponent("three.yaml")
        try Data("""
            description: three mistakes
            faults:
              - service: s3
                operation: PutObjekt
                latency: 2s
              - service: sqs
                probabilty: 0.5
                latency: 1s
              - service: git
                corrupt: haunted

            """.utf8).write(to: plan)
        let result = try WSimProcess.run(["check", plan.path])
        #expect(result.status == 2)
        let lines = result.error.split(separator: "\n").map(String.init)
        #expect(lines.count == 4, "\(result.error)")
        #expect(lines.contains { $0.hasPrefix("\(plan.path):4: faults[0].operation: unknown s3 operation \"PutObjekt\" (did you mean PutObject?)") }, "\(result.error)")
        #expect(lines.contains { $0.hasPrefix("\(plan.path):7: faults[1].probabilty: unknown key (did you mean probability?)") }, "\(result.error)")
        #expect(lines.contains { $0.hasPrefix("\(plan.path):10: faults[2].corrupt: unknown git state \"haunted\"") }, "\(result.error)")
        #expect(lines.last == "wsim check: 3 errors")
    }

    @Test func aScenarioReportsEveryBadStepAndCheckAndWsimRunDoesToo() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let scenario = directory.appendingPathComponent("broken.yaml")
        try Data("""
            title: Broken
            description: mistakes in a step and two checks
            seedSet: amelia
            workload:
              - send: session1_msg1
              - wait: soon
            checks:
              - expect: a branch
                branchExist: {site: amelia, branch: thread-aaa}
              - expect: a log line
                log: {pattern: "x", atLeast: many}

            """.utf8).write(to: scenario)
        let result = try WSimProcess.run(["check", scenario.path])
        #expect(result.status == 2)
        #expect(result.error.contains(":6: workload[1].wait: expected a duration such as 500ms, 2s or 3m, found \"soon\""), "\(result.error)")
        #expect(result.error.contains(":9: checks[0].branchExist: unknown key (did you mean branchExists?)"), "\(result.error)")
        #expect(result.error.contains(":11: checks[1].log.atLeast: expected a whole number, found \"many\""), "\(result.error)")
        #expect(result.error.contains("wsim check: 3 errors"))
        let run = try WSimProcess.run(["run", scenario.path, "--out", directory.appendingPathComponent("out").path])
        #expect(run.status == 2)
        #expect(run.error.split(separator: "\n").filter { $0.hasPrefix("wsim: ") }.count == 4, "three errors and the count: \(run.error)")
    }

    @Test func validFilesAreNamedWithTheirKind() throws {
        let result = try WSimProcess.run([
            "check", "task05-basic-session-flow", "Simulator/faults/github-push-failure.yaml", "Simulator/swarm-space.yaml",
            "Simulator/regressions/swarm-5954-answer-resent-after-crash/scenario.yaml",
        ])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.split(separator: "\n") == [
            "ok Simulator/scenarios/task05-basic-session-flow.yaml (scenario)", "ok Simulator/faults/github-push-failure.yaml (fault plan)",
            "ok Simulator/swarm-space.yaml (fault space)", "ok Simulator/regressions/swarm-5954-answer-resent-after-crash/scenario.yaml (scenario)",
        ])
        let every = try WSimProcess.shell("'\(WSimProcess.binary.path)' check Simulator/scenarios/*.yaml Simulator/faults/*.yaml Simulator/regressions/*/scenario.yaml")
        #expect(every.status == 0, "every file of the project loads: \(every.error)")
    }

    @Test func aPlanCanBeNamedInsteadOfItsPath() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(at: directory) }
        let result = try WSimProcess.run(["run", "task05-basic-session-flow", "--faults", "every-build-fails", "--out", directory.path])
        #expect(result.status == 1, "\(result.output)\(result.error)")
        #expect(result.output.contains("--faults Simulator/faults/every-build-fails.yaml"))
    }
}
