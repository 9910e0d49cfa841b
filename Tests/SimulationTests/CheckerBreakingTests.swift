import AWSPorts
import Foundation
import GitWorkspace
@testable import Simulation
import Testing

/// Each invariant checker is broken on purpose, after a run that passed: it must fail, naming what was lost.
@Suite("Checkers catch what was lost")
struct CheckerBreakingTests {
    func passingRun(_ name: String = "task05-basic-session-flow") throws -> (RunEvidence, URL) {
        let directory = ScenarioHarness.temporaryDirectory("checkers")
        let (prepared, settings) = try ScenarioHarness.prepare(name)
        let (outcome, evidence) = ScenarioRunner.execute(prepared, settings: settings, outputDirectory: directory)
        #expect(outcome.status == .passed, "\(ScenarioHarness.describe(outcome))")
        return (try #require(evidence), directory)
    }

    @Test func aCommitDeletedFromTheRemoteAndTheWorkspaceIsReported() throws {
        let (evidence, directory) = try passingRun()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(CommitPreservationChecker.check(evidence).passed)
        let site = try #require(evidence.world.worldSite(clientId: "amelia"))
        let remote = try evidence.world.remote(for: site)
        let commits = try remote.commits(on: "thread-aaa")
        // History rewritten on GitHub (the newest commit dropped), and the volume lost.
        try remote.forceBranch("thread-aaa", to: commits[1].id)
        try FileManager.default.removeItem(atPath: site.endpoints.workspacePath)
        let result = CommitPreservationChecker.check(evidence)
        #expect(!result.passed)
        #expect(result.detail.contains("commit \(commits[0].id.prefix(8)) \"Change the welcome message color to blue (index.astro) […aaa-111]\""))
        #expect(result.detail.contains("is on no branch of the remote or the workspace"))
        #expect(result.detail.contains("/workspace/amelia/stamps/project"), "paths users know, not temp paths")
    }

    @Test func aForeignObjectInABucketIsReported() throws {
        let (evidence, directory) = try passingRun()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(BucketDeployChecker.check(evidence).passed)
        _ = try evidence.run.aws.s3.putObject(PutObjectRequest(
            bucket: "edit.amelia.webordinary.com", key: "foreign.html", body: Data("<p>not from any build</p>".utf8)))
        let result = BucketDeployChecker.check(evidence)
        #expect(!result.passed)
        #expect(result.detail.contains("edit.amelia.webordinary.com does not hold the last completed deploy"))
        #expect(result.detail.contains("it holds foreign.html, which that build did not produce"))
    }

    @Test func anOverwrittenPageIsReported() throws {
        let (evidence, directory) = try passingRun()
        defer { try? FileManager.default.removeItem(at: directory) }
        _ = try evidence.run.aws.s3.putObject(PutObjectRequest(
            bucket: "edit.amelia.webordinary.com", key: "index.html", body: Data("<p>Client B Site</p>".utf8)))
        let result = BucketDeployChecker.check(evidence)
        #expect(!result.passed)
        #expect(result.detail.contains("index.html differ from that build"))
    }

    @Test func aDroppedMessageIsReported() throws {
        let (evidence, directory) = try passingRun()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(InstructionAccountingChecker.check(evidence).passed)
        // The answer to cmd-003 never reached anyone: as far as the outside world can tell, it was dropped.
        evidence.collector.forget("cmd-003")
        let result = InstructionAccountingChecker.check(evidence)
        #expect(!result.passed)
        #expect(result.detail.contains("cmd-003 (session1_msg2), sent at "))
        #expect(result.detail.contains("to webordinary-input-amelia-stamps, was lost: never answered, not on the input queue, not in the DLQ"))
    }

    @Test func aCorruptWorkspaceIsReported() throws {
        let (evidence, directory) = try passingRun()
        defer { try? FileManager.default.removeItem(at: directory) }
        let site = try #require(evidence.world.worldSite(clientId: "amelia"))
        let repository = try #require(try LibGit2Repositories().openRepository(at: site.endpoints.workspacePath))
        try GitStateFaults.startConflictingMerge(in: repository, file: "NOTES.md", at: evidence.run.scheduler.now)
        let result = RepositoryHealthChecker.check(evidence)
        #expect(!result.passed)
        #expect(result.detail == "the workspace of amelia/stamps is left with merge in progress, conflicted index")
    }

    @Test func anotherSessionsCommitOnABranchIsReported() throws {
        let (evidence, directory) = try passingRun("task05-session-switching")
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(SessionIsolationChecker.check(evidence).passed)
        let site = try #require(evidence.world.worldSite(clientId: "amelia"))
        let remote = try evidence.world.remote(for: site)
        // thread-bbb made to point at session A's latest commit.
        try remote.forceBranch("thread-bbb", to: try #require(try remote.branches()["thread-aaa"]))
        let result = SessionIsolationChecker.check(evidence)
        #expect(!result.passed)
        #expect(result.detail.contains("thread-bbb of amelia/stamps holds commit"))
        #expect(result.detail.contains("of session session-aaa-111, which never worked on a thread of that branch"))
    }

    @Test func anECSServiceThatDidNotConvergeIsReported() throws {
        let (evidence, directory) = try passingRun()
        defer { try? FileManager.default.removeItem(at: directory) }
        try evidence.run.scaleEditService(to: 3)
        let result = ECSConvergenceChecker.check(evidence)
        #expect(!result.passed)
        #expect(result.detail.contains("webordinary-edit-service runs 1 of 3 tasks with 2 pending"))
    }
}
