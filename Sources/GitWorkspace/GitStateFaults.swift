import CGit2
import Foundation
import SimKernel
import Worker

/// Puts a workspace into the broken states the real system met, so that recovery can be tested and fault
/// plans can inject them.
public enum GitStateFaults {
    /// `git merge --no-commit origin/conflicting-branch` that conflicts: creates a branch changing `file`
    /// one way and a local commit changing it another way, then starts the merge, leaving MERGE_HEAD and a
    /// conflicted index.
    public static func startConflictingMerge(in repository: GitRepository, file: String, at instant: Instant) throws(RepositoryError) {
        let branch = try prepareConflict(in: repository, file: file, at: instant)
        guard let theirs = try repository.lookupCommit("refs/heads/\(branch)") else { return }
        defer { git_commit_free(theirs) }
        var annotated: OpaquePointer?
        var theirsId = git_commit_id(theirs)!.pointee
        try LibGit2.check(git_annotated_commit_lookup(&annotated, repository.handle, &theirsId), "annotate \(branch)")
        defer { git_annotated_commit_free(annotated) }
        var mergeOptions = git_merge_options()
        git_merge_options_init(&mergeOptions, UInt32(GIT_MERGE_OPTIONS_VERSION))
        var checkoutOptions = git_checkout_options()
        git_checkout_options_init(&checkoutOptions, UInt32(GIT_CHECKOUT_OPTIONS_VERSION))
        checkoutOptions.checkout_strategy = GIT_CHECKOUT_SAFE.rawValue | GIT_CHECKOUT_ALLOW_CONFLICTS.rawValue
        var heads: [OpaquePointer?] = [annotated]
        let rc = heads.withUnsafeMutableBufferPointer { buffer in
            git_merge(repository.handle, buffer.baseAddress, 1, &mergeOptions, &checkoutOptions)
        }
        try LibGit2.check(rc, "merge \(branch)")
    }

    /// A cherry-pick of a conflicting commit, left in progress.
    public static func startConflictingCherryPick(in repository: GitRepository, file: String, at instant: Instant) throws(RepositoryError) {
        let branch = try prepareConflict(in: repository, file: file, at: instant)
        guard let commit = try repository.lookupCommit("refs/heads/\(branch)") else { return }
        defer { git_commit_free(commit) }
        var options = git_cherrypick_options()
        git_cherrypick_options_init(&options, UInt32(GIT_CHERRYPICK_OPTIONS_VERSION))
        try LibGit2.check(git_cherrypick(repository.handle, commit, &options), "cherry-pick \(branch)")
    }

    /// A rebase onto a conflicting branch, stopped at its first conflict and left in progress.
    public static func startConflictingRebase(in repository: GitRepository, file: String, at instant: Instant) throws(RepositoryError) {
        guard let current = try repository.currentBranch() else { return }
        let upstream = try prepareConflict(in: repository, file: file, at: instant)
        var branchReference: OpaquePointer?
        try LibGit2.check(git_reference_lookup(&branchReference, repository.handle, "refs/heads/\(current)"), "look up \(current)")
        defer { git_reference_free(branchReference) }
        var upstreamReference: OpaquePointer?
        try LibGit2.check(git_reference_lookup(&upstreamReference, repository.handle, "refs/heads/\(upstream)"), "look up \(upstream)")
        defer { git_reference_free(upstreamReference) }
        var local: OpaquePointer?
        var onto: OpaquePointer?
        try LibGit2.check(git_annotated_commit_from_ref(&local, repository.handle, branchReference), "annotate")
        try LibGit2.check(git_annotated_commit_from_ref(&onto, repository.handle, upstreamReference), "annotate")
        defer {
            git_annotated_commit_free(local)
            git_annotated_commit_free(onto)
        }
        var options = git_rebase_options()
        git_rebase_options_init(&options, UInt32(GIT_REBASE_OPTIONS_VERSION))
        var rebase: OpaquePointer?
        try LibGit2.check(git_rebase_init(&rebase, repository.handle, local, onto, nil, &options), "start rebase")
        var operation: UnsafeMutablePointer<git_rebase_operation>?
        _ = git_rebase_next(&operation, rebase)
        git_rebase_free(rebase)  // freed without aborting: the rebase stays in progress
    }

    /// A `.git/index.lock` left by a process that died mid-write.
    public static func leaveStaleIndexLock(in repository: GitRepository) throws(RepositoryError) {
        guard FileManager.default.createFile(atPath: repository.gitDirectory + "index.lock", contents: Data()) else {
            throw RepositoryError(kind: .other, operation: "create index.lock", message: "could not write the lock file")
        }
    }

    /// HEAD detached at the current commit, optionally with a commit on top that no branch contains.
    public static func detachHead(in repository: GitRepository, commitOnTop file: String?, at instant: Instant) throws(RepositoryError) {
        guard let head = try repository.headCommit() else { return }
        var oid = git_oid()
        git_oid_fromstr(&oid, head)
        try LibGit2.check(git_repository_set_head_detached(repository.handle, &oid), "detach HEAD")
        if let file {
            let url = URL(fileURLWithPath: repository.path).appendingPathComponent(file)
            try? Data("detached work \(instant.unixSeconds)\n".utf8).write(to: url)
            _ = try repository.commitAll(message: "Work on a detached HEAD", author: .container, at: instant)
        }
    }

    /// Creates `conflicting-branch` from HEAD changing `file` one way, and a local commit changing it another.
    private static func prepareConflict(in repository: GitRepository, file: String, at instant: Instant) throws(RepositoryError) -> String {
        guard let current = try repository.currentBranch() else {
            throw RepositoryError(kind: .invalidState, operation: "prepare conflict", message: "HEAD is detached")
        }
        let branch = "conflicting-branch"
        let url = URL(fileURLWithPath: repository.path).appendingPathComponent(file)
        if try !repository.branchExists(branch, onRemote: false) {
            try repository.createBranch(branch, at: "HEAD")
            try repository.checkout(branch: branch, source: .local)
            try write("conflicting change from \(branch)\n", to: url)
            _ = try repository.commitAll(message: "Conflicting change", author: CommitAuthor(name: "Someone Else", email: "else@example.com"), at: instant)
            try repository.checkout(branch: current, source: .local)
        }
        try write("local change on \(current)\n", to: url)
        _ = try repository.commitAll(message: "Local change", author: .container, at: instant)
        return branch
    }

    private static func write(_ text: String, to url: URL) throws(RepositoryError) {
        do {
            try Data(text.utf8).write(to: url)
        } catch {
            throw RepositoryError(kind: .other, operation: "write \(url.lastPathComponent)", message: "\(error)")
        }
    }
}
