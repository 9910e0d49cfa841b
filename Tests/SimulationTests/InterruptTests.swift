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

/// Task 05, scenario 3, and interrupts of the other steps: a different session's message stops the running
/// step within 1 s, the partial work is committed and pushed, the partial build is never deployed, and the
/// new message's change reaches the bucket.
@Suite("Task 05 scenario 3: interrupts")
struct InterruptTests {
    /// Sends `interrupt_msg` `delay` after `line` was logged for cmd-001; returns the instant it was sent.
    func interrupt(_ world: AmeliaWorld, after line: String, delay: Duration) throws -> Instant {
        let started = world.run.advance(atMost: .seconds(120)) { !world.logMessages("\"\(line)\" \"cmd-001\"").isEmpty }
        #expect(started, "cmd-001 reached: \(line)")
        world.run.advance(by: delay)
        try world.send("interrupt_msg")
        return world.run.scheduler.now
    }

    @Test func anInterruptDuringALongBuildCommitsAndTheEmergencyFixIsDeployed() throws {
        let world = try AmeliaWorld()
        var builds = 0
        world.run.toolFaults = ClosureToolFaultPolicy { tool, _ in
            guard tool == .build else { return nil }
            builds += 1
            return builds == 1 ? .slow(40) : nil  // The first build takes about 25 s.
        }
        try world.startClaimedWorker()
        try world.send("session1_msg1")
        let sentAt = try interrupt(world, after: "Starting Astro build", delay: .seconds(2))
        let responses = world.runUntilResponses(2)
        #expect(responses.map { $0["commandId"] } == [.string("cmd-001"), .string("cmd-004")], "the interrupted command answers first")

        // The build was stopped within 1 s of the interrupting message.
        let stopped = try #require(world.logEvents("\"Build interrupted\" \"cmd-001\"").first)
        #expect(stopped.timestamp - sentAt.unixMilliseconds <= 1000)
        let resumed = try #require(world.logEvents("\"Processing command cmd-004\"").first)
        #expect(resumed.timestamp - sentAt.unixMilliseconds <= 1000 + 2000, "stop, commit and push, then the new command")

        // Session A's change is committed and pushed; the emergency fix is on its own branch.
        #expect(try world.remoteFile("src/pages/index.astro", on: "thread-aaa")?.contains("class=\"welcome\"") == true)
        let contact = try #require(try world.remoteFile("src/pages/contact.astro", on: "thread-ccc"))
        #expect(contact.contains("action=\"/api/contact\""))
        #expect(try world.remoteFile("src/pages/index.astro", on: "thread-ccc")?.contains("welcome") == false)

        // The bucket has the emergency fix and never had the interrupted build.
        #expect(world.bucketText("contact/index.html")?.contains("action=\"/api/contact\" method=\"post\"") == true)
        #expect(world.bucketText("index.html")?.contains("Welcome to Amelia Stamps!") == false)
        #expect(world.logMessages("\"S3 sync complete\" \"cmd-001\"").isEmpty, "no partial deploy")
        #expect(world.response(for: "cmd-001")?["interrupted"] == .bool(true))
        #expect(world.response(for: "cmd-004")?["success"] == .bool(true))
    }

    @Test func anInterruptDuringClaudeCommitsTheWorkInProgress() throws {
        let world = try AmeliaWorld()
        world.run.claudeTiming = ClaudeTiming(duration: .seconds(10) ... .seconds(10))
        try world.startClaimedWorker()
        try world.run.send(WorkMessage(
            sessionId: "session-aaa-111", commandId: "cmd-001", chatThreadId: "thread-aaa", clientId: "amelia",
            instruction: "Create a components/Header.astro file", userId: "test-user-1"))
        let sentAt = try interrupt(world, after: "Running Claude", delay: .seconds(6))
        world.runUntilResponses(2)

        let stopped = try #require(world.logEvents("\"Interrupted by command cmd-004\" \"cmd-001\"").first)
        #expect(stopped.timestamp - sentAt.unixMilliseconds <= 1000)
        let head = try #require(try world.remoteCommits(on: "thread-aaa").first)
        #expect(head.subject == "WIP: Session interrupted […aaa-111]")
        #expect(head.message.contains("Command: cmd-001"))
        #expect(try world.remoteFile("src/components/Header.astro", on: "thread-aaa") != nil, "the edit finished before the interrupt")
        #expect(try world.remoteFile("src/components/Header.astro", on: "thread-ccc") == nil)
        #expect(world.response(for: "cmd-001")?["interrupted"] == .bool(true))
        #expect(world.response(for: "cmd-001")?["commitSha"] == .string(head.id))
    }

    @Test func sameSessionMessagesWaitTheirTurnInOrder() throws {
        let world = try AmeliaWorld()
        try world.startClaimedWorker()
        try world.send("session1_msg1")
        world.run.advance(by: .seconds(3))
        try world.send("session1_msg2")
        let responses = world.runUntilResponses(2)
        #expect(responses.map { $0["commandId"] } == [.string("cmd-001"), .string("cmd-003")])
        #expect(responses.allSatisfy { $0["interrupted"] == .bool(false) && $0["success"] == .bool(true) })
        #expect(world.logMessages("\"queued behind cmd-001\"").count == 1)
        let subjects = try world.remoteCommits(on: "thread-aaa").prefix(2).map(\.subject)
        #expect(subjects == [
            "Change the welcome message color to blue (index.astro) […aaa-111]", "Add a welcome message to the homepage (index.astro) […aaa-111]",
        ])
    }

    @Test func anInterruptDuringTheSyncStopsItAndTheNewCommandDeploysInFull() throws {
        let world = try AmeliaWorld()
        try world.startClaimedWorker()
        // Slow S3 puts make the sync of the first command long enough to interrupt.
        world.run.aws.seam.interceptor = ClosureFaultInterceptor { call in
            call.service == .s3 && call.operation == "PutObject" ? .delay(.milliseconds(700)) : .proceed
        }
        try world.send("session1_msg1")
        let started = world.run.advance(atMost: .seconds(120)) { !world.logMessages("\"Build complete\" \"cmd-001\"").isEmpty }
        #expect(started)
        world.run.advance(by: .milliseconds(200))
        try world.send("interrupt_msg")
        world.runUntilResponses(2)
        #expect(world.logMessages("\"S3 sync interrupted\" \"cmd-001\"") == ["S3 sync interrupted: 1 uploaded, 0 deleted"],
                "stopped after the upload in flight")
        #expect(world.response(for: "cmd-001")?["deploySuccess"] == .bool(false))
        let index = try #require(world.bucketText("index.html"))
        #expect(!index.contains("Welcome to Amelia Stamps!"), "the bucket ends with the emergency fix's deploy")
        #expect(world.bucketText("contact/index.html")?.contains("action=\"/api/contact\"") == true)
    }
}
