import Messages
import AWSPorts
import AWSSim
import Fakes
import Foundation
import GitWorkspace
import SimKernel
import Simulation
import Testing
import Worker

/// Steps 6-8 fail without stopping the worker or losing commits; tool failures are retried, then go to the
/// DLQ with their reason.
@Suite("Failures of tools, the bucket and the remote")
struct FailureHandlingTests {
    @Test func aFailedBuildSkipsTheDeployButStillPushes() throws {
        let world = try AmeliaWorld()
        world.run.toolFaults = ClosureToolFaultPolicy { tool, _ in tool == .build ? .fail("Cannot find module 'astro'") : nil }
        try world.startClaimedWorker()
        try world.send("session1_msg1")
        world.runUntilResponses(1)
        #expect(world.logMessages("\"Build failed\" \"cmd-001\"") == ["Build failed: Cannot find module 'astro'"])
        #expect(world.bucketKeys().isEmpty, "nothing deployed")
        #expect(try world.remoteFile("src/pages/index.astro", on: "thread-aaa")?.contains("welcome") == true, "the commit is pushed")
        let response = try #require(world.response(for: "cmd-001"))
        #expect(response["success"] == .bool(false))
        #expect(response["buildSuccess"] == .bool(false) && response["deploySuccess"] == .bool(false) && response["pushSuccess"] == .bool(true))
        #expect(response["error"] == .string("build: Cannot find module 'astro'"))
    }

