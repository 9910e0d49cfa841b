import Foundation
import GitWorkspace
import SimKernel
import Testing
import Worker

@Suite("Git workspace through libgit2")
struct GitWorkspaceTests {
    @Test func cloneBranchFromMainCommitAndPush() throws {
        let git = try GitFixture()
        let workspace = try git.clone("workspace")
        #expect(try workspace.currentBranch() == "main")
        #expect(try workspace.changedPaths().isEmpty)
        #expect(try !workspace.branchExists("thread-aaa", onRemote: true))
        try workspace.checkout(branch: "thread-aaa", source: .newFrom("main"))
        #expect(try workspace.currentBranch() == "thread-aaa")
        try git.write("<h1>Welcome!</h1>\n", to: "src/pages/index.astro", in: workspace)
        try git.write("built", to: "dist/index.html", in: workspace)
        #expect(try workspace.changedPaths() == ["src/pages/index.astro"], "dist/ is ignored")
        let commit = try #require(try git.commit(workspace, "Add a welcome message (index.astro) […aaa-111]"))
        #expect(try git.commit(workspace, "nothing") == nil, "no changes, no commit")
        #expect(try workspace.push(branch: "thread-aaa", committer: .container, at: git.clock) == .pushed)
        #expect(try git.remote.branches()["thread-aaa"] == commit)
        #expect(try git.remoteFile("src/pages/index.astro", on: "thread-aaa") == "<h1>Welcome!</h1>\n")
        #expect(try git.remoteFile("src/pages/index.astro", on: "main") == "<h1>Amelia Stamps</h1>\n")
        let log = try git.remote.commits(on: "thread-aaa")
        #expect(log.map(\.subject) == ["Add a welcome message (index.astro) […aaa-111]", "Initial site"])
        #expect(log[0].authorName == "WebOrdinary Container")
    }

    @Test func aFreshWorkspaceResumesARemoteBranch() throws {
        let git = try GitFixture()
        let first = try git.clone("first")
        try first.checkout(branch: "thread-bbb", source: .newFrom("main"))
        try git.write("<footer>© 2025</footer>\n", to: "src/components/Footer.astro", in: first)
        try git.commit(first, "Update the footer copyright year")
        _ = try first.push(branch: "thread-bbb", committer: .container, at: git.clock)
        let second = try git.clone("second")
        try second.fetch()
        #expect(try second.branchExists("thread-bbb", onRemote: true))
        #expect(try !second.branchExists("thread-bbb", onRemote: false))
        try second.checkout(branch: "thread-bbb", source: .remote)
        #expect(try git.read("src/components/Footer.astro", in: second) == "<footer>© 2025</footer>\n")
    }

    @Test func aDirtySwitchCommitsOnTheOldBranchFirst() throws {
        let git = try GitFixture()
        let workspace = try git.clone("workspace")
        try workspace.checkout(branch: "thread-aaa", source: .newFrom("main"))
        try git.write("<h1>Welcome!</h1>\n", to: "src/pages/index.astro", in: workspace)
        let saved = try #require(try git.commit(workspace, "Switching sessions […aaa-111]"))
        try workspace.checkout(branch: "thread-bbb", source: .newFrom("main"))
        #expect(try git.read("src/pages/index.astro", in: workspace) == "<h1>Amelia Stamps</h1>\n", "session B starts from main")
        try workspace.checkout(branch: "thread-aaa", source: .local)
        #expect(try git.read("src/pages/index.astro", in: workspace) == "<h1>Welcome!</h1>\n")
        #expect(try workspace.headCommit() == saved)
    }

    /// The remote moved on: it is merged, never rebased, so the local commit (reported in a response) keeps
    /// its id and is on the remote.
    @Test func aNonFastForwardPushMergesAndKeepsTheLocalCommitId() throws {
        let git = try GitFixture()
        let one = try git.clone("one")
        let two = try git.clone("two")
        try git.write("one\n", to: "one.txt", in: one)
        let first = try #require(try git.commit(one, "From one"))
        _ = try one.push(branch: "main", committer: .container, at: git.clock)
        try git.write("two\n", to: "two.txt", in: two)
        let second = try #require(try git.commit(two, "From two"))
        #expect(try two.push(branch: "main", committer: .container, at: git.clock) == .pushedAfterMerge)
        #expect(try git.remote.contains(commit: first))
        #expect(try git.remote.branch("main", contains: second), "the reported commit id is on the remote branch")
        #expect(try git.remoteFile("one.txt", on: "main") == "one\n")
        #expect(try git.remoteFile("two.txt", on: "main") == "two\n")
        #expect(try two.unpushedBranches().isEmpty)
        #expect(try git.read("one.txt", in: two) == "one\n", "the checked-out branch's working tree has the merge")
        #expect(try two.changedPaths().isEmpty, "and nothing looks changed: a later commit cannot undo the remote's work")
    }

