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
            // Merge, never rebase: a rebase would rewrite commits the worker already reported.
            try fetch()
            try mergeKeepingLocal(branch, with: "refs/remotes/origin/\(branch)", committer: committer, at: instant)
            try pushOnce(branch)
            return .pushedAfterMerge
        }
    }

    public func unpushedBranches() throws(RepositoryError) -> [String] {
        var remoteTips: [git_oid] = []
        for (_, tip) in try LibGit2.remoteTrackingBranches(handle) {
            var oid = git_oid()
            git_oid_fromstr(&oid, tip)
            remoteTips.append(oid)
        }
        var unpushed: [String] = []
        for (branch, tip) in try LibGit2.localBranches(handle) {
            var local = git_oid()
            git_oid_fromstr(&local, tip)
            // Pushed when some branch of the remote holds the tip (a new branch with no commit of its own is).
            let held = remoteTips.contains { remote in
                var remote = remote
                return git_oid_equal(&local, &remote) == 1 || git_graph_descendant_of(handle, &remote, &local) == 1
            }
            if !held { unpushed.append(branch) }
        }
        return unpushed.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
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
        let checkedOut = try currentBranch() == branch
        if checkedOut {
            // Only the checked-out branch has a working tree to bring up to date, and it must happen while
            // HEAD still names our side (the checkout's baseline), or nothing changes. A safe checkout never
            // overwrites uncommitted work.
            var tree: OpaquePointer?
            try LibGit2.check(git_object_lookup(&tree, handle, &treeOid, GIT_OBJECT_TREE), "look up merged tree")
            defer { git_object_free(tree) }
            var checkout = git_checkout_options()
            git_checkout_options_init(&checkout, UInt32(GIT_CHECKOUT_OPTIONS_VERSION))
            checkout.checkout_strategy = GIT_CHECKOUT_SAFE.rawValue
            try LibGit2.check(git_checkout_tree(handle, tree, &checkout), "check out the merged tree")
        }
        _ = try createCommit(
            tree: treeOid, parents: [ours, theirs], message: "Merge origin/\(branch), keeping local changes\n",
            author: committer, at: instant, updating: checkedOut ? "HEAD" : "refs/heads/\(branch)")
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
