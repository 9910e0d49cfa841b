import CGit2
import Foundation
import Worker

extension GitRepository {
    public func problems() throws(RepositoryError) -> [RepositoryProblem] {
        var found: [RepositoryProblem] = []
        switch git_repository_state(handle) {
        case Int32(GIT_REPOSITORY_STATE_MERGE.rawValue): found.append(.mergeInProgress)
        case Int32(GIT_REPOSITORY_STATE_REVERT.rawValue), Int32(GIT_REPOSITORY_STATE_REVERT_SEQUENCE.rawValue):
            found.append(.revertInProgress)
        case Int32(GIT_REPOSITORY_STATE_CHERRYPICK.rawValue), Int32(GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE.rawValue):
            found.append(.cherryPickInProgress)
        case Int32(GIT_REPOSITORY_STATE_REBASE.rawValue), Int32(GIT_REPOSITORY_STATE_REBASE_INTERACTIVE.rawValue),
            Int32(GIT_REPOSITORY_STATE_REBASE_MERGE.rawValue), Int32(GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE.rawValue):
            // A conflicting `git rebase` from the CLI reports REBASE_INTERACTIVE, not REBASE_MERGE (swift-stack.md).
            found.append(.rebaseInProgress)
        default: break
        }
        if FileManager.default.fileExists(atPath: gitDirectory + "index.lock") {
            found.append(.staleIndexLock)
        } else {
            let index = try reloadedIndex()
            if git_index_has_conflicts(index) == 1 { found.append(.conflictedIndex) }
            git_index_free(index)
        }
        if git_repository_head_detached(handle) == 1 { found.append(.detachedHead) }
        return found
    }

    public func recover(onto branch: String) throws(RepositoryError) -> [RepositoryProblem] {
        var found = try problems()
        guard !found.isEmpty else { return [] }
        if found.contains(.staleIndexLock) {
            // The lock alone blocks every index write; removing it loses nothing. Look again behind it.
            do {
                try FileManager.default.removeItem(atPath: gitDirectory + "index.lock")
            } catch {
                throw RepositoryError(kind: .locked, operation: "remove index.lock", message: "\(error)")
            }
            found = [.staleIndexLock] + (try problems())
        }
        if found.contains(where: { $0 != .detachedHead && $0 != .staleIndexLock }) {
            git_index_free(try reloadedIndex())
            // Aborts a merge, rebase, cherry-pick or revert: drop its state files, then reset the index and
            // the working tree to HEAD (state cleanup alone leaves the conflicted index; swift-stack.md).
            if found.contains(.rebaseInProgress) {
                try? FileManager.default.removeItem(atPath: gitDirectory + "rebase-merge")
                try? FileManager.default.removeItem(atPath: gitDirectory + "rebase-apply")
            }
            try LibGit2.check(git_repository_state_cleanup(handle), "clean up repository state")
            try resetHard()
        }
        if git_repository_head_detached(handle) == 1 {
            try reattach(onto: branch)
        }
        return found
    }

    public func discardChanges() throws(RepositoryError) {
        git_index_free(try reloadedIndex())
        try resetHard()
        // Untracked files (ignored ones stay: build output, dependencies).
        var options = git_status_options()
        git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION))
        options.show = GIT_STATUS_SHOW_WORKDIR_ONLY
        options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS.rawValue
        var list: OpaquePointer?
        try LibGit2.check(git_status_list_new(&list, handle, &options), "read status")
        defer { git_status_list_free(list) }
        for index in 0..<git_status_list_entrycount(list) {
            guard let entry = git_status_byindex(list, index)?.pointee, entry.status.rawValue & GIT_STATUS_WT_NEW.rawValue != 0,
                let relative = entry.index_to_workdir?.pointee.new_file.path
            else { continue }
            try? FileManager.default.removeItem(atPath: path + "/" + String(cString: relative))  // untracked: the tool's leftovers
        }
    }

    private func resetHard() throws(RepositoryError) {
        var head: OpaquePointer?
        let rc = git_revparse_single(&head, handle, "HEAD")
        if rc == GIT_ENOTFOUND.rawValue || rc == GIT_EUNBORNBRANCH.rawValue { return }
        try LibGit2.check(rc, "resolve HEAD")
        defer { git_object_free(head) }
        var options = git_checkout_options()
        git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION))
        options.checkout_strategy = GIT_CHECKOUT_FORCE.rawValue
        try LibGit2.check(git_reset(handle, head, GIT_RESET_HARD, &options), "reset to HEAD")
    }

    /// Leaves a detached HEAD for `branch`, keeping any commit only the detached HEAD could reach on a
    /// `rescue/detached-<sha>` branch so that no commit is lost.
    private func reattach(onto branch: String) throws(RepositoryError) {
        guard let head = try headCommit() else { return }
        if try !branchExists(branch, onRemote: false) {
            try createBranch(branch, at: head)
        } else {
            var tip = git_oid()
            try LibGit2.check(git_reference_name_to_id(&tip, handle, "refs/heads/\(branch)"), "resolve \(branch)")
            var detached = git_oid()
            git_oid_fromstr(&detached, head)
            let onBranch = git_oid_equal(&tip, &detached) == 1 || git_graph_descendant_of(handle, &tip, &detached) == 1
            if !onBranch {
                try createBranch("rescue/detached-\(head.prefix(8))", at: head)
            }
        }
        try checkoutTree("refs/heads/\(branch)", force: true)
        try LibGit2.check(git_repository_set_head(handle, "refs/heads/\(branch)"), "switch HEAD to \(branch)")
    }
}