    /// A branch that is not checked out is pushed too; its merge touches no working tree.
    @Test func unpushedBranchesAreListedAndPushedWithoutTouchingTheWorkingTree() throws {
        let git = try GitFixture()
        let workspace = try git.clone("w")
        try workspace.checkout(branch: "thread-aaa", source: .newFrom("main"))
        try git.write("a\n", to: "a.txt", in: workspace)
        let onA = try #require(try git.commit(workspace, "On thread-aaa"))
        try workspace.checkout(branch: "thread-bbb", source: .newFrom("main"))
        try git.write("b\n", to: "b.txt", in: workspace)
        try git.commit(workspace, "On thread-bbb")
        #expect(try workspace.unpushedBranches() == ["thread-aaa", "thread-bbb"])
        // Someone else pushed to thread-aaa meanwhile.
        let other = try git.clone("other")
        try other.fetch()
        try other.checkout(branch: "thread-aaa", source: .newFrom("main"))
        try git.write("x\n", to: "x.txt", in: other)
        try git.commit(other, "Elsewhere")
        _ = try other.push(branch: "thread-aaa", committer: .container, at: git.clock)
        try git.write("uncommitted\n", to: "b.txt", in: workspace)
        #expect(try workspace.push(branch: "thread-aaa", committer: .container, at: git.clock) == .pushedAfterMerge)
        #expect(try git.remote.branch("thread-aaa", contains: onA))
        #expect(try git.read("b.txt", in: workspace) == "uncommitted\n", "the checked-out branch's working tree is untouched")
        #expect(try workspace.currentBranch() == "thread-bbb")
        #expect(try workspace.unpushedBranches() == ["thread-bbb"])
    }

    @Test func theWorkspaceRemembersWhichCommandLeftItsChanges() throws {
        let git = try GitFixture()
        let workspace = try git.clone("w")
        #expect(try workspace.owner() == nil)
        let owner = WorkspaceOwner(sessionId: "session-b", commandId: "cmd-2", chatThreadId: "thread-b", branch: "thread-b+0a1b2c3d")
        try workspace.setOwner(owner)
        let reopened = try #require(try LibGit2Repositories().open(at: workspace.path))
        #expect(try reopened.owner() == owner, "kept in the repository, not in memory")
        try git.write("x\n", to: "x.txt", in: workspace)
        let commit = try #require(try git.commit(workspace, "Subject\n\nCommand: cmd-2"))
        #expect(try workspace.commitMessage(commit)?.hasPrefix("Subject") == true)
        #expect(try workspace.commitMessage("refs/heads/nope") == nil)
    }

    @Test func aConflictingNonFastForwardPushMergesKeepingLocalChanges() throws {
        let git = try GitFixture()
        let one = try git.clone("one")
        let two = try git.clone("two")
        try git.write("<h1>From one</h1>\n", to: "src/pages/index.astro", in: one)
        try git.commit(one, "One's heading")
        _ = try one.push(branch: "main", committer: .container, at: git.clock)
        try git.write("<h1>From two</h1>\n", to: "src/pages/index.astro", in: two)
        let local = try #require(try git.commit(two, "Two's heading"))
        #expect(try two.push(branch: "main", committer: .container, at: git.clock) == .pushedAfterMerge)
        #expect(try git.remoteFile("src/pages/index.astro", on: "main") == "<h1>From two</h1>\n", "local side kept")
        let head = try #require(try git.remote.commits(on: "main").first)
        #expect(head.parents.count == 2)
        #expect(try git.remote.contains(commit: local))
        #expect(try two.problems().isEmpty)
        #expect(try git.read("src/pages/index.astro", in: two) == "<h1>From two</h1>\n")
    }

