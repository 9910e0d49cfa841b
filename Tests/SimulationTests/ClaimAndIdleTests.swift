import AWSPorts
import Foundation
import SimKernel
import Simulation
import Testing
import Worker

/// SPEC section 3: claiming a site through the ownership table, and releasing it when idle.
@Suite("Claims and the idle release")
struct ClaimAndIdleTests {
    @Test func oneOfTwoContainersWinsTheClaim() throws {
        let world = try AmeliaWorld()
        let first = world.run.startWorker()
        let second = world.run.startWorker()
        try world.run.requestClaim(clientId: "amelia", projectId: "stamps", sessionId: "session-aaa-111")
        try world.run.requestClaim(clientId: "amelia", projectId: "stamps", sessionId: "session-aaa-111")
        world.run.advance(by: .seconds(10))
        let states = [first.worker.state, second.worker.state]
        #expect(states.filter { $0 == .ready(siteKey: "amelia#stamps") }.count == 1, "\(states)")
        #expect(states.filter { $0 == .awaitingClaim }.count == 1)
        let owner = try #require(world.tableRow(WorldNames.ownershipTable, key: "siteKey", "amelia#stamps"))
        let winner = first.worker.state == .ready(siteKey: "amelia#stamps") ? first : second
        #expect(owner["containerId"] == .s(winner.containerId))
        #expect(world.logMessages("\"Failed to claim amelia/stamps\"").count >= 1)
        #expect(world.logMessages("\"Container ready\" \"session-aaa-111\"").count == 1)
        let container = try #require(world.tableRow(WorldNames.containersTable, key: "containerId", winner.containerId))
        #expect(container["status"] == .s("running"))
        #expect(container["siteKey"] == .s("amelia#stamps"))
    }

    @Test func anIdleContainerReleasesItsClaimAfterFiveMinutes() throws {
        let world = try AmeliaWorld()
        let host = try world.startClaimedWorker()
        try world.send("session1_msg1")
        world.runUntilResponses(1)
        let lastWork = world.run.scheduler.now
        world.run.advance(by: .seconds(299))
        #expect(world.tableRow(WorldNames.ownershipTable, key: "siteKey", "amelia#stamps") != nil, "still claimed before the timeout")
        world.run.advance(by: .seconds(2))
        #expect(world.tableRow(WorldNames.ownershipTable, key: "siteKey", "amelia#stamps") == nil, "released after 5 minutes idle")
        let container = try #require(world.tableRow(WorldNames.containersTable, key: "containerId", host.containerId))
        #expect(container["status"] == .s("idle"))
        #expect(container["siteKey"] == nil)
        let released = try #require(world.logEvents("\"Released claim on amelia#stamps\"").first)
        #expect(released.timestamp - lastWork.unixMilliseconds >= 300_000)
        #expect(FileManager.default.fileExists(atPath: world.amelia.endpoints.workspacePath + "/.git"), "files on the volume stay")
        #expect(host.worker.state == .awaitingClaim)
    }

    @Test func aStoppingContainerReleasesItsClaim() throws {
        let world = try AmeliaWorld()
        let host = try world.startClaimedWorker()
        host.requestStop()
        world.run.advance(by: .seconds(1))
        #expect(host.isStopped)
        #expect(world.tableRow(WorldNames.ownershipTable, key: "siteKey", "amelia#stamps") == nil)
        #expect(world.tableRow(WorldNames.containersTable, key: "containerId", host.containerId)?["status"] == .s("stopping"))
    }
}
