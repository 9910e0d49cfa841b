import AWSPorts
import Foundation
import GitWorkspace
import SimKernel
@testable import Simulation
import Testing

/// The invariants of SPEC section 7 that issue 9 added or strengthened, each broken on purpose after a run
/// that passed: each must fail, naming what went wrong.
@Suite("Invariants catch broken promises")
struct InvariantBreakingTests {
    func passingRun(_ name: String = "task05-basic-session-flow") throws -> (RunEvidence, URL) {
        let directory = ScenarioHarness.temporaryDirectory("invariants")
        let (prepared, settings) = try ScenarioHarness.prepare(name)
        let (outcome, evidence) = ScenarioRunner.execute(prepared, settings: settings, outputDirectory: directory)
        #expect(outcome.status == .passed, "\(ScenarioHarness.describe(outcome))")
        return (try #require(evidence), directory)
    }

    func amelia(_ evidence: RunEvidence) throws -> WorldSite { try #require(evidence.world.worldSite(clientId: "amelia")) }

    @Test func aCommitOnlyOnALocalBranchIsLost() throws {
        let (evidence, directory) = try passingRun()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(CommitPreservationChecker.check(evidence).passed)
        let remote = try evidence.world.remote(for: try amelia(evidence))
        let commits = try remote.commits(on: "thread-aaa")
        try remote.forceBranch("thread-aaa", to: commits[1].id)  // GitHub lost the newest; the volume still has it
        let result = CommitPreservationChecker.check(evidence)
        #expect(!result.passed)
        #expect(result.detail.contains("is on no branch of the remote (only on a local branch of the workspace)"))
        #expect(result.detail.contains("the response to cmd-003 says pushSuccess, but its commit \(commits[0].id.prefix(8)) is not on thread-aaa of the remote"))
    }

    @Test func aSecondAnswerACommitAndADeployOfOneCommandAreCaught() throws {
        let (evidence, directory) = try passingRun()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(AtMostOnceChecker.check(evidence).passed)
        let site = try amelia(evidence)
        let answer = try #require(evidence.collector.responses.first { $0.commandId == "cmd-001" })
        // The same answer again is a re-sent durable answer (SPEC 3.9), not a second execution.
        _ = try evidence.run.aws.sqs.sendMessage(SendMessageRequest(
            queueUrl: site.endpoints.outputQueueURL, messageBody: JSONValue.object(answer.fields).canonicalText))
        evidence.collector.drain(site)
        #expect(AtMostOnceChecker.check(evidence).passed, "\(AtMostOnceChecker.check(evidence).detail)")
        var other = answer.fields
        other["commitSha"] = .string(String(repeating: "b", count: 40))
        _ = try evidence.run.aws.sqs.sendMessage(SendMessageRequest(
            queueUrl: site.endpoints.outputQueueURL, messageBody: JSONValue.object(other).canonicalText))
        evidence.collector.drain(site)
        let original = try #require(evidence.run.commits.entries.first { $0.message.contains("Command: cmd-001\n") })
        var again = original
        again.commit = String(repeating: "a", count: 40)
        evidence.run.commits.record(again)
        var timeline = evidence.timeline
        let sync = try #require(timeline.lines.first { $0.commandId == "cmd-001" && $0.message.hasPrefix("S3 sync complete") })
        timeline.lines.append(sync)
        let result = AtMostOnceChecker.check(RunEvidence(run: evidence.run, driver: evidence.driver, collector: evidence.collector, timeline: timeline))
        #expect(!result.passed)
        #expect(result.detail.contains("cmd-001 made 2 commits"))
        #expect(result.detail.contains("cmd-001 was deployed 2 times"))
        #expect(result.detail.contains("cmd-001 was answered 2 different ways (3 answers)"))
    }

    @Test func commandsThatTookEffectOutOfOrderAreCaught() throws {
        let (evidence, directory) = try passingRun()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(CommandOrderChecker.check(evidence).passed)
        var timeline = evidence.timeline
        let first = try #require(timeline.lines.firstIndex { $0.commandId == "cmd-001" && $0.message == "Processing complete" })
        let second = try #require(timeline.lines.firstIndex { $0.commandId == "cmd-003" && $0.message == "Processing complete" })
        (timeline.lines[first].at, timeline.lines[second].at) = (timeline.lines[second].at, timeline.lines[first].at)
        let result = CommandOrderChecker.check(RunEvidence(run: evidence.run, driver: evidence.driver, collector: evidence.collector, timeline: timeline))
        #expect(!result.passed)
        #expect(result.detail.contains("cmd-003 of session-aaa-111 took effect at"))
        #expect(result.detail.contains("before cmd-001, sent earlier"))
    }

    @Test func anInterruptByAMessageThatWasWaitingIsCaught() throws {
        let (evidence, directory) = try passingRun("task05-interrupt-during-build")
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(InterruptChecker.check(evidence).passed)
        let index = try #require(evidence.driver.sent.firstIndex { $0.commandId == "cmd-004" })
        evidence.driver.sent[index].at = evidence.driver.start  // as if cmd-004 had waited since the start
        let result = InterruptChecker.check(evidence)
        #expect(!result.passed)
        #expect(result.detail.contains("cmd-004, sent at 2025-08-15T00:00:00.000Z, interrupted cmd-001, which began at"))
    }

    @Test func commitsWithoutSubjectOrOfAStrangerAreCaught() throws {
        let (evidence, directory) = try passingRun()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(CommitAttributionChecker.check(evidence).passed)
        let original = try #require(evidence.run.commits.entries.first)
        var empty = original
        empty.commit = String(repeating: "b", count: 40)
        empty.message = "\n\nSession: session-aaa-111\nCommand: cmd-001\n"
        evidence.run.commits.record(empty)
        var stranger = original
        stranger.commit = String(repeating: "c", count: 40)
        stranger.message = "Something (x) [z]\n\nSession: session-zzz\nCommand: cmd-9\n"
        evidence.run.commits.record(stranger)
        let result = CommitAttributionChecker.check(evidence)
        #expect(!result.passed)
        #expect(result.detail.contains("commit bbbbbbbb on thread-aaa at"))
        #expect(result.detail.contains("has an empty subject"))
        #expect(result.detail.contains("names session session-zzz, which never worked on a thread of thread-aaa"))
    }

    /// The bucket held a foreign object when a command completed, though it is whole again at the end.
    @Test func aBucketNotWholeAfterADeployIsCaughtEvenIfItIsWholeAtTheEnd() throws {
        let (evidence, directory) = try passingRun()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(BucketDeployChecker.check(evidence).passed)
        let bucket = try amelia(evidence).endpoints.bucket
        evidence.run.advance(by: .seconds(1))
        _ = try evidence.run.aws.s3.putObject(PutObjectRequest(bucket: bucket, key: "half.html", body: Data("half\n".utf8)))
        var timeline = evidence.timeline
        var end = try #require(timeline.lines.last { $0.commandId == "cmd-003" && $0.message == "Processing complete" })
        end.at = evidence.run.scheduler.now
        timeline.lines.append(end)
        evidence.run.advance(by: .seconds(1))
        try evidence.run.aws.s3.deleteObject(bucket: bucket, key: "half.html")
        let result = BucketDeployChecker.check(RunEvidence(run: evidence.run, driver: evidence.driver, collector: evidence.collector, timeline: timeline))
        #expect(!result.passed)
        #expect(result.detail.contains("after cmd-003 completed at"))
        #expect(result.detail.contains("held no whole build: it holds half.html, which that build did not produce"))
    }

    @Test func aDeadLetterWithoutAReasonAndAnAnsweredCommandInTheDLQAreCaught() throws {
        let (evidence, directory) = try passingRun()
        defer { try? FileManager.default.removeItem(at: directory) }
        let site = try amelia(evidence)
        _ = try evidence.run.aws.sqs.sendMessage(SendMessageRequest(
            queueUrl: site.endpoints.deadLetterQueueURL, messageBody: #"{"sessionId":"session-aaa-111","commandId":"cmd-001"}"#))
        let result = InstructionAccountingChecker.check(evidence)
        #expect(!result.passed)
        #expect(result.detail.contains("a message in the DLQ of amelia#stamps (command cmd-001) has no reason"))
        #expect(result.detail.contains("cmd-001 (session1_msg1) is in the DLQ though it was answered done"))
    }
}
