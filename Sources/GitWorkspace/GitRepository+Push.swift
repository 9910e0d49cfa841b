import CGit2
import SimKernel
import Worker

/// Collects the per-reference rejections a push reports through its callback.
private final class PushRejections {
    var messages: [String] = []
}

extension GitRepository {
    public func push(branch: String, committer: CommitAuthor, at instant: Instant) throws(RepositoryError) -> PushOutcome {
        do {
            try pushOnce(branch)
            return .pushed
        } catch where error.kind == .nonFastForward {
            try fetch()
            if try rebase(branch, onto: "refs/remotes/origin/\(branch)", committer: committer, at: instant) {
                try pushOnce(branch)
                return .pushedAfterRebase
            }
            try mergeKeepingLocal(branch, with: "refs/remotes/origin/\(branch)", committer: committer, at: instant)
            try pushOnce(branch)
            return .pushedAfterMerge
        }
    }

    func pushOnce(_ branch: String) throws(RepositoryError) {
        let remote = try lookUpOrigin("push")
        defer { git_remote_free(remote) }
        let rejections = PushRejections()
        var options = git_push_options()
        git_push_options_init(&options, UInt32(GIT_PUSH_OPTIONS_VERSION))
        options.callbacks.payload = Unmanaged.passUnretained(rejections).toOpaque()
        options.callbacks.push_update_reference = { reference, status, payload in
            if let status, let payload {
                let collected = Unmanaged<PushRejections>.fromOpaque(payload).takeUnretainedValue()
                collected.messages.append("\(reference.map { String(cString: $0) } ?? "?"): \(String(cString: status))")
            }
            return 0
        }
        let refspec = "refs/heads/\(branch):refs/heads/\(branch)"
        let rc = try LibGit2.withStringArray([refspec]) { (specs: inout git_strarray) throws(RepositoryError) in
            git_remote_push(remote, &specs, &options)
        }
        try LibGit2.check(rc, "push \(branch)")
        if let rejection = rejections.messages.first {
            let nonFastForward = rejection.contains("non-fast") || rejection.contains("fetch first")
            throw RepositoryError(kind: nonFastForward ? .nonFastForward : .other, operation: "push \(branch)", message: rejection)
        }
    }

    /// Replays the branch's own commits on top of `upstream`. Returns false (and leaves the branch as it
    /// was) when a commit conflicts.
    func rebase(_ branch: String, onto upstream: String, committer: CommitAuthor, at instant: Instant) throws(RepositoryError) -> Bool {
        var branchReference: OpaquePointer?
        try LibGit2.check(git_reference_lookup(&branchReference, handle, "refs/heads/\(branch)"), "look up \(branch)")
        defer { git_reference_free(branchReference) }
        var upstreamReference: OpaquePointer?
        try LibGit2.check(git_reference_lookup(&upstreamReference, handle, upstream), "look up \(upstream)")
        defer { git_reference_free(upstreamReference) }
        var local: OpaquePointer?
        try LibGit2.check(git_annotated_commit_from_ref(&local, handle, branchReference), "annotate \(branch)")
        defer { git_annotated_commit_free(local) }
        var remote: OpaquePointer?
        try LibGit2.check(git_annotated_commit_from_ref(&remote, handle, upstreamReference), "annotate \(upstream)")
        defer { git_annotated_commit_free(remote) }
        var options = git_rebase_options()
        git_rebase_options_init(&options, UInt32(GIT_REBASE_OPTIONS_VERSION))
        options.checkout_options.checkout_strategy = GIT_CHECKOUT_SAFE.rawValue
        var rebase: OpaquePointer?
        try LibGit2.check(git_rebase_init(&rebase, handle, local, remote, nil, &options), "start rebase of \(branch)")
        defer { git_rebase_free(rebase) }
        let signature = try signature(committer, at: instant)
        defer { git_signature_free(signature) }
        var operation: UnsafeMutablePointer<git_rebase_operation>?
        while true {
            let rc = git_rebase_next(&operation, rebase)
            if rc == GIT_ITEROVER.rawValue { break }
            if rc < 0 {
                git_rebase_abort(rebase)
                if rc == GIT_ECONFLICT.rawValue || rc == GIT_EMERGECONFLICT.rawValue { return false }
                throw LibGit2.error(rc, "rebase \(branch)")
            }
            var index: OpaquePointer?
            try LibGit2.check(git_repository_index(&index, handle), "open index")
            let conflicted = git_index_has_conflicts(index) == 1
            git_index_free(index)
            if conflicted {
                git_rebase_abort(rebase)
                return false
            }
            var oid = git_oid()
            let commit = git_rebase_commit(&oid, rebase, nil, signature, nil, nil)
            if commit < 0 && commit != GIT_EAPPLIED.rawValue {
                git_rebase_abort(rebase)
                throw LibGit2.error(commit, "rebase \(branch)")
            }
        }
        try LibGit2.check(git_rebase_finish(rebase, signature), "finish rebase of \(branch)")
        return true
    }

    /// Merges `other` into the checked-out `branch`, taking the local side wherever they conflict.
    func mergeKeepingLocal(_ branch: String, with other: String, committer: CommitAuthor, at instant: Instant) throws(RepositoryError) {
        guard let ours = try lookupCommit("refs/heads/\(branch)"), let theirs = try lookupCommit(other) else {
            throw RepositoryError(kind: .notFound, operation: "merge \(other)", message: "nothing to merge")
        }
        defer {
            git_commit_free(ours)
            git_commit_free(theirs)
        }
        var options = git_merge_options()
        git_merge_options_init(&options, UInt32(GIT_MERGE_OPTIONS_VERSION))
        options.file_favor = GIT_MERGE_FILE_FAVOR_OURS
        var index: OpaquePointer?
        try LibGit2.check(git_merge_commits(&index, handle, ours, theirs, &options), "merge \(other)")
        defer { git_index_free(index) }
        if git_index_has_conflicts(index) == 1 {
            try keepLocalSide(of: index)
        }
        var treeOid = git_oid()
        try LibGit2.check(git_index_write_tree_to(&treeOid, index, handle), "write merged tree")
        let reference = try currentBranch() == branch ? "HEAD" : "refs/heads/\(branch)"
        _ = try createCommit(
            tree: treeOid, parents: [ours, theirs], message: "Merge origin/\(branch), keeping local changes",
            author: committer, at: instant, updating: reference)
        try checkoutTree("refs/heads/\(branch)", force: true)
    }

    /// Resolves every remaining conflict (add/delete and the like) by taking the local entry.
    private func keepLocalSide(of index: OpaquePointer?) throws(RepositoryError) {
        var iterator: OpaquePointer?
        try LibGit2.check(git_index_conflict_iterator_new(&iterator, index), "list conflicts")
        var resolutions: [(path: String, ours: git_index_entry?)] = []
        var ancestor: UnsafePointer<git_index_entry>?
        var ours: UnsafePointer<git_index_entry>?
        var theirs: UnsafePointer<git_index_entry>?
        while git_index_conflict_next(&ancestor, &ours, &theirs, iterator) == 0 {
            let path = (ours ?? theirs ?? ancestor).map { String(cString: $0.pointee.path) } ?? ""
            resolutions.append((path, ours?.pointee))
        }
        git_index_conflict_iterator_free(iterator)
        for resolution in resolutions {
            try LibGit2.check(git_index_conflict_remove(index, resolution.path), "resolve \(resolution.path)")
            if var entry = resolution.ours {
                try LibGit2.check(git_index_add(index, &entry), "keep \(resolution.path)")
            }
        }
    }
}
