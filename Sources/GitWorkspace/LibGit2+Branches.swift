import CGit2
import Worker

extension LibGit2 {
    /// Local branch names of a repository and the commit each points at.
    static func localBranches(_ handle: OpaquePointer) throws(RepositoryError) -> [String: String] {
        try branches(handle, GIT_BRANCH_LOCAL)
    }

    /// The remote-tracking branches (`origin/thread-aaa`) and their tips: what the remote held at the last fetch
    /// or push.
    static func remoteTrackingBranches(_ handle: OpaquePointer) throws(RepositoryError) -> [String: String] {
        try branches(handle, GIT_BRANCH_REMOTE)
    }

    static func branches(_ handle: OpaquePointer, _ kind: git_branch_t) throws(RepositoryError) -> [String: String] {
        var iterator: OpaquePointer?
        try check(git_branch_iterator_new(&iterator, handle, kind), "list branches")
        defer { git_branch_iterator_free(iterator) }
        var result: [String: String] = [:]
        var reference: OpaquePointer?
        var type = kind
        while git_branch_next(&reference, &type, iterator) == 0 {
            if let target = git_reference_target(reference) {
                result[String(cString: git_reference_shorthand(reference))] = hex(target.pointee)
            }
            git_reference_free(reference)
        }
        return result
    }

    /// Whether some local branch points at `commit` or descends from it.
    static func isReachableFromBranches(_ handle: OpaquePointer, commit id: String) throws(RepositoryError) -> Bool {
        var target = git_oid()
        guard git_oid_fromstr(&target, id) == 0 else { return false }
        for (_, tip) in try localBranches(handle) {
            var tipOid = git_oid()
            git_oid_fromstr(&tipOid, tip)
            if git_oid_equal(&tipOid, &target) == 1 || git_graph_descendant_of(handle, &tipOid, &target) == 1 { return true }
        }
        return false
    }
}

extension GitRepository {
    /// Local branch names and their commits (checkers read these; the worker does not need them).
    public func localBranches() throws(RepositoryError) -> [String: String] {
        try LibGit2.localBranches(handle)
    }

    /// Whether a local branch holds `commit`.
    public func branchesContain(commit id: String) throws(RepositoryError) -> Bool {
        try LibGit2.isReachableFromBranches(handle, commit: id)
    }
}
