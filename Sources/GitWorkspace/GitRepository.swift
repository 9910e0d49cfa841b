import CGit2
import Foundation
import SimKernel
import Worker

/// A workspace repository through libgit2. One handle per repository, used from one thread (libgit2 objects
/// are not thread-safe, and the simulation is single-threaded).
public final class GitRepository: WorkspaceRepository {
    let handle: OpaquePointer
    /// The working directory.
    public let path: String
    /// How the configured remote URL is reached (fetch and push).
    let rewrites: RemoteURLRewrites

    init(handle: OpaquePointer, path: String, rewrites: RemoteURLRewrites = RemoteURLRewrites()) {
        self.handle = handle
        self.path = path
        self.rewrites = rewrites
    }

    /// `origin`, pointed at the rewritten URL for this operation only (the config keeps the real URL).
    func lookUpOrigin(_ operation: String) throws(RepositoryError) -> OpaquePointer {
        guard let url = try remoteURL() else {
            throw RepositoryError(kind: .notFound, operation: operation, message: "remote 'origin' does not exist")
        }
        let reached = rewrites.resolve(url)
        try LibGit2.requireLocal(reached, operation)
        var remote: OpaquePointer?
        try LibGit2.check(git_remote_lookup(&remote, handle, "origin"), "look up origin")
        if reached != url {
            git_remote_set_instance_url(remote, reached)
            git_remote_set_instance_pushurl(remote, reached)
        }
        return remote!
    }

    deinit { git_repository_free(handle) }

    /// The `.git` directory.
    var gitDirectory: String { String(cString: git_repository_path(handle)) }

    public func currentBranch() throws(RepositoryError) -> String? {
        if git_repository_head_detached(handle) == 1 { return nil }
        var reference: OpaquePointer?
        let rc = git_repository_head(&reference, handle)
        if rc == GIT_EUNBORNBRANCH.rawValue || rc == GIT_ENOTFOUND.rawValue { return nil }
        try LibGit2.check(rc, "read HEAD")
        defer { git_reference_free(reference) }
        return String(cString: git_reference_shorthand(reference))
    }

    public func headCommit() throws(RepositoryError) -> String? {
        var oid = git_oid()
        let rc = git_reference_name_to_id(&oid, handle, "HEAD")
        if rc == GIT_ENOTFOUND.rawValue || rc == GIT_EUNBORNBRANCH.rawValue { return nil }
        try LibGit2.check(rc, "read HEAD")
        return LibGit2.hex(oid)
    }

    public func remoteURL() throws(RepositoryError) -> String? {
        var remote: OpaquePointer?
        let rc = git_remote_lookup(&remote, handle, "origin")
        if rc == GIT_ENOTFOUND.rawValue { return nil }
        try LibGit2.check(rc, "look up origin")
        defer { git_remote_free(remote) }
        return git_remote_url(remote).map { String(cString: $0) }
    }

    public func setRemoteURL(_ url: String) throws(RepositoryError) {
        if try remoteURL() == nil {
            var remote: OpaquePointer?
            try LibGit2.check(git_remote_create(&remote, handle, "origin", url), "create origin")
            git_remote_free(remote)
        } else {
            try LibGit2.check(git_remote_set_url(handle, "origin", url), "set origin URL")
        }
    }

    /// The repository's index, re-read from disk: libgit2 caches it per handle, and another process (a
    /// crashed tool, a person, a fault) may have changed it. A reset or checkout against a stale cached
    /// index leaves the working tree as it was, conflict markers included.
    func reloadedIndex() throws(RepositoryError) -> OpaquePointer {
        var index: OpaquePointer?
        try LibGit2.check(git_repository_index(&index, handle), "open index")
        let rc = git_index_read(index, 1)
        if rc < 0 {
            git_index_free(index)
            throw LibGit2.error(rc, "read index")
        }
        return index!
    }

