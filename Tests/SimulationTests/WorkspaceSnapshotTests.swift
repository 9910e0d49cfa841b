import Foundation
import Simulation
import Testing

@Suite("Workspace snapshots")
struct WorkspaceSnapshotTests {
    @Test func aLostOrChangedFileOrCommitIsNamed() throws {
        let world = try AmeliaWorld()
        try world.startClaimedWorker()
        try world.send("session1_msg1")
        world.runUntilResponses(1)
        let path = world.amelia.endpoints.workspacePath
        let before = WorkspaceSnapshot.take(path)
        #expect(before.files["src/pages/index.astro"] != nil && before.branches["thread-aaa"] != nil && before.commits.count >= 2)
        #expect(before.retention(in: WorkspaceSnapshot.take(path)).lost.isEmpty)

        try Data("changed".utf8).write(to: URL(fileURLWithPath: path + "/src/pages/about.astro"))
        try FileManager.default.removeItem(atPath: path + "/src/pages/contact.astro")
        var later = WorkspaceSnapshot.take(path)
        later.commits.remove(before.branches["thread-aaa"]!)
        let (retained, total, lost) = before.retention(in: later)
        #expect(retained == total - 3)
        #expect(lost.contains("src/pages/about.astro (changed)") && lost.contains("src/pages/contact.astro (missing)"))
        #expect(lost.contains("commit \(before.branches["thread-aaa"]!.prefix(8))"))
    }
}
