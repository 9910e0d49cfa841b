import Fakes
import Foundation
import SimKernel
import Simulation
import Testing
import Worker

/// DESIGN's determinism rules: the same seed gives the same run, byte for byte, wherever it runs.
@Suite("Same seed, same run")
struct DeterminismTests {
    struct Outcome: Equatable {
        var digest: String
        var events: UInt64
        var branches: [String: String]
        var logs: [String]
        var bucket: [String: String]
    }

    /// Scenarios 2 and 3 of Task 05 in one run: switching, then an interrupt during a long build.
    func runScenario(seed: UInt64) throws -> Outcome {
        let world = try AmeliaWorld(seed: seed)
        var builds = 0
        world.run.toolFaults = ClosureToolFaultPolicy { tool, _ in
            guard tool == .build else { return nil }
            builds += 1
            return builds == 3 ? .slow(40) : nil
        }
        try world.startClaimedWorker()
        try world.send("session1_msg1")
        world.runUntilResponses(1)
        try world.send("session2_msg1")
        world.runUntilResponses(2)
        try world.send("session1_msg2")
        _ = world.run.advance(atMost: .seconds(120)) { !world.logMessages("\"Starting Astro build\" \"cmd-003\"").isEmpty }
        world.run.advance(by: .seconds(2))
        try world.send("interrupt_msg")
        world.runUntilResponses(4)
        world.run.advance(by: .seconds(30))
        var bucket: [String: String] = [:]
        for key in world.bucketKeys() { bucket[key] = world.bucketObject(key)?.metadata.eTag }
        return Outcome(
            digest: world.run.trace.digest.hex, events: world.run.trace.digest.eventCount,
            branches: try world.remote().branches(), logs: world.logEvents("").map { "\($0.timestamp) \($0.message)" }, bucket: bucket)
    }

    @Test func theSameSeedGivesTheSameTraceCommitsLogsAndBucket() throws {
        let first = try runScenario(seed: 7)
        let second = try runScenario(seed: 7)
        #expect(first.digest == second.digest)
        #expect(first.events == second.events && first.events > 100)
        #expect(first.branches == second.branches, "identical commit ids")
        #expect(first.logs == second.logs)
        #expect(first.bucket == second.bucket)
        #expect(!first.logs.contains { $0.contains(FileManager.default.temporaryDirectory.path) }, "no temp path in the logs")
    }

    @Test func anotherSeedGivesAnotherRun() throws {
        let first = try runScenario(seed: 7)
        let other = try runScenario(seed: 8)
        #expect(first.digest != other.digest)
        #expect(first.logs != other.logs, "durations are drawn from the seed")
    }
}