    public func changedPaths() throws(RepositoryError) -> [String] {
        git_index_free(try reloadedIndex())
        var options = git_status_options()
        git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION))
        options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR
        options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS.rawValue
        var list: OpaquePointer?
        try LibGit2.check(git_status_list_new(&list, handle, &options), "read status")
        defer { git_status_list_free(list) }
        var paths: Set<String> = []
        for index in 0..<git_status_list_entrycount(list) {
            guard let entry = git_status_byindex(list, index)?.pointee, entry.status.rawValue != 0 else { continue }
            for delta in [entry.head_to_index, entry.index_to_workdir].compactMap({ $0?.pointee }) {
                if let path = delta.new_file.path { paths.insert(String(cString: path)) }
                if let path = delta.old_file.path { paths.insert(String(cString: path)) }
            }
        }
        return paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    public func commitAll(message: String, author: CommitAuthor, at instant: Instant) throws(RepositoryError) -> String? {
        let index: OpaquePointer? = try reloadedIndex()
        defer { git_index_free(index) }
        do {
            try LibGit2.withStringArray([]) { (all: inout git_strarray) throws(RepositoryError) in
                try LibGit2.check(git_index_add_all(index, &all, GIT_INDEX_ADD_DEFAULT.rawValue, nil, nil), "stage changes")
                try LibGit2.check(git_index_update_all(index, &all, nil, nil), "stage deletions")
            }
            try LibGit2.check(git_index_write(index), "write index")
        } catch {
            // The repository caches its index: drop what was staged in memory, or a later reset would act on it.
            git_index_read(index, 1)
            throw error
        }
        var treeOid = git_oid()
        try LibGit2.check(git_index_write_tree(&treeOid, index), "write tree")
        let parent = try lookupCommit("HEAD")
        defer { git_commit_free(parent) }
        if let parent, git_oid_equal(git_commit_tree_id(parent), &treeOid) == 1 { return nil }
        return try createCommit(tree: treeOid, parents: parent.map { [$0] } ?? [], message: message, author: author, at: instant,
                                updating: "HEAD")
    }

    public func fetch() throws(RepositoryError) {
        let remote = try lookUpOrigin("fetch")
        defer { git_remote_free(remote) }
        var options = git_fetch_options()
        git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION))
        options.prune = GIT_FETCH_PRUNE
        // Nothing reads FETCH_HEAD; not writing it saves two file creations per fetch.
        options.update_fetchhead = 0
        try LibGit2.check(git_remote_fetch(remote, nil, &options, "fetch"), "fetch from origin")
    }

    public func branchExists(_ name: String, onRemote: Bool) throws(RepositoryError) -> Bool {
        var reference: OpaquePointer?
        let rc = git_branch_lookup(&reference, handle, onRemote ? "origin/\(name)" : name, onRemote ? GIT_BRANCH_REMOTE : GIT_BRANCH_LOCAL)
        if rc == GIT_ENOTFOUND.rawValue || rc == GIT_EINVALIDSPEC.rawValue { return false }
        try LibGit2.check(rc, "look up branch \(name)")
        git_reference_free(reference)
        return true
    }

    public func checkout(branch: String, source: BranchSource) throws(RepositoryError) {
        guard git_reference_is_valid_name("refs/heads/\(branch)") == 1 else {
            throw RepositoryError(kind: .other, operation: "checkout", message: "'\(branch)' is not a valid branch name")
        }
        git_index_free(try reloadedIndex())
        switch source {
        case .local:
            break
        case .remote:
            try createBranch(branch, at: "refs/remotes/origin/\(branch)")
            var reference: OpaquePointer?
            try LibGit2.check(git_branch_lookup(&reference, handle, branch, GIT_BRANCH_LOCAL), "look up \(branch)")
            defer { git_reference_free(reference) }
            try LibGit2.check(git_branch_set_upstream(reference, "origin/\(branch)"), "track origin/\(branch)")
        case .newFrom(let base):
            let start = try branchExists(base, onRemote: false) ? "refs/heads/\(base)" : "refs/remotes/origin/\(base)"
            try createBranch(branch, at: start)
        }
        try checkoutTree("refs/heads/\(branch)", force: false)
        try LibGit2.check(git_repository_set_head(handle, "refs/heads/\(branch)"), "switch HEAD to \(branch)")
    }

    // MARK: Shared helpers

    /// The commit a revision names, or nil when it does not exist. The caller frees it.
    func lookupCommit(_ revision: String) throws(RepositoryError) -> OpaquePointer? {
        var object: OpaquePointer?
        let rc = git_revparse_single(&object, handle, revision)
        if rc == GIT_ENOTFOUND.rawValue || rc == GIT_EUNBORNBRANCH.rawValue { return nil }
        try LibGit2.check(rc, "resolve \(revision)")
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        try LibGit2.check(git_object_peel(&commit, object, GIT_OBJECT_COMMIT), "peel \(revision)")
        return commit
    }

    func createBranch(_ name: String, at revision: String) throws(RepositoryError) {
        guard let commit = try lookupCommit(revision) else {
            throw RepositoryError(kind: .notFound, operation: "create branch \(name)", message: "\(revision) does not exist")
        }
        defer { git_commit_free(commit) }
        var reference: OpaquePointer?
        try LibGit2.check(git_branch_create(&reference, handle, name, commit, 0), "create branch \(name)")
        git_reference_free(reference)
    }

    func checkoutTree(_ revision: String, force: Bool) throws(RepositoryError) {
        var object: OpaquePointer?
        try LibGit2.check(git_revparse_single(&object, handle, revision), "resolve \(revision)")
        defer { git_object_free(object) }
        var options = git_checkout_options()
        git_checkout_options_init(&options, UInt32(GIT_CHECKOUT_OPTIONS_VERSION))
        options.checkout_strategy = force ? GIT_CHECKOUT_FORCE.rawValue : GIT_CHECKOUT_SAFE.rawValue
        try LibGit2.check(git_checkout_tree(handle, object, &options), "check out \(revision)")
    }

    func signature(_ author: CommitAuthor, at instant: Instant) throws(RepositoryError) -> UnsafeMutablePointer<git_signature> {
        var signature: UnsafeMutablePointer<git_signature>?
        try LibGit2.check(git_signature_new(&signature, author.name, author.email, git_time_t(instant.unixSeconds), 0), "make signature")
        return signature!
    }

    /// Writes a commit of `tree` with the given parents, dated at `instant`; moves `updating` if given.
    func createCommit(
        tree treeOid: git_oid, parents: [OpaquePointer], message: String, author: CommitAuthor, at instant: Instant,
        updating reference: String?
    ) throws(RepositoryError) -> String {
        var treeId = treeOid
        var tree: OpaquePointer?
        try LibGit2.check(git_tree_lookup(&tree, handle, &treeId), "look up tree")
        defer { git_tree_free(tree) }
        let signature = try signature(author, at: instant)
        defer { git_signature_free(signature) }
        var oid = git_oid()
        var parentPointers: [OpaquePointer?] = parents
        let rc = parentPointers.withUnsafeMutableBufferPointer { buffer in
            git_commit_create(&oid, handle, reference, signature, signature, nil, message, tree, buffer.count, buffer.baseAddress)
        }
        try LibGit2.check(rc, "commit")
        return LibGit2.hex(oid)
    }
}
