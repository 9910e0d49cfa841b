import AWSPorts
import AWSSim
import Foundation
import Simulation
import SimKernel
import Testing

/// The README's Swift examples ("Using the simulated AWS from Swift", "Driving a run from Swift"), line for
/// line, so they keep compiling and doing what the README says.
@Suite("README examples")
struct ReadmeExampleTests {
    @Test func usingTheSimulatedAWSFromSwift() throws {
        let scheduler = Scheduler()                                   // simulated time starts at 2025-08-15T00:00:00Z
        let aws = SimulatedAWS(database: try .inMemory(), scheduler: scheduler, seed: 42)   // or .file(at: "run.sqlite")

        let queue = try aws.sqs.createQueue(CreateQueueRequest(queueName: "webordinary-input-amelia-stamps"))
        _ = try aws.sqs.sendMessage(SendMessageRequest(queueUrl: queue, messageBody: #"{"sessionId":"session-aaa-111"}"#))
        let received = try aws.sqs.receiveMessage(ReceiveMessageRequest(queueUrl: queue, visibilityTimeout: 30))
        scheduler.advance(by: .seconds(30))                           // the visibility timeout passes on simulated time
        print(aws.trace.digest.hex)                                   // the same for the same seed and calls

        #expect(received.messages.map(\.body) == [#"{"sessionId":"session-aaa-111"}"#])
        let again = try aws.sqs.receiveMessage(ReceiveMessageRequest(queueUrl: queue))
        #expect(again.messages.count == 1, "visible again after its 30 s")
    }

    @Test func drivingARunFromSwift() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wsim-readme-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let seedsRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Seeds")

        let seeds = try SeedSet.load(name: "amelia", seedsRoot: seedsRoot)
        let run = try SimulationRun(seedSet: seeds, seed: 42, runDirectory: folder)
        run.startWorker()                                               // registers, polls webordinary-unclaimed
        try run.requestClaim(clientId: "amelia", projectId: "stamps")   // as Hermes would
        try run.send(seeds.message(named: "session1_msg1")!)
        run.advance(by: .seconds(60))                                   // simulated time; takes milliseconds
        let remote = try run.world.remote(for: run.world.worldSite(clientId: "amelia")!)
        print(try remote.branches())                                    // ["main": ..., "thread-aaa": ...]

        #expect(Set(try remote.branches().keys) == ["main", "thread-aaa"])
    }
}
