import Foundation
import Testing

@testable import Simulation

/// The check kinds testers asked for: a branch that must not exist, a commit's whole message (body and
/// trailers), how many faults fired; each passes and fails as it should, from the remote and the injector.
@Suite("branchAbsent, commitMessage and faultsInjected checks")
struct NewCheckKindsTests {
    @Test func eachKindPassesAndFailsAsItShould() throws {
        let folder = ScenarioHarness.temporaryDirectory("new-checks")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("checks.yaml")
        try Data("""
            title: New check kinds
            description: one command, no faults
            seedSet: amelia
            sites: [amelia]
            workload:
              - send: session1_msg1
              - waitFor: [cmd-001]
            checks:
              - expect: no stray branch
                branchAbsent: {site: amelia, branch: thread-zzz}
              - expect: main is absent (it is not)
                branchAbsent: {site: amelia, branch: main}
              - expect: the commit names its command and session
                commitMessage: {site: amelia, branch: thread-aaa, contains: ["Command: cmd-001", "Session: session-aaa-111"]}
              - expect: the commit names another command (it does not)
                commitMessage: {site: amelia, branch: thread-aaa, contains: "Command: cmd-999"}
              - expect: no fault fired
                faultsInjected: {atMost: 0}
              - expect: a fault fired (none did)
                faultsInjected: {atLeast: 1}

            """.utf8).write(to: file)
        let outcome = try ScenarioHarness.run(file.path, in: folder.appendingPathComponent("run"))
        let passed = outcome.checks.map(\.passed)
        #expect(passed == [true, false, true, false, true, false], "\(outcome.checks)")
        #expect(outcome.checks[1].detail.hasPrefix("main is on the remote of amelia at "))
        #expect(outcome.checks[3].detail.contains("lacks Command: cmd-999"))
        #expect(outcome.checks[5].detail == "0 faults fired, fewer than 1")
        #expect(outcome.invariants.allSatisfy { $0.passed })
    }
}