    @Test func aMissingBucketFailsTheSyncAndTheWorkerGoesOn() throws {
        let world = try AmeliaWorld()
        let site = try #require(world.run.world.worldSite(clientId: "invalid-bucket-test"))
        try world.startClaimedWorker(clientId: "invalid-bucket-test")
        for (index, instruction) in ["Test S3 failure handling", "Add a welcome message to the homepage"].enumerated() {
            try world.run.send(WorkMessage(
                sessionId: "session-s3-fail", commandId: "cmd-s3-\(index)", chatThreadId: "thread-s3", clientId: "invalid-bucket-test",
                instruction: instruction, userId: "test-user-1"))
        }
        world.runUntilResponses(2, site: site)
        #expect(world.logMessages("\"S3 sync failed\" \"cmd-s3-0\"") == ["S3 sync failed: NoSuchBucket: The specified bucket does not exist"])
        #expect(world.logMessages("\"Processing complete\" \"session-s3-fail\"").count == 2, "the worker keeps going")
        let commits = try world.remoteCommits(on: "thread-s3", site: site)
        #expect(commits.prefix(2).map(\.subject) == [
            "Add a welcome message to the homepage (index.astro) […s3-fail]", "Test S3 failure handling (index.astro) […s3-fail]",
        ], "no commit is lost")
    }

    @Test func aClaudeFailureIsRetriedThenMovedToTheDLQWithItsReason() throws {
        let world = try AmeliaWorld()
        world.run.toolFaults = ClosureToolFaultPolicy { tool, _ in tool == .claude ? .fail("API rate limit exceeded") : nil }
        try world.startClaimedWorker()
        try world.send("session1_msg1")
        world.runUntilResponses(1, atMost: .seconds(300))
        #expect(world.logMessages("\"Claude failed\" \"retrying in\" \"cmd-001\"").count == 2)
        #expect(world.logMessages("\"Claude failed\" \"giving up after 3 attempts\" \"cmd-001\"").count == 1)
        let dead = try #require(world.deadLetters().first)
        #expect(dead.messageAttributes["reason"]?.stringValue == "Claude failed: API rate limit exceeded (after 3 attempts)")
        #expect(try world.remote().branches()["thread-aaa"] == nil, "nothing to commit, nothing pushed")
        // The seed's monitoring command (`--filter-pattern "ERROR"`, case-sensitive) finds the error lines.
        #expect(world.logMessages("ERROR").contains { $0.hasPrefix("Claude failed: API rate limit exceeded") && $0.hasSuffix("giving up after 3 attempts") }, "\(world.logMessages("ERROR"))")
        #expect(world.logMessages("error").isEmpty, "levels are written in upper case")
        let response = try #require(world.response(for: "cmd-001"))
        #expect(response["success"] == .bool(false))
        #expect(response["error"] == .string("Claude failed: API rate limit exceeded (after 3 attempts)"))
    }

    @Test func aFlakyClaudeSucceedsOnTheSecondAttempt() throws {
        let world = try AmeliaWorld()
        var runs = 0
        world.run.toolFaults = ClosureToolFaultPolicy { tool, _ in
            guard tool == .claude else { return nil }
            runs += 1
            return runs == 1 ? .fail("overloaded") : nil
        }
        try world.startClaimedWorker()
        try world.send("session1_msg1")
        world.runUntilResponses(1, atMost: .seconds(300))
        #expect(world.response(for: "cmd-001")?["success"] == .bool(true))
        #expect(world.logMessages("\"attempt 1 of 3, retrying in 10 s\" \"cmd-001\"").count == 1)
        #expect(world.deadLetters().isEmpty)
    }

    /// Merged, never rebased: the commit the response names keeps its id and is on the remote branch.
    @Test func aRemoteThatMovedOnIsMergedBeforeThePush() throws {
        let world = try AmeliaWorld()
        try world.startClaimedWorker()
        try world.send("session1_msg1")
        world.runUntilResponses(1)
        // Someone else pushes to thread-aaa.
        let other = world.directory.appendingPathComponent("other-clone").path
        let clone = try LibGit2Repositories().cloneRepository(from: world.amelia.remotePath, to: other)
        try clone.checkout(branch: "thread-aaa", source: .remote)
        try Data("<p>from elsewhere</p>\n".utf8).write(to: URL(fileURLWithPath: other).appendingPathComponent("src/pages/elsewhere.astro"))
        let theirs = try #require(try clone.commitAll(message: "Edit from elsewhere\n", author: .container, at: world.run.scheduler.now))
        _ = try clone.push(branch: "thread-aaa", committer: .container, at: world.run.scheduler.now)

        try world.send("session1_msg2")
        world.runUntilResponses(2)
        let commits = try world.remoteCommits(on: "thread-aaa")
        #expect(commits[0].subject == "Merge origin/thread-aaa, keeping local changes")
        #expect(commits.contains { $0.id == theirs }, "their commit is kept")
        let ours = try #require(world.response(for: "cmd-003")?["commitSha"]?.stringValue)
        #expect(commits.contains { $0.id == ours && $0.subject.hasPrefix("Change the welcome message color to blue") }, "ours too, with the id the response gave")
        #expect(try world.remoteFile("src/pages/elsewhere.astro", on: "thread-aaa") != nil)
        #expect(world.logMessages("\"Git push complete\" \"cmd-003\"").count == 1)
    }

    @Test func aFailedPushKeepsTheCommitForTheNextPush() throws {
        let world = try AmeliaWorld()
        try world.startClaimedWorker()
        // The remote disappears (credentials removed, repository renamed) for the first command.
        let hidden = world.amelia.remotePath + ".away"
        try world.send("session1_msg1")
        let claudeRunning = world.run.advance(atMost: .seconds(60)) { !world.logMessages("\"Running Claude\" \"cmd-001\"").isEmpty }
        #expect(claudeRunning)
        try FileManager.default.moveItem(atPath: world.amelia.remotePath, toPath: hidden)
        world.runUntilResponses(1)
        #expect(world.logMessages("\"Git push failed\" \"cmd-001\"").count == 1)
        let firstSha = try #require(world.response(for: "cmd-001")?["commitSha"]?.stringValue)
        try FileManager.default.moveItem(atPath: hidden, toPath: world.amelia.remotePath)

        try world.send("session1_msg2")
        world.runUntilResponses(2)
        let commits = try world.remoteCommits(on: "thread-aaa")
        #expect(commits.count >= 2 && commits[1].id == firstSha, "the unpushed commit arrives with the next push")
    }

    @Test func theContainerStoppingMidCommandSavesItsWorkAndTheMessageIsRedelivered() throws {
        let world = try AmeliaWorld()
        world.run.claudeTiming = ClaudeTiming(duration: .seconds(10) ... .seconds(10))
        let first = try world.startClaimedWorker()
        try world.run.send(WorkMessage(
            sessionId: "session-aaa-111", commandId: "cmd-001", chatThreadId: "thread-aaa", clientId: "amelia",
            instruction: "Create a components/Header.astro file", userId: "test-user-1"))
        let running = world.run.advance(atMost: .seconds(60)) { !world.logMessages("\"Running Claude\" \"cmd-001\"").isEmpty }
        #expect(running)
        world.run.advance(by: .seconds(7))
        first.requestStop()
        world.run.advance(by: .seconds(1))
        #expect(try world.remoteCommits(on: "thread-aaa").first?.subject == "WIP: Session interrupted […aaa-111]", "work in progress pushed")

        // The message comes back after its visibility timeout, to the next container that takes the site.
        try world.startClaimedWorker()
        world.runUntilResponses(1, atMost: .seconds(1200))
        #expect(world.response(for: "cmd-001")?["success"] == .bool(true))
        #expect(try world.remoteFile("src/pages/index.astro", on: "thread-aaa")?.contains("<Header />") == true)
    }

    /// Found in review: a command is given up, its answer goes out, but the DLQ refuses the copy; then the
    /// container dies. The next owner finds the command dead-lettered in the ledger but not yet copied: it
    /// copies it to the DLQ with its reason (and does not answer twice).
    @Test func aGivenUpCommandWhoseCopyNeverReachedTheDLQIsCopiedByTheNextOwner() throws {
        let world = try AmeliaWorld()
        world.run.toolFaults = ClosureToolFaultPolicy { tool, _ in tool == .claude ? .fail("API down") : nil }
        var dlqDown = true
        let dlq = world.amelia.endpoints.deadLetterQueueURL
        world.run.aws.seam.interceptor = ClosureFaultInterceptor { call in
            dlqDown && call.operation == "SendMessage" && call.resource == dlq
                ? .fail(AWSError(code: "ServiceUnavailable", message: "down", httpStatus: 503)) : .proceed
        }
        let first = try world.startClaimedWorker()
        try world.send("session1_msg1")
        world.run.advance(atMost: .seconds(300)) { !world.logMessages("\"giving up after 3 attempts\" \"cmd-001\"").isEmpty }
        world.run.advance(by: .seconds(1))
        first.kill()
        dlqDown = false
        world.run.advance(by: .seconds(100))  // its claim lapses, its message comes back
        try world.startClaimedWorker()
        world.run.advance(by: .seconds(120))
        let dead = world.deadLetters()
        #expect(dead.count == 1, "copied by the next owner")
        #expect(dead.first?.messageAttributes["reason"]?.stringValue == "Claude failed: API down (after 3 attempts)")
        let answers = world.runUntilResponses(1).filter { $0["commandId"] == .string("cmd-001") }
        #expect(answers.count == 1, "answered once")
        #expect(try world.run.aws.sqs.peekMessages(queueUrl: world.amelia.endpoints.inputQueueURL).isEmpty)
    }
}