    @Test func theSameInstantsGiveTheSameCommitIds() throws {
        func run() throws -> [String] {
            let git = try GitFixture()
            let workspace = try git.clone("w")
            try workspace.checkout(branch: "thread-aaa", source: .newFrom("main"))
            try git.write("<h1>Welcome!</h1>\n", to: "src/pages/index.astro", in: workspace)
            let commit = try #require(try git.commit(workspace, "Add a welcome message"))
            return [try #require(try git.remote.branches()["main"]), commit]
        }
        let first = try run()
        #expect(first == (try run()))
    }

    @Test func remotesAreReachedByPathOnly() throws {
        let git = try GitFixture()
        let workspace = try git.clone("w")
        try workspace.setRemoteURL("https://invalid.url")
        #expect(try workspace.remoteURL() == "https://invalid.url")
        do {
            _ = try workspace.push(branch: "main", committer: .container, at: git.clock)
            Issue.record("a push to an unreachable remote must fail")
        } catch {
            #expect(error.kind == .unreachableRemote)
        }
        try workspace.setRemoteURL(git.remote.path)
        #expect(try workspace.push(branch: "main", committer: .container, at: git.clock) == .pushed)
        #expect(try git.repositories.open(at: git.root.appendingPathComponent("missing").path) == nil)
        #expect(try git.repositories.open(at: git.root.path) == nil, "never a parent directory's repository")
    }

    @Test func aRewrittenRemoteKeepsItsRealURLInTheConfig() throws {
        let git = try GitFixture()
        let url = "https://github.com/webordinary/amelia-stamps.git"
        let github = git.root.appendingPathComponent("github").path + "/"
        let repositories = LibGit2Repositories(rewrites: RemoteURLRewrites(["https://github.com/webordinary/": github]))
        let workspace = try repositories.cloneRepository(from: url, to: git.root.appendingPathComponent("w").path)
        #expect(try workspace.remoteURL() == url, "the workspace records the site's real remote")
        try workspace.checkout(branch: "thread-abc", source: .newFrom("main"))
        try git.write("<p>hi</p>\n", to: "src/pages/hi.astro", in: workspace)
        let commit = try #require(try git.commit(workspace, "Add a page"))
        #expect(try workspace.push(branch: "thread-abc", committer: .container, at: git.clock) == .pushed)
        #expect(try git.remote.branches()["thread-abc"] == commit)
        try workspace.fetch()
        #expect(try workspace.branchExists("thread-abc", onRemote: true))
        #expect(RemoteURLRewrites(["https://github.com/": "/a/", "https://github.com/webordinary/": "/b/"]).resolve(url) == "/b/amelia-stamps.git")
    }
}

@Suite("Git workspace recovery")
struct GitRecoveryTests {
    @Test func aMergeInProgressWithConflictsRecovers() throws {
        let git = try GitFixture()
        let workspace = try git.clone("w")
        try GitStateFaults.startConflictingMerge(in: workspace, file: "src/pages/index.astro", at: git.clock)
        #expect(try workspace.problems() == [.mergeInProgress, .conflictedIndex])
        #expect(try git.read("src/pages/index.astro", in: workspace).contains("<<<<<<<"))
        #expect(try workspace.recover(onto: "main") == [.mergeInProgress, .conflictedIndex])
        #expect(try workspace.problems().isEmpty)
        #expect(try workspace.changedPaths().isEmpty)
        #expect(try git.read("src/pages/index.astro", in: workspace) == "local change on main\n", "back to the last commit")
    }

    @Test func aRebaseInProgressRecovers() throws {
        let git = try GitFixture()
        let workspace = try git.clone("w")
        try GitStateFaults.startConflictingRebase(in: workspace, file: "src/pages/index.astro", at: git.clock)
        #expect(try workspace.problems().contains(.rebaseInProgress))
        _ = try workspace.recover(onto: "main")
        #expect(try workspace.problems().isEmpty)
        #expect(try workspace.currentBranch() != nil)
    }

    @Test func aCherryPickInProgressRecovers() throws {
        let git = try GitFixture()
        let workspace = try git.clone("w")
        try GitStateFaults.startConflictingCherryPick(in: workspace, file: "src/pages/index.astro", at: git.clock)
        #expect(try workspace.problems() == [.cherryPickInProgress, .conflictedIndex])
        _ = try workspace.recover(onto: "main")
        #expect(try workspace.problems().isEmpty && workspace.changedPaths().isEmpty)
    }

    @Test func aStaleIndexLockRecovers() throws {
        let git = try GitFixture()
        let workspace = try git.clone("w")
        try GitStateFaults.leaveStaleIndexLock(in: workspace)
        try git.write("x", to: "x.txt", in: workspace)
        #expect(try workspace.problems() == [.staleIndexLock])
        #expect(throws: RepositoryError.self) { try workspace.commitAll(message: "blocked", author: .container, at: git.clock) }
        _ = try workspace.recover(onto: "main")
        #expect(try workspace.problems().isEmpty)
        #expect(try git.commit(workspace, "after recovery") != nil)
    }

    @Test func aDetachedHeadRecoversWithoutLosingItsCommit() throws {
        let git = try GitFixture()
        let workspace = try git.clone("w")
        try GitStateFaults.detachHead(in: workspace, commitOnTop: "detached.txt", at: git.clock)
        let orphan = try #require(try workspace.headCommit())
        #expect(try workspace.problems() == [.detachedHead])
        #expect(try workspace.currentBranch() == nil)
        #expect(try workspace.recover(onto: "main") == [.detachedHead])
        #expect(try workspace.currentBranch() == "main")
        #expect(try workspace.branchExists("rescue/detached-\(orphan.prefix(8))", onRemote: false), "the orphan commit is kept")
    }
}
