import Foundation
import GitWorkspace
import SimKernel
import Simulation
import Testing
import Worker

/// Step 2: a workspace left in a bad state is recovered before the command runs, and the remote URL is
/// reset to the site's.
@Suite("Workspace recovery before a command")
struct WorkspaceRecoveryTests {
    enum Corruption: String, CaseIterable, Sendable {
        case merge, rebase, cherryPick, indexLock, detachedHead, remoteURL
    }

    @Test(arguments: Corruption.allCases)
    func theNextCommandRecoversAndSucceeds(_ corruption: Corruption) throws {
        let world = try AmeliaWorld()
        try world.startClaimedWorker()
        try world.send("session1_msg1")
        world.runUntilResponses(1)
        let repository = try #require(try LibGit2Repositories().openRepository(at: world.amelia.endpoints.workspacePath))
        let at = world.run.scheduler.now
        switch corruption {
        case .merge: try GitStateFaults.startConflictingMerge(in: repository, file: "NOTES.md", at: at)
        case .rebase: try GitStateFaults.startConflictingRebase(in: repository, file: "NOTES.md", at: at)
        case .cherryPick: try GitStateFaults.startConflictingCherryPick(in: repository, file: "NOTES.md", at: at)
        case .indexLock: try GitStateFaults.leaveStaleIndexLock(in: repository)
        case .detachedHead: try GitStateFaults.detachHead(in: repository, commitOnTop: "src/pages/detached.astro", at: at)
        case .remoteURL: try repository.setRemoteURL("https://github.com/someone-else/amelia-stamps.git")
        }
        try world.send("session1_msg2")
        world.runUntilResponses(2)
        #expect(world.response(for: "cmd-003")?["success"] == .bool(true), "\(world.response(for: "cmd-003") ?? [:])")
        if corruption == .remoteURL {
            #expect(world.logMessages("\"Reset the remote URL\" \"cmd-003\"").count == 1)
        } else {
            #expect(world.logMessages("\"Recovered the workspace\" \"cmd-003\"").count == 1)
        }
        let reopened = try #require(try LibGit2Repositories().openRepository(at: world.amelia.endpoints.workspacePath))
        #expect(try reopened.problems().isEmpty)
        #expect(try reopened.remoteURL() == world.amelia.endpoints.remoteURL)
        #expect(try world.remoteCommits(on: "thread-aaa")[0].subject.hasPrefix("Change the welcome message color to blue"))
        for file in ["NOTES.md", "src/pages/index.astro"] {
            let text = try world.remoteFile(file, on: "thread-aaa") ?? ""
            #expect(!text.contains("<<<<<<<") && !text.contains(">>>>>>>"), "no conflict markers are ever committed")
        }
        if corruption == .detachedHead {
            let branches = try world.run.world.remote(for: world.amelia).branches()
            #expect(branches["thread-aaa"] != nil)
            #expect(try repository.branchExists("thread-aaa", onRemote: false))
        }
    }
}
