import AWSPorts
import Foundation
import GitWorkspace
import SimKernel
import Simulation
import Testing
import Worker

/// Task 05, scenario 2: switching between sessions keeps them isolated; both branches reach the remote and
/// the bucket always shows the latest command's session.
@Suite("Task 05 scenario 2: session switching")
struct SessionSwitchingTests {
    @Test func switchingKeepsSessionsIsolatedAndBothBranchesOnTheRemote() throws {
        let world = try AmeliaWorld()
        try world.startClaimedWorker()
        try world.send("session1_msg1")
        world.runUntilResponses(1)
        let sessionA = try #require(try world.remoteCommits(on: "thread-aaa").first)

        // Switch to session B.
        try world.send("session2_msg1")
        world.runUntilResponses(2)
        let branches = try world.remote().branches()
        #expect(branches.keys.sorted() == ["main", "thread-aaa", "thread-bbb"], "both branches exist in git")
        #expect(branches["thread-aaa"] == sessionA.id, "session A's commit is on its branch")
        let footerB = try #require(try world.remoteFile("src/components/Footer.astro", on: "thread-bbb"))
        #expect(footerB.contains("&copy; 2025"))
        #expect(try world.remoteFile("src/pages/index.astro", on: "thread-bbb")?.contains("welcome") == false, "B is isolated from A")
        #expect(try world.remoteFile("src/components/Footer.astro", on: "thread-aaa")?.contains("&copy; 2024") == true, "A is isolated from B")
        let siteB = try #require(world.bucketText("index.html"))
        #expect(siteB.contains("&copy; 2025 Amelia Stamps"), "S3 has the latest from session B")
        #expect(!siteB.contains("Welcome to Amelia Stamps!"))

        // Switch back to session A.
        try world.send("session1_msg2")
        world.runUntilResponses(3)
        let commitsA = try world.remoteCommits(on: "thread-aaa")
        #expect(commitsA[0].subject == "Change the welcome message color to blue (index.astro) […aaa-111]")
        #expect(commitsA[1].id == sessionA.id, "the previous session A change is still there, under the new one")
        let siteA = try #require(world.bucketText("index.html"))
        #expect(siteA.contains("<p class=\"welcome\" style=\"color: blue\">"), "S3 updates to session A's state")
        #expect(siteA.contains("&copy; 2024 Amelia Stamps"), "and none of session B's")
        #expect(world.logMessages("\"Switched to thread-aaa\" \"cmd-003\"") == ["Switched to thread-aaa (local branch)"])
    }

    @Test func aDirtyTreeIsCommittedOnItsOwnBranchBeforeSwitching() throws {
        let world = try AmeliaWorld()
        try world.startClaimedWorker()
        try world.send("session1_msg1")
        world.runUntilResponses(1)
        // Something left uncommitted in session A's workspace (an edit made outside a command).
        let workspace = URL(fileURLWithPath: world.amelia.endpoints.workspacePath)
        try Data("<p>draft</p>\n".utf8).write(to: workspace.appendingPathComponent("src/pages/draft.astro"))
        try world.send("session2_msg1")
        world.runUntilResponses(2)
        // Session B's branch never sees it; session A's next push carries the switch commit.
        #expect(try world.remoteFile("src/pages/draft.astro", on: "thread-bbb") == nil)
        try world.send("session1_msg2")
        world.runUntilResponses(3)
        let commitsA = try world.remoteCommits(on: "thread-aaa")
        #expect(commitsA.map(\.subject).contains("Switching sessions […aaa-111]"))
        #expect(try world.remoteFile("src/pages/draft.astro", on: "thread-aaa") == "<p>draft</p>\n")
    }

    @Test func aFreshVolumeResumesTheRemoteBranch() throws {
        let world = try AmeliaWorld()
        let first = try world.startClaimedWorker()
        try world.send("session1_msg1")
        world.runUntilResponses(1)
        // The container goes away and the volume is lost; a new container takes the site.
        first.requestStop()
        world.run.advance(by: .seconds(1))
        try FileManager.default.removeItem(atPath: world.amelia.endpoints.workspacePath)
        try world.startClaimedWorker()
        try world.send("session1_msg2")
        world.runUntilResponses(2)
        #expect(world.logMessages("\"Switched to thread-aaa\" \"cmd-003\"") == ["Switched to thread-aaa (from the remote branch)"])
        #expect(try world.remoteCommits(on: "thread-aaa").count == (try world.remoteCommits(on: "main").count) + 2)
    }
}
